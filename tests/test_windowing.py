import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import make_pipeline
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_rnn.windowing import SlidingWindowTransformer, make_windows

# A windowing transformer reads each row's history from the rows before it, so its
# output depends on row order and on which rows are transformed together. These two
# checks assume rows are independent; no tag says "rows are ordered", and claiming
# non_deterministic=True would be false, so they are listed here with the reason.
SLIDING_WINDOW_EXPECTED_FAILED_CHECKS = {
    "check_methods_sample_order_invariance": (
        "rows are time steps: shuffling them changes every window by design"
    ),
    "check_methods_subset_invariance": (
        "each batch is windowed with its own rows as history, so the first rows "
        "of a batch are edge-padded instead of using the previous batch"
    ),
}


def naive_windows(series, window_length, horizon, step):
    series = np.asarray(series, dtype=float)
    target = series if series.ndim == 1 else series[:, 0]
    X, y = [], []
    start = 0
    while start + window_length + horizon <= len(series):
        X.append(series[start : start + window_length])
        stop = start + window_length
        y.append(target[stop : stop + horizon])
        start += step
    y = np.array(y)
    return np.array(X), (y[:, 0] if horizon == 1 else y)


@pytest.mark.parametrize("n_features", [None, 1, 3])
@pytest.mark.parametrize(
    "window_length, horizon, step",
    [(1, 1, 1), (4, 1, 1), (4, 3, 1), (5, 2, 3), (19, 1, 1), (3, 17, 1), (6, 4, 20)],
)
def test_make_windows_matches_naive_loop(n_features, window_length, horizon, step):
    rng = np.random.default_rng(0)
    shape = (20,) if n_features is None else (20, n_features)
    series = rng.normal(size=shape)
    X, y = make_windows(series, window_length, horizon=horizon, step=step)
    X_expected, y_expected = naive_windows(series, window_length, horizon, step)
    n_windows = (20 - window_length - horizon) // step + 1
    assert X.shape == (n_windows, window_length) + shape[1:]
    assert y.shape == ((n_windows,) if horizon == 1 else (n_windows, horizon))
    np.testing.assert_array_equal(X, X_expected)
    np.testing.assert_array_equal(y, y_expected)


@pytest.mark.parametrize("shape", [(50,), (50, 2)])
@pytest.mark.parametrize("horizon", [1, 3])
def test_make_windows_returns_read_only_views(shape, horizon):
    series = np.arange(np.prod(shape), dtype=float).reshape(shape)
    X, y = make_windows(series, 5, horizon=horizon, step=2)
    assert np.shares_memory(X, series) and np.shares_memory(y, series)
    assert not X.flags.writeable and not y.flags.writeable
    series[10] = -1.0  # the windows see later changes: they are views
    assert (X == -1.0).any()


def test_make_windows_accepts_lists_and_pandas():
    values = np.arange(12.0)
    X_ref, y_ref = make_windows(values, 3, horizon=2)
    for series in (values.tolist(), pd.Series(values)):
        X, y = make_windows(series, 3, horizon=2)
        np.testing.assert_array_equal(X, X_ref)
        np.testing.assert_array_equal(y, y_ref)
    frame = pd.DataFrame({"target": values, "covariate": -values})
    X, y = make_windows(frame, 3, horizon=2)
    # A single-dtype pandas object is windowed in place, not copied.
    assert np.shares_memory(X, frame.to_numpy())
    assert X.shape == (8, 3, 2)
    np.testing.assert_array_equal(y, y_ref)
    np.testing.assert_array_equal(X[..., 1], -X_ref)


def test_make_windows_accepts_numpy_integers_and_int_series():
    X, y = make_windows(np.arange(10), np.int64(3), horizon=np.int32(2))
    assert X.dtype == np.arange(1).dtype and X.shape == (6, 3) and y.shape == (6, 2)


@pytest.mark.parametrize(
    "series, error, match",
    [
        (np.zeros((4, 3, 2)), ValueError, r"series must be 1-D .* shape \(4, 3, 2\)"),
        (np.float64(3.0), ValueError, r"series must be 1-D .* shape \(\)"),
        (np.zeros((10, 0)), ValueError, r"^series is empty: .*shape \(10, 0\)\.$"),
        (np.array(["a", "b"] * 10), TypeError, "series must hold real numbers"),
        (np.array([True, False] * 10), TypeError, "real numbers; got booleans"),
        (
            np.array([1.0, 2.0, np.nan, 4.0] * 5),
            ValueError,
            r"^series must not contain NaN or infinity; found nan at index 2\.$",
        ),
        (
            np.array([[1.0, 2.0]] * 5 + [[3.0, np.inf]] * 5),
            ValueError,
            r"found inf at index \(5, 1\)\.$",
        ),
        (
            [[1.0, 2.0], [3.0]],
            ValueError,
            r"series must be an array-like .*; got a rag",
        ),
        (None, TypeError, r"^series must be an array-like of shape .*; got None\.$"),
        ({"y": [1.0, 2.0]}, TypeError, r"series must be an array-like .*; got a dict"),
        ("1234", TypeError, r"series must be an array-like .*; got a str\.$"),
        (
            np.array([1, None] * 5),
            TypeError,
            r"got None of type NoneType at index 1\.$",
        ),
        (np.arange(10) + 1j, TypeError, r"series must hold real .*; got complex"),
        (np.zeros(0), ValueError, r"^series is empty: it must hold at least one"),
        (
            pd.Series(np.arange(10)).astype("category"),
            TypeError,
            r"^series must hold real numbers, not pandas categories",
        ),
    ],
)
def test_make_windows_rejects_bad_series(series, error, match):
    with pytest.raises(error, match=match):
        make_windows(series, 2)


