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

from .._arrays import check_finite

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


def check_future_steps(n_future, horizon, window_length, patch_length):
    """Refuse a future part that is not the horizon, or that patches split."""
    patch = patch_length or 1
    if n_future and n_future != horizon:
        raise ValueError(
            f"X has {n_future} future time step(s) (the target NaN over the "
            f"windows' last steps) but y has horizon {horizon} value(s) "
            "per window: the future part of each window must be its forecast "
            "horizon, one step per target."
        )
    if window_length % patch or n_future % patch:
        raise ValueError(
            f"patch_length={patch_length} must divide the window length "
            f"(X.shape[1] = {window_length})"
            + (f" and its {n_future} future steps" if n_future else "")
            + ": pick a window that is a multiple of it, or another "
            "patch_length."
        )


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
