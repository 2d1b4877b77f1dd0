"""Bad inputs of ``sklearn_rnn.metrics``: forecast, interval and sequence metrics."""

import numpy as np
import pandas as pd
from _bad_inputs import Case
from sklearn.linear_model import LinearRegression

from sklearn_rnn.metrics import (
    entity_classification_report,
    entity_f1_score,
    entity_precision_score,
    entity_recall_score,
    flat_accuracy_score,
    flat_classification_report,
    flat_f1_score,
    flat_precision_score,
    flat_recall_score,
    interval_coverage,
    make_flat_f1_scorer,
    make_mase_scorer,
    mean_absolute_scaled_error,
    mean_scaled_interval_score,
    symmetric_mean_absolute_percentage_error,
)

M = "sklearn_rnn.metrics."
Y = [1.0, 2.0, 3.0]
TRAIN = [1.0, 2.0, 4.0, 7.0]
LOW, HIGH = [0.0, 1.0, 2.0], [2.0, 3.0, 4.0]
TAGS = [["B-PER", "I-PER", "O"], ["O"]]


def _mase(y_true=Y, y_pred=Y, **kwargs):
    kwargs.setdefault("y_train", TRAIN)
    return mean_absolute_scaled_error(y_true, y_pred, **kwargs)


def _msis(y_true=Y, lower=LOW, upper=HIGH, **kwargs):
    kwargs.setdefault("y_train", TRAIN)
    return mean_scaled_interval_score(y_true, lower, upper, **kwargs)


def _windows():
    X = np.add.outer(np.arange(12.0), np.array([0.0, 1.0, 3.0, 6.0]))
    return X, X[:, -1] + 4


def _score_mase(X=None, y=None, seasonality=1):
    X0, y0 = _windows()
    model = LinearRegression().fit(X0, y0)
    X = X0 if X is None else X
    y = y0 if y is None else y
    return make_mase_scorer(seasonality)(model, X, y)


REAL = "must hold real numbers"
RAGGED = "must be an array-like of shape .* got a ragged nested sequence"
NONE = "must be an array-like of shape .*; got None"


def _array_cases(entry, call, names):
    """Cases shared by the array metrics, for each array argument in ``names``."""
    cases = []
    for name in names:
        bad = {
            "ragged": [[1.0, 2.0], [3.0]],
            "None": None,
            "strings": ["a", "b", "c"],
            "object": np.array([1.0, None, 3.0], dtype=object),
            "complex": [1 + 1j, 2.0, 3.0],
            "categorical": pd.Series(Y).astype("category"),
            "NaN": [1.0, np.nan, 3.0],
            "inf": [1.0, 2.0, np.inf],
        }
        expected = {
            "ragged": (ValueError, rf"{name} {RAGGED}"),
            "None": (TypeError, rf"{name} {NONE}"),
            "strings": (TypeError, rf"{name} {REAL}; got strings"),
            "object": (
                TypeError,
                rf"{name} {REAL}; got None of type NoneType at index 1",
            ),
            "complex": (TypeError, rf"{name} {REAL}; got complex numbers"),
            "categorical": (TypeError, rf"{name} {REAL}, not pandas categories"),
            "NaN": (
                ValueError,
                rf"{name} must not contain NaN .*; found nan at index 1",
            ),
            "inf": (
                ValueError,
                rf"{name} must not contain NaN .*; found inf at index 2",
            ),
        }
        for what, value in bad.items():
            error, match = expected[what]
            cases.append(
                Case(
                    entry,
                    f"{what} {name}",
                    lambda value=value, name=name: call(**{name: value}),
                    error,
                    match,
                )
            )
    return cases


_smape = symmetric_mean_absolute_percentage_error

