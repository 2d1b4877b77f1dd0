"""RNNForecaster's quantiles, intervals, input patches, loss and validation_data."""

import numpy as np
import pytest
import torch

from sklearn_rnn import RNNForecaster, make_windows
from sklearn_rnn.metrics import interval_coverage

NOISE = 0.3


@pytest.fixture(scope="module")
def noisy_daily():
    """A daily cycle plus Gaussian noise of known spread: the ideal 95% interval
    is the forecast +/- 1.96 * 0.3."""
    rng = np.random.default_rng(0)
    t = np.arange(3000)
    series = 5 + np.sin(2 * np.pi * t / 24) + rng.normal(scale=NOISE, size=len(t))
    X, y = make_windows(series, window_length=24, horizon=4)
    return X, y, series


@pytest.fixture(scope="module")
def quantile_model(noisy_daily):
    X, y, _ = noisy_daily
    model = RNNForecaster(
        quantiles=(0.025, 0.5, 0.975),
        patch_length=6,
        hidden_size=16,
        max_epochs=15,
        random_state=0,
    )
    return model.fit(X[:2000], y[:2000])


@pytest.mark.slow
def test_95_percent_interval_is_calibrated(quantile_model, noisy_daily):
    X, y, _ = noisy_daily
    lower, upper = quantile_model.predict_interval(X[2000:], coverage=0.95)
    assert lower.shape == upper.shape == y[2000:].shape
    assert 0.90 <= interval_coverage(y[2000:], lower, upper) <= 0.99
    width = np.mean(upper - lower)
    assert 0.8 * 2 * 1.96 * NOISE < width < 1.3 * 2 * 1.96 * NOISE


def test_narrower_coverage_interpolates_between_fitted_quantiles(
    quantile_model, noisy_daily
):
    X, y, _ = noisy_daily
    lo95, hi95 = quantile_model.predict_interval(X[2000:2100], coverage=0.95)
    lo50, hi50 = quantile_model.predict_interval(X[2000:2100], coverage=0.5)
    assert np.all(lo95 <= lo50) and np.all(lo50 <= hi50) and np.all(hi50 <= hi95)
    coverage = interval_coverage(
        y[2000:], *quantile_model.predict_interval(X[2000:], 0.5)
    )
    # Linear interpolation of a bell-shaped distribution widens the interval.
    assert 0.45 < coverage < 0.85


def test_recursive_intervals_widen_past_the_horizon(quantile_model, noisy_daily):
    _, _, series = noisy_daily
    point, lower, upper = quantile_model.forecast(
        series[:2000], steps=12, coverage=0.95, random_state=0
    )
    np.testing.assert_array_equal(point, quantile_model.forecast(series[:2000], 12))
    assert np.all(lower < point) and np.all(point < upper)
    width = upper - lower
    assert width[4:].mean() > width[:4].mean()
    # Within the trained horizon the bounds are the model's own quantiles.
    window = series[2000 - 24 : 2000][None]
    lo, hi = quantile_model.predict_interval(window, coverage=0.95)
    np.testing.assert_allclose(lower[:4], lo[0])
    again = quantile_model.forecast(series[:2000], 12, coverage=0.95, random_state=0)
    np.testing.assert_array_equal(again[1], lower)


def test_intervals_for_ragged_histories(quantile_model, noisy_daily):
    _, _, series = noisy_daily
    point, lower, upper = quantile_model.forecast(
        [series[:100], series[:250]], steps=9, coverage=0.9, n_paths=50
    )
    assert point.shape == lower.shape == upper.shape == (2, 9)


def test_interval_errors(quantile_model, noisy_daily):
    X, _, series = noisy_daily
    with pytest.raises(ValueError, match=r"coverage=0.99 needs the quantiles 0.005"):
        quantile_model.predict_interval(X[:2], coverage=0.99)
    with pytest.raises(ValueError, match=r"coverage must be in \(0, 1\), got 95"):
        quantile_model.predict_interval(X[:2], coverage=95)
    with pytest.raises(ValueError, match="coverage must be in"):
        quantile_model.forecast(series, 3, coverage=1.0)
    with pytest.raises(ValueError, match="n_paths must be an integer >= 1"):
        quantile_model.forecast(series, 3, coverage=0.9, n_paths=0)
    point_only = RNNForecaster(hidden_size=4, max_epochs=1).fit(X[:50], X[:50, -1])
    with pytest.raises(ValueError, match="fitted without quantiles, so it has no"):
        point_only.predict_interval(X[:2])


