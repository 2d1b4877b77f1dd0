"""RNNForecaster: learning, shapes, the sklearn workflow, and its error messages."""

import pickle
import warnings

import numpy as np
import pytest
import torch
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit, cross_val_score
from sklearn.pipeline import make_pipeline

from sklearn_rnn import (
    RNNForecaster,
    SlidingWindowTransformer,
    make_panel_windows,
    make_windows,
)
from sklearn_rnn.datasets import load_air_passengers
from sklearn_rnn.metrics import (
    mean_absolute_scaled_error,
    symmetric_mean_absolute_percentage_error,
)

TINY = {"hidden_size": 8, "max_epochs": 5, "random_state": 0}


@pytest.fixture(scope="module")
def sine_windows():
    """The classic noisy sine, sin(t) + N(0, 0.2), cut into windows of 10."""
    rng = np.random.default_rng(0)
    t = np.arange(0, 120, 0.2)
    series = np.sin(t) + rng.normal(0, 0.2, size=t.shape)
    X, y = make_windows(series, window_length=10)
    return X, y, series


@pytest.fixture(scope="module")
def fitted_sine(sine_windows):
    X, y, _ = sine_windows
    model = RNNForecaster(hidden_size=16, max_epochs=30, random_state=0)
    return model.fit(X[:450], y[:450])


def test_noisy_sine_r2_on_held_out_windows(fitted_sine, sine_windows):
    X, y, _ = sine_windows
    # The noise caps R2 near 1 - 0.04 / 0.54 = 0.93.
    assert fitted_sine.score(X[450:], y[450:]) > 0.8


def test_loss_falls():
    # The next value is the window's maximum: beyond the linear highway (which
    # starts the fit), so the recurrent core has to learn it. Measured: the last
    # epoch's loss is 0.32 of the first's.
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 10))
    model = RNNForecaster(hidden_size=16, max_epochs=30, random_state=0)
    curve = model.fit(X, X.max(axis=1)).loss_curve_
    assert len(curve) == model.n_iter_ == 30
    assert curve[-1] < 0.5 * curve[0]


@pytest.mark.slow
def test_air_passengers_beats_seasonal_naive():
    series = load_air_passengers()
    train, test = series[:120], series[120:]
    X, y = make_windows(train, window_length=24, horizon=12)
    model = RNNForecaster(max_epochs=200, random_state=0).fit(X, y)
    forecast = model.forecast(train, steps=24)
    seasonal_naive = np.tile(train[-12:], 2)
    mase = mean_absolute_scaled_error(test, forecast, y_train=train, seasonality=12)
    naive_mase = mean_absolute_scaled_error(
        test, seasonal_naive, y_train=train, seasonality=12
    )
    assert naive_mase == pytest.approx(2.494, abs=1e-3)
    assert mase < 0.8 * naive_mase


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
def test_every_cell_learns(cell, nonlinearity, sine_windows):
    X, y, _ = sine_windows
    model = RNNForecaster(
        cell=cell,
        nonlinearity=nonlinearity,
        hidden_size=8,
        max_epochs=8,
        random_state=0,
    ).fit(X[:300], y[:300])
    assert model.loss_curve_[-1] < model.loss_curve_[0]
    assert model.score(X[300:], y[300:]) > 0.5


def test_relu_changes_only_the_vanilla_rnn(sine_windows):
    X, y, _ = sine_windows
    preds = {
        (cell, nl): RNNForecaster(cell=cell, nonlinearity=nl, **TINY)
        .fit(X[:100], y[:100])
        .predict(X[:5])
        for cell in ("rnn", "gru")
        for nl in ("tanh", "relu")
    }
    assert not np.allclose(preds["rnn", "tanh"], preds["rnn", "relu"])
    np.testing.assert_array_equal(preds["gru", "tanh"], preds["gru", "relu"])


@pytest.mark.parametrize("num_layers, dropout", [(1, 0.0), (2, 0.3)])
def test_stacked_layers(num_layers, dropout, sine_windows):
    X, y, _ = sine_windows
    model = RNNForecaster(num_layers=num_layers, dropout=dropout, **TINY)
    model.fit(X[:100], y[:100])
    assert model.net_.module_.core.num_layers == num_layers
    assert model.net_.module_.core.dropout == dropout


