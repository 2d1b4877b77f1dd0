"""ConformalForecaster: split, calibration, intervals, forecasts, sklearn API."""

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, RegressorMixin, clone
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_rnn import RNNForecaster, make_windows
from sklearn_rnn.conformal import ConformalForecaster
from sklearn_rnn.forecasting._conformal import conformal_rank

TINY = {"hidden_size": 8, "max_epochs": 3, "random_state": 0}


class LastValue(RegressorMixin, BaseEstimator):
    """Predicts each window's last value for every horizon step; records the
    number of windows it was fitted on."""

    def __init__(self, horizon=1):
        self.horizon = horizon

    def fit(self, X, y):
        self.n_fit_ = len(X)
        self.n_features_in_ = np.shape(X)[1]
        return self

    def predict(self, X):
        last = np.asarray(X, dtype=float)[:, -1]
        return last if self.horizon == 1 else np.repeat(last[:, None], 3, axis=1)


def _noisy_sine(n, seed=0, noise=0.3):
    rng = np.random.default_rng(seed)
    return np.sin(0.3 * np.arange(n)) + rng.normal(0, noise, n)


@pytest.fixture(scope="module")
def fitted():
    """A tiny RNN wrapped and fitted once on 3-step windows; tests do not mutate
    it."""
    X, y = make_windows(_noisy_sine(400), window_length=12, horizon=3)
    return ConformalForecaster(RNNForecaster(**TINY)).fit(X, y), X, y


def test_split_leaves_a_gap_of_horizon_minus_one():
    X = np.random.default_rng(0).normal(size=(100, 6))
    y = np.zeros((100, 3))
    model = ConformalForecaster(LastValue(horizon=3)).fit(X, y)
    # 20 calibration windows, a gap of 2, 78 for the first fit; then all 100.
    assert model.residuals_.shape == (20, 3)
    assert model.estimator_.n_fit_ == 100
    first = clone(model).set_params(calibration_fraction=0.5).fit(X, y)
    assert first.residuals_.shape == (50, 3)


def test_exact_conformal_quantile():
    rng = np.random.default_rng(0)
    n, n_cal = 95, 19  # calibration_fraction=0.2 holds out the last 19
    X = rng.normal(size=(n, 8)) * rng.uniform(0.5, 5, size=(n, 1))
    scale = np.maximum(X.std(axis=1), 0.01 * np.abs(X).mean(axis=1))
    errors = rng.permutation(np.arange(1.0, n + 1))  # normalised residuals
    y = X[:, -1] + errors * scale * rng.choice([-1, 1], size=n)
    model = ConformalForecaster(LastValue()).fit(X, y)
    np.testing.assert_allclose(model.residuals_[:, 0], np.sort(errors[-n_cal:]))
    # coverage 0.9: rank ceil(20 * 0.9) = 18, the 18th smallest residual
    assert conformal_rank(n_cal, 0.9) == 18
    q = np.sort(errors[-n_cal:])[17]
    assert q == np.quantile(errors[-n_cal:], 18 / 19, method="inverted_cdf")
    lower, upper = model.predict_interval(X[:5], coverage=0.9)
    np.testing.assert_allclose(lower, X[:5, -1] - q * scale[:5])
    np.testing.assert_allclose(upper, X[:5, -1] + q * scale[:5])
    # 19 windows are the fewest that give finite 95% bounds: the largest one
    top = model.predict_interval(X[:1], coverage=0.95)[1]
    np.testing.assert_allclose(top, X[:1, -1] + errors[-n_cal:].max() * scale[:1])
    with pytest.raises(ValueError, match="coverage=0.96 needs at least 24"):
        model.predict_interval(X, coverage=0.96)


def test_shapes(fitted):
    model, X, y = fitted
    assert model.n_features_in_ == 12 and model.horizon_ == 3
    assert model.predict(X[:4]).shape == (4, 3)
    lower, upper = model.predict_interval(X[:4], coverage=0.8)
    assert lower.shape == upper.shape == (4, 3)
    assert np.all(lower < model.predict(X[:4])) and np.all(upper > lower)
    series = _noisy_sine(60)
    point, lower, upper = model.forecast(series, steps=2, coverage=0.8)
    assert point.shape == lower.shape == (2,)
    np.testing.assert_allclose(point, model.estimator_.forecast(series, 2))
    point, lower, upper = model.forecast([series, series[:40]], 3, coverage=0.8)
    assert point.shape == upper.shape == (2, 3)
    # Past the horizon without coverage: the wrapped model's recursive forecast.
    assert model.forecast(series, steps=7).shape == (7,)


def test_forecast_intervals_match_predict_interval(fitted):
    model, X, _ = fitted
    windows = X[-3:]
    _, lower, upper = model.forecast(windows, steps=3, coverage=0.9)
    expected = model.predict_interval(windows, coverage=0.9)
    np.testing.assert_allclose(lower, expected[0], rtol=1e-6)
    np.testing.assert_allclose(upper, expected[1], rtol=1e-6)


