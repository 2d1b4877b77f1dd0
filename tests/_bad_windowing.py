"""Bad inputs of the windowing functions and of SlidingWindowTransformer."""

import numpy as np
from _bad_inputs import Case

from sklearn_rnn import SlidingWindowTransformer, make_panel_windows, make_windows

SERIES = np.arange(20.0)


def _long_frame():
    import pandas as pd

    return pd.DataFrame({"unique_id": [1] * 5 + [2] * 5, "y": np.arange(10.0)})


def _fitted_transformer(n_features=1):
    return SlidingWindowTransformer(window_length=2).fit(np.zeros((6, n_features)))


def _categorical_frame():
    import pandas as pd

    return pd.DataFrame({"x": pd.Series([1, 2, 3, 4], dtype="category")})


_MW = "sklearn_rnn.make_windows"
_PW = "sklearn_rnn.make_panel_windows"
_FIT = "SlidingWindowTransformer.fit"
_TRANSFORM = "SlidingWindowTransformer.transform"
_NAMES = "SlidingWindowTransformer.get_feature_names_out"

CASES = [
    # make_windows
    Case(
        _MW,
        "ragged list",
        lambda: make_windows([[1, 2], [3]], window_length=2),
        ValueError,
        r"^series must be an array-like of shape .*; got a ragged nested sequence",
    ),
    Case(
        _MW,
        "strings",
        lambda: make_windows(["a", "b", "c"], window_length=2),
        TypeError,
        r"^series must hold real numbers; got strings\.$",
    ),
    Case(
        _MW,
        "object dtype",
        lambda: make_windows(np.array([1.0, None, 3.0], dtype=object), 2),
        TypeError,
        r"^series must hold real numbers; got None of type NoneType at index 1\.$",
    ),
    Case(
        _MW,
        "complex",
        lambda: make_windows(np.arange(5) * 1j, window_length=2),
        TypeError,
        r"^series must hold real numbers; got complex numbers\.$",
    ),
    Case(
        _MW,
        "pandas categorical",
        lambda: make_windows(_categorical_frame()["x"], window_length=2),
        TypeError,
        r"^series must hold real numbers, not pandas categories",
    ),
    Case(
        _MW,
        "nan",
        lambda: make_windows([1.0, np.nan, 3.0, 4.0], window_length=2),
        ValueError,
        r"^series must not contain NaN or infinity; found nan at index 1\.$",
    ),
    Case(
        _MW,
        "inf in a covariate",
        lambda: make_windows(np.column_stack([SERIES, np.r_[np.inf, SERIES[1:]]]), 2),
        ValueError,
        r"^series must not contain NaN or infinity; found inf at index \(0, 1\)\.$",
    ),
    Case(
        _MW,
        "None",
        lambda: make_windows(None, window_length=2),
        TypeError,
        r"^series must be an array-like of shape \(n_timesteps,\) .*; got None\.$",
    ),
    Case(
        _MW,
        "empty",
        lambda: make_windows([], window_length=2),
        ValueError,
        r"^series is empty: it must hold at least one value; got an array of shape "
        r"\(0,\)\.$",
    ),
    Case(
        _MW,
        "3-D",
        lambda: make_windows(np.zeros((5, 2, 2)), window_length=2),
        ValueError,
        r"^series must be 1-D or 2-D .*; got an array of shape \(5, 2, 2\)\.$",
    ),
    Case(
        _MW,
        "bool window_length",
        lambda: make_windows(SERIES, window_length=True),
        TypeError,
        r"^window_length must be an integer, got True of type bool\.$",
    ),
    Case(
        _MW,
        "numpy float horizon",
        lambda: make_windows(SERIES, 2, horizon=np.float64(1.0)),
        TypeError,
        r"^horizon must be an integer, got 1\.0 of type float64\.$",
    ),
    Case(
        _MW,
        "zero step",
        lambda: make_windows(SERIES, 2, step=np.int64(0)),
        ValueError,
        r"^step must be an integer >= 1, got 0\.$",
    ),
    Case(
        _MW,
        "window longer than the series",
        lambda: make_windows(SERIES, window_length=20),
        ValueError,
        r"^window_length \+ horizon = 21 is longer than the series \(20 time steps\)",
    ),
    # make_panel_windows
    Case(
        _PW,
        "long-format DataFrame without time stamps",
        lambda: make_panel_windows(_long_frame(), window_length=2),
        ValueError,
        r"^series_list has no column 'ds' \(a long-format DataFrame has one row",
    ),
    Case(
        _PW,
        "dict",
        lambda: make_panel_windows({"a": SERIES, "b": SERIES}, window_length=2),
        TypeError,
        r"^series_list must be a list of 1-D series .*not a dict: pass "
        r"list\(d\.values\(\)\)\.$",
    ),
    Case(
        _PW,
        "one 1-D array",
        lambda: make_panel_windows(SERIES, window_length=2),
        TypeError,
        r"^series_list must be a list of 1-D series .*got one 1-D ndarray: wrap",
    ),
    Case(
        _PW,
        "None",
        lambda: make_panel_windows(None, window_length=2),
        TypeError,
        r"^series_list must be a list of 1-D series .*; got None\.$",
    ),
    Case(
        _PW,
        "empty",
        lambda: make_panel_windows([], window_length=2),
        ValueError,
        r"^series_list is empty: pass at least one series\.$",
    ),
    Case(
        _PW,
        "ragged item",
        lambda: make_panel_windows([SERIES, [[1.0, 2.0], [3.0]]], 2),
        ValueError,
        r"^series_list\[1\] must be an array-like .*; got a ragged nested sequence",
    ),
    Case(
        _PW,
        "string item",
        lambda: make_panel_windows([SERIES, "abcdef"], window_length=2),
        TypeError,
        r"^series_list\[1\] must be an array-like of shape \(n_timesteps,\); got a str",
    ),
    Case(
        _PW,
        "categorical item",
        lambda: make_panel_windows([_categorical_frame()["x"]], window_length=2),
        TypeError,
        r"^series_list\[0\] must hold real numbers, not pandas categories",
    ),
    Case(
        _PW,
        "inf in an item",
        lambda: make_panel_windows([SERIES, [1.0, np.inf, 3.0]], 2),
        ValueError,
        r"^series_list\[1\] must not contain infinity; found inf at index 1",
    ),
    Case(
        _PW,
        "2-D item",
        lambda: make_panel_windows([np.zeros((6, 2))], window_length=2),
        ValueError,
        r"^series_list\[0\] must be 1-D \(n_timesteps,\); got an array of shape",
    ),
    Case(
        _PW,
        "bool window_length",
        lambda: make_panel_windows([SERIES], window_length=True),
        TypeError,
        r"^window_length must be an integer, got True of type bool\.$",
    ),
    Case(
        _PW,
        "every series too short",
        lambda: make_panel_windows([SERIES[:2]], window_length=2),
        ValueError,
        r"^No series has window_length \+ horizon = 3 values: the longest has 2\.$",
    ),
    # SlidingWindowTransformer.fit
    Case(
        _FIT,
        "ragged list",
        lambda: SlidingWindowTransformer(window_length=2).fit([[1.0, 2.0], [3.0]]),
        ValueError,
        r"^X must be an array-like of shape \(n_samples, n_features\).*; got a ragged",
    ),
    Case(
        _FIT,
        "strings",
        lambda: SlidingWindowTransformer(window_length=2).fit([["a"], ["b"]]),
        TypeError,
        r"^X must hold real numbers; got strings\.$",
    ),
    Case(
        _FIT,
        "complex",
        lambda: SlidingWindowTransformer(window_length=2).fit(np.ones((4, 1)) * 1j),
        ValueError,
        r"^Complex data not supported: X must hold real numbers\.$",
    ),
    Case(
        _FIT,
        "pandas categorical",
        lambda: SlidingWindowTransformer(window_length=2).fit(_categorical_frame()),
        TypeError,
        r"^X must hold real numbers, not pandas categories",
    ),
    Case(
        _FIT,
        "nan",
        lambda: SlidingWindowTransformer(window_length=2).fit([[1.0], [np.nan]]),
        ValueError,
        r"^X must not contain NaN or infinity; found nan at index \(1, 0\)\.$",
    ),
    Case(
        _FIT,
        "None",
        lambda: SlidingWindowTransformer(window_length=2).fit(None),
        TypeError,
        r"^X must be an array-like of shape \(n_samples, n_features\).*; got None\.$",
    ),
    Case(
        _FIT,
        "empty",
        lambda: SlidingWindowTransformer(window_length=2).fit(np.zeros((0, 1))),
        ValueError,
        r"^X is empty: Found array with 0 sample",
    ),
    Case(
        _FIT,
        "1-D",
        lambda: SlidingWindowTransformer(window_length=2).fit(SERIES),
        ValueError,
        r"^X must be 2-D \(n_samples, n_features\).*shape \(20,\)\. .*reshape\(-1, 1\)",
    ),
    Case(
        _FIT,
        "bool window_length",
        lambda: SlidingWindowTransformer(window_length=True).fit(np.zeros((4, 1))),
        TypeError,
        r"^The 'window_length' parameter .* must be an int .*, not a bool; got True",
    ),
    Case(
        _FIT,
        "zero window_length",
        lambda: SlidingWindowTransformer(window_length=0).fit(np.zeros((4, 1))),
        ValueError,
        r"^The 'window_length' parameter .* must be an int in the range \[1, inf\)",
    ),
    # SlidingWindowTransformer.transform
    Case(
        _TRANSFORM,
        "ragged list",
        lambda: _fitted_transformer().transform([[1.0, 2.0], [3.0]]),
        ValueError,
        r"^X must be an array-like of shape \(n_samples, n_features\).*; got a ragged",
    ),
    Case(
        _TRANSFORM,
        "strings",
        lambda: _fitted_transformer().transform([["a"], ["b"]]),
        TypeError,
        r"^X must hold real numbers; got strings\.$",
    ),
    Case(
        _TRANSFORM,
        "object dtype with a dict",
        lambda: _fitted_transformer().transform(np.array([[{}], [1.0]], dtype=object)),
        TypeError,
        r"^X must hold real numbers; got Python objects",
    ),
    Case(
        _TRANSFORM,
        "inf",
        lambda: _fitted_transformer().transform([[1.0], [np.inf]]),
        ValueError,
        r"^X must not contain NaN or infinity; found inf at index \(1, 0\)\.$",
    ),
    Case(
        _TRANSFORM,
        "None",
        lambda: _fitted_transformer().transform(None),
        TypeError,
        r"^X must be an array-like of shape \(n_samples, n_features\).*; got None\.$",
    ),
    Case(
        _TRANSFORM,
        "3-D",
        lambda: _fitted_transformer().transform(np.zeros((4, 1, 1))),
        ValueError,
        r"^X must be 2-D \(n_samples, n_features\).*shape \(4, 1, 1\)",
    ),
    Case(
        _TRANSFORM,
        "other feature count",
        lambda: _fitted_transformer().transform(np.zeros((4, 2))),
        ValueError,
        r"^X has 2 features, but SlidingWindowTransformer is expecting 1 features",
    ),
    Case(
        _TRANSFORM,
        "pandas output of 3-D windows",
        lambda: (
            _fitted_transformer(2)
            .set_output(transform="pandas")
            .transform(np.zeros((4, 2)))
        ),
        ValueError,
        r"^set_output\(transform='pandas'\) needs a 2-D output, but X has 2 features",
    ),
    # SlidingWindowTransformer.get_feature_names_out
    Case(
        _NAMES,
        "unfitted",
        lambda: SlidingWindowTransformer().get_feature_names_out(),
        ValueError,  # NotFittedError
        r"^This SlidingWindowTransformer instance is not fitted yet",
    ),
    Case(
        _NAMES,
        "too many input_features",
        lambda: _fitted_transformer().get_feature_names_out(["a", "b"]),
        ValueError,
        r"^input_features should have length equal to number of features \(1\)",
    ),
    Case(
        _NAMES,
        "several features",
        lambda: _fitted_transformer(2).get_feature_names_out(),
        ValueError,
        r"^get_feature_names_out names the columns of a 2-D output; with 2 features",
    ),
]
