"""How :class:`RNNForecaster` scales windows: statistics and encoding, in numpy.

Large panels hold millions of windows, so everything here works through
``_CHUNK`` windows at a time: the float64 temporaries stay small next to the
float32 result.

Values are divided by a power of two near their magnitude before they are summed,
squared or subtracted, and the results multiplied back: exact in floating point
(the same bits as without it), but no finite input, however large, overflows to
inf on the way.
"""

import numpy as np

from ..windowing._future_steps import encode_future

# Floor for a window's spread, relative to its own mean absolute value, so that
# flat windows are not blown up by a near-zero divisor under per-window scaling.
# Relative to the window, not to the training data: in a panel, levels differ by
# orders of magnitude and a global floor would flatten the small series.
_MIN_RELATIVE_SCALE = 1e-2

# The same floor under scaling="log", in log units: a 1% relative change.
_MIN_LOG_SCALE = 1e-2

# Windows processed at a time.
_CHUNK = 65_536


def _chunks(a):
    return np.array_split(a, max(1, -(-len(a) // _CHUNK)))


def _power_of_two(magnitude):
    """The power of two at or just below ``magnitude`` (1 where it is 0): dividing
    by it is exact, and the largest float divided by it is below 2."""
    magnitude = np.asarray(magnitude, dtype=np.float64)
    return np.ldexp(1.0, np.frexp(np.where(magnitude > 0, magnitude, 1.0))[1] - 1)


def feature_stats(X):
    """Mean and standard deviation of each feature of 3-D ``X``, chunk by chunk.

    Examples
    --------
    >>> import numpy as np
    >>> mean, std = feature_stats(np.array([[[0.0, 1.0], [2.0, 1.0]]]))
    >>> mean.tolist(), std.tolist()
    ([1.0, 1.0], [1.0, 0.0])
    """
    n = X.shape[0] * X.shape[1]
    peak = np.max([np.abs(part).max(axis=(0, 1)) for part in _chunks(X)], axis=0)
    unit = _power_of_two(peak)
    mean = sum((part / unit).sum(axis=(0, 1)) for part in _chunks(X)) / n
    squares = sum(np.square(part / unit - mean).sum(axis=(0, 1)) for part in _chunks(X))
    return mean * unit, np.sqrt(squares / n) * unit


def seasonal_scale(target, seasonality, fallback):
    """Each window's mean absolute ``seasonality``-step difference, ``(n, 1)``,
    floored at 1% of its mean absolute value; a zero scale falls back on
    ``fallback``.

    Examples
    --------
    >>> import numpy as np
    >>> seasonal_scale(np.array([[1.0, 2.0, 4.0, 5.0]]), 2, 1.0).tolist()
    [[3.0]]
    """
    differences = np.abs(target[:, seasonality:] - target[:, :-seasonality])
    level = np.abs(target).mean(axis=1, keepdims=True)
    scale = np.maximum(
        differences.mean(axis=1, keepdims=True), _MIN_RELATIVE_SCALE * level
    )
    return np.where(scale > 0, scale, fallback)


def window_stats(target, scaling, global_loc, global_scale):
    """Each window's ``(loc, scale)``, both ``(n_windows, 1)`` float64.

    ``"window"``: the window's mean and standard deviation (floored at 1% of its
    mean absolute value); ``"mean"``: its mean and mean absolute value;
    ``"log"``: the mean and standard deviation of its logarithms (floored at
    0.01, a 1% relative change), for positive values; ``"global"``: the training
    data's. A zero scale falls back on ``global_scale``.

    Examples
    --------
    >>> import numpy as np
    >>> loc, scale = window_stats(np.array([[1.0, 3.0], [5.0, 5.0]]), "window", 0, 2)
    >>> loc.ravel().tolist(), scale.ravel().tolist()
    ([2.0, 5.0], [1.0, 0.05])
    >>> loc, scale = window_stats(np.array([[1.0, np.e ** 2]]), "log", 0, 2)
    >>> loc.ravel().tolist(), scale.ravel().tolist()
    ([1.0], [1.0])
    """
    if scaling == "log":
        loc, spread = (np.empty((len(target), 1)) for _ in range(2))
        for rows in _chunks(np.arange(len(target))):
            part = np.log(target[rows])
            loc[rows] = part.mean(axis=1, keepdims=True)
            spread[rows] = part.std(axis=1, keepdims=True)
        return loc, np.maximum(spread, _MIN_LOG_SCALE)
    if scaling == "global":
        return (
            np.full((len(target), 1), float(global_loc)),
            np.full((len(target), 1), float(global_scale)),
        )
    unit = _power_of_two(np.abs(target).max(axis=1, keepdims=True))
    loc, level, spread = (np.empty((len(target), 1)) for _ in range(3))
    for rows in _chunks(np.arange(len(target))):
        part = target[rows] / unit[rows]
        loc[rows] = part.mean(axis=1, keepdims=True) * unit[rows]
        level[rows] = np.abs(part).mean(axis=1, keepdims=True) * unit[rows]
        spread[rows] = part.std(axis=1, keepdims=True) * unit[rows]
    if scaling == "mean":
        scale = level
    else:
        scale = np.maximum(spread, _MIN_RELATIVE_SCALE * level)
    scale[scale == 0] = global_scale
    return loc, scale


def target_values(values, scaling):
    """The target's values in the units that ``scaling`` standardises: their
    logarithms under ``"log"``, else the values themselves."""
    return np.log(values) if scaling == "log" else values


def decode(scaled, loc, scale, scaling):
    """Map scaled outputs back to the target's units (the inverse of
    :func:`standardize` after :func:`target_values`).

    Examples
    --------
    >>> import numpy as np
    >>> decode(np.array([[0.0, 1.0]]), np.array([[0.0]]), np.array([[1.0]]), "log")
    array([[1.        , 2.71828183]])
    """
    out = scaled * scale + loc
    # Under "log", a forecast beyond 1e308 overflows to inf with numpy's
    # RuntimeWarning, left audible on purpose.
    return np.exp(out) if scaling == "log" else out


def encode(X, n_future, scaling, feature_loc, feature_scale):
    """Windows as the network reads them, and the target's per-window stats.

    Returns the float32 encoded windows (with the future flag when ``n_future``)
    and the float64 ``(loc, scale)`` of :func:`window_stats` over the target's
    past.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[[1.0], [3.0]]])
    >>> out, loc, scale = encode(X, 0, "window", np.zeros(1), np.ones(1))
    >>> out.ravel().tolist(), loc.ravel().tolist(), scale.ravel().tolist()
    ([-1.0, 1.0], [2.0], [1.0])
    """
    past = X.shape[1] - n_future
    loc, scale = window_stats(X[:, :past, 0], scaling, feature_loc[0], feature_scale[0])
    with np.errstate(over="ignore"):
        out = encode_windows(X, loc, scale, feature_loc, feature_scale, scaling)
    if n_future:
        out = encode_future(out, past)
    return to_float32(out, "X", scaling), loc, scale


def encode_windows(X, loc, scale, feature_loc, feature_scale, scaling="window"):
    """Float32 copy of 3-D ``X``: feature 0 by ``(loc, scale)`` (its logarithms
    under ``scaling="log"``), the rest globally.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[[1.0, 10.0], [3.0, 30.0]]])
    >>> encode_windows(X, np.array([[2.0]]), np.array([[1.0]]),
    ...                np.array([0.0, 20.0]), np.array([1.0, 10.0])).tolist()
    [[[-1.0, -1.0], [1.0, 1.0]]]
    """
    out = np.empty(X.shape, dtype=np.float32)
    for rows in _chunks(np.arange(len(X))):
        chunk = standardize(X[rows].astype(np.float64), feature_loc, feature_scale)
        target = target_values(X[rows, :, 0], scaling)
        chunk[:, :, 0] = standardize(target, loc[rows], scale[rows])
        out[rows] = chunk
    return out


def standardize(values, loc, scale):
    """``(values - loc) / scale`` in float64, without overflow in the subtraction
    (each divided first by a power of two near ``scale``: the same bits).

    Examples
    --------
    >>> standardize(np.array([1e308, -1e308]), 0.0, 1e308).tolist()
    [1.0, -1.0]
    """
    unit = _power_of_two(scale)
    return (values / unit - loc / unit) / (scale / unit)


def to_float32(scaled, name, scaling):
    """``scaled`` in float32, or a ValueError if a value does not fit (it lies
    beyond 3e38 times the scale: a target far outside its window's range)."""
    with np.errstate(over="ignore"):
        out = scaled.astype(np.float32, copy=False)
    if not np.isfinite(out).all():
        raise ValueError(
            f"{name} holds values too far from their windows' scale to be "
            f"represented after scaling={scaling!r} (float32 overflows: more than "
            "3e38 times the scale). Check the units of X and y (a target "
            "transformed apart from its inputs?), or rescale the data."
        )
    return out
