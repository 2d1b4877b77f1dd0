"""What a file read by :func:`sklearn_rnn.load` may name, and with which arguments.

A saved model names classes (its estimator, torch module, loss, optimizer, batch
iterators) and keyword arguments for them. Loading resolves a class only by an
exact ``"module:qualname"`` key of :data:`TRUSTED_CLASSES` (a dictionary lookup:
no import, no attribute walk), and passes a class only the keyword arguments its
schema lists, each of a checked JSON type, *before* anything is built. This is
the approach of skops' trusted types, made stricter: the list is fixed in code.
"""

import math
from numbers import Integral

import torch

from .._training.iterators import BatchListIterator, Dataset, TensorBatchIterator
from ..modules import (
    CELLS,
    CharLanguageModel,
    ForecastLoss,
    ForecastModule,
    SequenceCrossEntropy,
    TaggerModule,
    TaggingLoss,
)

# Sizes larger than this are refused before a module is built (even on the meta
# device, a file that claims them is not one save wrote).
_MAX_SIZE = 2**31 - 1


def _ref(cls):
    return f"{cls.__module__}:{cls.__qualname__}"


# -- value checks: each returns what was expected, or None when the value is fine.
def integer(value, minimum=0):
    ok = isinstance(value, Integral) and not isinstance(value, bool)
    ok = ok and minimum <= value <= _MAX_SIZE
    return None if ok else f"an integer in [{minimum}, {_MAX_SIZE}]"


def positive(value):
    return integer(value, minimum=1)


def real(value):
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return None if ok and math.isfinite(value) else "a finite number"


def boolean(value):
    return None if isinstance(value, bool) else "a boolean"


def maybe(check):
    def check_or_none(value):
        return None if value is None else check(value)

    return check_or_none


def one_of(*choices):
    def check(value):
        ok = any(value is c or (type(value) is type(c) and value == c) for c in choices)
        return None if ok else f"one of {choices!r}"

    return check


def reals(value):
    ok = isinstance(value, list | tuple) and all(real(v) is None for v in value)
    return None if ok else "a list of finite numbers"


def probabilities(value):
    if reals(value) is None and all(0 <= v <= 1 for v in value):
        return None
    return "a list of numbers in [0, 1]"


def bool_matrix(value):
    ok = isinstance(value, list) and all(
        isinstance(row, list)
        and len(row) == len(value)
        and all(isinstance(v, bool) for v in row)
        for row in value
    )
    return None if ok else "a square list of lists of booleans"


_CELL = one_of(*CELLS)
_NONLINEARITY = one_of("tanh", "relu")
_RECURRENT = {
    "cell": _CELL,
    "hidden_size": integer,
    "num_layers": integer,
    "dropout": real,
    "nonlinearity": _NONLINEARITY,
}

