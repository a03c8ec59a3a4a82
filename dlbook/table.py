"""Tables of results that print aligned in a terminal and render as HTML on a page.

A gallery example or a notebook ends a cell with a ``Table``: sphinx-gallery and Jupyter show
its ``_repr_html_`` (a ``<table class="dlbook-table">``), while ``print(table)`` and a
downloaded script run in a terminal show the same rows as aligned plain text::

    >>> Table([{"model": "MLP", "error": 0.0312}, {"model": "LeNet-5", "error": 0.0095}],
    ...       formats={"error": ".2%"})
    model    error
    -------  -----
    MLP      3.12%
    LeNet-5  0.95%
"""

from __future__ import annotations

import html
import numbers
from collections.abc import Mapping, Sequence

__all__ = ["Table"]

#: Significant digits of a float in a column without a format.
_DEFAULT_FLOAT = ".4g"


def _plain(value):
    """A 0-d tensor or NumPy array as the Python number it holds; anything else unchanged."""
    if getattr(value, "ndim", None) == 0 and callable(getattr(value, "item", None)):
        return value.item()
    return value


def _is_number(value) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


class Table:
    """Rows of results with named columns, for the terminal (``str``) and the page (HTML).

    Parameters
    ----------
    rows:
        A list of dicts, one per row, ``{column: value}``. Columns come in the order they are
        first seen; a row without some column leaves that cell empty.
    formats:
        ``{column: format spec}``, e.g. ``{"error": ".1%", "delta": "+.3f", "epochs": "d"}``
        (the mini-language of ``format()``). Other columns print floats with 4 significant
        digits and everything else with ``str``.
    title:
        A line above the text table, and the HTML table's ``<caption>``.
    """

    def __init__(
        self,
        rows: Sequence[Mapping],
        formats: Mapping[str, str] | None = None,
        title: str | None = None,
    ):
        if isinstance(rows, Mapping):
            raise TypeError(
                "rows must be a list of dicts, one per row; for a dict of columns "
                "{name: [values]} use Table.from_columns"
            )
        if isinstance(rows, (str, bytes)) or not isinstance(rows, Sequence):
            raise TypeError(f"rows must be a list of dicts, got {type(rows).__name__}")
        checked = []
        for i, row in enumerate(rows):
            if not isinstance(row, Mapping):
                raise TypeError(
                    f"rows[{i}] must be a dict {{column: value}}, got {type(row).__name__}: {row!r}"
                )
            checked.append(row)
        self._setup(checked, list(dict.fromkeys(key for row in checked for key in row)))
        self._format_cells(formats, title)

    def _setup(self, rows: list[Mapping], columns: list) -> None:
        for name in columns:
            if not isinstance(name, str):
                raise TypeError(f"column names must be strings, got {name!r}")
        self._columns: list[str] = columns
        self._rows = [{key: _plain(value) for key, value in row.items()} for row in rows]

    def _format_cells(self, formats, title) -> None:
        if title is not None and not isinstance(title, str):
            raise TypeError(f"title must be a string or None, got {type(title).__name__}")
        self.title = title
        if formats is None:
            formats = {}
        if not isinstance(formats, Mapping):
            raise TypeError(
                f"formats must be a dict {{column: spec}}, got {type(formats).__name__}"
            )
        unknown = [name for name in formats if name not in self._columns]
        if unknown:
            raise ValueError(
                f"formats names columns the table does not have: {unknown}; "
                f"its columns are {self._columns}"
            )
        self._formats = dict(formats)
        # format every cell now, so that a spec that does not fit a value fails here
        self._cells = [[self._cell(row, name) for name in self._columns] for row in self._rows]

    def _cell(self, row: dict, name: str) -> str:
        value = row.get(name)
        if value is None:
            return ""
        spec = self._formats.get(name)
        if spec is None:
            if _is_number(value) and not isinstance(value, numbers.Integral):
                return format(value, _DEFAULT_FLOAT)
            return str(value)
        if not isinstance(spec, str):
            raise TypeError(f"the format of column {name!r} must be a string such as '.3f'")
        try:
            return format(value, spec)
        except (TypeError, ValueError) as err:
            raise ValueError(
                f"format {spec!r} of column {name!r} does not apply to {value!r} "
                f"({type(value).__name__}): {err}"
            ) from err

    @classmethod
    def from_columns(
        cls,
        columns: Mapping[str, Sequence],
        formats: Mapping[str, str] | None = None,
        title: str | None = None,
    ) -> Table:
        """A table from ``{column: [values]}``, every list as long as the others."""
        if not isinstance(columns, Mapping):
            raise TypeError(
                f"columns must be a dict {{name: [values]}}, got {type(columns).__name__}"
            )
        lists = {}
        for name, given in columns.items():
            values = given.tolist() if hasattr(given, "tolist") else given  # array, tensor
            if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
                raise TypeError(
                    f"column {name!r} must be a list of values, got {type(given).__name__}"
                )
            lists[name] = list(values)
        lengths = {name: len(values) for name, values in lists.items()}
        if len(set(lengths.values())) > 1:
            raise ValueError(f"columns must all have the same length, got lengths {lengths}")
        n = next(iter(lengths.values()), 0)
        table = cls.__new__(cls)
        table._setup(
            [{name: values[i] for name, values in lists.items()} for i in range(n)], list(lists)
        )
        table._format_cells(formats, title)
        return table

    @property
    def columns(self) -> list[str]:
        """The column names, in order."""
        return list(self._columns)

    def column(self, name: str) -> list:
        """The values of column ``name``, one per row (``None`` where a row lacks it)."""
        if name not in self._columns:
            raise KeyError(f"no column {name!r} in this table; its columns are {self._columns}")
        return [row.get(name) for row in self._rows]

    def __len__(self) -> int:
        return len(self._rows)

    def _numeric(self) -> list[bool]:
        """For each column: True when every value it holds is a number (so it aligns right)."""
        return [
            any(row.get(name) is not None for row in self._rows)
            and all(_is_number(row.get(name)) for row in self._rows if row.get(name) is not None)
            for name in self._columns
        ]

    def __str__(self) -> str:
        numeric = self._numeric()
        widths = [
            max([len(name)] + [len(cells[j]) for cells in self._cells])
            for j, name in enumerate(self._columns)
        ]

        def line(texts):
            parts = [
                text.rjust(width) if right else text.ljust(width)
                for text, width, right in zip(texts, widths, numeric, strict=True)
            ]
            return "  ".join(parts).rstrip()

        lines = [self.title] if self.title else []
        if self._columns:
            lines.append(line(self._columns))
            lines.append("  ".join("-" * width for width in widths))
            lines.extend(line(cells) for cells in self._cells)
        else:
            lines.append("(empty table)")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        numeric = self._numeric()

        def cell(tag, text, right):
            attr = ' class="num"' if right else ""
            return f"<{tag}{attr}>{html.escape(text)}</{tag}>"

        out = ['<table class="dlbook-table">']
        if self.title:
            out.append(f"<caption>{html.escape(self.title)}</caption>")
        header = "".join(
            cell("th", name, right) for name, right in zip(self._columns, numeric, strict=True)
        )
        out += ["<thead>", f"<tr>{header}</tr>", "</thead>", "<tbody>"]
        for cells in self._cells:
            tds = "".join(
                cell("td", text, right) for text, right in zip(cells, numeric, strict=True)
            )
            out.append(f"<tr>{tds}</tr>")
        out += ["</tbody>", "</table>"]
        return "\n".join(out)
