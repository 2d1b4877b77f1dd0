"""``forecast`` for models fitted on windows with covariates, in numpy.

Histories are 2-D per series (the target, then the covariates). With past-only
covariates a model forecasts up to its horizon; with every covariate known
ahead, :func:`covariate_forecast` goes on recursively as far as the future
values given reach.
"""

import numpy as np
import pandas as pd

from .._arrays import real_array, split_histories
from ._frame_forecast import frame_inputs
from ._input import check_log_domain
from ._levels import check_coverage, quantile_at

_HISTORY = (
    "(n_timesteps, n_features) for one series, (n_series, n_timesteps, "
    "n_features), or a list of 2-D series"
)


def covariate_histories(history, past_length, n_features):
    """The last ``past_length`` steps of each history of a covariate model,
    ``(n_series, past_length, n_features)``, and whether it was one series."""
    series, names, single = split_histories(
        history, 2, _HISTORY, "(n_timesteps, n_features)"
    )
    for name, s in zip(names, series, strict=True):
        if s.shape[1] != n_features:
            raise ValueError(
                f"{name} has {s.shape[1]} features per time step; the model was "
                f"fitted on {n_features} (the target, then its covariates)."
            )
        if len(s) < past_length:
            raise ValueError(
                f"{name} has {len(s)} time steps; it needs at least the "
                f"{past_length} observed steps of the model's windows."
            )
    return np.stack([s[-past_length:] for s in series]).astype(np.float64), single


def check_future(future, n_series, steps, known, single):
    """Future values of the known covariates, ``(n_series, steps, n_known)``."""
    n_known = int(known.sum())
    shapes = f"(steps, {n_known})" if single else f"(n_series, steps, {n_known})"
    if future is None:
        raise ValueError(
            f"future is required: the model reads {n_known} future-known "
            f"covariate(s) (feature(s) {np.flatnonzero(known).tolist()}) over the "
            f"forecast horizon; pass their values for the {steps} steps, of shape "
            f"{shapes}."
        )
    arr = real_array(future, "future", (2,) if single else (3,), shapes=shapes)
    if single:
        arr = arr[np.newaxis]
    if arr.shape[0] != n_series or arr.shape[2] != n_known or arr.shape[1] < steps:
        got = arr.shape[1:] if single else arr.shape
        raise ValueError(
            f"future must be of shape {shapes} with at least steps={steps} rows of "
            f"the {n_known} future-known covariate(s), in the order of their "
            f"features; got shape {got}."
        )
    return arr[:, :steps].astype(np.float64)


def covariate_forecast(predict, past, future, known, horizon, steps):
    """Recursive forecasts of a model whose windows end in ``horizon`` future
    steps with ``known`` covariates given there.

    ``past`` is ``(n, past_length, n_features)``, ``future`` the known
    covariates ``(n, steps, n_known)``. Each call forecasts the next
    ``horizon`` steps, which then join the observed past. The last call may
    reach past ``steps``: its covariates there repeat the last given row; the
    network reads forward in time, so the forecasts up to ``steps`` do not
    depend on them. Returns the point forecasts ``(n, steps)`` and the first
    call's output.
    """
    n, past_length, n_features = past.shape
    n_calls = -(-steps // horizon)
    total = past_length + n_calls * horizon
    series = np.full((n, total, n_features), np.nan)
    series[:, :past_length] = past
    padded = np.concatenate(
        [future, np.repeat(future[:, -1:], n_calls * horizon - steps, axis=1)], axis=1
    )
    series[:, past_length:, np.flatnonzero(known)] = padded
    first = None
    for call in range(n_calls):
        start = call * horizon
        window = series[:, start : start + past_length + horizon].copy()
        out = predict(window)
        first = out if first is None else first
        series[:, past_length + start : past_length + start + horizon, 0] = out[0]
    return series[:, past_length : past_length + steps, 0], first


def forecast_with_covariates(model, history, steps, future, coverage, columns, freq):
    """``forecast`` of ``model``, fitted on windows with covariates (see
    :meth:`RNNForecaster.forecast <sklearn_rnn.RNNForecaster.forecast>`)."""
    n_future, known = model.n_future_steps_, model.future_known_
    past_only = known is None or not known[1:].all()
    if steps > model.horizon_ and (past_only or coverage is not None):
        why = (
            "some covariates are known only up to the windows' end, so their "
            "later values are unknown"
            if past_only
            else "intervals past the trained horizon need a univariate model"
        )
        raise ValueError(
            f"steps={steps} is beyond this model's horizon_={model.horizon_}: "
            f"{why}. Forecast at most {model.horizon_} steps, or fit on windows "
            "with a longer horizon."
        )
    frame = None
    if isinstance(history, pd.DataFrame):
        history, future, frame = frame_inputs(
            model, history, future, steps, columns, freq
        )
    elif isinstance(history, pd.Series):
        raise TypeError(
            "history is a pandas Series, but the model reads covariates: pass "
            "2-D (n_timesteps, n_features) arrays, or a long-format DataFrame."
        )
    past, single = covariate_histories(
        history, model.n_features_in_ - n_future, model.n_features_per_step_
    )
    check_log_domain(model, past[:, :, 0], "history's target (feature 0)")
    module = model._inference_module()

    def predict(windows):
        return model._predict_windows(windows, module)

    if n_future:
        future = check_future(future, len(past), steps, known, single)
        point, first = covariate_forecast(
            predict, past, future, known, model.horizon_, steps
        )
    elif future is not None:
        raise ValueError(
            "future gives covariates, but this model's windows have no future "
            "steps (its covariates are past-only): leave future=None."
        )
    else:
        first = predict(past)
        point = first[0][:, :steps]
    out = [point]
    if coverage is not None:
        levels = check_coverage(coverage, model.quantiles_)
        out += [
            quantile_at(model.quantiles_, first[1], level)[:, :steps]
            for level in levels
        ]
    if frame is not None:
        return frame(out)
    out = [a[0] for a in out] if single else out
    return out[0] if len(out) == 1 else tuple(out)
