"""RNNForecaster's loss weights: ``sample_weight``, missing targets, units check."""

import warnings

import numpy as np
import pytest
import sklearn
import torch
from sklearn.compose import TransformedTargetRegressor
from sklearn.metrics import get_scorer
from sklearn.model_selection import cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from sklearn_rnn import RNNForecaster, SeedEnsembleForecaster, make_windows
from sklearn_rnn.modules import ForecastLoss

SERIES = np.sin(0.2 * np.arange(500))
X, Y = make_windows(SERIES, window_length=12, horizon=2)
SMALL = {"hidden_size": 12, "max_epochs": 15, "lr": 0.01, "random_state": 0}


def test_weighted_loss_is_the_weighted_mean_of_the_terms():
    y_pred, y = torch.randn(5, 3, 2), torch.randn(5, 2)
    weight = torch.rand(5, 2)
    loss = ForecastLoss("squared_error", quantiles=(0.2, 0.8))
    q = torch.tensor([0.2, 0.8])[None, :, None]
    error = y[:, None] - y_pred[:, 1:]
    expected = (weight * (y - y_pred[:, 0]) ** 2).mean() + (
        weight[:, None] * torch.maximum(q * error, (q - 1) * error)
    ).mean()
    assert torch.allclose(loss(y_pred, (y, weight)), expected)


def test_unit_weights_train_exactly_as_no_weights():
    model = RNNForecaster(**{**SMALL, "max_epochs": 3})
    expected = model.fit(X, Y).predict(X[:20])
    np.testing.assert_array_equal(
        model.fit(X, Y, sample_weight=np.ones(len(X))).predict(X[:20]), expected
    )
    np.testing.assert_array_equal(
        model.fit(X, Y, sample_weight=3.0).predict(X[:20]), expected
    )


def test_integer_weights_train_as_repeated_windows():
    # scikit-learn's check_sample_weight_equivalence asks for rtol=1e-7, beyond
    # float32 training (the sums run in another order); in float32 the weighted
    # and the repeated fits agree to rounding.
    # Noisy targets, so that the weights change the fit (the highway's
    # cross-validated penalty included).
    rng = np.random.default_rng(0)
    weight = rng.integers(0, 4, size=40)
    y = Y[:40] + 0.3 * rng.normal(size=Y[:40].shape)
    model = RNNForecaster(**{**SMALL, "batch_size": 128})
    repeated = model.fit(X[:40].repeat(weight, axis=0), y.repeat(weight, axis=0))
    expected = repeated.predict(X[:40])
    weighted = model.fit(X[:40], y, sample_weight=weight).predict(X[:40])
    np.testing.assert_allclose(weighted, expected, rtol=1e-4, atol=1e-5)
    other = model.fit(X[:40], y).predict(X[:40])
    assert np.abs(other - expected).max() > 1e-2  # the weights matter


def test_zero_weight_windows_do_not_teach():
    rng = np.random.default_rng(0)
    corrupt = rng.random(len(X)) < 0.4
    y = np.where(corrupt[:, None], rng.normal(0, 5, Y.shape), Y)
    weighted = RNNForecaster(**SMALL).fit(X, y, sample_weight=~corrupt)
    plain = RNNForecaster(**SMALL).fit(X, y)
    assert weighted.score(X[~corrupt], Y[~corrupt]) > 0.99
    assert plain.score(X[~corrupt], Y[~corrupt]) < 0.9


def test_weights_shift_the_fit_towards_heavy_windows():
    # Two contradictory targets for the same windows: the fit follows the weights.
    y = np.concatenate([Y[:, :1], -Y[:, :1]])
    Xs = np.concatenate([X, X])
    weight = np.r_[np.full(len(X), 9.0), np.ones(len(X))]
    model = RNNForecaster(**SMALL).fit(Xs, y[:, 0], sample_weight=weight)
    pred = model.predict(X)
    # The weighted mean of +y and -y is 0.8 y.
    assert np.corrcoef(pred, Y[:, 0])[0, 1] > 0.9
    assert 0.5 < np.polyfit(Y[:, 0], pred, 1)[0] < 1.0