CASES = [
    *_array_cases(
        M + "symmetric_mean_absolute_percentage_error",
        lambda y_true=Y, y_pred=Y: _smape(y_true, y_pred),
        ["y_true", "y_pred"],
    ),
    Case(
        M + "symmetric_mean_absolute_percentage_error",
        "length mismatch",
        lambda: _smape(Y, Y[:2]),
        ValueError,
        r"y_true and y_pred must have the same shape; got \(3,\) and \(2,\)",
    ),
    Case(
        M + "symmetric_mean_absolute_percentage_error",
        "3-D y_true",
        lambda: _smape(np.ones((2, 2, 2)), np.ones((2, 2, 2))),
        ValueError,
        r"y_true must be 1-D or 2-D \(horizon,\) or \(n_series, horizon\); got an ",
    ),
    Case(
        M + "symmetric_mean_absolute_percentage_error",
        "booleans",
        lambda: _smape([True, False], [1.0, 0.0]),
        TypeError,
        r"y_true must hold real numbers; got booleans",
    ),
    *_array_cases(
        M + "mean_absolute_scaled_error", _mase, ["y_true", "y_pred", "y_train"]
    ),
    Case(
        M + "mean_absolute_scaled_error",
        "length mismatch",
        lambda: _mase(Y, Y[:2]),
        ValueError,
        r"y_true and y_pred must have the same shape; got \(3,\) and \(2,\)",
    ),
    Case(
        M + "mean_absolute_scaled_error",
        "y_train missing",
        lambda: mean_absolute_scaled_error(Y, Y),
        TypeError,
        r"missing 1 required keyword-only argument: 'y_train'",
    ),
    Case(
        M + "mean_absolute_scaled_error",
        "y_train None for 2-D y_true",
        lambda: _mase([Y, Y], [Y, Y], y_train=None),
        TypeError,
        r"y_train must be an array-like of shape \(n_series, ",
    ),
    Case(
        M + "mean_absolute_scaled_error",
        "strings in one history",
        lambda: _mase([Y, Y], [Y, Y], y_train=[TRAIN, ["a", "b", "c"]]),
        TypeError,
        r"y_train\[1\] must hold real numbers; got strings",
    ),
    Case(
        M + "mean_absolute_scaled_error",
        "NaN in one history",
        lambda: _mase([Y, Y], [Y, Y], y_train=[TRAIN, [1.0, np.nan, 2.0]]),
        ValueError,
        r"y_train\[1\] must not contain NaN or infinity; found nan at index 1\.",
    ),
    Case(
        M + "mean_absolute_scaled_error",
        "too few histories",
        lambda: _mase([Y, Y], [Y, Y], y_train=[TRAIN]),
        ValueError,
        r"y_train must hold one history per series: y_true has 2 series but ",
    ),
    Case(
        M + "mean_absolute_scaled_error",
        "short history",
        lambda: _mase(y_train=[1.0, 2.0], seasonality=2),
        ValueError,
        r"y_train must be longer than seasonality to compute the MASE scale",
    ),
    Case(
        M + "mean_absolute_scaled_error",
        "overflowing scale",
        lambda: _mase(y_train=[-1e308, 1e308, -1e308]),
        ValueError,
        r"The MASE scale overflows float64: the values of y_train are too large",
    ),
    Case(
        M + "mean_absolute_scaled_error",
        "float seasonality",
        lambda: _mase(seasonality=np.float64(1.0)),
        TypeError,
        r"seasonality must be an integer, got 1\.0 of type float64\.",
    ),
    Case(
        M + "mean_absolute_scaled_error",
        "seasonality 0",
        lambda: _mase(seasonality=np.int64(0)),
        ValueError,
        r"seasonality must be an integer >= 1, got 0\.",
    ),
    Case(
        M + "mean_absolute_scaled_error",
        "bool seasonality",
        lambda: _mase(seasonality=True),
        TypeError,
        r"seasonality must be an integer, got True of type bool",
    ),
    Case(
        M + "make_mase_scorer",
        "seasonality None",
        lambda: make_mase_scorer(None),
        TypeError,
        r"seasonality must be an integer, got None of type NoneType",
    ),
    Case(
        M + "make_mase_scorer",
        "seasonality 0",
        lambda: make_mase_scorer(0),
        ValueError,
        r"seasonality must be an integer >= 1, got 0\.",
    ),
    Case(
        M + "make_mase_scorer",
        "seasonality 1.5",
        lambda: make_mase_scorer(1.5),
        TypeError,
        r"seasonality must be an integer, got 1\.5 of type float",
    ),
    Case(
        M + "make_mase_scorer",
        "scorer: 1-D X",
        lambda: _score_mase(X=np.arange(12.0)),
        ValueError,
        r"The MASE scorer needs windows X of shape \(n_samples, window_length\)",
    ),
    Case(
        M + "make_mase_scorer",
        "scorer: ragged X",
        lambda: _score_mase(X=[[1.0, 2.0], [3.0]]),
        ValueError,
        rf"X {RAGGED}",
    ),
    Case(
        M + "make_mase_scorer",
        "scorer: string X",
        lambda: _score_mase(X=np.full((12, 4), "a")),
        TypeError,
        rf"X {REAL}; got strings",
    ),
    Case(
        M + "make_mase_scorer",
        "scorer: NaN in X",
        lambda: _score_mase(X=np.where(np.eye(12, 4) > 0, np.nan, 1.0)),
        ValueError,
        r"X must not contain NaN or infinity; found nan at index \(0, 0\)\.",
    ),
    Case(
        M + "make_mase_scorer",
        "scorer: y None",
        lambda: _score_mase(y=np.array(None)),
        TypeError,
        r"y must be an array-like of shape \(n_samples,\) .*; got None of type "
        r"NoneType\.",
    ),
    Case(
        M + "make_mase_scorer",
        "scorer: y too short",
        lambda: _score_mase(y=np.ones(5)),
        ValueError,
        r"y must hold one target per window of X: X has 12 windows but y has 5 ",
    ),
    Case(
        M + "make_mase_scorer",
        "scorer: seasonality as long as the windows",
        lambda: _score_mase(seasonality=4),
        ValueError,
        r"y_train must be longer than seasonality to compute the MASE scale",
    ),
    *_array_cases(
        M + "mean_scaled_interval_score", _msis, ["y_true", "lower", "upper"]
    ),
    *_array_cases(
        M + "interval_coverage",
        lambda y_true=Y, lower=LOW, upper=HIGH: interval_coverage(y_true, lower, upper),
        ["y_true", "lower", "upper"],
    ),
]

