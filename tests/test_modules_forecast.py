"""ForecastModule's linear autoregressive highway."""

import numpy as np
import torch

from sklearn_rnn import RNNForecaster, make_windows
from sklearn_rnn.modules import ForecastModule


def _pair(**kwargs):
    torch.manual_seed(0)
    plain = ForecastModule(**kwargs)
    torch.manual_seed(0)
    with_highway = ForecastModule(past_steps=12, **kwargs)
    return plain, with_highway


def test_highway_starts_at_zero_and_gradient_descent_never_moves_it():
    # Same seed, same core and head: at initialisation the highway adds nothing;
    # its trainer sets it, and it gets no gradient.
    X = torch.randn(4, 12, 2)
    for kwargs in ({}, {"n_quantiles": 2}, {"patch_length": 4}):
        plain, with_highway = _pair(input_size=2, horizon=3, **kwargs)
        out = with_highway(X)
        torch.testing.assert_close(out, plain(X))
        out.sum().backward()
        assert not with_highway.highway.weight.requires_grad
        assert with_highway.highway.weight.grad is None
        assert with_highway.head.weight.grad.abs().sum() > 0


def test_highway_reads_the_targets_past_only():
    # With future-known covariates, the highway reads the 12 steps before the
    # future ones, feature 0 only.
    module = ForecastModule(input_size=2, horizon=4, future_steps=4, past_steps=12)
    with torch.no_grad():
        module.highway.weight.fill_(1.0)
    X = torch.randn(3, 16, 2)
    out = module(X)
    changed = X.clone()
    changed[:, 12:, 0] += 5.0  # the future part
    changed[:, :, 1] += 5.0  # the covariate
    torch.testing.assert_close(module(changed) - out, _core_change(module, X, changed))
    moved = X.clone()
    moved[:, 11, 0] += 1.0  # the last past value: every output moves by 1 more
    expected = _core_change(module, X, moved) + 1.0
    torch.testing.assert_close(module(moved) - out, expected)


def _core_change(module, before, after):
    """How the output moves through the core and head alone."""
    highway, module.highway = module.highway, None
    try:
        return module(after) - module(before)
    finally:
        module.highway = highway


def test_forecaster_learns_a_seasonal_random_walk_from_100_windows():
    # y[t] = y[t - 12] + noise: the best forecast is the value one season back,
    # a linear map of the window, which the highway's ridge fit finds before the
    # first epoch. Measured: 1.8 times the best forecast's squared error; 2.4
    # with a highway trained from zero, 63 without a highway.
    rng = np.random.default_rng(0)
    series = np.zeros(400)
    series[:12] = 3 * rng.normal(size=12)
    for t in range(12, 400):
        series[t] = series[t - 12] + 0.3 * rng.normal()
    X, y = make_windows(series, 24)
    model = RNNForecaster(hidden_size=8, random_state=0).fit(X[:100], y[:100])
    error = np.mean((model.predict(X[200:]) - y[200:]) ** 2)
    best = np.mean((X[200:, -12] - y[200:]) ** 2)
    assert error < 3 * best
    assert model.net_.module_.highway.weight.abs().max() > 0.1


def test_highway_runs_in_full_precision_under_autocast():
    # Mixed-precision training must not round the linear forecast to bfloat16
    # (3 significant digits): with the head at zero, the output is the highway's.
    module = ForecastModule(input_size=1, horizon=2, past_steps=12, hidden_size=4)
    with torch.no_grad():
        module.highway.weight.normal_()
        module.head.weight.zero_()
        module.head.bias.zero_()
    X = torch.randn(8, 12, 1)
    expected = X[:, :, 0] @ module.highway.weight.T + module.highway.bias
    with torch.autocast("cpu", dtype=torch.bfloat16):
        out = module(X)
    assert out.dtype == torch.float32
    torch.testing.assert_close(out, expected, rtol=1e-6, atol=1e-6)
