"""Input checks shared by the metrics; every error names the argument at fault.

Values reach the messages through :func:`show`, so that a numpy scalar reads as the
number or string the user wrote (``0.5``, ``'B-PER'``), never as ``np.float64(0.5)``.
"""

import inspect
import numbers
from collections.abc import Mapping, Set

import numpy as np
from sklearn.metrics import f1_score

# What an array of each non-real dtype kind holds, for the error message.
_KINDS = {
    "b": "booleans",
    "c": "complex numbers",
    "M": "dates",
    "m": "time differences",
    "S": "bytes",
    "U": "strings",
    "V": "structured records",
}


def show(value):
    """A short repr of ``value`` for an error message, numpy scalars as Python's."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, np.ndarray):
        return f"<an array of shape {value.shape}>"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _position(name, index):
    return f"{name}[{', '.join(str(i) for i in index)}]"


def _is_categorical(values):
    # np.asarray of a pandas categorical silently gives its categories' values.
    if str(getattr(values, "dtype", "")) == "category":
        return True
    dtypes = getattr(values, "dtypes", None)
    return hasattr(values, "columns") and any(str(d) == "category" for d in dtypes)


def real_array(values, name, ndims=(1, 2), shapes="(horizon,) or (n_series, horizon)"):
    """``values`` as a finite float64 array with ``ndim`` in ``ndims`` (any if None)."""
    if values is None or isinstance(values, str | bytes | Mapping | Set):
        what = "None" if values is None else f"a {type(values).__name__}"
        raise TypeError(
            f"{name} must be an array-like of real numbers of shape {shapes}; got "
            f"{what}."
        )
    if _is_categorical(values):
        raise TypeError(
            f"{name} must hold real numbers; got a pandas categorical, whose values "
            "are labels. Convert it with .astype(float) if its categories are numbers."
        )
    try:
        arr = np.asarray(values)
    except (ValueError, TypeError) as exc:
        raise ValueError(
            f"{name} must be a rectangular array-like of shape {shapes}; got a ragged "
            "nested sequence (its rows differ in length)."
        ) from exc
    if arr.dtype.kind == "O":
        if arr.ndim == 0:
            raise TypeError(
                f"{name} must be an array-like of real numbers of shape {shapes}; got "
                f"{show(arr.item())} of type {type(arr.item()).__name__}."
            )
        for index, item in np.ndenumerate(arr):
            if isinstance(item, bool | np.bool_) or not isinstance(item, numbers.Real):
                raise TypeError(
                    f"{name} must hold real numbers; got {show(item)} of type "
                    f"{type(item).__name__} at {_position(name, index)}."
                )
        arr = arr.astype(np.float64)
    elif arr.dtype.kind not in "iuf":
        what = _KINDS.get(arr.dtype.kind, "values")
        raise TypeError(
            f"{name} must hold real numbers; got {what} (an array of dtype "
            f"{arr.dtype})."
        )
    if ndims is not None and arr.ndim not in ndims:
        raise ValueError(
            f"{name} must have shape {shapes}; got an array with shape {arr.shape}."
        )
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty; got shape {arr.shape}.")
    finite = np.isfinite(arr)
    if not finite.all():
        index = tuple(int(i) for i in np.argwhere(~finite)[0])
        raise ValueError(
            f"{name} must not contain NaN or infinity; got {float(arr[index])!r} at "
            f"{_position(name, index)}."
        )
    return arr.astype(np.float64, copy=False)


def finite_result(value, names):
    """``value`` as a float, refusing the NaN or infinity of a float64 overflow."""
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(
            f"The score overflows float64 (it came out as {value!r}): the values of "
            f"{names} are too large in magnitude. Rescale them first."
        )
    return value


def check_seasonality(seasonality):
    if isinstance(seasonality, bool | np.bool_) or not isinstance(
        seasonality, numbers.Integral
    ):
        raise TypeError(
            f"seasonality must be a positive integer; got {show(seasonality)} of type "
            f"{type(seasonality).__name__}."
        )
    if seasonality < 1:
        raise ValueError(
            f"seasonality must be a positive integer; got {show(seasonality)}."
        )
    return int(seasonality)


def check_fraction(value, name):
    """A level in the open interval (0, 1), as a Python float (numpy floats too)."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{name} must be a float in (0, 1); got {show(value)} of type "
            f"{type(value).__name__}."
        )
    value = float(value)
    if not 0 < value < 1:  # also False for NaN
        raise ValueError(f"{name} must be in (0, 1); got {value!r}.")
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
    if isinstance(digits, bool) or not isinstance(digits, numbers.Integral):
        raise TypeError(
            f"digits must be a non-negative integer; got {show(digits)} of type "
            f"{type(digits).__name__}."
        )
    if digits < 0:
        raise ValueError(f"digits must be a non-negative integer; got {show(digits)}.")
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
