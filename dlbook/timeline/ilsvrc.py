"""ILSVRC image classification: the winning entries by year, and the human estimate.

Numbers as on the official results pages; see ``dlbook.timeline`` for the conventions.
"""

from __future__ import annotations

from dlbook.timeline.records import ILSVRCResult, ImageNetClaim, Measurement

ILSVRC: tuple[ILSVRCResult, ...] = (
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


def ilsvrc_top5() -> list[ILSVRCResult]:
    """The winning ILSVRC classification entries 2010-2017, sorted by year (top-5 error in %)."""
    return sorted(ILSVRC, key=lambda r: r.year)