# Torch modules: the keyword arguments (``module__*``) a file may give each.
MODULES = {
    _ref(ForecastModule): (
        ForecastModule,
        {
            "input_size": positive,
            "horizon": positive,
            "n_quantiles": integer,
            "patch_length": integer,
            "future_steps": integer,
            "past_steps": integer,
            **_RECURRENT,
        },
    ),
    _ref(TaggerModule): (
        TaggerModule,
        {
            "n_words": positive,
            "n_chars": positive,
            "n_tags": positive,
            "word_dropout": maybe(probabilities),
            "n_affixes": integer,
            "affix_embedding_dim": integer,
            "word_embedding_dim": integer,
            "char_embedding_dim": integer,
            "char_hidden_size": integer,
            "bidirectional": boolean,
            "n_aux_tags": integer,
            "n_lm_words": integer,
            "char_dropout": real,
            "crf": boolean,
            "allowed_transitions": maybe(bool_matrix),
            **_RECURRENT,
        },
    ),
    _ref(CharLanguageModel): (
        CharLanguageModel,
        {
            "n_inputs": positive,
            "n_outputs": positive,
            "embedding_dim": integer,
            **_RECURRENT,
        },
    ),
}
# Losses: the keyword arguments (``criterion__*``) a file may give each.
CRITERIA = {
    _ref(ForecastLoss): (
        ForecastLoss,
        {"point_loss": one_of("squared_error", "absolute_error"), "quantiles": reals},
    ),
    _ref(TaggingLoss): (
        TaggingLoss,
        {
            "n_tags": integer,
            "aux_weight": real,
            "lm_weight": real,
            "ignore_index": integer,
            "label_smoothing": real,
        },
    ),
    _ref(SequenceCrossEntropy): (
        SequenceCrossEntropy,
        {"ignore_index": integer, "label_smoothing": real},
    ),
}
# torch.optim's optimizers, named one by one (a user may pass any as a class);
# the estimators give them ``weight_decay`` and, for Adam, ``fused``.
_OPTIMIZER_NAMES = (
    "ASGD",
    "Adadelta",
    "Adafactor",
    "Adagrad",
    "Adam",
    "AdamW",
    "Adamax",
    "LBFGS",
    "NAdam",
    "RAdam",
    "RMSprop",
    "Rprop",
    "SGD",
    "SparseAdam",
)
OPTIMIZERS = {
    _ref(cls): cls
    for cls in (getattr(torch.optim, name, None) for name in _OPTIMIZER_NAMES)
    if isinstance(cls, type) and issubclass(cls, torch.optim.Optimizer)
}
# Named as files have always named them: a class may move in the code, the name a
# saved file gives it does not.
ITERATORS = {
    "sklearn_rnn._skorch:TensorBatchIterator": TensorBatchIterator,
    "sklearn_rnn._skorch:BatchListIterator": BatchListIterator,
}
DATASETS = {_ref(Dataset): Dataset}


def class_check(classes):
    def check(value):
        return None if value in classes.values() else "one of the batch classes"

    return check


# The skorch net parameters a file may set (the rest are rebuilt on load), with
# ``criterion__*`` checked against the loss's schema.
NET_PARAMS = {
    "lr": real,
    "max_epochs": integer,
    "batch_size": integer,
    "iterator_train": class_check(ITERATORS),
    "iterator_valid": class_check(ITERATORS),
    "iterator_train__shuffle": boolean,
    # Files of generators fitted with early stopping before their batches were
    # prepared in advance set the validation batch size.
    "iterator_valid__batch_size": integer,
    "dataset": class_check(DATASETS),
    "train_split": one_of(None),
    "predict_nonlinearity": one_of("auto", None),
    "warm_start": boolean,
    "verbose": integer,
    # torch.compile would run a compiler (and write its caches) at predict time.
    "compile": one_of(False),
    "use_caching": one_of("auto", True, False),
    "torch_load_kwargs": one_of(None),
    "optimizer__weight_decay": real,
    "optimizer__fused": boolean,
    "autocast_dtype": one_of(None),
    "loss_scaling": boolean,
}


def resolve(ref, classes, what):
    """The class ``classes`` holds under the exact key ``ref``, else a ValueError."""
    entry = classes.get(ref) if isinstance(ref, str) else None
    if entry is None:
        allowed = ", ".join(sorted(classes))
        raise ValueError(
            f"the file names {ref!r} as its {what}, which is not one of the classes "
            f"a saved model may name ({allowed}); refusing to load it"
        )
    return entry


def check_kwargs(kwargs, schema, what, values=True):
    """Refuse (ValueError) any keyword argument ``schema`` does not list or, with
    ``values``, whose value is not of the listed kind."""
    if not isinstance(kwargs, dict):
        raise ValueError(f"the {what} arguments are not a dictionary")
    for name, value in kwargs.items():
        if name not in schema:
            raise ValueError(
                f"the file gives the {what} an argument {name!r} that a saved model "
                f"never has (allowed: {', '.join(sorted(schema))}); refusing to load it"
            )
        expected = schema[name](value) if values else None
        if expected is not None:
            raise ValueError(
                f"the file gives the {what} {name}={value!r}; expected {expected}"
            )