@pytest.mark.parametrize("horizon", [1, 3])
@pytest.mark.parametrize("n_features", [None, 2])
def test_predict_returns_the_shape_of_y(horizon, n_features):
    rng = np.random.default_rng(0)
    series = rng.normal(size=(200, n_features)) if n_features else rng.normal(size=200)
    X, y = make_windows(series, window_length=7, horizon=horizon)
    model = RNNForecaster(**TINY).fit(X, y)
    assert model.predict(X).shape == y.shape
    assert model.n_features_in_ == 7
    assert model.n_features_per_step_ == (n_features or 1)
    assert model.horizon_ == horizon


def test_column_vector_y_keeps_its_shape():
    X, y = make_windows(np.sin(np.arange(100.0)), window_length=5)
    model = RNNForecaster(**TINY).fit(X, y[:, None])
    assert model.predict(X).shape == (len(X), 1)


def test_covariates_are_used():
    # target[t + 1] = 0.5 * target[t] + covariate[t]: without the covariate, at most
    # R2 = 0.25 is reachable; with it, nearly 1.
    rng = np.random.default_rng(0)
    covariate = rng.normal(size=600)
    target = np.zeros(600)
    for t in range(599):
        target[t + 1] = 0.5 * target[t] + covariate[t]
    X, y = make_windows(np.column_stack([target, covariate]), window_length=5)
    params = {
        "scaling": "global",
        "hidden_size": 16,
        "max_epochs": 30,
        "random_state": 0,
    }
    with_cov = RNNForecaster(**params).fit(X[:450], y[:450])
    without = RNNForecaster(**params).fit(X[:450, :, 0], y[:450])
    assert with_cov.score(X[450:], y[450:]) > 0.9
    assert without.score(X[450:, :, 0], y[450:]) < 0.4


def test_pandas_input(sine_windows):
    pd = pytest.importorskip("pandas")
    X, y, _ = sine_windows
    columns = [f"lag{i}" for i in range(X.shape[1])]
    X_df, y_s = pd.DataFrame(X, columns=columns), pd.Series(y)
    model = RNNForecaster(**TINY).fit(X_df[:200], y_s[:200])
    assert list(model.feature_names_in_) == columns
    # Same model as from numpy (a DataFrame's column-major copy may round the
    # scaling's sums differently in the last bit).
    np.testing.assert_allclose(
        model.predict(X_df[200:210]),
        RNNForecaster(**TINY).fit(X[:200], y[:200]).predict(X[200:210]),
        rtol=1e-12,
    )


def test_same_random_state_same_predictions(sine_windows):
    X, y, _ = sine_windows
    a = RNNForecaster(**TINY).fit(X[:200], y[:200]).predict(X)
    b = RNNForecaster(**TINY).fit(X[:200], y[:200]).predict(X)
    c = RNNForecaster(**{**TINY, "random_state": 1}).fit(X[:200], y[:200]).predict(X)
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)


def test_fit_leaves_torch_global_rng_alone(sine_windows):
    X, y, _ = sine_windows
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    RNNForecaster(**TINY).fit(X[:50], y[:50])
    np.testing.assert_array_equal(torch.rand(3), expected)


def test_random_state_none_differs_between_fits(sine_windows):
    X, y, _ = sine_windows
    params = {**TINY, "random_state": None}
    a = RNNForecaster(**params).fit(X[:50], y[:50]).predict(X[:5])
    b = RNNForecaster(**params).fit(X[:50], y[:50]).predict(X[:5])
    assert not np.array_equal(a, b)


def test_clone_and_pickle_round_trip(fitted_sine, sine_windows):
    X, _, _ = sine_windows
    cloned = clone(fitted_sine)
    assert cloned.get_params() == fitted_sine.get_params()
    assert not hasattr(cloned, "net_")
    restored = pickle.loads(pickle.dumps(fitted_sine))
    np.testing.assert_array_equal(restored.predict(X), fitted_sine.predict(X))


def test_forecast_recursive_past_the_horizon(fitted_sine, sine_windows):
    _, _, series = sine_windows
    history = series[:450]
    out = fitted_sine.forecast(history, steps=4)
    assert out.shape == (4,)
    # Step one is a plain prediction on the last window; step two feeds it back.
    first = fitted_sine.predict(history[-10:][None])[0]
    second = fitted_sine.predict(np.append(history[-9:], first)[None])[0]
    np.testing.assert_allclose(out[:2], [first, second])


def test_forecast_with_a_multi_step_model():
    X, y = make_windows(np.sin(0.3 * np.arange(300)), window_length=8, horizon=3)
    model = RNNForecaster(**TINY).fit(X, y)
    history = np.sin(0.3 * np.arange(50))
    np.testing.assert_allclose(
        model.forecast(history, 3), model.predict(history[None, -8:])[0]
    )
    assert model.forecast(history, steps=7).shape == (7,)


