"""Future-known covariates in :class:`RNNForecaster` windows, checked in numpy.

A window may reach past its last observed value: its last ``horizon`` time steps
are the future it forecasts, the target (feature 0) missing (NaN) there, and each
covariate either given there (known in advance: calendar, prices, holidays) or
missing there too (known only up to the window's end). Anywhere else NaN is
refused, as is any infinity.

Examples
--------
>>> import numpy as np
>>> X = np.ones((2, 5, 3))
>>> X[:, 3:, 0] = np.nan  # the last 2 steps are the future: target unknown,
>>> X[:, 3:, 2] = np.nan  # feature 1 known there, feature 2 not
>>> future_layout(X, "X")
(2, array([False,  True, False]))
"""

import numpy as np

from ._arrays import check_finite, real_array

LAYOUT = (
    "NaN may only mark the future part of windows that carry future-known "
    "covariates: the target (feature 0) missing over the same last time steps of "
    "every window, each covariate given over all of them or missing over all"
)


def future_layout(X, name, ndim=3):
    """The number of future steps of 3-D windows ``X`` and which features are
    known there (feature 0 never); ``(0, None)`` for windows without NaN.

    Raises a ValueError naming ``name`` for NaN outside that layout, and for
    infinity anywhere; ``ndim`` is that of the user's array (2 for univariate
    windows, whose positions the messages give in 2-D). Univariate windows have
    no future part: any NaN in them is refused.
    """
    if X.shape[2] == 1:  # univariate: no covariate to know the future of
        check_finite(X[:, :, 0] if ndim == 2 else X, name)
        return 0, None
    check_finite(X, name, allow_nan=True)
    missing = np.isnan(X)
    if not missing.any():
        return 0, None
    target_missing = missing[:, :, 0].all(axis=0)
    n_future = int(np.argmin(target_missing[::-1])) if not target_missing.all() else 0
    past = X.shape[1] - n_future
    if n_future == 0 or missing[:, :past].any():
        where = np.argwhere(missing[:, :past] if n_future else missing)[0]
        raise ValueError(
            f"{name} must not contain NaN or infinity; found nan at index "
            f"{tuple(where.tolist())} ({LAYOUT})."
        )
    future = missing[:, past:, 1:]
    given = ~future.any(axis=(0, 1))
    mixed = future.any(axis=(0, 1)) & ~future.all(axis=(0, 1))
    if mixed.any():
        feature = int(np.flatnonzero(mixed)[0]) + 1
        raise ValueError(
            f"{name}[:, -{n_future}:, {feature}] (feature {feature} over the "
            f"{n_future} future step(s)) is missing in some windows and given in "
            f"others: {LAYOUT}."
        )
    if not given.any():
        raise ValueError(
            f"{name} has {n_future} future time step(s) but no covariate is given "
            f"over them (all NaN): {LAYOUT}. Drop the future steps for past-only "
            "covariates."
        )
    return n_future, np.concatenate([[False], given])


def check_same_layout(estimator, n_future, known, name):
    """Refuse windows whose future part differs from the fitted one."""
    fitted_known = estimator.future_known_
    same = n_future == estimator.n_future_steps_ and (
        (known is None and fitted_known is None)
        or (
            known is not None
            and fitted_known is not None
            and np.array_equal(known, fitted_known)
        )
    )
    if not same:

        def show(steps, mask):
            if not steps:
                return "no future steps"
            return (
                f"{steps} future step(s) with feature(s) "
                f"{np.flatnonzero(mask).tolist()} known there"
            )

        raise ValueError(
            f"{name} has {show(n_future, known)}, but {type(estimator).__name__} "
            f"was fitted on windows with "
            f"{show(estimator.n_future_steps_, fitted_known)}."
        )


def encode_future(encoded, past):
    """Scaled windows with a future part, as the network reads them: what is
    unknown there (NaN) set to 0, and one more feature flagging the future steps.

    Examples
    --------
    >>> import numpy as np
    >>> encode_future(np.array([[[1.0, 2.0], [np.nan, 3.0]]], np.float32), 1)
    array([[[1., 2., 0.],
            [0., 3., 1.]]], dtype=float32)
    """
    flag = np.zeros(encoded.shape[:2] + (1,), dtype=encoded.dtype)
    flag[:, past:] = 1
    return np.concatenate([np.nan_to_num(encoded, nan=0.0), flag], axis=2)


_HISTORY = (
    "(n_timesteps, n_features) for one series, (n_series, n_timesteps, "
    "n_features), or a list of 2-D series"
)


def covariate_histories(history, past_length, n_features):
    """The last ``past_length`` steps of each history of a covariate model,
    ``(n_series, past_length, n_features)``, and whether it was one series."""
    if isinstance(history, list | tuple) and history and np.ndim(history[0]) == 2:
        names = [f"history[{i}]" for i in range(len(history))]
        series = [
            real_array(h, name, (2,), shapes="(n_timesteps, n_features)")
            for name, h in zip(names, history, strict=True)
        ]
        single = False
    else:
        arr = real_array(history, "history", (2, 3), shapes=_HISTORY)
        single = arr.ndim == 2
        series = [arr] if single else list(arr)
        names = ["history"] if single else [f"history[{i}]" for i in range(len(arr))]
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


def with_future(block, window_length, known):
    """Windows ``block[:, :window_length + horizon]`` with their future part
    masked: the target (feature 0) and the features not in ``known`` set to NaN
    over the last ``horizon`` steps. A float copy.

    Examples
    --------
    >>> import numpy as np
    >>> block = np.arange(12.0).reshape(1, 4, 3)
    >>> with_future(block, 2, [1])[0].tolist()
    [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [nan, 7.0, nan], [nan, 10.0, nan]]
    """
    X = np.array(block, dtype=np.result_type(block.dtype, np.float16))
    unknown = np.setdiff1d(np.arange(X.shape[2]), known)
    X[:, window_length:, unknown] = np.nan
    return X


def check_future_columns(future_covariates, n_features):
    """The column indices of a 2-D series known in advance, checked."""
    message = (
        "future_covariates must be a list of column indices of the 2-D series "
        f"(1 .. {n_features - 1}; column 0 is the target), got "
    )
    try:
        columns = np.asarray(future_covariates)
    except (TypeError, ValueError):
        columns = np.asarray([None], dtype=object)
    if (
        columns.ndim != 1
        or not len(columns)
        or columns.dtype.kind not in "iu"
        or (columns < 1).any()
        or (columns >= n_features).any()
        or len(np.unique(columns)) != len(columns)
    ):
        raise ValueError(f"{message}{future_covariates!r}.")
    return np.sort(columns)
