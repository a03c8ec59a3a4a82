"""The timeline, 2006-2017: pretraining, GPUs, ImageNet and AlexNet, and what came after."""

from __future__ import annotations

from dlbook.timeline.records import Event

EVENTS: tuple[Event, ...] = (
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