def test_forecast_batches(fitted_sine, sine_windows):
    _, _, series = sine_windows
    batch = np.stack([series[:100], series[100:200]])
    out = fitted_sine.forecast(batch, steps=5)
    assert out.shape == (2, 5)
    np.testing.assert_allclose(out[1], fitted_sine.forecast(series[100:200], 5))
    ragged = fitted_sine.forecast([series[:30], series[:100]], steps=5)
    np.testing.assert_allclose(ragged[1], out[0])


def test_early_stopping_validates_on_the_last_samples(sine_windows):
    X, y, _ = sine_windows
    model = RNNForecaster(
        early_stopping=True,
        validation_fraction=0.25,
        n_iter_no_change=2,
        max_epochs=200,
        hidden_size=8,
        random_state=0,
    ).fit(X[:400], y[:400])
    assert model.n_iter_ < 200
    batch_sizes = model.history_[0, "batches", :, "valid_batch_size"]
    assert sum(batch_sizes) == 100
    # The best validation loss is the restored model's loss on the last 100 windows.
    X_tail, loc, scale = model._encode(X[300:400, :, None])
    y_tail = (y[300:400, None] - loc) / scale
    mse = float(((model._forward(X_tail).numpy() - y_tail) ** 2).mean())
    assert mse == pytest.approx(min(model.history_[:, "valid_loss"]), rel=1e-4)


def test_verbose(sine_windows, capsys):
    X, y, _ = sine_windows
    RNNForecaster(**TINY).fit(X[:50], y[:50])
    assert capsys.readouterr().out == ""
    RNNForecaster(**{**TINY, "verbose": 1}).fit(X[:50], y[:50])
    out = capsys.readouterr().out
    assert "train_loss" in out and out.count("\n") >= 5


def test_grid_search_over_window_length_in_a_pipeline():
    series = np.sin(0.3 * np.arange(240.0))
    X, y = series[:-1, None], series[1:]
    pipe = make_pipeline(SlidingWindowTransformer(), RNNForecaster(**TINY))
    search = GridSearchCV(
        pipe,
        {"slidingwindowtransformer__window_length": [2, 6]},
        cv=TimeSeriesSplit(n_splits=3),
    ).fit(X, y)
    assert search.best_params_["slidingwindowtransformer__window_length"] in (2, 6)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert search.predict(X[:10]).shape == (10,)


def test_cross_val_score_with_time_series_split(sine_windows):
    X, y, _ = sine_windows
    scores = cross_val_score(
        RNNForecaster(**TINY), X, y, cv=TimeSeriesSplit(n_splits=2)
    )
    assert scores.shape == (2,)


# --- errors -----------------------------------------------------------------


def test_predict_before_fit():
    with pytest.raises(NotFittedError, match="not fitted yet"):
        RNNForecaster().predict(np.zeros((2, 3)))
    with pytest.raises(NotFittedError, match="not fitted yet"):
        RNNForecaster().forecast(np.zeros(5), steps=1)


@pytest.mark.parametrize(
    "X, y, match",
    [
        (
            np.array([[0.0, np.nan]] * 3),
            np.zeros(3),
            "X must not contain NaN or infinity; found nan at index \\(0, 1\\)",
        ),
        (np.array([[0.0, np.inf]] * 3), np.zeros(3), "X must not contain NaN or inf"),
        (
            np.zeros((3, 2)),
            np.array([0.0, np.inf, 1.0]),
            "y must not contain infinity; found inf",
        ),
        (np.zeros((3, 2)), np.zeros(4), "inconsistent numbers of samples: \\[3, 4\\]"),
        (np.zeros(3), np.zeros(3), "X must be 2-D or 3-D .*shape \\(3,\\)"),
        (np.zeros((3, 2, 1, 1)), np.zeros(3), "got an array of shape \\(3, 2, 1, 1\\)"),
        (
            np.zeros((3, 2)),
            np.zeros((3, 2, 1)),
            "y must be 1-D or 2-D \\(n_samples,\\) .* shape \\(3, 2, 1\\)",
        ),
        ([["a", "b"]] * 3, np.zeros(3), "X must hold real numbers; got strings"),
    ],
)
def test_bad_fit_input(X, y, match):
    with pytest.raises((TypeError, ValueError), match=match):
        RNNForecaster(**TINY).fit(X, y)


def test_bad_predict_input(fitted_sine):
    with pytest.raises(ValueError, match="X has 9 features, but RNNForecaster is"):
        fitted_sine.predict(np.zeros((2, 9)))
    with pytest.raises(ValueError, match="X has 2 features per time step, but"):
        fitted_sine.predict(np.zeros((2, 10, 2)))
    with pytest.raises(ValueError, match="X must not contain NaN or infinity"):
        fitted_sine.predict(np.full((2, 10), np.nan))


