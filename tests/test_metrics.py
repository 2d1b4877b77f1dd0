import numpy as np
import pandas as pd
import pytest
from _data import require_data
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit, cross_val_score

from sklearn_rnn.metrics import (
    interval_coverage,
    make_mase_scorer,
    mean_absolute_scaled_error,
    mean_scaled_interval_score,
    smape_scorer,
    symmetric_mean_absolute_percentage_error,
)
from sklearn_rnn.windowing import make_windows

smape = symmetric_mean_absolute_percentage_error
mase = mean_absolute_scaled_error


def test_smape_hand_computed():
    # 200 * 10 / 210 and 200 * 20 / 380
    expected = (200 * 10 / 210 + 200 * 20 / 380) / 2
    assert smape([100.0, 200.0], [110.0, 180.0]) == pytest.approx(expected)
    assert smape([1.0, -2.0], [1.0, -2.0]) == 0.0
    assert smape([1.0], [-1.0]) == pytest.approx(200.0)
    assert smape([0.0, 4.0], [0.0, 4.0]) == 0.0  # 0 / 0 counts as exact


def test_smape_2d_is_mean_of_per_series_smape():
    rng = np.random.default_rng(0)
    y_true = rng.uniform(1, 10, size=(5, 7))
    y_pred = rng.uniform(1, 10, size=(5, 7))
    per_series = [smape(t, p) for t, p in zip(y_true, y_pred, strict=True)]
    assert smape(y_true, y_pred) == pytest.approx(np.mean(per_series))


def test_mase_hand_computed():
    y_train = [1.0, 2.0, 4.0, 7.0]  # lag-1 naive errors 1, 2, 3: scale 2
    assert mase([10.0, 12.0], [11.0, 9.0], y_train=y_train) == pytest.approx(1.0)
    # seasonality 2: errors |4 - 1|, |7 - 2| -> scale 4
    assert mase([10.0], [12.0], y_train=y_train, seasonality=2) == pytest.approx(0.5)


def test_mase_2d_averages_per_series_with_ragged_or_2d_history():
    y_true = np.array([[10.0, 12.0], [5.0, 5.0]])
    y_pred = np.array([[11.0, 9.0], [6.0, 7.0]])
    y_train = [np.array([1.0, 2.0, 4.0, 7.0]), np.array([0.0, 3.0, 0.0])]
    # series 0: 2 / 2 = 1; series 1: mean error 1.5, scale 3 -> 0.5
    assert mase(y_true, y_pred, y_train=y_train) == pytest.approx(0.75)
    y_train_2d = np.array([[1.0, 2.0, 4.0, 7.0], [0.0, 3.0, 0.0, 3.0]])
    assert mase(y_true, y_pred, y_train=y_train_2d) == pytest.approx(0.75)


@pytest.mark.parametrize("seasonality", [1, 3])
def test_mase_2d_matches_loop_over_series(seasonality):
    rng = np.random.default_rng(1)
    y_true, y_pred = rng.normal(size=(2, 4, 6))
    y_train = [rng.normal(size=n) for n in (5, 9, 12, 4)]
    expected = np.mean(
        [
            mase(t, p, y_train=h, seasonality=seasonality)
            for t, p, h in zip(y_true, y_pred, y_train, strict=True)
        ]
    )
    result = mase(y_true, y_pred, y_train=y_train, seasonality=seasonality)
    assert result == pytest.approx(expected)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (
            {"y_true": [1.0, 2.0], "y_pred": [1.0, 2.0, 3.0]},
            ValueError,
            r"y_true and y_pred must have the same shape; got \(2,\) and \(3,\)",
        ),
        (
            {"y_true": np.zeros((2, 2, 2)), "y_pred": np.zeros((2, 2, 2))},
            ValueError,
            r"y_true must be 1-D or 2-D \(horizon,\) or \(n_series, horizon\); got",
        ),
        (
            {"y_true": [], "y_pred": []},
            ValueError,
            r"^y_true is empty: it must hold at least one value",
        ),
        (
            {"y_true": [1.0, np.nan], "y_pred": [1.0, 2.0]},
            ValueError,
            "y_true must not contain NaN or infinity",
        ),
        (
            {"y_true": [1.0, 2.0], "y_pred": ["a", "b"]},
            TypeError,
            "y_pred must hold real numbers",
        ),
    ],
)
def test_smape_and_mase_reject_bad_targets(kwargs, error, match):
    with pytest.raises(error, match=match):
        smape(**kwargs)
    with pytest.raises(error, match=match):
        mase(**kwargs, y_train=[1.0, 2.0, 3.0])