@pytest.mark.parametrize(
    "quantiles", [(), (0.5, 0.5), (0.0, 0.5), (1.2,), [[0.1]], ["low", "high"]]
)
def test_bad_quantiles(quantiles, noisy_daily):
    X, y, _ = noisy_daily
    model = RNNForecaster(quantiles=quantiles, max_epochs=1)
    with pytest.raises(ValueError, match="quantiles must be distinct levels strictly"):
        model.fit(X[:50], y[:50])


def test_quantile_forecasts_never_cross(noisy_daily):
    X, y, _ = noisy_daily
    # Barely trained: the raw outputs are in random order, the forecasts sorted.
    model = RNNForecaster(
        quantiles=(0.9, 0.1, 0.5), hidden_size=4, max_epochs=1, random_state=0
    ).fit(X[:200], y[:200])
    np.testing.assert_array_equal(model.quantiles_, [0.1, 0.5, 0.9])
    lower, upper = model.predict_interval(X[:100], coverage=0.8)
    assert np.all(lower <= upper)


def test_patches_shorten_the_recurrence_and_still_learn(noisy_daily):
    X, y, _ = noisy_daily
    model = RNNForecaster(patch_length=6, hidden_size=16, max_epochs=10, random_state=0)
    model.fit(X[:2000], y[:2000])
    assert model.net_.module_.core.input_size == 6
    seen = []
    hook = model.net_.module_.core.register_forward_hook(
        lambda module, args, out: seen.append(args[0].shape)
    )
    model.predict(X[:3])
    hook.remove()
    assert tuple(seen[0]) == (3, 4, 6)  # 24 steps read as 4 patches of 6
    assert model.score(X[2000:], y[2000:]) > 0.6


def test_patch_length_must_divide_the_window(noisy_daily):
    X, y, _ = noisy_daily
    with pytest.raises(ValueError, match=r"patch_length=5 must divide the window"):
        RNNForecaster(patch_length=5, max_epochs=1).fit(X[:50], y[:50])


def test_absolute_error_loss_forecasts_the_median():
    # Skewed noise: the median is 0, the mean 1.
    rng = np.random.default_rng(0)
    X = rng.normal(size=(3000, 4))  # uninformative
    y = rng.exponential(size=3000) - np.log(2)
    kw = {"hidden_size": 4, "max_epochs": 8, "random_state": 0, "scaling": "global"}
    median = RNNForecaster(loss="absolute_error", **kw).fit(X, y).predict(X).mean()
    mean = RNNForecaster(loss="squared_error", **kw).fit(X, y).predict(X).mean()
    assert abs(median) < 0.15 and abs(mean - (1 - np.log(2))) < 0.15


def test_validation_data_drives_early_stopping(noisy_daily):
    X, y, _ = noisy_daily
    model = RNNForecaster(
        hidden_size=8, max_epochs=4, early_stopping=True, random_state=0
    )
    model.fit(X[:500], y[:500], validation_data=(X[500:600], y[500:600]))
    assert "valid_loss" in model.history_[-1]
    # All of X trains: the scaling statistics come from all 500 windows.
    np.testing.assert_allclose(model.feature_loc_, X[:500].mean(axis=(0, 1)))
    # The validation loss is that of the given windows, in scaled units.
    with torch.no_grad():
        X_t, y_t = model._encode_xy(X[500:600, :, None], y[500:600], None)
        expected = torch.mean((model.net_.module_(X_t) - y_t) ** 2).item()
    best = min(model.history_[:, "valid_loss"])
    assert best == pytest.approx(expected, rel=1e-4)


@pytest.mark.parametrize(
    "validation_data, match",
    [
        ((np.zeros((5, 24)),), r"validation_data must be a tuple \(X_val, y_val\)"),
        ((np.zeros((5, 24)), np.zeros((5, 2))), "shaped like the training data"),
        ((np.zeros((5, 12)), np.zeros((5, 4))), "X has 12 features, but"),
    ],
)
def test_bad_validation_data(validation_data, match, noisy_daily):
    X, y, _ = noisy_daily
    with pytest.raises(ValueError, match=match):
        RNNForecaster(max_epochs=1).fit(X[:50], y[:50], validation_data=validation_data)