@pytest.mark.parametrize(
    "history, steps, match",
    [
        (np.zeros(9), 2, "history has 9 values; it needs at least"),
        ([np.zeros(20), np.zeros(3)], 2, "history\\[1\\] has 3 values"),
        (np.zeros((2, 2, 20)), 2, "history must be 1-D"),
        (np.full(20, np.nan), 2, "history must not contain NaN or infinity"),
        (np.zeros(20), 0, "steps must be an integer >= 1, got 0"),
    ],
)
def test_bad_forecast_input(fitted_sine, history, steps, match):
    with pytest.raises(ValueError, match=match):
        fitted_sine.forecast(history, steps)


def test_forecast_steps_must_be_an_integer(fitted_sine):
    with pytest.raises(TypeError, match="steps must be an integer, got 2.5"):
        fitted_sine.forecast(np.zeros(20), 2.5)


def test_forecast_with_past_covariates_stays_within_the_horizon():
    series = np.zeros((50, 2)) + np.arange(50)[:, None]
    X, y = make_windows(series, window_length=5, horizon=3)
    model = RNNForecaster(**TINY).fit(X, y)
    # The last window of a 2-D history: the same as predict on it.
    np.testing.assert_allclose(
        model.forecast(series, steps=2), model.predict(series[None, -5:])[0, :2]
    )
    with pytest.raises(ValueError, match="steps=4 is beyond this model's horizon_=3"):
        model.forecast(series, steps=4)


@pytest.mark.parametrize(
    "param, value",
    [
        ("cell", "transformer"),
        ("hidden_size", 0),
        ("num_layers", 0),
        ("dropout", 1.0),
        ("nonlinearity", "sigmoid"),
        ("max_epochs", 0),
        ("batch_size", 0),
        ("lr", 0.0),
        ("optimizer", "lbfgs"),
        ("weight_decay", -1.0),
        ("clip_grad_norm", 0.0),
        ("early_stopping", "yes"),
        ("validation_fraction", 1.0),
        ("n_iter_no_change", 0),
        ("tol", -1.0),
        ("device", "tpu"),
        ("random_state", "seed"),
        ("verbose", -1),
        ("callbacks", "progress"),
        ("scaling", "minmax"),
    ],
)
def test_invalid_parameters_name_the_parameter(param, value):
    X, y = np.zeros((4, 3)), np.zeros(4)
    with pytest.raises(ValueError, match=f"The '{param}' parameter of RNNForecaster"):
        RNNForecaster(**{param: value}).fit(X, y)


@pytest.mark.parametrize("scaling", ["window", "mean", "global"])
def test_huge_finite_values_are_scaled_without_overflow(scaling):
    # Squaring 1e307 overflows float64: the spread is taken in scaled units.
    X, y = make_windows(np.sin(0.3 * np.arange(80)), window_length=8)
    small = RNNForecaster(hidden_size=4, max_epochs=2, scaling=scaling, random_state=0)
    huge = clone(small).fit(X * 1e307, y * 1e307)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        prediction = huge.predict(X * 1e307)
    assert np.isfinite(prediction).all()
    # Scale-free: the same model, in units of 1e307.
    np.testing.assert_allclose(prediction / 1e307, small.fit(X, y).predict(X), 1e-5)


def test_log_scaling_forecasts_spiky_positive_series_in_relative_terms():
    # A daily profile whose peak is 100 times its trough, with multiplicative
    # noise, at three levels (M4 Hourly's traffic-like series). Standardising the
    # raw windows sizes the errors by the peaks, so the troughs come out far off;
    # scaling="log" models the ratios and keeps them right.
    rng = np.random.default_rng(0)
    t = np.arange(300)
    profile = np.log(10) + np.log(100) * np.exp(-0.5 * ((t % 24 - 12) / 2.0) ** 2)
    panel = [
        np.exp(profile + np.log(level) + 0.1 * rng.normal(size=t.size))
        for level in (1, 3, 10)
    ]
    train, truth = [s[:-24] for s in panel], np.stack([s[-24:] for s in panel])
    X, y, _ = make_panel_windows(train, 48, horizon=24)
    params = dict(hidden_size=16, patch_length=12, loss="absolute_error")
    errors = {}
    for scaling in ("window", "log"):
        model = RNNForecaster(scaling=scaling, max_epochs=40, random_state=0, **params)
        forecast = model.fit(X, y).forecast(train, 24)
        errors[scaling] = symmetric_mean_absolute_percentage_error(truth, forecast)
        if scaling == "log":
            assert forecast.min() > 0
    assert errors["log"] < 12  # measured 7.8
    assert errors["log"] < 0.8 * errors["window"]  # measured 12.0


