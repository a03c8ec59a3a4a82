"""The history the book tells, as data: a timeline of events and the ILSVRC results by year.

Every record carries ``source``, a BibTeX key in ``docs/references.bib``, so a chapter can cite
what it plots (``{cite:p}`` with the same key) and a test can check that every key exists.

Two conventions to know when reading the numbers:

* ``Event.year`` is the year the book dates the event: the year of publication, or, for an
  ILSVRC entry, the year of the challenge. The paper describing a winning entry often appeared
  the next year (GoogLeNet won ILSVRC 2014 and was published at CVPR 2015), so ``year`` can be
  one less than the year in the ``source`` key.
* ``ILSVRCResult.top5_error`` is the classification top-5 error, in percent, on the challenge's
  test set, of the best entry trained only on the provided ILSVRC training data: the number
  Russakovsky et al. (2015) tabulate. Entries that also used outside data (the rest of ImageNet)
  are kept in ``extra_data_top5_error``; that is where AlexNet's famous 15.3% lives.
"""

from __future__ import annotations

from dataclasses import dataclass

from dlbook._checks import check_int

__all__ = [
    "HUMAN_TOP5_ERROR",
    "RECENT_IMAGENET",
    "Event",
    "ILSVRCResult",
    "ImageNetClaim",
    "Measurement",
    "cited_keys",
    "ilsvrc_top5",
    "timeline",
]


@dataclass(frozen=True)
class Event:
    """One event of the timeline.

    Parameters
    ----------
    year:
        The year the book dates the event (see the module docstring).
    title:
        A short name, fit for a timeline label ("Perceptron", "AlexNet").
    people:
        The people the event is credited to, as written in the source.
    summary:
        One or two sentences saying what happened and why it matters to the story.
    source:
        BibTeX key of the source in ``docs/references.bib``.
    """

    year: int
    title: str
    people: tuple[str, ...]
    summary: str
    source: str

    def __post_init__(self):
        check_int(self.year, "Event.year")
        if isinstance(self.people, str):
            raise TypeError(
                f"Event.people must be a tuple of names, got the string {self.people!r}; "
                "write ('Name',) for a single person"
            )
        object.__setattr__(self, "people", tuple(self.people))  # lists become tuples


@dataclass(frozen=True)
class ILSVRCResult:
    """The winning entry of one year's ILSVRC image-classification task.

    Parameters
    ----------
    year:
        Year of the challenge.
    team:
        Team name as on the official results page.
    model:
        What the entry was, in a few words.
    top5_error:
        Top-5 test error in percent of the best entry trained on the provided data only.
    source:
        BibTeX key of the official results page (``ilsvrcYEAR``).
    note:
        Caveats worth knowing before quoting the number.
    extra_data_top5_error:
        Top-5 error in percent of the team's entry that also used outside training data,
        where that entry did better; ``None`` otherwise.
    paper:
        BibTeX key of the paper describing the entry, or ``None`` when there is none.
    """

    year: int
    team: str
    model: str
    top5_error: float
    source: str
    note: str = ""
    extra_data_top5_error: float | None = None
    paper: str | None = None


@dataclass(frozen=True)
class Measurement:
    """A single number with its source; ``float(m)`` gives the value."""

    value: float
    unit: str
    source: str
    note: str = ""

    def __float__(self) -> float:
        return float(self.value)

    def __repr__(self) -> str:
        return f"Measurement({self.value:g} {self.unit}, source={self.source!r})"


@dataclass(frozen=True)
class ImageNetClaim:
    """A reported ImageNet accuracy with its source and whether we could check it.

    ``status`` is ``"verified"`` when the numbers were checked against the cited source and
    ``"unverified"`` otherwise.
    """

    top1_accuracy: float
    top5_accuracy: float
    model: str
    year: int
    source: str
    status: str
    note: str = ""


# --------------------------------------------------------------------------------------------
# The timeline
# --------------------------------------------------------------------------------------------