for _entry, _call in (
    ("mean_scaled_interval_score", _msis),
    ("interval_coverage", interval_coverage),
):
    CASES += [
        Case(
            M + _entry,
            "upper length mismatch",
            lambda call=_call: call(Y, LOW, HIGH[:2]),
            ValueError,
            r"upper must have the shape of y_true \(3,\); got \(2,\)",
        ),
        Case(
            M + _entry,
            "lower above upper",
            lambda call=_call: call(Y, HIGH, LOW),
            ValueError,
            r"lower must not exceed upper; at index \(0,\) lower is 2\.0 and upper "
            r"0\.0\.",
        ),
    ]

CASES += [
    Case(
        M + "mean_scaled_interval_score",
        f"alpha {alpha!r}",
        lambda alpha=alpha: _msis(alpha=alpha),
        error,
        match,
    )
    for alpha, error, match in [
        (True, TypeError, r"alpha must be a float in \(0, 1\); got True of type bool"),
        (None, TypeError, r"alpha must be a float in \(0, 1\); got None of type "),
        ("5%", TypeError, r"alpha must be a float in \(0, 1\); got '5%' of type str"),
        (np.float64(1.5), ValueError, r"alpha must be in \(0, 1\); got 1\.5\."),
        (np.float32(np.nan), ValueError, r"alpha must be in \(0, 1\); got nan\."),
        (0, ValueError, r"alpha must be in \(0, 1\); got 0\.0\."),
    ]
]
CASES.append(
    Case(
        M + "mean_scaled_interval_score",
        "y_train NaN",
        lambda: _msis(y_train=[1.0, np.nan, 2.0]),
        ValueError,
        r"y_train must not contain NaN or infinity; found nan at index 1\.",
    )
)

