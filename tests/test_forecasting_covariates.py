"""Future-known covariates: windows that reach into the horizon they forecast."""

import pickle

import numpy as np
import pytest

from sklearn_rnn import (
    RNNForecaster,
    SeedEnsembleForecaster,
    load,
    make_windows,
    save,
)

TINY = {"hidden_size": 8, "max_epochs": 3, "random_state": 0}


def _promo_series(n=1500, seed=0):
    """Sales driven by a promotion flag known in advance, plus a past-only
    covariate (noise)."""
    rng = np.random.default_rng(seed)
    promo = (rng.uniform(size=n) < 0.3).astype(float)
    sales = 5 + 3 * promo + 0.2 * rng.standard_normal(n)
    return np.column_stack([sales, promo])


def test_make_windows_reaches_into_the_horizon():
    series = np.column_stack([np.arange(10.0), 10 * np.arange(10.0), -np.arange(10.0)])
    X, y = make_windows(series, 3, horizon=2, future_covariates=[1])
    assert X.shape == (6, 5, 3)
    np.testing.assert_array_equal(X[:, :3], make_windows(series, 3, horizon=2)[0])
    assert np.isnan(X[:, 3:, 0]).all() and np.isnan(X[:, 3:, 2]).all()
    np.testing.assert_array_equal(X[0, 3:, 1], [30.0, 40.0])
    np.testing.assert_array_equal(y[0], [3.0, 4.0])


def test_future_covariates_are_learned_from():
    series = _promo_series()
    X_future, y = make_windows(series, 12, horizon=4, future_covariates=[1])
    X_past, y_past = make_windows(series, 12, horizon=4)
    np.testing.assert_array_equal(y, y_past)
    params = {"hidden_size": 16, "max_epochs": 15, "random_state": 0}
    split = 1200
    errors = {}
    for name, X in [("future", X_future), ("past", X_past)]:
        model = RNNForecaster(**params).fit(X[:split], y[:split])
        errors[name] = np.mean(np.abs(model.predict(X[split:]) - y[split:]))
    # The promotion explains 3 of the sales; noise is 0.2: knowing it ahead
    # must cut the error by far more than half.
    assert errors["future"] < 0.4 * errors["past"], errors
    assert model.n_future_steps_ == 0
    fitted = RNNForecaster(**TINY).fit(X_future, y)
    assert fitted.n_future_steps_ == 4
    np.testing.assert_array_equal(fitted.future_known_, [False, True])


def test_forecast_within_the_horizon_is_predict_on_the_last_window():
    series = _promo_series(300)
    X, y = make_windows(series, 12, horizon=4, future_covariates=[1])
    model = RNNForecaster(**TINY).fit(X, y)
    history, future = series[:200], series[200:203, 1:]
    window = np.concatenate([history[-12:], np.full((4, 2), np.nan)])
    window[12:15, 1] = future[:, 0]
    window[15, 1] = future[-1, 0]
    expected = model.predict(window[np.newaxis])[0, :3]
    np.testing.assert_allclose(model.forecast(history, 3, future=future), expected)


def test_recursive_forecast_past_the_horizon_feeds_predictions_back():
    series = _promo_series(300)
    X, y = make_windows(series, 12, horizon=4, future_covariates=[1])
    model = RNNForecaster(**TINY).fit(X, y)
    history, future = series[:200], series[200:210, 1:]
    out = model.forecast(history, 10, future=future)
    # By hand: three calls of 4 steps, each window's past the previous output.
    values = np.concatenate(
        [
            history,
            np.column_stack(
                [np.zeros(12), np.r_[future[:, 0], future[-1, 0], future[-1, 0]]]
            ),
        ]
    )
    produced = []
    for call in range(3):
        start = 200 + 4 * call
        window = values[start - 12 : start + 4].copy()
        window[12:, 0] = np.nan
        point = model.predict(window[np.newaxis])[0]
        values[start : start + 4, 0] = point
        produced.append(point)
    np.testing.assert_allclose(out, np.concatenate(produced)[:10])
    # A batch of histories of different lengths, each with its own future.
    batch = model.forecast(
        [history, series[:150]], 10, future=np.stack([future, series[150:160, 1:]])
    )
    np.testing.assert_allclose(batch[0], out)
    np.testing.assert_allclose(
        batch[1], model.forecast(series[:150], 10, future=series[150:160, 1:])
    )


def test_quantiles_patches_and_persistence(tmp_path):
    series = _promo_series(400)
    X, y = make_windows(series, 12, horizon=4, future_covariates=[1])
    model = RNNForecaster(quantiles=(0.1, 0.9), patch_length=4, **TINY).fit(X, y)
    lower, upper = model.predict_interval(X[:5], coverage=0.8)
    assert lower.shape == (5, 4) and np.all(lower <= upper)
    point, lo, hi = model.forecast(series, 4, future=np.ones((4, 1)), coverage=0.8)
    assert point.shape == lo.shape == hi.shape == (4,)
    with pytest.raises(ValueError, match="intervals past the trained horizon"):
        model.forecast(series, 5, future=np.ones((5, 1)), coverage=0.8)
    restored = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(restored.predict(X[:5]), model.predict(X[:5]))
    save(model, tmp_path / "model.skrnn")
    np.testing.assert_array_equal(
        load(tmp_path / "model.skrnn").predict(X[:5]), model.predict(X[:5])
    )


def test_patch_length_must_divide_the_future_part():
    X, y = make_windows(_promo_series(200), 12, horizon=3, future_covariates=[1])
    # 12 + 3 = 15 steps are a multiple of 5, but the 3 future steps are not.
    with pytest.raises(ValueError, match=r"patch_length=5 must divide .* its 3"):
        RNNForecaster(patch_length=5, **TINY).fit(X, y)
    assert RNNForecaster(patch_length=3, **TINY).fit(X, y).predict(X[:2]).shape == (
        2,
        3,
    )


def test_ensemble_forecasts_with_future():
    series = _promo_series(300)
    X, y = make_windows(series, 12, horizon=4, future_covariates=[1])
    ensemble = SeedEnsembleForecaster(RNNForecaster(**TINY), n_seeds=2, random_state=0)
    ensemble.fit(X, y)
    future = series[200:206, 1:]
    members = [m.forecast(series[:200], 6, future=future) for m in ensemble.estimators_]
    np.testing.assert_allclose(
        ensemble.forecast(series[:200], 6, future=future), np.mean(members, axis=0)
    )
