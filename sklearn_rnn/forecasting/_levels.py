"""Quantile levels of interval forecasts: checked, and read between fitted ones."""

from numbers import Real

import numpy as np

# Levels closer than this to a fitted quantile are read as that quantile, so that
# coverage=0.95 finds quantiles=(0.025, 0.975) despite floating-point rounding.
_LEVEL_TOL = 1e-9


def check_coverage_value(coverage):
    """``coverage`` as a float in (0, 1), or a TypeError / ValueError."""
    if not isinstance(coverage, Real) or isinstance(coverage, bool | np.bool_):
        raise TypeError(
            f"coverage must be a float in (0, 1), got {type(coverage).__name__}."
        )
    coverage = float(coverage)
    if not 0 < coverage < 1:
        raise ValueError(f"coverage must be in (0, 1), got {coverage!r}.")
    return coverage


def check_coverage(coverage, quantiles):
    """Return the ``(lower, upper)`` levels of a central interval, checked.

    Both levels must lie within the fitted quantiles (interpolation, never
    extrapolation).
    """
    coverage = check_coverage_value(coverage)
    if quantiles is None:
        raise ValueError(
            "This model was fitted without quantiles, so it has no intervals: set "
            "quantiles, e.g. RNNForecaster(quantiles=(0.025, 0.5, 0.975)), and refit."
        )
    lower, upper = (1 - coverage) / 2, (1 + coverage) / 2
    if lower < quantiles[0] - _LEVEL_TOL or upper > quantiles[-1] + _LEVEL_TOL:
        raise ValueError(
            f"coverage={coverage!r} needs the quantiles {lower:.4g} and {upper:.4g}, "
            f"outside the fitted quantiles {[float(q) for q in quantiles]}: fit with "
            "quantiles "
            f"that include ({lower:.4g}, {upper:.4g}) or ask for a lower coverage."
        )
    return lower, upper


def quantile_at(quantiles, values, levels):
    """Interpolate quantile forecasts linearly between fitted levels.

    Parameters
    ----------
    quantiles : ndarray of shape (n_quantiles,)
        The fitted levels, increasing.
    values : ndarray of shape (n, n_quantiles, horizon)
        Forecasts at those levels, increasing along axis 1.
    levels : float or ndarray of shape (n,)
        The level to read for all rows, or one per row; clipped to the fitted range.

    Returns
    -------
    ndarray of shape (n, horizon)
    """
    levels = np.clip(
        np.broadcast_to(levels, (len(values),)), quantiles[0], quantiles[-1]
    )
    if len(quantiles) == 1:
        return values[:, 0]
    hi = np.clip(np.searchsorted(quantiles, levels - _LEVEL_TOL), 1, len(quantiles) - 1)
    lo = hi - 1
    weight = (levels - quantiles[lo]) / (quantiles[hi] - quantiles[lo])
    rows = np.arange(len(values))
    return (1 - weight)[:, None] * values[rows, lo] + weight[:, None] * values[rows, hi]


def check_quantiles(quantiles):
    """Validate the ``quantiles`` parameter; return increasing levels or None."""
    if quantiles is None:
        return None
    try:
        levels = np.asarray(quantiles, dtype=np.float64)
    except (TypeError, ValueError):
        levels = np.empty(0)
    if (
        levels.ndim != 1
        or not len(levels)
        or not np.all((levels > 0) & (levels < 1))
        or len(np.unique(levels)) != len(levels)
    ):
        raise ValueError(
            "quantiles must be distinct levels strictly between 0 and 1, e.g. "
            f"(0.025, 0.5, 0.975), got {quantiles!r}."
        )
    return np.sort(levels)