def test_mase_rejects_short_history():
    msg = (
        r"y_train must be longer than seasonality to compute the MASE scale; got 3 "
        r"values with seasonality=3"
    )
    with pytest.raises(ValueError, match=msg):
        mase([1.0], [2.0], y_train=[1.0, 2.0, 3.0], seasonality=3)


def test_mase_rejects_zero_scale():
    msg = (
        r"The scale of series 1 is 0: its y_train repeats exactly with period "
        r"seasonality=2, so the scaled error is undefined"
    )
    y_train = [[1.0, 2.0, 3.0], [1.0, 2.0, 1.0, 2.0]]
    with pytest.raises(ValueError, match=msg):
        mase(np.ones((2, 1)), np.zeros((2, 1)), y_train=y_train, seasonality=2)


def test_mase_rejects_mismatched_number_of_histories():
    msg = "y_train must hold one history per series: y_true has 2 series but y_train"
    with pytest.raises(ValueError, match=msg):
        mase(np.ones((2, 3)), np.ones((2, 3)), y_train=[[1.0, 2.0, 3.0]])
    with pytest.raises(ValueError, match=r"y_train must be 1-D \(n_timesteps,\)"):
        mase([1.0, 2.0], [1.0, 2.0], y_train=np.ones((2, 5)))


@pytest.mark.parametrize(
    "seasonality, error, match",
    [
        (0, ValueError, "seasonality must be an integer >= 1, got 0."),
        (1.0, TypeError, "seasonality must be an integer, got 1.0 of type"),
        (True, TypeError, "seasonality must be an integer, got True of type"),
    ],
)
def test_seasonality_is_validated(seasonality, error, match):
    with pytest.raises(error, match=match):
        mase([1.0], [2.0], y_train=[1.0, 2.0, 4.0], seasonality=seasonality)
    with pytest.raises(error, match=match):
        make_mase_scorer(seasonality)


def _windows(horizon=1, n_features=None):
    rng = np.random.default_rng(0)
    t = np.arange(300.0)
    series = 10 + np.sin(2 * np.pi * t / 12) + 0.01 * t + 0.1 * rng.normal(size=300)
    if n_features is not None:
        series = np.column_stack([series] + [rng.normal(size=300)] * (n_features - 1))
    return make_windows(series, 24, horizon=horizon)


def test_smape_scorer_in_cross_val_score():
    X, y = _windows()
    scores = cross_val_score(
        LinearRegression(), X, y, scoring=smape_scorer, cv=TimeSeriesSplit(3)
    )
    assert scores.shape == (3,) and np.all(scores < 0) and np.all(scores > -5)


def test_mase_scorer_is_mean_per_window_mase():
    X, y = _windows(horizon=3)
    model = LinearRegression().fit(X, y)
    y_pred = model.predict(X)
    per_window = [
        mase(t, p, y_train=h, seasonality=12)
        for t, p, h in zip(y, y_pred, X, strict=True)
    ]
    expected = np.mean(per_window)
    assert make_mase_scorer(12)(model, X, y) == pytest.approx(-expected)


def test_mase_scorer_uses_feature_0_of_3d_windows():
    X, y = _windows(n_features=2)

    class LastValue:  # naive forecast: repeat the last value of feature 0
        def predict(self, X):
            return X[:, -1, 0]

    expected = np.mean(np.abs(y - X[:, -1, 0]) / np.abs(np.diff(X[..., 0])).mean(1))
    assert make_mase_scorer()(LastValue(), X, y) == pytest.approx(-expected)