# Sequence metrics: the same bad label lists for every one of them.
_SEQUENCE = {
    "flat_accuracy_score": flat_accuracy_score,
    "flat_precision_score": lambda t, p: flat_precision_score(t, p, average="micro"),
    "flat_recall_score": lambda t, p: flat_recall_score(t, p, average="micro"),
    "flat_f1_score": lambda t, p: flat_f1_score(t, p, average="micro"),
    "flat_classification_report": flat_classification_report,
    "entity_precision_score": entity_precision_score,
    "entity_recall_score": entity_recall_score,
    "entity_f1_score": entity_f1_score,
    "entity_classification_report": entity_classification_report,
}
LISTS = r"must be a list of label lists, one per sentence"
_SEQUENCE_CASES = [
    ("y_true None", None, TAGS, TypeError, rf"y_true {LISTS}; got None\."),
    ("y_pred None", TAGS, None, TypeError, rf"y_pred {LISTS}; got None\."),
    ("y_true a str", "B-PER", TAGS, TypeError, rf"y_true {LISTS}; got the str "),
    ("y_true an int", 3, TAGS, TypeError, rf"y_true {LISTS}; got the int 3\."),
    (
        "y_true a generator",
        (s for s in TAGS),
        TAGS,
        TypeError,
        rf"y_true {LISTS}; got a generator\.",
    ),
    (
        "sentence a str",
        TAGS,
        ["B-PER I-PER O", ["O"]],
        TypeError,
        rf"y_pred {LISTS}; got the str 'B-PER I-PER O' at index 0\. Wrap a single",
    ),
    (
        "sentence None",
        TAGS,
        [["B-PER", "I-PER", "O"], None],
        TypeError,
        rf"y_pred {LISTS}; got None at index 1\.",
    ),
    (
        "sentence a set",
        [{"B-PER", "I-PER", "O"}, ["O"]],
        TAGS,
        TypeError,
        rf"y_true {LISTS}; got a set at index 0\.",
    ),
    (
        "sentence a 2-D array",
        [np.array([["O"]]), ["O"]],
        TAGS,
        TypeError,
        rf"y_true {LISTS}; got an array of shape \(1, 1\) at index 0\.",
    ),
    (
        "fewer sentences",
        TAGS,
        TAGS[:1],
        ValueError,
        r"y_true and y_pred must hold the same number of sentences; got 2 and 1",
    ),
    (
        "ragged sentence",
        TAGS,
        [["B-PER", "O"], ["O"]],
        ValueError,
        r"Sentence 0 has 3 labels in y_true but 2 in y_pred; each sentence needs",
    ),
]
CASES += [
    Case(M + name, what, lambda f=f, t=t, p=p: f(t, p), error, match)
    for name, f in _SEQUENCE.items()
    for what, t, p, error, match in _SEQUENCE_CASES
]