@pytest.mark.parametrize("name", ["window_length", "horizon", "step"])
@pytest.mark.parametrize(
    "value, error, match",
    [
        (0, ValueError, "must be an integer >= 1, got 0."),
        (-2, ValueError, "must be an integer >= 1, got -2."),
        (2.0, TypeError, "must be an integer, got 2.0 of type float."),
        (True, TypeError, "must be an integer, got True of type bool."),
        ("3", TypeError, "must be an integer, got '3' of type str."),
    ],
)
def test_make_windows_rejects_bad_integers(name, value, error, match):
    params = {"window_length": 2, "horizon": 1, "step": 1, name: value}
    with pytest.raises(error, match=f"^{name} {match}"):
        make_windows(np.arange(20.0), **params)


def test_make_windows_numpy_integer_sizes_read_as_python_numbers():
    with pytest.raises(ValueError, match=r"^step must be an integer >= 1, got 0\.$"):
        make_windows(np.arange(20.0), 2, step=np.int64(0))
    with pytest.raises(TypeError, match=r"got 2\.0 of type float64\.$"):
        make_windows(np.arange(20.0), np.float64(2.0))
    with pytest.raises(TypeError, match=r"got True of type bool_?\.$"):
        make_windows(np.arange(20.0), np.True_)


def test_make_windows_checks_huge_finite_values_without_warning():
    # Their sum overflows to inf; the values themselves are finite.
    series = np.array([6e4, 6e4, 1.0, 2.0], dtype=np.float16)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        X, _ = make_windows(series, 2)
    assert X.shape == (2, 2)


def test_make_windows_rejects_windows_longer_than_series():
    msg = r"window_length \+ horizon = 30 is longer than the series \(20 time steps\)"
    with pytest.raises(ValueError, match=msg):
        make_windows(np.arange(20.0), 25, horizon=5)
    X, y = make_windows(np.arange(20.0), 15, horizon=5)  # exactly fits: one window
    assert X.shape == (1, 15) and y.shape == (1, 5)


def test_transformer_rows_are_windows_ending_at_each_row():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 1))
    Xt = SlidingWindowTransformer(window_length=5).fit_transform(X)
    assert Xt.shape == (30, 5)
    padded = np.concatenate([np.repeat(X[:1, 0], 4), X[:, 0]])
    for t in range(30):
        np.testing.assert_array_equal(Xt[t], padded[t : t + 5])
        assert Xt[t, -1] == X[t, 0]  # the current row is the newest value
    # Rows with a full history equal make_windows' windows.
    X_windows, _ = make_windows(X[:, 0], 5)
    np.testing.assert_array_equal(Xt[4:-1], X_windows)


def test_transformer_edge_fills_first_rows():
    X = np.arange(1.0, 7.0).reshape(-1, 1)
    Xt = SlidingWindowTransformer(window_length=4).fit_transform(X)
    np.testing.assert_array_equal(
        Xt[:3], [[1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 2.0], [1.0, 1.0, 2.0, 3.0]]
    )
    np.testing.assert_array_equal(Xt[3:], [[1, 2, 3, 4], [2, 3, 4, 5], [3, 4, 5, 6]])
    # Fewer rows than window_length: every row is padded.
    Xt = SlidingWindowTransformer(window_length=4).fit_transform(X[:2])
    np.testing.assert_array_equal(Xt, [[1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 2.0]])


def test_transformer_multivariate_output_is_3d():
    X = np.column_stack([np.arange(6.0), 10 * np.arange(6.0), -np.arange(6.0)])
    Xt = SlidingWindowTransformer(window_length=3).fit_transform(X)
    assert Xt.shape == (6, 3, 3)
    np.testing.assert_array_equal(Xt[5], X[3:6])
    np.testing.assert_array_equal(Xt[0], np.repeat(X[:1], 3, axis=0))
    np.testing.assert_array_equal(Xt[1], X[[0, 0, 1]])
    assert not Xt.flags.writeable