_EVENTS: tuple[Event, ...] = (
    Event(
        1943,
        "Threshold logic neuron",
        ("Warren S. McCulloch", "Walter Pitts"),
        "Model the neuron as a unit that fires when the weighted sum of its binary inputs "
        "reaches a threshold, and show that networks of such units compute logical functions.",
        "mcculloch1943",
    ),
    Event(
        1949,
        "Hebbian learning",
        ("Donald O. Hebb",),
        "Postulates that when one cell repeatedly takes part in firing another, the connection "
        "between them grows stronger: the first learning rule stated for neurons.",
        "hebb1949",
    ),
    Event(
        1958,
        "Perceptron",
        ("Frank Rosenblatt",),
        "A threshold unit whose weights are learned from labelled examples by correcting "
        "mistakes; the first neural network that learns.",
        "rosenblatt1958",
    ),
    Event(
        1960,
        "ADALINE and the LMS rule",
        ("Bernard Widrow", "Marcian E. Hoff"),
        "The adaptive linear element learns by gradient steps on the squared error of its linear "
        "output (the Widrow-Hoff or delta rule), not only on mistakes.",
        "widrow1960",
    ),
    Event(
        1962,
        "Perceptron convergence theorem",
        ("Albert B. J. Novikoff",),
        "Proves that on linearly separable data the perceptron makes at most (R / gamma)^2 "
        "mistakes, R bounding the inputs' norm and gamma the margin of a separating hyperplane.",
        "novikoff1962",
    ),
    Event(
        1969,
        "Perceptrons (the book)",
        ("Marvin Minsky", "Seymour Papert"),
        "Prove that perceptrons whose units see bounded parts of the input cannot compute "
        "predicates such as parity and connectedness; XOR, parity of two bits, becomes the "
        "emblem of the limits of single-layer networks as interest and funding move away.",
        "minsky1969",
    ),
    Event(
        1970,
        "Reverse-mode differentiation",
        ("Seppo Linnainmaa",),
        "A master's thesis computes, in one backward sweep, the derivatives of a program's "
        "result with respect to each intermediate value (to estimate accumulated rounding "
        "error): the reverse mode of automatic differentiation, of which backpropagation is a "
        "case.",
        "linnainmaa1970",
    ),
    Event(
        1973,
        "Lighthill report",
        ("James Lighthill",),
        "A survey for the UK Science Research Council judges that AI has not delivered on its "
        "promises; cuts to British AI funding follow, the start of the first AI winter.",
        "lighthill1973",
    ),
    Event(
        1974,
        "Backpropagation in a thesis",
        ("Paul J. Werbos",),
        "A Harvard PhD thesis derives the ordered derivatives of a multi-stage model by working "
        "backwards, and proposes training neural networks that way; little noticed at the time.",
        "werbos1974",
    ),
    Event(
        1980,
        "Neocognitron",
        ("Kunihiko Fukushima",),
        "A hierarchy of feature-detecting and pooling layers, after Hubel and Wiesel's simple "
        "and complex cells, that recognises patterns regardless of shifts in position: the "
        "architecture convolutional networks inherit.",
        "fukushima1980",
    ),
    Event(
        1982,
        "Hopfield network",
        ("John J. Hopfield",),
        "A recurrent network with symmetric weights and an energy that never increases acts as "
        "a content-addressable memory, bringing physicists to neural networks.",
        "hopfield1982",
    ),
    Event(
        1986,
        "Backpropagation popularised",
        ("David E. Rumelhart", "Geoffrey E. Hinton", "Ronald J. Williams"),
        "Show in Nature that backpropagating errors through hidden units makes them learn "
        "useful internal representations; multi-layer networks become trainable in practice.",
        "rumelhart1986",
    ),
    Event(
        1989,
        "Universal approximation",
        ("George Cybenko",),
        "Proves that one hidden layer of sigmoidal units can approximate any continuous "
        "function on a compact set arbitrarily well, given enough units.",
        "cybenko1989",
    ),
    Event(
        1989,
        "Convolutional network reads zip codes",
        (
            "Yann LeCun",
            "Bernhard Boser",
            "John S. Denker",
            "Donnie Henderson",
            "Richard E. Howard",
            "Wayne Hubbard",
            "Lawrence D. Jackel",
        ),
        "A network with local receptive fields and shared weights, trained end to end by "
        "backpropagation, reads handwritten zip codes from US mail.",
        "lecun1989",
    ),
    Event(
        1991,
        "Vanishing gradients diagnosed",
        ("Sepp Hochreiter",),
        "A diploma thesis analyses why backpropagated error signals shrink or blow up "
        "exponentially with the number of layers or time steps they cross.",
        "hochreiter1991",
    ),
    Event(
        1994,
        "Long-term dependencies are hard",
        ("Yoshua Bengio", "Patrice Simard", "Paolo Frasconi"),
        "Show that a recurrent network that stores information robustly must have vanishing "
        "gradients, so gradient descent struggles to learn long-range dependencies.",
        "bengio1994",
    ),
    Event(
        1995,
        "Support-vector networks",
        ("Corinna Cortes", "Vladimir Vapnik"),
        "Soft-margin classifiers with kernels: a convex problem with one global optimum. Kernel "
        "machines become the method to beat, and neural networks fall out of fashion.",
        "cortes1995",
    ),
    Event(
        1997,
        "Long short-term memory",
        ("Sepp Hochreiter", "Jürgen Schmidhuber"),
        "A recurrent cell whose gated, additive memory lets errors flow back over long time "
        "lags without vanishing.",
        "hochreiter1997",
    ),
    Event(
        1998,
        "LeNet-5 and MNIST",
        ("Yann LeCun", "Léon Bottou", "Yoshua Bengio", "Patrick Haffner"),
        "Gradient-based learning applied to document recognition: the LeNet-5 convolutional "
        "network, the MNIST benchmark, and whole systems trained end to end to read cheques.",
        "lecun1998",
    ),
    Event(
        2001,
        "Random forests",
        ("Leo Breiman",),
        "Averages many decision trees grown on bootstrap samples with random feature choices: "
        "accurate, fast and nearly tuning-free, another rival to neural networks.",
        "breiman2001",
    ),
    Event(
        2006,
        "Deep belief networks",
        ("Geoffrey E. Hinton", "Simon Osindero", "Yee-Whye Teh"),
        "Train a deep network one layer at a time as stacked restricted Boltzmann machines, "
        "then fine-tune: greedy pretraining makes deep networks trainable again.",
        "hinton2006",
    ),
    Event(
        2006,
        "Deep autoencoders",
        ("Geoffrey E. Hinton", "Ruslan R. Salakhutdinov"),
        "Pretrained deep autoencoders reduce the dimensionality of data far better than "
        "principal component analysis; with the deep belief net paper it revives deep networks.",
        "hinton2006reducing",
    ),
    Event(
        2006,
        "Convolutional networks on a GPU",
        ("Kumar Chellapilla", "Sidd Puri", "Patrice Simard"),
        "Unroll convolutions into matrix products and train convolutional networks on a "
        "graphics card, faster than on the CPU.",
        "chellapilla2006",
    ),
    Event(
        2007,
        "Greedy layer-wise training",
        ("Yoshua Bengio", "Pascal Lamblin", "Dan Popovici", "Hugo Larochelle"),
        "Study why layer-wise unsupervised pretraining helps, and show that stacking "
        "autoencoders works nearly as well as stacking restricted Boltzmann machines.",
        "bengio2007",
    ),
    Event(
        2009,
        "Deep learning on GPUs",
        ("Rajat Raina", "Anand Madhavan", "Andrew Y. Ng"),
        "Graphics processors train deep belief networks and sparse coding models up to tens of "
        "times faster than a dual-core CPU, making models with 100 million parameters practical.",
        "raina2009",
    ),
    Event(
        2009,
        "ImageNet",
        ("Jia Deng", "Wei Dong", "Richard Socher", "Li-Jia Li", "Kai Li", "Li Fei-Fei"),
        "A large image database organised by the WordNet hierarchy and labelled through "
        "crowdsourcing; its 1000-class subset becomes the ILSVRC benchmark from 2010.",
        "deng2009",
    ),
    Event(
        2010,
        "Understanding the difficulty of training deep networks",
        ("Xavier Glorot", "Yoshua Bengio"),
        "Track activations and gradients layer by layer: sigmoid units saturate and gradients "
        "shrink with depth. A normalised initialisation keeps their variance across layers.",
        "glorot2010",
    ),
    Event(
        2010,
        "Rectified linear units",
        ("Vinod Nair", "Geoffrey E. Hinton"),
        "Units that output max(0, x) improve restricted Boltzmann machines; the rectifier is "
        "about to replace the sigmoid.",
        "nair2010",
    ),
    Event(
        2010,
        "First ImageNet challenge",
        ("Alexander C. Berg", "Jia Deng", "Li Fei-Fei"),
        "The ImageNet Large Scale Visual Recognition Challenge (ILSVRC) is held for the first "
        "time: 1000 classes, about 1.2 million training images, scored by top-5 error.",
        "russakovsky2015",
    ),
    Event(
        2011,
        "Deep sparse rectifier networks",
        ("Xavier Glorot", "Antoine Bordes", "Yoshua Bengio"),
        "Deep networks of rectifiers train well from a random start, without unsupervised "
        "pretraining, and their activations are sparse.",
        "glorot2011",
    ),
    Event(
        2011,
        "Fast GPU convolutional networks",
        (
            "Dan C. Cireşan",
            "Ueli Meier",
            "Jonathan Masci",
            "Luca M. Gambardella",
            "Jürgen Schmidhuber",
        ),
        "A flexible GPU implementation trains deep convolutional networks in days and sets "
        "records on MNIST, NORB and CIFAR-10.",
        "ciresan2011",
    ),
    Event(
        2012,
        "Deep networks for speech recognition",
        ("Geoffrey Hinton", "Li Deng", "Dong Yu", "George E. Dahl", "et al."),
        "Four research groups report that deep neural networks beat Gaussian mixture models "
        "for acoustic modelling: an early industrial success of deep learning.",
        "hinton2012speech",
    ),
    Event(
        2012,
        "AlexNet wins ILSVRC",
        ("Alex Krizhevsky", "Ilya Sutskever", "Geoffrey E. Hinton"),
        "A deep convolutional network with ReLUs and dropout, trained on two GPUs, wins ILSVRC "
        "2012 with 15.3% top-5 error (16.4% without outside data) against 26.2% for the "
        "runner-up.",
        "krizhevsky2012",
    ),
    Event(
        2014,
        "Dropout",
        (
            "Nitish Srivastava",
            "Geoffrey Hinton",
            "Alex Krizhevsky",
            "Ilya Sutskever",
            "Ruslan Salakhutdinov",
        ),
        "The journal account of dropout: randomly silencing units during training prevents "
        "co-adaptation and regularises large networks.",
        "srivastava2014",
    ),
    Event(
        2014,
        "VGG: very deep networks",
        ("Karen Simonyan", "Andrew Zisserman"),
        "Stacks of 3x3 convolutions, 16 to 19 weight layers deep; second in ILSVRC 2014 "
        "classification (published at ICLR 2015).",
        "simonyan2015",
    ),
    Event(
        2014,
        "GoogLeNet wins ILSVRC",
        ("Christian Szegedy", "Wei Liu", "Yangqing Jia", "et al."),
        "A 22-layer network of Inception modules wins ILSVRC 2014 with 6.7% top-5 error "
        "(published at CVPR 2015).",
        "szegedy2015",
    ),
    Event(
        2015,
        "Batch normalisation",
        ("Sergey Ioffe", "Christian Szegedy"),
        "Normalise each layer's inputs over the mini-batch: much higher learning rates and "
        "faster training, with less care needed in initialisation.",
        "ioffe2015",
    ),
    Event(
        2015,
        "Human-level ImageNet estimate",
        ("Olga Russakovsky", "Jia Deng", "Andrej Karpathy", "Li Fei-Fei", "et al."),
        "The ILSVRC paper estimates human top-5 error at 5.1%: Andrej Karpathy's own error on "
        "1500 test images after training himself on the classes.",
        "russakovsky2015",
    ),
    Event(
        2015,
        "PReLU and He initialisation",
        ("Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"),
        "Parametric ReLUs and an initialisation derived for rectifiers reach 4.94% top-5 error, "
        "the first reported result below the 5.1% human estimate.",
        "he2015",
    ),
    Event(
        2015,
        "ResNet wins ILSVRC",
        ("Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"),
        "Residual connections make networks of 152 layers trainable; an ensemble wins ILSVRC "
        "2015 with 3.57% top-5 error (published at CVPR 2016).",
        "he2016",
    ),
    Event(
        2017,
        "SENet wins the last ILSVRC",
        ("Jie Hu", "Li Shen", "Gang Sun"),
        "Squeeze-and-excitation blocks reweight channels; the entry wins the final ILSVRC "
        "classification task with 2.25% top-5 error (published at CVPR 2018).",
        "hu2018",
    ),
)


