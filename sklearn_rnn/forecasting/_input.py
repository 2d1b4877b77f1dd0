"""What :class:`RNNForecaster` accepts as windows and targets, checked in numpy.

scikit-learn's ``validate_data`` records ``n_features_in_`` and feature names;
what it refuses is explained in our words, naming the argument (``X``, ``y``, or
``validation_data[0]`` / ``[1]``), with the phrases scikit-learn's own estimator
checks look for kept.
"""

import numpy as np
from sklearn.utils.validation import validate_data

from .._arrays import as_array, explain_rejection, real_array
from .._validation import check_validation_data
from ..windowing._future_steps import check_same_layout, future_layout
from ._target_weights import check_sample_weight

X_SHAPES = "(n_samples, n_timesteps) or (n_samples, n_timesteps, n_features)"
Y_SHAPES = "(n_samples,) or (n_samples, horizon)"
_RESHAPE = " Reshape your data with X.reshape(1, -1) if it holds one window."


def _refuse_complex(values, name):
    # scikit-learn's checks expect these words, and a ValueError, for complex
    # input, in y too.
    if values.dtype.kind == "c":
        raise ValueError(f"Complex data not supported: {name} must hold real numbers.")


def check_log_domain(estimator, values, name):
    """Under ``scaling="log"``, refuse target values <= 0 (NaN, a missing value,
    passes: it is masked, not logged)."""
    if getattr(estimator, "scaling", None) != "log":  # a wrapper: its model checks
        return
    bad = values <= 0  # NaN compares False
    if bad.any():
        smallest = np.nanmin(np.where(bad, values, np.inf))
        raise ValueError(
            f"scaling='log' needs positive target values, but {name} has "
            f"{int(bad.sum())} value(s) <= 0 (the smallest is {smallest:.6g}). "
            "Shift the series above 0, or use scaling='window'."
        )


def _target_name(name, ndim):
    return name if ndim == 2 else f"{name}[:, :, 0]"


def as_3d(X, name):
    """2-D windows as ``(n_samples, n_timesteps, 1)``; 3-D ones as they are."""
    if X.ndim == 2:
        return X[:, :, np.newaxis]
    if X.ndim != 3 or X.shape[2] == 0:
        raise ValueError(
            f"{name} must be 2-D {X_SHAPES} with n_features >= 1, got an array of "
            f"shape {X.shape}."
        )
    return X


def check_xy(estimator, X, y, reset, names=("X", "y")):
    """Validated float windows ``(n, T, F)``, targets ``(n,)`` or ``(n, H)``, and
    the windows' future layout ``(n_future, known)`` (see ``_future_steps``).

    ``names`` are what the messages call ``X`` and ``y``. Targets may be NaN
    (missing: weighed 0 in the loss), never infinite.
    """
    x_name, y_name = names
    _refuse_complex(as_array(X, x_name, X_SHAPES), x_name)
    missing = None
    if y is not None:  # None keeps scikit-learn's "requires y" message
        _refuse_complex(np.asarray(y), y_name)
        y = real_array(y, y_name, (1, 2), shapes=Y_SHAPES, allow_nan=True)
        missing = np.isnan(y)
        if missing.any():  # scikit-learn refuses NaN in y; put them back after
            y = np.where(missing, 0.0, y)
    # Summing huge finite values to test finiteness overflows inside
    # scikit-learn, which then checks them one by one: not worth a warning.
    with np.errstate(over="ignore", invalid="ignore"):
        try:
            X_checked, y = validate_data(
                estimator,
                X,
                y,
                reset=reset,
                allow_nd=True,
                multi_output=True,
                y_numeric=True,
                dtype=[np.float64, np.float32],
                ensure_all_finite=False,
            )
        except (TypeError, ValueError) as exc:
            if y is None:
                raise
            error = explain_rejection(X, exc, x_name, (2, 3), X_SHAPES, _RESHAPE)
            raise error from None
    ndim = X_checked.ndim
    X_checked = as_3d(X_checked, x_name)
    layout = future_layout(X_checked, x_name, ndim)
    if missing is not None and missing.any():
        y = np.where(missing.reshape(y.shape), np.nan, y)
    check_log_domain(estimator, X_checked[:, :, 0], _target_name(x_name, ndim))
    if y is not None:
        check_log_domain(estimator, y, y_name)
    return X_checked, y, layout


def check_fit_data(estimator, X, y, sample_weight):
    """``fit``'s checks of windows, targets and weights (:func:`check_xy`), the
    windows' layout kept as fitted attributes: ``n_features_per_step_``,
    ``n_future_steps_`` and ``future_known_``.

    Returns the windows ``(n, T, F)``, the targets and the weights (or None).
    """
    X, y, (n_future, known) = check_xy(estimator, X, y, reset=True)
    sample_weight = check_sample_weight(sample_weight, len(X))
    estimator.n_features_per_step_ = X.shape[2]
    estimator.n_future_steps_, estimator.future_known_ = n_future, known
    return X, y, sample_weight


def check_validation_windows(estimator, validation_data):
    """``fit``'s ``validation_data`` as float64 windows and 2-D targets, shaped
    like the fitted training data (errors name ``validation_data[i]``)."""
    names = ("validation_data[0]", "validation_data[1]")
    X_val, y_val = check_validation_data(validation_data)
    X_val, y_val, layout = check_xy(estimator, X_val, y_val, reset=False, names=names)
    check_same_layout(estimator, *layout, names[0])
    y_val = y_val.reshape(len(y_val), -1)
    n_features, horizon = estimator.n_features_per_step_, estimator.horizon_
    if X_val.shape[2] != n_features or y_val.shape[1] != horizon:
        raise ValueError(
            "validation_data must be shaped like the training data: windows of "
            f"{n_features} feature(s) per step and {horizon}"
            f" target(s) each, got X_val of shape {X_val.shape} and y_val of "
            f"shape {np.shape(validation_data[1])}."
        )
    return X_val.astype(np.float64, copy=False), y_val


def check_windows(estimator, X):
    """Validated float64 windows ``(n, T, F)`` for a fitted forecaster."""
    as_array(X, "X", X_SHAPES)
    with np.errstate(over="ignore", invalid="ignore"):
        try:
            X_checked = validate_data(
                estimator,
                X,
                reset=False,
                allow_nd=True,
                dtype=[np.float64, np.float32],
                ensure_all_finite=False,
            )
        except (TypeError, ValueError) as exc:
            if "features, but" in str(exc):  # scikit-learn's n_features_in_ check
                raise
            raise explain_rejection(X, exc, "X", (2, 3), X_SHAPES, _RESHAPE) from None
    ndim = X_checked.ndim
    X_checked = as_3d(X_checked, "X")
    check_log_domain(estimator, X_checked[:, :, 0], _target_name("X", ndim))
    if X_checked.shape[2] != estimator.n_features_per_step_:
        raise ValueError(
            f"X has {X_checked.shape[2]} features per time step, but "
            f"{type(estimator).__name__} was fitted with "
            f"{estimator.n_features_per_step_}."
        )
    check_same_layout(estimator, *future_layout(X_checked, "X", ndim), "X")
    return X_checked.astype(np.float64, copy=False)