def test_pandas_series_history(fitted):
    model, _, _ = fitted
    index = pd.date_range("2024-01-01", periods=60, freq="h")
    history = pd.Series(_noisy_sine(60), index=index)
    point, lower, upper = model.forecast(history, steps=3, coverage=0.9)
    assert isinstance(lower, pd.Series) and len(lower) == 3
    assert lower.index[0] == index[-1] + pd.Timedelta("1h")
    assert np.all(lower.to_numpy() < point.to_numpy())


@pytest.mark.parametrize("coverage", [0.8, 0.9])
def test_coverage_close_to_nominal_on_a_noisy_sine(coverage):
    # 600 calibration windows: the coverage on fresh windows varies by about 0.015
    X, y = make_windows(_noisy_sine(6000), window_length=12, horizon=2)
    model = ConformalForecaster(Ridge()).fit(X[:3000], y[:3000])
    lower, upper = model.predict_interval(X[3500:], coverage=coverage)
    covered = np.mean((lower <= y[3500:]) & (y[3500:] <= upper), axis=0)
    np.testing.assert_allclose(covered, coverage, atol=0.03)


def test_seasonal_scale_follows_the_series_unpredictability():
    # Two halves with the same daily swing; the second is far noisier. A
    # seasonal scale widens the second half's intervals, the std barely does.
    rng = np.random.default_rng(0)
    t = np.arange(4000)
    noise = np.where(t < 2000, 0.05, 0.5) * rng.standard_normal(4000)
    series = 3 * np.sin(2 * np.pi * t / 24) + noise
    X, y = make_windows(series, window_length=48, horizon=2)
    quiet, loud = slice(100, 1900), slice(2100, 3900)
    widths = {}
    for seasonality in (None, 24):
        model = ConformalForecaster(Ridge(), seasonality=seasonality).fit(X, y)
        lower, upper = model.predict_interval(X, coverage=0.9)
        width = (upper - lower)[:, 0]
        widths[seasonality] = width[loud].mean() / width[quiet].mean()
    assert widths[24] > 4 > widths[None], widths
    expected = np.abs(X[:3, 24:] - X[:3, :-24]).mean(axis=1, keepdims=True)
    np.testing.assert_allclose(model._scale(X[:3]), expected)


def test_rnn_coverage_at_least_nominal():
    # An undertrained network (3 epochs) improves when refitted on all windows,
    # so intervals calibrated on the first fit err on the wide side.
    X, y = make_windows(_noisy_sine(3000, seed=1), window_length=12)
    model = ConformalForecaster(RNNForecaster(**TINY)).fit(X[:1500], y[:1500])
    lower, upper = model.predict_interval(X[1800:], coverage=0.9)
    covered = np.mean((lower <= y[1800:]) & (y[1800:] <= upper))
    assert 0.85 < covered < 0.99


def test_1d_y_and_missing_targets():
    X, y = make_windows(_noisy_sine(300), window_length=8)
    y = y.copy()
    y[-3] = np.nan  # in the calibration part: left out of the quantiles
    model = ConformalForecaster(LastValue()).fit(X, y)
    assert np.isnan(model.residuals_[-1, 0])
    assert not np.isnan(model.residuals_[:-1]).any()
    lower, upper = model.predict_interval(X[:5])
    assert lower.shape == (5,) and np.all(lower < upper)


def test_covariates():
    series = _noisy_sine(300)
    X, y = make_windows(np.column_stack([series, np.cos(series)]), 8, horizon=2)
    model = ConformalForecaster(RNNForecaster(**TINY)).fit(X, y)
    assert model.n_features_in_ == 8 and model.n_features_per_step_ == 2
    lower, upper = model.predict_interval(X[:3])
    assert lower.shape == (3, 2)
    history = np.column_stack([series[:50], np.cos(series[:50])])
    point, lower, upper = model.forecast(history, steps=2, coverage=0.9)
    assert point.shape == lower.shape == (2,)


def test_pipeline_estimator():
    X, y = make_windows(_noisy_sine(400), window_length=10, horizon=2)
    model = ConformalForecaster(make_pipeline(StandardScaler(), Ridge()))
    model.fit(X[:300], y[:300])
    lower, upper = model.predict_interval(X[300:], coverage=0.9)
    covered = np.mean((lower <= y[300:]) & (y[300:] <= upper))
    assert 0.8 < covered <= 1.0


def test_clone_params_and_pickle(fitted):
    model, X, _ = fitted
    params = model.get_params()
    assert params["estimator__hidden_size"] == 8
    assert params["calibration_fraction"] == 0.2
    other = clone(model).set_params(estimator__hidden_size=4)
    assert other.estimator.hidden_size == 4 and model.estimator.hidden_size == 8
    assert not hasattr(other, "estimator_")
    restored = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(restored.predict(X[:5]), model.predict(X[:5]))
    np.testing.assert_array_equal(
        restored.predict_interval(X[:5])[0], model.predict_interval(X[:5])[0]
    )


def test_default_estimator_tags():
    model = ConformalForecaster()
    assert model.get_params()["estimator"] is None
    tags = model.__sklearn_tags__()
    assert tags.input_tags.three_d_array and tags.target_tags.multi_output


@parametrize_with_checks([ConformalForecaster(Ridge())])
def test_sklearn_checks(estimator, check):
    check(estimator)