# --------------------------------------------------------------------------------------------
# ILSVRC classification, winning entries (numbers as on the official results pages)
# --------------------------------------------------------------------------------------------

_ILSVRC: tuple[ILSVRCResult, ...] = (
    ILSVRCResult(
        2010,
        "NEC-UIUC",
        "SIFT and LBP features, sparse coding, linear SVMs",
        28.2,  # as in Russakovsky et al. (2015); 0.28191 on the results page
        "ilsvrc2010",
        note="The 'flat cost' on the results page is the top-5 error of the winning entry.",
    ),
    ILSVRCResult(
        2011,
        "XRCE",
        "Fisher vectors and linear SVMs",
        25.8,  # 0.25770 on the results page
        "ilsvrc2011",
        note="Xerox Research Centre Europe; still hand-designed features with a linear "
        "classifier on top.",
    ),
    ILSVRCResult(
        2012,
        "SuperVision",
        "AlexNet: an ensemble of 5 convolutional networks",
        16.4,  # 0.16422, "Using only supplied training data"
        "ilsvrc2012",
        note="16.4% is SuperVision's entry trained on the ILSVRC-2012 data only. Their best "
        "entry, 15.3% (0.15315), also pre-trained on the ImageNet Fall 2011 release: that is "
        "the number in the paper's abstract and in most retellings (and in the book's seed "
        "notes). Either way the runner-up (ISI) was at 26.2%.",
        extra_data_top5_error=15.3,
        paper="krizhevsky2012",
    ),
    ILSVRCResult(
        2013,
        "Clarifai",
        "Ensemble of convolutional networks",
        11.7,  # 0.11743, "average of multiple models on original training data"
        "ilsvrc2013",
        note="Matthew Zeiler's company; the networks follow Zeiler & Fergus (2014). With "
        "extra ImageNet training data the team reached 11.2% (0.11197).",
        extra_data_top5_error=11.2,
        paper="zeiler2014",
    ),
    ILSVRCResult(
        2014,
        "GoogLeNet",
        "Ensemble of 7 Inception networks",
        6.7,  # the paper reports 6.67% (7 networks, 144 crops per image)
        "ilsvrc2014",
        note="No outside training data. VGG (Simonyan & Zisserman) was second with 7.3%.",
        paper="szegedy2015",
    ),
    ILSVRCResult(
        2015,
        "MSRA",
        "ResNet: an ensemble of residual networks (up to 152 layers)",
        3.57,  # 0.03567
        "ilsvrc2015",
        note="Microsoft Research Asia. The first winner below the 5.1% human estimate.",
        paper="he2016",
    ),
    ILSVRCResult(
        2016,
        "Trimps-Soushen",
        "Ensemble of existing architectures (no new network design)",
        2.99,  # 0.02991; checked against secondary tables only
        "ilsvrc2016",
        note="Third Research Institute of the Ministry of Public Security, China. No paper "
        "describes the entry; secondary accounts list Inception, Inception-ResNet, ResNet and "
        "Wide ResNet models in the ensemble (unverified). CUImage (CUHK) won the 2016 "
        "detection task, not classification; ResNeXt (Xie et al.) was second in "
        "classification at 3.03%.",
    ),
    ILSVRCResult(
        2017,
        "WMW",
        "SENet: an ensemble of squeeze-and-excitation networks",
        2.25,  # 0.02251; the paper reports 2.251%
        "ilsvrc2017",
        note="Momenta and the University of Oxford. The last ILSVRC; 2.25% is below half the "
        "human estimate, which itself has large uncertainty.",
        paper="hu2018",
    ),
)