def test_mase_scorer_in_grid_search_and_cross_val_score():
    X, y = _windows()
    scorer = make_mase_scorer(seasonality=12)
    assert repr(scorer) == "make_mase_scorer(seasonality=12)"
    scores = cross_val_score(LinearRegression(), X, y, scoring=scorer, cv=3)
    assert np.all(scores < 0) and np.all(scores > -2)
    search = GridSearchCV(
        LinearRegression(),
        {"fit_intercept": [True, False]},
        scoring={"mase": scorer, "smape": smape_scorer},
        refit="mase",
        cv=TimeSeriesSplit(2),
    ).fit(X, y)
    assert search.best_score_ < 0


def test_mase_scorer_rejects_non_windows():
    msg = r"The MASE scorer needs windows X of shape \(n_samples, window_length\)"
    with pytest.raises(ValueError, match=msg):
        make_mase_scorer()(LinearRegression(), np.arange(5.0), np.arange(5.0))


def test_m4_hourly_official_snaive_scores():
    data_dir = require_data("m4_hourly")

    def read(name):
        rows = {}
        with open(data_dir / name) as f:
            next(f)
            for line in f:
                cells = line.strip().replace('"', "").split(",")
                while cells and cells[-1] == "":  # padding of shorter series
                    cells.pop()
                rows[cells[0]] = np.array(cells[1:], dtype=float)
        return rows

    train, test = read("Hourly-train.csv"), read("Hourly-test.csv")
    forecasts = read("benchmark-forecasts-sNaive-Hourly.csv")
    ids = list(test)
    assert len(ids) == 414
    y_true = np.stack([test[i] for i in ids])
    y_pred = np.stack([forecasts[i] for i in ids])
    y_train = [train[i] for i in ids]
    assert round(smape(y_true, y_pred), 3) == 13.912
    assert round(mase(y_true, y_pred, y_train=y_train, seasonality=24), 3) == 1.193

    # M4's Naive 95% intervals: last value +/- 1.96 sigma sqrt(step), sigma the
    # RMS of the in-sample lag-1 residuals; official MSIS 71.245.
    last = np.array([s[-1] for s in y_train])[:, None]
    sigma = np.array([np.sqrt(np.mean(np.diff(s) ** 2)) for s in y_train])[:, None]
    half = 1.96 * sigma * np.sqrt(np.arange(1, 49))
    msis = mean_scaled_interval_score(
        y_true, last - half, last + half, y_train=y_train, seasonality=24
    )
    assert msis == pytest.approx(71.245, abs=1e-3)


def test_msis_by_hand():
    y_train = np.array([1.0, 2.0, 4.0, 7.0])  # seasonal naive (m=1) scale 2
    y_true = np.array([[5.0, 9.0, 0.0], [5.0, 5.0, 5.0]])
    lower = np.array([[4.0, 6.0, 1.0], [4.0, 4.0, 4.0]])
    upper = np.array([[6.0, 8.0, 2.0], [6.0, 6.0, 6.0]])
    # Series 0: widths 2, 2, 1; misses 0, 1 (above), 1 (below) cost 2/0.1 each.
    expected_0 = (2 + 2 + 1 + 20 + 20) / 3 / 2
    expected_1 = 2 / 2
    got = mean_scaled_interval_score(
        y_true, lower, upper, y_train=[y_train, y_train], alpha=0.1
    )
    assert got == pytest.approx((expected_0 + expected_1) / 2)
    assert interval_coverage(y_true, lower, upper) == pytest.approx(4 / 6)


@pytest.mark.parametrize(
    "lower, upper, kwargs, error, match",
    [
        ([2.0, 1.0], [1.0, 3.0], {}, ValueError, r"lower must not exceed upper; at "),
        ([0.0, 1.0], [1.0, 3.0, 4.0], {}, ValueError, "upper must have the shape"),
        ([0.0, 1.0], [1.0, 3.0], {"alpha": 1.5}, ValueError, r"alpha must be in"),
        ([0.0, 1.0], [1.0, 3.0], {"alpha": "5%"}, TypeError, "alpha must be a float"),
        ([0.0, np.nan], [1.0, 3.0], {}, ValueError, "lower must not contain NaN"),
    ],
)
def test_msis_errors(lower, upper, kwargs, error, match):
    with pytest.raises(error, match=match):
        mean_scaled_interval_score(
            [1.0, 2.0], lower, upper, y_train=[1.0, 2.0, 4.0], **kwargs
        )