def test_log_scaling_quantiles_stay_positive_and_ordered():
    series = np.exp(np.sin(0.3 * np.arange(200)))
    X, y = make_windows(series, 12, horizon=3)
    model = RNNForecaster(
        scaling="log", quantiles=(0.1, 0.5, 0.9), max_epochs=5, random_state=0
    ).fit(X, y)
    lower, upper = model.predict_interval(X, coverage=0.8)
    assert lower.min() > 0 and np.all(lower <= upper)
    point, lower, upper = model.forecast(series, steps=7, coverage=0.8)
    assert point.shape == (7,) and lower.min() > 0 and np.all(lower <= upper)


def test_targets_that_overflow_after_scaling_are_refused():
    X, y = make_windows(np.sin(0.3 * np.arange(80)), window_length=8)
    y = y.copy()
    y[3] = 1e300
    with pytest.raises(ValueError, match="y holds values too far from their windows"):
        RNNForecaster(max_epochs=1).fit(X, y)


def test_early_stopping_leaves_a_gap_for_multi_step_targets():
    X, y = make_windows(np.sin(0.3 * np.arange(120)), window_length=5, horizon=4)
    model = RNNForecaster(early_stopping=True, validation_fraction=0.2, **TINY)
    model.fit(X, y)  # 112 windows: 22 validated, 3 left out, 87 trained on
    batches = model.history_[0, "batches"]
    assert sum(b["train_batch_size"] for b in batches if "train_batch_size" in b) == 87
    assert sum(b["valid_batch_size"] for b in batches if "valid_batch_size" in b) == 22


def test_early_stopping_needs_two_samples():
    with pytest.raises(ValueError, match="needs at least 2 samples"):
        RNNForecaster(early_stopping=True, **TINY).fit(np.zeros((1, 3)), np.zeros(1))


def test_cuda_requested_without_a_gpu():
    if torch.cuda.is_available():
        pytest.skip("a GPU is present")
    with pytest.raises(ValueError, match="device='cuda' was requested but no CUDA"):
        RNNForecaster(device="cuda", **TINY).fit(np.zeros((4, 3)), np.zeros(4))


def test_zero_features_per_step_and_empty_history_batch(fitted_sine):
    with pytest.raises(ValueError, match="with n_features >= 1, got an array of shape"):
        RNNForecaster(**TINY).fit(np.zeros((4, 3, 0)), np.zeros(4))
    with pytest.raises(ValueError, match="history is empty"):
        fitted_sine.forecast(np.zeros((0, 10)), steps=2)


def test_optimizer_and_callbacks_are_checked_and_not_mutated(sine_windows):
    from skorch.callbacks import EpochScoring

    X, y, _ = sine_windows
    with pytest.raises(
        TypeError, match="optimizer must be one of .* got <class 'int'>"
    ):
        RNNForecaster(optimizer=int, **TINY).fit(X[:20], y[:20])
    with pytest.raises(TypeError, match="callbacks must hold skorch callbacks.*item 0"):
        RNNForecaster(callbacks=[1], **TINY).fit(X[:20], y[:20])
    callback = EpochScoring("r2", name="r2")
    model = RNNForecaster(callbacks=[callback], **TINY).fit(X[:20], y[:20])
    assert not hasattr(callback, "best_score_")  # the net used a copy
    assert model.get_params()["callbacks"][0] is callback
    RNNForecaster(optimizer=torch.optim.SGD, **TINY).fit(X[:20], y[:20])


@pytest.mark.parametrize("name", ["adam", "adamw"])
def test_adam_by_name_uses_the_fused_kernel_with_the_same_updates(sine_windows, name):
    from sklearn_rnn._training.engine import _FUSED_ADAM, _OPTIMIZERS

    X, y, _ = sine_windows
    fused = RNNForecaster(optimizer=name, **TINY).fit(X[:40], y[:40])
    assert fused.net_.optimizer_.defaults["fused"] is _FUSED_ADAM
    plain = RNNForecaster(optimizer=_OPTIMIZERS[name], **TINY).fit(X[:40], y[:40])
    assert not plain.net_.optimizer_.defaults["fused"]
    np.testing.assert_allclose(fused.predict(X), plain.predict(X), rtol=1e-4, atol=1e-5)
