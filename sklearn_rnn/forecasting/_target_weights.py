"""Loss weights of :class:`RNNForecaster`'s targets: ``sample_weight``, missing values.

A target that is NaN is missing: it weighs 0 in the loss (training and
validation), whatever the window's ``sample_weight``. Weights go to the loss as
a second tensor beside the targets, ``(y, weight)``, only when some weight is not
1; otherwise the targets travel alone and training is exactly what it is without
weights.
"""

import warnings
from numbers import Real

import numpy as np

from .._arrays import real_array

# A first-step target lying further outside its window's range than this many
# times the range, in most windows, is in other units than the window.
_FAR_OUTSIDE = 1.0


def check_sample_weight(sample_weight, n_samples):
    """``sample_weight`` as float64 ``(n_samples,)`` of finite values >= 0, or None.

    A scalar weighs every sample alike; booleans (a mask of the windows to
    train on) weigh 1 and 0.
    """
    if sample_weight is None:
        return None
    if getattr(getattr(sample_weight, "dtype", None), "kind", None) == "b":
        sample_weight = np.asarray(sample_weight, dtype=np.float64)
    if isinstance(sample_weight, Real):
        sample_weight = np.full(n_samples, float(sample_weight))
    weight = real_array(sample_weight, "sample_weight", (1,), shapes="(n_samples,)")
    if len(weight) != n_samples:
        raise ValueError(
            f"sample_weight must have one weight per window (n_samples={n_samples}), "
            f"got {len(weight)}."
        )
    if (weight < 0).any():
        first = int(np.flatnonzero(weight < 0)[0])
        raise ValueError(
            "sample_weight must be >= 0; found "
            f"{float(weight[first])!r} at index {first}."
        )
    return weight.astype(np.float64, copy=False)


def target_weights(y, sample_weight, name="y"):
    """Weights of the targets ``y`` ``(n, horizon)`` in the loss, or None if all 1.

    Missing targets (NaN) weigh 0; the others weigh their window's
    ``sample_weight``, normalised to a mean of 1 over all targets so that the
    loss keeps its scale (and ``lr`` its meaning).
    """
    observed = ~np.isnan(y)
    if sample_weight is None and observed.all():
        return None
    weight = observed.astype(np.float64)
    if sample_weight is not None:
        weight *= sample_weight[:, np.newaxis]
    total = weight.sum()
    if total == 0:
        reason = "every target is missing (NaN)"
        if sample_weight is not None and observed.any():
            reason = "every observed target has zero sample_weight"
        raise ValueError(f"{name} leaves nothing to learn from: {reason}.")
    if (weight == 1).all():
        return None
    return weight / (total / weight.size)


def fill_missing(scaled):
    """Scaled targets with the missing ones (NaN, weighed 0) set to 0."""
    return np.where(np.isnan(scaled), 0.0, scaled)


def warn_if_other_units(target_history, y):
    """Warn when ``y`` seems to be in other units than its windows' values.

    ``target_history`` is ``(n, T)``, the windows' values of the target; ``y``
    ``(n, horizon)``. A forecaster reads its windows and its targets in the same
    units; a ``TransformedTargetRegressor`` (or any transformation of ``y`` alone)
    breaks that, and recursive forecasts, which feed predictions back as inputs,
    then run away.
    """
    first = y[:, 0]
    keep = ~np.isnan(first)
    if keep.sum() < 2:
        return
    low = target_history[keep].min(axis=1)
    high = target_history[keep].max(axis=1)
    width = high - low
    outside = np.maximum(low - first[keep], first[keep] - high).clip(min=0)
    scale = np.where(width > 0, width, np.inf)
    with np.errstate(invalid="ignore"):
        if np.median(outside / scale) > _FAR_OUTSIDE:
            warnings.warn(
                "In most windows, y lies further outside the range of the window's "
                "values than the range is wide: y seems to be in other units than X "
                "(a TransformedTargetRegressor, or y scaled apart from X?). The "
                "forecaster needs the target's history and y in the same units: "
                "transform the series before cutting windows, e.g. "
                "make_windows(np.log(series), window_length), instead of y alone.",
                UserWarning,
                stacklevel=3,
            )