_FLAT = [name for name in _SEQUENCE if name.startswith("flat_")]
_ENTITY = [name for name in _SEQUENCE if name.startswith("entity_")]
CASES += [
    case
    for name in _FLAT
    for case in (
        Case(
            M + name,
            "None label",
            lambda f=_SEQUENCE[name]: f([["O", None]], [["O", "O"]]),
            TypeError,
            r"Labels must be strings or integers; got None at y_true\[0\]\[1\]\.",
        ),
        Case(
            M + name,
            "NaN label",
            lambda f=_SEQUENCE[name]: f([["O", "O"]], [["O", np.float64("nan")]]),
            TypeError,
            r"Labels must be strings or integers; got the float64 nan at y_pred\[0\]",
        ),
        Case(
            M + name,
            "mixed str and int labels",
            lambda f=_SEQUENCE[name]: f([["O", "O"]], [["O", 1]]),
            TypeError,
            r"Labels must be all strings or all integers; got the int 1 at y_pred",
        ),
        Case(
            M + name,
            "no tokens",
            lambda f=_SEQUENCE[name]: f([[], []], [[], []]),
            ValueError,
            r"y_true holds no labels \(all its 2 sentences are empty\); the flat",
        ),
    )
]
CASES += [
    case
    for name in _ENTITY
    for case in (
        Case(
            M + name,
            "not a BIO tag",
            lambda f=_SEQUENCE[name]: f([["O", "O"]], [["O", "S-PER"]]),
            ValueError,
            r"Entity scores need BIO \(IOB2\) tags: .*; got 'S-PER' at y_pred\[0\]",
        ),
        Case(
            M + name,
            "None tag",
            lambda f=_SEQUENCE[name]: f([["O", None]], [["O", "O"]]),
            TypeError,
            r"BIO \(IOB2\) tags, strings .*; got None of type NoneType at y_true\[0\]",
        ),
        Case(
            M + name,
            "bad average",
            lambda f=_SEQUENCE[name]: f(TAGS, TAGS, average="binary"),
            ValueError,
            r"average must be one of \('micro', 'macro', 'weighted'\); got 'binary'",
        ),
        Case(
            M + name,
            "bad mode",
            lambda f=_SEQUENCE[name]: f(TAGS, TAGS, mode="conlleval"),
            ValueError,
            r"mode must be one of \('default', 'strict'\); got 'conlleval'\.",
        ),
        Case(
            M + name,
            "mode a numpy str",
            lambda f=_SEQUENCE[name]: f(TAGS, TAGS, mode=np.str_("STRICT")),
            ValueError,
            r"mode must be one of \('default', 'strict'\); got 'STRICT'\.",
        ),
        Case(
            M + name,
            "mode None",
            lambda f=_SEQUENCE[name]: f(TAGS, TAGS, mode=None),
            ValueError,
            r"mode must be one of \('default', 'strict'\); got None\.",
        ),
        Case(
            M + name,
            "mode positional",
            lambda f=_SEQUENCE[name]: f(TAGS, TAGS, "strict"),
            TypeError,
            r"takes 2 positional arguments but 3 were given",
        ),
    )
    if name != "entity_classification_report" or case.id != "bad average"
]

CASES += [
    Case(
        M + "entity_classification_report",
        "digits a str",
        lambda: entity_classification_report(TAGS, TAGS, digits="2"),
        TypeError,
        r"digits must be an integer, got '2' of type str",
    ),
    Case(
        M + "entity_classification_report",
        "negative digits",
        lambda: entity_classification_report(TAGS, TAGS, digits=np.int64(-1)),
        ValueError,
        r"digits must be an integer >= 0, got -1\.",
    ),
    Case(
        M + "entity_classification_report",
        "output_dict a str",
        lambda: entity_classification_report(TAGS, TAGS, output_dict="yes"),
        TypeError,
        r"output_dict must be True or False; got 'yes' of type str",
    ),
    Case(
        M + "flat_f1_score",
        "bad average",
        lambda: flat_f1_score(TAGS, TAGS, average="bogus"),
        ValueError,
        r"The 'average' parameter of f1_score must be",
    ),
    Case(
        M + "make_flat_f1_scorer",
        "average None",
        lambda: make_flat_f1_scorer(average=None),
        ValueError,
        r"average must be one of \('micro', 'macro', 'weighted', 'binary'\), as a "
        r"scorer returns one number; got None\.",
    ),
    Case(
        M + "make_flat_f1_scorer",
        "average samples",
        lambda: make_flat_f1_scorer(average="samples"),
        ValueError,
        r"average must be one of .*; got 'samples'\.",
    ),
    Case(
        M + "make_flat_f1_scorer",
        "unknown keyword",
        lambda: make_flat_f1_scorer(digits=3),
        TypeError,
        r"make_flat_f1_scorer got unexpected keyword arguments \['digits'\]; "
        r"f1_score takes \['labels', ",
    ),
    Case(
        M + "make_flat_f1_scorer",
        "labels a str",
        lambda: make_flat_f1_scorer(labels="B-PER"),
        TypeError,
        r"labels must be a list of labels; got the str 'B-PER'\. Wrap a single",
    ),
]