#: Human top-5 error on ILSVRC, as estimated by Russakovsky et al. (2015, Sec. 6.4).
HUMAN_TOP5_ERROR = Measurement(
    5.1,
    "%",
    "russakovsky2015",
    note="One trained annotator (Andrej Karpathy) labelled 1500 test images after studying the "
    "1000 classes, and made 5.1% top-5 errors; a second, less trained annotator did worse on a "
    "smaller sample. An estimate from essentially one person, not a measured human limit "
    "(Karpathy's own account: karpathy2014).",
)

#: The seed notes' "recent" ImageNet numbers (99.02% top-5, 90.05% top-1), attributed.
RECENT_IMAGENET = ImageNetClaim(
    top1_accuracy=90.05,
    top5_accuracy=99.02,
    model="Florence (CoSwin-H image encoder), fine-tuned on ImageNet-1K",
    year=2021,
    source="yuan2021",
    status="verified",
    note="Table 3 of Yuan et al. (2021), an arXiv preprint. Evaluated on the ILSVRC-2012 "
    "benchmark years after the challenge ended, not through its test-set competition, so not "
    "strictly comparable with the ILSVRC rows. 99.02% was the best top-5 accuracy in that table, but not the best "
    "top-1: the same table lists CoAtNet-7 at 90.88% and ViT-G/14 at 90.45%.",
)


