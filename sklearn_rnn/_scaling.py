"""How :class:`RNNForecaster` scales windows: statistics and encoding, in numpy.

Large panels hold millions of windows, so everything here works through
``_CHUNK`` windows at a time: the float64 temporaries stay small next to the
float32 result.
"""

import numpy as np

# Floor for a window's spread, relative to its own mean absolute value, so that
# flat windows are not blown up by a near-zero divisor under per-window scaling.
# Relative to the window, not to the training data: in a panel, levels differ by
# orders of magnitude and a global floor would flatten the small series.
_MIN_RELATIVE_SCALE = 1e-2

# Windows processed at a time.
_CHUNK = 65_536


def _chunks(a):
    return np.array_split(a, max(1, -(-len(a) // _CHUNK)))


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
    mean = sum(part.sum(axis=(0, 1), dtype=np.float64) for part in _chunks(X)) / n
    squares = sum(np.square(part - mean).sum(axis=(0, 1)) for part in _chunks(X))
    return mean, np.sqrt(squares / n)


def window_stats(target, scaling, global_loc, global_scale):
    """Each window's ``(loc, scale)``, both ``(n_windows, 1)`` float64.

    ``"window"``: the window's mean and standard deviation (floored at 1% of its
    mean absolute value); ``"mean"``: its mean and mean absolute value;
    ``"global"``: the training data's. A zero scale falls back on
    ``global_scale``.

    Examples
    --------
    >>> import numpy as np
    >>> loc, scale = window_stats(np.array([[1.0, 3.0], [5.0, 5.0]]), "window", 0, 2)
    >>> loc.ravel().tolist(), scale.ravel().tolist()
    ([2.0, 5.0], [1.0, 0.05])
    """
    if scaling == "global":
        return (
            np.full((len(target), 1), float(global_loc)),
            np.full((len(target), 1), float(global_scale)),
        )
    loc = target.mean(axis=1, keepdims=True, dtype=np.float64)
    level = np.abs(target).mean(axis=1, keepdims=True, dtype=np.float64)
    if scaling == "mean":
        scale = level
    else:
        spread = np.concatenate(
            [
                part.std(axis=1, keepdims=True, dtype=np.float64)
                for part in _chunks(target)
            ]
        )
        scale = np.maximum(spread, _MIN_RELATIVE_SCALE * level)
    scale[scale == 0] = global_scale
    return loc, scale


def encode_windows(X, loc, scale, feature_loc, feature_scale):
    """Float32 copy of 3-D ``X``: feature 0 by ``(loc, scale)``, the rest globally.

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
        chunk = X[rows].astype(np.float64)
        chunk -= feature_loc
        chunk /= feature_scale
        chunk[:, :, 0] = (X[rows, :, 0] - loc[rows]) / scale[rows]
        out[rows] = chunk
    return out
