"""make_panel_windows: windows across many series for one global model."""

import numpy as np
import pytest
from sklearn.model_selection import TimeSeriesSplit

from sklearn_rnn import RNNForecaster, make_panel_windows, make_windows


def _panel():
    rng = np.random.default_rng(0)
    return [rng.normal(size=n) for n in (30, 45, 27)]


@pytest.mark.parametrize("horizon, step", [(1, 1), (3, 1), (2, 4)])
def test_panel_windows_match_make_windows_per_series(horizon, step):
    series = _panel()
    X, y, index = make_panel_windows(series, 6, horizon=horizon, step=step)
    for i, s in enumerate(series):
        # Anchored at the series' end: cut the head that make_windows would skip.
        n = (len(s) - 6 - horizon) // step + 1
        offset = len(s) - 6 - horizon - (n - 1) * step
        X_ref, y_ref = make_windows(s[offset:], 6, horizon=horizon, step=step)
        mine = index == i
        np.testing.assert_array_equal(X[mine], X_ref)
        np.testing.assert_array_equal(y[mine], y_ref)
    assert len(X) == len(y) == len(index)
    assert X.shape[1] == 6
    assert y.shape == ((len(X),) if horizon == 1 else (len(X), horizon))


def test_panel_windows_are_time_ordered_with_series_aligned_at_their_ends():
    series = _panel()
    X, y, index = make_panel_windows(series, 5)
    lengths = np.array([len(s) for s in series])
    # How far before its series' end each target lies: never increasing.
    ends = [
        np.flatnonzero(series[i] == target)[0] + 1
        for i, target in zip(index, y, strict=True)
    ]
    before_end = lengths[index] - np.array(ends)
    assert np.all(np.diff(before_end) <= 0)
    # The last windows are those whose target ends each series, one per series.
    assert sorted(index[-3:]) == [0, 1, 2]
    # So a time-series split validates on the latest windows of every series.
    _, test = list(TimeSeriesSplit(n_splits=3).split(X))[-1]
    assert set(index[test]) == {0, 1, 2}


def test_panel_windows_keep_float32_and_convert_integers():
    X, y, _ = make_panel_windows([np.arange(10, dtype=np.float32)], 3)
    assert X.dtype == y.dtype == np.float32
    X, _, _ = make_panel_windows([list(range(10)), np.arange(8)], 3)
    assert X.dtype == np.float64


def test_panel_of_10_000_series_is_one_gather():
    series = [np.arange(100.0) + i for i in range(10_000)]
    X, y, index = make_panel_windows(series, 24, horizon=2, step=5)
    assert X.shape == (10_000 * 15, 24) and y.shape == (10_000 * 15, 2)
    # X and y are views of one block: no copy per window or per series.
    assert X.base is not None and X.base is y.base
    # Series i is arange(100) + i; windows anchored at its end start at 74, 69, ...
    assert np.all((X[:, 0] - index) % 5 == 4)


def test_short_series_warn_and_give_no_windows():
    with pytest.warns(UserWarning, match=r"1 of 2 series are shorter than"):
        X, _, index = make_panel_windows([np.zeros(3), np.zeros(10)], 4)
    assert set(index) == {1} and len(X) == 6


@pytest.mark.parametrize(
    "series_list, kwargs, error, match",
    [
        ([], {}, ValueError, "series_list is empty"),
        (np.zeros(10), {}, TypeError, "wrap it in a list"),
        ([np.zeros(3)], {}, ValueError, r"No series has window_length \+ horizon"),
        ([np.zeros((5, 2))], {}, ValueError, r"series_list\[0\] must be 1-D"),
        ([np.zeros(9), ["a"] * 9], {}, TypeError, r"^series_list\[1\] must hold r"),
        (
            [np.array([0.0, np.nan] * 5)],
            {},
            ValueError,
            "Every window has missing values",
        ),
        ([np.zeros(10)], {"step": 0}, ValueError, "step must be an integer >= 1"),
        ([np.zeros(10)], {"horizon": True}, TypeError, "^horizon must be an integer, "),
        ([[[1.0, 2.0], [3.0]]], {}, ValueError, r"series_list\[0\] .*got a ragged"),
        ([None], {}, TypeError, r"^series_list\[0\] must be an array-like .*None"),
        (None, {}, TypeError, r"^series_list must be a list of 1-D series .*None"),
        (7, {}, TypeError, r"^series_list must be a list .*; got an int\.$"),
        ({"a": np.zeros(9)}, {}, TypeError, r"not a dict: pass list\(d\.values"),
        ([np.arange(9) * 1j], {}, TypeError, r"series_list\[0\] .*complex"),
    ],
)
def test_bad_panels(series_list, kwargs, error, match):
    with pytest.raises(error, match=match):
        make_panel_windows(series_list, 4, **kwargs)


def test_a_series_or_categories_are_refused_with_the_remedy():
    pd = pytest.importorskip("pandas")
    long = pd.DataFrame({"unique_id": [1] * 6 + [2] * 6, "y": np.arange(12.0)})
    with pytest.raises(TypeError, match=r"got one 1-D Series: wrap it in a list"):
        make_panel_windows(long["y"], 2)
    with pytest.raises(TypeError, match=r"not pandas categories"):
        make_panel_windows([long["y"].astype("category")], 2)


def test_windows_with_missing_inputs_are_left_out_with_a_warning():
    series = np.arange(12.0)
    series[5] = np.nan
    with pytest.warns(UserWarning, match="4 of 9 windows are left out"):
        X, y, _ = make_panel_windows([series], 3)
    assert len(X) == 5 and not np.isnan(X).any() and not np.isnan(y).any()
    # Windows with some of their targets missing stay: fit leaves those out.
    with pytest.warns(UserWarning, match="3 of 8 windows are left out"):
        X, y, _ = make_panel_windows([series], 3, horizon=2)
    assert len(X) == 5 and not np.isnan(X).any()
    assert np.isnan(y).sum() == 2


@pytest.mark.parametrize("scaling", ["window", "mean"])
def test_per_window_scalings_are_level_free(scaling):
    # Multiplying a window by c multiplies its forecast by c: the level is
    # divided out before the network and put back after.
    rng = np.random.default_rng(0)
    X = 10 + rng.normal(size=(200, 8))
    model = RNNForecaster(scaling=scaling, hidden_size=4, max_epochs=2)
    model.fit(X, X[:, -1] + 1)
    np.testing.assert_allclose(model.predict(1000 * X[:5]), 1000 * model.predict(X[:5]))


@pytest.mark.parametrize("scaling", ["window", "mean"])
def test_one_global_model_serves_series_of_different_levels(scaling):
    # Same shape, levels 1 to 1000: per-window scaling lets one model fit all.
    t = np.arange(200)
    levels = [1.0, 30.0, 1000.0]
    series = [lvl * (2 + np.sin(2 * np.pi * t / 12)) for lvl in levels]
    train = [s[:-12] for s in series]
    X, y, _ = make_panel_windows(train, 24, horizon=12, step=2)
    model = RNNForecaster(
        scaling=scaling, hidden_size=16, max_epochs=40, random_state=0
    )
    forecast = model.fit(X, y).forecast(train, steps=12)
    assert forecast.shape == (3, 12)
    truth = np.stack([s[-12:] for s in series])
    relative_error = np.abs(forecast - truth).mean(axis=1) / np.array(levels)
    assert np.all(relative_error < 0.15), relative_error