def timeline(start: int | None = None, end: int | None = None) -> list[Event]:
    """The events of the book, sorted by year (ties keep the order the story tells them).

    Parameters
    ----------
    start, end:
        Keep only events with ``start <= year <= end``; either may be ``None`` (no bound).

    Returns
    -------
    list of Event
        A new list each call; the events themselves are immutable.
    """
    for name, bound in (("start", start), ("end", end)):
        if bound is not None:
            check_int(bound, f"{name} (a year or None)")
    if start is not None and end is not None and start > end:
        raise ValueError(f"start ({start}) is after end ({end}); no event can match")
    events = sorted(_EVENTS, key=lambda e: e.year)  # stable: ties keep the story's order
    return [
        e for e in events if (start is None or e.year >= start) and (end is None or e.year <= end)
    ]


def ilsvrc_top5() -> list[ILSVRCResult]:
    """The winning ILSVRC classification entries 2010-2017, sorted by year (top-5 error in %)."""
    return sorted(_ILSVRC, key=lambda r: r.year)


def cited_keys() -> tuple[str, ...]:
    """Every BibTeX key the data of this module cites, sorted and without repeats."""
    keys = {e.source for e in _EVENTS}
    for r in _ILSVRC:
        keys.add(r.source)
        if r.paper is not None:
            keys.add(r.paper)
    keys.add(HUMAN_TOP5_ERROR.source)
    keys.add(RECENT_IMAGENET.source)
    keys.add("karpathy2014")  # cited in HUMAN_TOP5_ERROR.note
    return tuple(sorted(keys))
