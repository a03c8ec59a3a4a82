"""The timeline, 1943-2001: threshold units, the perceptron, backpropagation, the rivals."""

from __future__ import annotations

from dlbook.timeline.records import Event

EVENTS: tuple[Event, ...] = (
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
)
