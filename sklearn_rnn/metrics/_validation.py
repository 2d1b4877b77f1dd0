"""Input checks of the metrics; every error names the argument at fault.

The checks of arrays are :mod:`sklearn_rnn._arrays`'s, those of integers and
fractions :mod:`sklearn_rnn._validation`'s; this module adds the targets' shapes
and the checks of sequence labels. Values reach the messages through
:func:`show`, so that a numpy scalar reads as the number or string the user
wrote (``0.5``, ``'B-PER'``), never as ``np.float64(0.5)``.
"""

import inspect
import numbers
from collections.abc import Mapping, Set

import numpy as np
from sklearn.metrics import f1_score

from .._arrays import real_array
from .._validation import check_int, show


def targets(values, name, ndims=(1, 2), shapes="(horizon,) or (n_series, horizon)"):
    """``values`` as a finite, non-empty float64 array with ``ndim`` in ``ndims``."""
    return real_array(values, name, ndims, shapes=shapes, dtype=np.float64)


def finite_result(value, names):
    """``value`` as a float, refusing the NaN or infinity of a float64 overflow."""
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(
            f"The score overflows float64 (it came out as {value!r}): the values of "
            f"{names} are too large in magnitude. Rescale them first."
        )
    return value


def _is_sequence(obj):
    if isinstance(obj, np.ndarray):
        return obj.ndim >= 1
    return (
        hasattr(obj, "__len__")
        and hasattr(obj, "__iter__")
        and not isinstance(obj, str | bytes | Mapping | Set)
    )


def _describe(obj):
    if obj is None:
        return "None"
    if isinstance(obj, str):
        return f"the str {show(obj)}"
    if isinstance(obj, numbers.Number | bytes):
        return f"the {type(obj).__name__} {show(obj)}"
    return f"a {type(obj).__name__}"


def check_sequences(y_true, y_pred):
    """Both label lists as lists of lists, with one predicted label per true one."""
    lists = []
    for name, y in (("y_true", y_true), ("y_pred", y_pred)):
        expected = f"{name} must be a list of label lists, one per sentence"
        if not _is_sequence(y):
            raise TypeError(f"{expected}; got {_describe(y)}.")
        sentences = list(y)
        for i, labels in enumerate(sentences):
            if isinstance(labels, np.ndarray) and labels.ndim != 1:
                raise TypeError(
                    f"{expected}; got an array of shape {labels.shape} at index {i}."
                )
            if not _is_sequence(labels):
                hint = (
                    " Wrap a single sentence in a list."
                    if isinstance(labels, str)
                    else ""
                )
                raise TypeError(
                    f"{expected}; got {_describe(labels)} at index {i}.{hint}"
                )
        lists.append(sentences)
    y_true, y_pred = lists
    if len(y_true) != len(y_pred):
        raise ValueError(
            "y_true and y_pred must hold the same number of sentences; got "
            f"{len(y_true)} and {len(y_pred)}."
        )
    for i, (true, pred) in enumerate(zip(y_true, y_pred, strict=True)):
        if len(true) != len(pred):
            raise ValueError(
                f"Sentence {i} has {len(true)} labels in y_true but {len(pred)} in "
                "y_pred; each sentence needs one predicted label per true label."
            )
    return y_true, y_pred


def flat_labels(y_true, y_pred):
    """The labels of all sentences in one list each: all strings or all integers."""
    y_true, y_pred = check_sequences(y_true, y_pred)
    flat, first = [], None
    for name, y in (("y_true", y_true), ("y_pred", y_pred)):
        labels = []
        for i, sentence in enumerate(y):
            for j, label in enumerate(sentence):
                kind = _label_kind(label)
                if kind is None:
                    raise TypeError(
                        f"Labels must be strings or integers; got {_describe(label)} "
                        f"at {name}[{i}][{j}]."
                    )
                if first is None:
                    first = (kind, label, f"{name}[{i}][{j}]")
                elif kind != first[0]:
                    raise TypeError(
                        "Labels must be all strings or all integers; got "
                        f"{_describe(label)} at {name}[{i}][{j}] but "
                        f"{_describe(first[1])} at {first[2]}."
                    )
                labels.append(label)
        flat.append(labels)
    if not flat[0]:
        what = f"all its {len(y_true)} sentences are empty" if y_true else "it is empty"
        raise ValueError(
            f"y_true holds no labels ({what}); the flat metrics need at least one "
            "token."
        )
    return flat


def _label_kind(label):
    if isinstance(label, str):
        return "str"
    if isinstance(label, numbers.Integral) and not isinstance(label, bool | np.bool_):
        return "int"
    return None


def check_report_options(digits, output_dict):
    check_int(digits, "digits", minimum=0)
    if not isinstance(output_dict, bool):
        raise TypeError(
            f"output_dict must be True or False; got {show(output_dict)} of type "
            f"{type(output_dict).__name__}."
        )


_SCORER_AVERAGES = ("micro", "macro", "weighted", "binary")


def check_f1_scorer_options(average, kwargs):
    if not isinstance(average, str) or average not in _SCORER_AVERAGES:
        raise ValueError(
            f"average must be one of {_SCORER_AVERAGES!r}, as a scorer returns one "
            f"number; got {show(average)}."
        )
    allowed = set(inspect.signature(f1_score).parameters) - {
        "y_true",
        "y_pred",
        "average",
    }
    unknown = sorted(set(kwargs) - allowed)
    if unknown:
        raise TypeError(
            f"make_flat_f1_scorer got unexpected keyword arguments {unknown!r}; "
            f"f1_score takes {sorted(allowed)!r}."
        )
    if isinstance(kwargs.get("labels"), str):
        raise TypeError(
            "labels must be a list of labels; got the str "
            f"{show(kwargs['labels'])}. Wrap a single label in a list."
        )
