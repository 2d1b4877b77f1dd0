"""Interval forecast metrics: M4's mean scaled interval score, and coverage."""

import numpy as np

from .._validation import check_fraction
from ._forecast import seasonal_naive_scales
from ._validation import finite_result, targets

__all__ = ["interval_coverage", "mean_scaled_interval_score"]


def _check_bounds(y_true, lower, upper):
    y_true = targets(y_true, "y_true")
    lower = targets(lower, "lower")
    upper = targets(upper, "upper")
    for name, bound in (("lower", lower), ("upper", upper)):
        if bound.shape != y_true.shape:
            raise ValueError(
                f"{name} must have the shape of y_true {y_true.shape}; got "
                f"{bound.shape}."
            )
    if np.any(lower > upper):
        first = tuple(int(i) for i in np.argwhere(lower > upper)[0])
        raise ValueError(
            f"lower must not exceed upper; at index {first} lower is "
            f"{float(lower[first])!r} and upper {float(upper[first])!r}."
        )
    return y_true, lower, upper


def mean_scaled_interval_score(
    y_true, lower, upper, *, y_train, seasonality=1, alpha=0.05
):
    """Mean scaled interval score (MSIS) of M4, for ``1 - alpha`` intervals.

    The interval's width plus a penalty of ``2 / alpha`` times each miss, averaged
    over the horizon and divided by the in-sample mean absolute error of the
    seasonal naive forecast (MASE's scale)::

        score = (upper - lower) + 2/alpha * (lower - y) * [y < lower]
                                + 2/alpha * (y - upper) * [y > upper]
        MSIS = mean(score) / scale

    For 2-D input each series is scaled by its own history and the results are
    averaged over series, as M4 aggregates them. Lower is better.

    Parameters
    ----------
    y_true : array-like of shape (horizon,) or (n_series, horizon)
        Actual values.
    lower, upper : array-like of the same shape as ``y_true``
        The interval's bounds, ``lower <= upper``.
    y_train : array-like of shape (n_timesteps,), or a list of ``n_series`` 1-D arrays
        The in-sample history of each series, as for
        :func:`mean_absolute_scaled_error`.
    seasonality : int, default=1
        Seasonal period of the naive forecast used for scaling (24 for hourly).
    alpha : float in (0, 1), default=0.05
        One minus the interval's nominal coverage (M4 scored 95% intervals).

    Returns
    -------
    msis : float

    Examples
    --------
    >>> from sklearn_rnn.metrics import mean_scaled_interval_score
    >>> y_train = [1.0, 2.0, 4.0, 7.0]  # seasonal naive (m=1) errors 1, 2, 3: scale 2
    >>> # widths 2 and 2; the second point misses by 1: penalty 2 / 0.05 * 1 = 40
    >>> mean_scaled_interval_score([5.0, 9.0], [4.0, 6.0], [6.0, 8.0],
    ...                            y_train=y_train)
    11.0
    """
    y_true, lower, upper = _check_bounds(y_true, lower, upper)
    alpha = check_fraction(alpha, "alpha")
    scale = seasonal_naive_scales(y_true, y_train, seasonality)
    with np.errstate(over="ignore", invalid="ignore"):
        score = (
            (upper - lower)
            + 2 / alpha * np.maximum(lower - y_true, 0)
            + 2 / alpha * np.maximum(y_true - upper, 0)
        )
        msis = np.mean(np.mean(np.atleast_2d(score), axis=1) / scale)
    return finite_result(msis, "y_true, lower and upper")


def interval_coverage(y_true, lower, upper):
    """Share of the actual values inside their interval (bounds included).

    Parameters
    ----------
    y_true : array-like of shape (horizon,) or (n_series, horizon)
        Actual values.
    lower, upper : array-like of the same shape as ``y_true``
        The interval's bounds, ``lower <= upper``.

    Returns
    -------
    coverage : float in [0, 1]
        Compare with the nominal coverage (0.95 for 95% intervals).

    Examples
    --------
    >>> from sklearn_rnn.metrics import interval_coverage
    >>> interval_coverage([1.0, 2.0, 3.0, 4.0], [0, 0, 0, 0], [2, 2, 2, 2])
    0.5
    """
    y_true, lower, upper = _check_bounds(y_true, lower, upper)
    return float(np.mean((y_true >= lower) & (y_true <= upper)))
