"""The forecaster's highway: a ridge fit in closed form, set before training."""

import warnings

import numpy as np
import pytest
import torch

from sklearn_rnn import RNNForecaster, make_windows
from sklearn_rnn._training.splits import tail_bounds
from sklearn_rnn.forecasting import _highway
from sklearn_rnn.forecasting._highway import ridge_highway
from sklearn_rnn.forecasting._scaling import standardize


def _linear_data(n=300, p=6, h=2, noise=0.0, seed=0):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(n, p))
    coef = rng.normal(size=(p, h))
    Y = A @ coef + np.array([0.5, -1.0])[:h] + noise * rng.normal(size=(n, h))
    return torch.from_numpy(A), torch.from_numpy(Y), coef


def test_ridge_recovers_a_noise_free_linear_map_and_its_intercept():
    A, Y, coef = _linear_data()
    fitted, intercept = ridge_highway(A.float(), Y.float())
    np.testing.assert_allclose(fitted, coef.T, atol=1e-3)
    np.testing.assert_allclose(intercept, [0.5, -1.0], atol=1e-3)


def test_ridge_shrinks_where_the_targets_are_noise():
    # Cross-validation picks a large penalty for targets unrelated to the
    # windows, a small one for a strong signal, column by column.
    A, Y, coef = _linear_data(n=60, p=12, h=2)
    rng = np.random.default_rng(1)
    Y[:, 1] = torch.from_numpy(rng.normal(size=60))
    fitted, _ = ridge_highway(A, Y)
    least_squares = np.linalg.lstsq(A.numpy(), Y[:, 1].numpy(), rcond=None)[0]
    assert np.abs(fitted[1]).sum() < 0.5 * np.abs(least_squares).sum()
    np.testing.assert_allclose(fitted[0], coef[:, 0], atol=0.05)


def test_windows_with_a_zero_weight_target_are_left_out():
    A, Y, _ = _linear_data(noise=0.3)
    weight = torch.ones_like(Y)
    weight[::3, 1] = 0.0  # a missing target: the whole window is left out
    weight[1::3] = 2.0
    corrupted = Y.clone()
    corrupted[::3, 1] = 1e6
    kept = torch.ones(len(Y), dtype=bool)
    kept[::3] = False
    fitted = ridge_highway(A, corrupted, weight)
    repeated = torch.cat([torch.arange(len(Y))[kept], torch.arange(1, len(Y), 3)])
    expected = ridge_highway(A[repeated], Y[repeated])
    for got, want in zip(fitted, expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-9)


def test_ridge_of_constant_or_missing_windows_is_zero_without_warnings():
    A = torch.zeros(10, 4)
    Y = torch.ones(10, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for weight in (None, torch.zeros(10, 3)):
            coef, intercept = ridge_highway(A, Y, weight)
            assert coef.shape == (3, 4) and not coef.any()
    assert intercept.shape == (3,)


def test_ridge_of_one_window_is_its_targets():
    # Too few windows for cross-validation to choose a penalty: the forecast is
    # the targets' mean, whatever the window.
    coef, intercept = ridge_highway(torch.randn(1, 4), torch.tensor([[2.0, 3.0]]))
    assert not coef.any()
    np.testing.assert_allclose(intercept, [2.0, 3.0])


def test_ridge_is_the_same_chunk_by_chunk(monkeypatch):
    A, Y, _ = _linear_data(n=250, noise=0.5)
    whole = ridge_highway(A, Y)
    monkeypatch.setattr(_highway, "_CHUNK", 64)
    for got, want in zip(ridge_highway(A, Y), whole, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)


def _ridge_of(model, X, y):
    """The ridge fit of a fitted forecaster's own scaled windows and targets."""
    X_t, loc, scale = model._encode(X[:, :, None])
    return ridge_highway(X_t[:, :, 0], torch.from_numpy(standardize(y, loc, scale)))


@pytest.mark.parametrize("max_epochs", [1, 4])
def test_forecaster_sets_the_highway_to_the_ridge_of_its_scaled_windows(max_epochs):
    rng = np.random.default_rng(0)
    series = np.cumsum(rng.normal(size=200)) + 10
    X, y = make_windows(series, 12, horizon=3)
    model = RNNForecaster(hidden_size=4, max_epochs=max_epochs, random_state=0)
    model.fit(X, y)
    coef, intercept = _ridge_of(model, X, y)
    highway = model.net_.module_.highway
    np.testing.assert_allclose(highway.weight.numpy(), coef, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(highway.bias.numpy(), intercept, rtol=1e-5, atol=1e-6)


def test_highway_sees_only_the_training_part_under_early_stopping():
    # Time safety: the held-out tail (and the gap before it) is not regressed on.
    rng = np.random.default_rng(1)
    series = np.cumsum(rng.normal(size=300))
    X, y = make_windows(series, 12, horizon=3)
    model = RNNForecaster(
        hidden_size=4, max_epochs=2, early_stopping=True, random_state=0
    ).fit(X, y)
    end, _ = tail_bounds(len(X), 0.1, gap=2)
    coef, _ = _ridge_of(model, X[:end], y[:end])
    weight = model.net_.module_.highway.weight.numpy()
    np.testing.assert_allclose(weight, coef, rtol=1e-5, atol=1e-6)
    everything, _ = _ridge_of(model, X, y)
    assert np.abs(weight - everything).max() > 1e-3