@pytest.mark.parametrize(
    "y_true, error, match",
    [
        (
            [[1.0, 2.0], [3.0]],
            ValueError,
            r"y_true must be an array-like .*; got a ragged",
        ),
        (None, TypeError, r"y_true must be an array-like of shape .*; got None"),
        ([1 + 2j, 2.0], TypeError, r"y_true must hold real numbers; got complex"),
        ([1.0, None], TypeError, r"got None of type NoneType at index 1\."),
        (
            pd.Series([1.0, 2.0]).astype("category"),
            TypeError,
            r"y_true must hold real numbers, not pandas categories",
        ),
        (
            [1.0, np.inf],
            ValueError,
            r"must not contain NaN or infinity; found inf at index 1\.",
        ),
    ],
)
def test_forecast_metrics_name_the_bad_argument(y_true, error, match):
    with pytest.raises(error, match=match):
        smape(y_true, [1.0, 2.0])
    with pytest.raises(error, match=match):
        interval_coverage(y_true, [0.0, 0.0], [3.0, 3.0])


def test_object_arrays_of_numbers_and_huge_values_are_scored():
    y_true = np.array([1.0, 2.0], dtype=object)
    assert smape(y_true, [1.0, 2.0]) == 0.0
    assert smape([1e308, -1e308], [-1e308, 1e308]) == 200.0
    with pytest.raises(ValueError, match=r"The MASE scale overflows float64"):
        mase([1.0], [2.0], y_train=[-1e308, 1e308])


def test_mase_names_the_bad_history():
    y = np.ones((2, 2))
    with pytest.raises(TypeError, match=r"y_train\[1\] must hold real numbers; got"):
        mase(y, y, y_train=[[1.0, 2.0, 3.0], ["a", "b", "c"]])
    with pytest.raises(TypeError, match=r"y_train must be an array-like of shape "):
        mase(y, y, y_train=None)
    histories = np.empty(2, dtype=object)
    histories[:] = [np.arange(4.0), np.arange(5.0) ** 2]
    assert mase(y, y, y_train=histories) == 0.0


@pytest.mark.parametrize("alpha", [0.1, np.float64(0.1), np.float32(0.1)])
def test_msis_accepts_numpy_floats(alpha):
    got = mean_scaled_interval_score(
        [5.0, 9.0], [4.0, 6.0], [6.0, 8.0], y_train=[1.0, 2.0, 4.0, 7.0], alpha=alpha
    )
    assert got == pytest.approx((2 + 2 + 2 / float(alpha)) / 2 / 2)


@pytest.mark.parametrize(
    "alpha, error, match",
    [
        (True, TypeError, r"alpha must be a float in \(0, 1\); got True of type bool"),
        (np.float64(np.nan), ValueError, r"alpha must be in \(0, 1\); got nan\.$"),
        (np.array([0.1]), TypeError, r"; got an array of shape \(1,\)\.$"),
    ],
)
def test_msis_alpha_errors_read_as_python(alpha, error, match):
    with pytest.raises(error, match=match):
        mean_scaled_interval_score([1.0], [0.0], [2.0], y_train=[1.0, 2.0], alpha=alpha)


def test_interval_bound_errors_show_python_numbers():
    msg = (
        r"lower must not exceed upper; at index \(1,\) lower is 3\.0 and upper 2\.0\.$"
    )
    with pytest.raises(ValueError, match=msg):
        interval_coverage([1.0, 2.0], np.array([0.0, 3.0]), np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match=r"upper must have the shape of y_true \(2,\)"):
        interval_coverage([1.0, 2.0], [0.0, 0.0], [1.0])


def test_mase_scorer_validates_X_and_y():
    X, y = _windows()
    model = LinearRegression().fit(X, y)
    scorer = make_mase_scorer()
    with pytest.raises(ValueError, match=r"y must hold one target per window of X"):
        scorer(model, X, y[:10])
    with pytest.raises(ValueError, match=r"X must not contain NaN or infinity"):
        scorer(model, np.where(X > 11, np.nan, X), y)
    with pytest.raises(
        TypeError, match=r"y must be an array-like of shape \(n_samples,\)"
    ):
        scorer(model, X, None)
