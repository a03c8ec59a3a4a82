"""Shared test set-up: a non-interactive matplotlib backend and a closed figure after each
test. (The reader's path, the downloads run from the site's wheel, is in ``tests/reader``.)"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")
