"""Bad inputs of future-known covariates: windows, make_windows, forecast."""

import numpy as np
from _bad_inputs import Case

from sklearn_rnn import RNNForecaster, make_windows

TINY = {"hidden_size": 4, "max_epochs": 1, "random_state": 0}
F = "RNNForecaster"


def _series(n=60):
    t = np.arange(n, dtype=float)
    return np.column_stack([np.sin(0.3 * t), np.cos(0.3 * t), t % 7])


def _windows(**kwargs):
    return make_windows(_series(), 8, horizon=2, future_covariates=[1], **kwargs)


def _fitted():
    X, y = _windows()
    return RNNForecaster(**TINY).fit(X, y)


def _nan_in_past():
    X, y = _windows()
    X[0, 3, 1] = np.nan
    return RNNForecaster(**TINY).fit(X, y)


def _mixed_future():
    X, y = _windows()
    X[0, -1, 1] = np.nan  # known in every other window
    return RNNForecaster(**TINY).fit(X, y)


def _nothing_known():
    X, y = _windows()
    X[:, -2:, 1] = np.nan
    return RNNForecaster(**TINY).fit(X, y)


def _future_not_horizon():
    X, y = _windows()
    return RNNForecaster(**TINY).fit(X, y[:, 0])


def _predict_without_future():
    X, _ = make_windows(_series(), 10, horizon=2)
    return _fitted().predict(X)


CASES = [
    Case(
        "sklearn_rnn.make_windows",
        "future_covariates on 1-D",
        lambda: make_windows(np.arange(20.0), 4, future_covariates=[1]),
        ValueError,
        r"future_covariates needs a 2-D series \(n_timesteps, n_features\)",
    ),
    Case(
        "sklearn_rnn.make_windows",
        "future_covariates names the target",
        lambda: make_windows(_series(), 4, future_covariates=[0]),
        ValueError,
        r"future_covariates must be a list of column indices .*\(1 \.\. 2; column "
        r"0 is the target\), got \[0\]",
    ),
    Case(
        "sklearn_rnn.make_windows",
        "future_covariates not ints",
        lambda: make_windows(_series(), 4, future_covariates=["price"]),
        ValueError,
        r"future_covariates must be a list of column indices",
    ),
    Case(
        f"{F}.fit",
        "NaN in the past of future windows",
        _nan_in_past,
        ValueError,
        r"X must not contain NaN or infinity; found nan at index \(0, 3, 1\) "
        r"\(NaN may only mark the future part",
    ),
    Case(
        f"{F}.fit",
        "covariate partly missing in the future",
        _mixed_future,
        ValueError,
        r"X\[:, -2:, 1\] \(feature 1 over the 2 future step\(s\)\) is missing in "
        "some windows and given in others",
    ),
    Case(
        f"{F}.fit",
        "no covariate known in the future",
        _nothing_known,
        ValueError,
        r"X has 2 future time step\(s\) but no covariate is given over them",
    ),
    Case(
        f"{F}.fit",
        "future steps are not the horizon",
        _future_not_horizon,
        ValueError,
        r"X has 2 future time step\(s\) .* but y has horizon 1 value\(s\)",
    ),
    Case(
        f"{F}.predict",
        "windows without the fitted future part",
        _predict_without_future,
        ValueError,
        r"X has no future steps, but RNNForecaster was fitted on windows with 2 "
        r"future step\(s\) with feature\(s\) \[1\] known there",
    ),
    Case(
        f"{F}.forecast",
        "future missing",
        lambda: _fitted().forecast(_series(), steps=2),
        ValueError,
        r"future is required: the model reads 1 future-known covariate\(s\) "
        r"\(feature\(s\) \[1\]\) .* of shape \(steps, 1\)",
    ),
    Case(
        f"{F}.forecast",
        "future too short",
        lambda: _fitted().forecast(_series(), steps=2, future=np.zeros((1, 1))),
        ValueError,
        r"future must be of shape \(steps, 1\) with at least steps=2 rows .*got "
        r"shape \(1, 1\)",
    ),
    Case(
        f"{F}.forecast",
        "future with NaN",
        lambda: _fitted().forecast(_series(), steps=2, future=[[1.0], [np.nan]]),
        ValueError,
        r"future must not contain NaN or infinity",
    ),
    Case(
        f"{F}.forecast",
        "history of the wrong width",
        lambda: _fitted().forecast(_series()[:, :2], steps=2, future=np.zeros((2, 1))),
        ValueError,
        r"history has 2 features per time step; the model was fitted on 3",
    ),
    Case(
        f"{F}.forecast",
        "history too short",
        lambda: _fitted().forecast(_series()[:5], steps=2, future=np.zeros((2, 1))),
        ValueError,
        r"history has 5 time steps; it needs at least the 8 observed steps",
    ),
    Case(
        f"{F}.forecast",
        "past-only covariate beyond the horizon",
        lambda: _fitted().forecast(_series(), steps=3, future=np.zeros((3, 1))),
        ValueError,
        r"steps=3 is beyond this model's horizon_=2: some covariates are known only",
    ),
    Case(
        f"{F}.forecast",
        "future for a univariate model",
        lambda: (
            RNNForecaster(**TINY)
            .fit(*make_windows(_series()[:, 0], 8))
            .forecast(_series()[:, 0], steps=2, future=np.zeros((2, 1)))
        ),
        ValueError,
        r"future gives covariates, but this model was fitted on univariate windows",
    ),
]