def test_transformer_preserves_float32():
    X = np.arange(10, dtype=np.float32).reshape(-1, 2)
    assert SlidingWindowTransformer(3).fit_transform(X).dtype == np.float32


def test_transformer_rejects_other_feature_count_at_transform():
    transformer = SlidingWindowTransformer(window_length=3).fit(np.zeros((10, 2)))
    assert transformer.n_features_in_ == 2
    with pytest.raises(ValueError, match="X has 3 features, but .* expecting 2"):
        transformer.transform(np.zeros((10, 3)))


@pytest.mark.parametrize("window_length", [0, 1.5, "3", True])
def test_transformer_validates_window_length_in_fit(window_length):
    transformer = SlidingWindowTransformer(window_length=window_length)
    with pytest.raises(ValueError, match="'window_length' parameter"):
        transformer.fit(np.zeros((10, 1)))


@pytest.mark.parametrize(
    "X, error, match",
    [
        ([[1.0, 2.0], [3.0]], ValueError, r"^X must be an array-like .*; got a ragged"),
        ([["a"], ["b"]], TypeError, r"^X must hold real numbers; got strings\.$"),
        (np.array([[1.0], ["a"]], object), TypeError, r"^X must hold real .*objects"),
        (np.ones((3, 1)) * 1j, ValueError, r"^Complex data not supported: X must"),
        (
            np.array([[1.0], [np.nan]]),
            ValueError,
            r"^X must not contain NaN .*\(1, 0\)",
        ),
        (np.array([[np.inf], [1.0]]), ValueError, r"found inf at index \(0, 0\)\.$"),
        (None, TypeError, r"^X must be an array-like of shape \(n_samples, n_feat"),
        (np.zeros((0, 1)), ValueError, r"^X is empty: Found array with 0 sample"),
        (np.arange(5.0), ValueError, r"^X must be 2-D .*shape \(5,\)\. Reshape"),
        (np.zeros((5, 2, 2)), ValueError, r"^X must be 2-D .*shape \(5, 2, 2\)"),
        (
            pd.DataFrame({"x": pd.Series([1, 2, 3], dtype="category")}),
            TypeError,
            r"^X must hold real numbers, not pandas categories",
        ),
    ],
)
@pytest.mark.parametrize("method", ["fit", "transform"])
def test_transformer_rejects_bad_X(method, X, error, match):
    transformer = SlidingWindowTransformer(window_length=2)
    if method == "transform":
        transformer.fit(np.zeros((4, 1)))
    with pytest.raises(error, match=match):
        getattr(transformer, method)(X)


def test_transformer_set_output_pandas_names_the_lags():
    frame = pd.DataFrame({"load": np.arange(5.0)}, index=list("abcde"))
    transformer = SlidingWindowTransformer(window_length=3).set_output(
        transform="pandas"
    )
    out = transformer.fit_transform(frame)
    assert isinstance(out, pd.DataFrame)
    assert out.columns.tolist() == ["load_lag2", "load_lag1", "load_lag0"]
    assert out.index.tolist() == list("abcde")
    np.testing.assert_array_equal(
        out.to_numpy(), transformer.set_output(transform="default").transform(frame)
    )
    plain = SlidingWindowTransformer(window_length=2).fit(np.zeros((3, 1)))
    assert plain.get_feature_names_out().tolist() == ["x0_lag1", "x0_lag0"]
    assert plain.get_feature_names_out(["y"]).tolist() == ["y_lag1", "y_lag0"]


def test_transformer_pandas_output_needs_one_feature():
    X = np.zeros((5, 2))
    transformer = SlidingWindowTransformer(window_length=2).fit(X)
    with pytest.raises(ValueError, match=r"^get_feature_names_out names the col"):
        transformer.get_feature_names_out()
    transformer.set_output(transform="pandas")
    with pytest.raises(ValueError, match=r"set_output\(transform='pandas'\) needs a"):
        transformer.transform(X)


def test_window_length_is_grid_searchable_in_pipeline():
    rng = np.random.default_rng(0)
    series = np.sin(np.arange(120) / 3) + 0.05 * rng.normal(size=120)
    # Predict the next value from the window ending at the current row.
    X, y = series[:-1].reshape(-1, 1), series[1:]
    pipe = make_pipeline(SlidingWindowTransformer(), LinearRegression())
    search = GridSearchCV(
        pipe,
        {"slidingwindowtransformer__window_length": [1, 2, 6]},
        cv=TimeSeriesSplit(n_splits=3),
    ).fit(X, y)
    assert search.best_params_["slidingwindowtransformer__window_length"] > 1
    assert search.best_score_ > 0.9
    assert clone(pipe).get_params()["slidingwindowtransformer__window_length"] == 10


@parametrize_with_checks(
    [SlidingWindowTransformer()],
    expected_failed_checks=lambda est: SLIDING_WINDOW_EXPECTED_FAILED_CHECKS,
)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)