def test_missing_targets_are_left_out_of_the_loss():
    rng = np.random.default_rng(1)
    y = Y.copy()
    y[rng.random(Y.shape) < 0.3] = np.nan
    y[::7] = [np.nan, 1e6]  # garbage next to a missing value: weighed by its window
    y[::7, 1] = np.nan
    model = RNNForecaster(**SMALL, early_stopping=True).fit(X, y)
    assert np.isfinite(model.loss_curve_).all()
    assert np.isfinite(model.history_[-1, "valid_loss"])
    assert model.score(X, Y) > 0.9


def test_missing_validation_targets_are_left_out():
    y_val = Y[400:].copy()
    y_val[::2, 0] = np.nan
    model = RNNForecaster(**{**SMALL, "max_epochs": 3}).fit(
        X[:400], Y[:400], validation_data=(X[400:], y_val)
    )
    assert np.isfinite(model.history_[:, "valid_loss"]).all()


@pytest.mark.parametrize(
    ("y", "sample_weight", "match"),
    [
        (np.full(Y.shape, np.nan), None, "every target is missing"),
        (Y, np.zeros(len(X)), "every observed target has zero sample_weight"),
    ],
)
def test_nothing_to_learn_from_is_an_error(y, sample_weight, match):
    with pytest.raises(ValueError, match=f"y leaves nothing to learn from: {match}"):
        RNNForecaster(**SMALL).fit(X, y, sample_weight=sample_weight)


def test_ensemble_passes_sample_weight_to_members():
    rng = np.random.default_rng(0)
    corrupt = rng.random(len(X)) < 0.4
    y = np.where(corrupt[:, None], rng.normal(0, 5, Y.shape), Y)
    ensemble = SeedEnsembleForecaster(RNNForecaster(**SMALL), n_seeds=2)
    ensemble.fit(X, y, sample_weight=~corrupt)
    assert ensemble.score(X[~corrupt], Y[~corrupt]) > 0.9


def test_sample_weight_is_routed_through_pipelines_and_cross_validate():
    rng = np.random.default_rng(0)
    corrupt = rng.random(len(X)) < 0.4
    y = np.where(corrupt[:, None], rng.normal(0, 5, Y.shape), Y)
    with sklearn.config_context(enable_metadata_routing=True):
        model = RNNForecaster(**SMALL).set_fit_request(sample_weight=True)
        pipe = make_pipeline(FunctionTransformer(), model)
        pipe.fit(X, y, sample_weight=~corrupt)
        assert pipe.score(X[~corrupt], Y[~corrupt]) > 0.9
        scorer = get_scorer("r2").set_score_request(sample_weight=False)
        scores = cross_validate(
            model, X, y, cv=2, params={"sample_weight": ~corrupt}, scoring=scorer
        )
    assert len(scores["test_score"]) == 2


def test_a_target_transformed_apart_from_its_windows_warns():
    level = 300 + 50 * SERIES
    Xl, yl = make_windows(level, window_length=12)
    model = TransformedTargetRegressor(
        RNNForecaster(**{**SMALL, "max_epochs": 1}), func=np.log, inverse_func=np.exp
    )
    with pytest.warns(UserWarning, match="y seems to be in other units than X"):
        model.fit(Xl, yl)


@pytest.mark.parametrize(
    "series",
    [
        SERIES,
        np.cumsum(np.random.default_rng(0).normal(size=500)),  # random walk
        0.5 * np.arange(500.0),  # trend
        np.where(np.random.default_rng(1).random(500) < 0.1, 5.0, 0.0),  # sparse
    ],
    ids=["seasonal", "random walk", "trend", "intermittent"],
)
def test_ordinary_series_do_not_warn(series):
    Xs, ys = make_windows(series, window_length=12)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        RNNForecaster(**{**SMALL, "max_epochs": 1}).fit(Xs, ys)
