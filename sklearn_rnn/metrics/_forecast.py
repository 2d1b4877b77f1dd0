"""Forecast accuracy metrics as defined in the M4 competition, and their scorers.

The definitions follow the organisers' ``Benchmarks and Evaluation.R``; with them,
``benchmarks/m4_metrics_check.py`` reproduces the official M4 Hourly scores of the
seasonal-naive benchmark (sMAPE 13.912, MASE 1.193).

``smape_scorer`` is ``make_scorer(symmetric_mean_absolute_percentage_error,
greater_is_better=False)``: pass it as ``scoring=`` to ``GridSearchCV`` or
``cross_val_score``; it returns minus the sMAPE. ``make_mase_scorer`` builds the
MASE equivalent for windowed data.
"""

import numpy as np
from sklearn.metrics import make_scorer

from .._validation import check_int
from ._validation import finite_result, targets

__all__ = [
    "make_mase_scorer",
    "mean_absolute_scaled_error",
    "smape_scorer",
    "symmetric_mean_absolute_percentage_error",
]


_TRAIN_SHAPES = "(n_series, n_timesteps) or a list of 1-D arrays"


def _check_targets(y_true, y_pred):
    y_true = targets(y_true, "y_true")
    y_pred = targets(y_pred, "y_pred")
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_true and y_pred must have the same shape; got {y_true.shape!r} and "
            f"{y_pred.shape!r}."
        )
    return y_true, y_pred


def symmetric_mean_absolute_percentage_error(y_true, y_pred):
    """Symmetric mean absolute percentage error (sMAPE) of M4, in percent.

    ``sMAPE = mean(200 * |y_true - y_pred| / (|y_true| + |y_pred|))``, from 0 (perfect)
    to 200. For 2-D input the per-series sMAPE is averaged over series, as M4 does;
    with equal horizons this is the mean over all points. A point where both values
    are 0 counts as a perfect forecast (0), not as NaN.

    Parameters
    ----------
    y_true : array-like of shape (horizon,) or (n_series, horizon)
        Actual values.
    y_pred : array-like of the same shape as ``y_true``
        Forecasts.

    Returns
    -------
    smape : float
        The sMAPE in percent. Lower is better.

    Examples
    --------
    >>> from sklearn_rnn.metrics import symmetric_mean_absolute_percentage_error
    >>> symmetric_mean_absolute_percentage_error([100.0, 200.0], [110.0, 180.0])
    10.025
    """
    y_true, y_pred = _check_targets(y_true, y_pred)
    # Halved first, so that values near the float64 limit do not overflow.
    denominator = np.abs(y_true / 2) + np.abs(y_pred / 2)
    error = np.abs(y_true / 2 - y_pred / 2)
    # Both 0: the forecast is exact, so the point contributes 0 rather than 0 / 0.
    safe = np.where(denominator == 0, 1.0, denominator)
    return float(np.mean(200.0 * (error / safe)))


def _seasonal_naive_scale(history, seasonality, name):
    # In-sample mean absolute error of the seasonal naive forecast y[t] = y[t - m].
    n = history.shape[-1]
    if n <= seasonality:
        raise ValueError(
            f"{name} must be longer than seasonality to compute the MASE scale; got "
            f"{n} values with seasonality={seasonality!r}."
        )
    return np.mean(np.abs(history[..., seasonality:] - history[..., :-seasonality]), -1)


def seasonal_naive_scales(y_true, y_train, seasonality):
    """The in-sample seasonal-naive MAE of each series: the M4 scale of MASE, MSIS.

    ``y_true`` (validated, 1-D or 2-D) only fixes the number of series.
    """
    seasonality = check_int(seasonality, "seasonality")
    n_series = np.atleast_2d(y_true).shape[0]
    if y_true.ndim == 1:
        histories = {"y_train": targets(y_train, "y_train", (1,), "(n_timesteps,)")}
    elif isinstance(y_train, list | tuple) or (
        isinstance(y_train, np.ndarray)
        and y_train.dtype == object
        and y_train.ndim == 1
    ):
        # Histories of different lengths: one 1-D array each.
        histories = {
            f"y_train[{i}]": targets(h, f"y_train[{i}]", (1,), "(n_timesteps,)")
            for i, h in enumerate(y_train)
        }
    else:
        histories = {"y_train": targets(y_train, "y_train", (2,), _TRAIN_SHAPES)}
    n_histories = sum(h.shape[0] if h.ndim == 2 else 1 for h in histories.values())
    if n_histories != n_series:
        raise ValueError(
            f"y_train must hold one history per series: y_true has {n_series} "
            f"series but y_train has {n_histories}."
        )
    with np.errstate(over="ignore", invalid="ignore"):
        scale = np.concatenate(
            [
                np.atleast_1d(_seasonal_naive_scale(h, seasonality, name))
                for name, h in histories.items()
            ]
        )
    if not np.isfinite(scale).all():
        raise ValueError(
            "The MASE scale overflows float64: the values of y_train are too large "
            "in magnitude. Rescale y_true, y_pred and y_train first."
        )
    if np.any(scale == 0):
        first = int(np.flatnonzero(scale == 0)[0])
        raise ValueError(
            f"The scale of series {first} is 0: its y_train repeats exactly "
            f"with period seasonality={seasonality!r}, so the scaled error is "
            "undefined. Use another metric (such as sMAPE) for that series."
        )
    return scale


def mean_absolute_scaled_error(y_true, y_pred, *, y_train, seasonality=1):
    """Mean absolute scaled error (MASE) of M4.

    The mean absolute forecast error over the horizon, divided by the in-sample mean
    absolute error of the seasonal naive forecast on the training part::

        scale = mean(|y_train[t] - y_train[t - seasonality]|), t = seasonality .. n-1
        MASE = mean(|y_true - y_pred|) / scale

    For 2-D input the MASE of each series is computed with its own scale and the
    results are averaged over series, as M4 aggregates them.

    Parameters
    ----------
    y_true : array-like of shape (horizon,) or (n_series, horizon)
        Actual values.
    y_pred : array-like of the same shape as ``y_true``
        Forecasts.
    y_train : array-like of shape (n_timesteps,), or a list of ``n_series`` 1-D arrays
        The in-sample history of each series (they may differ in length), or a 2-D
        array of shape (n_series, n_timesteps). Strip any padding (trailing empty
        cells of a CSV file) first.
    seasonality : int, default=1
        Seasonal period ``m`` of the naive forecast used for scaling (24 for hourly
        data with a daily cycle, 12 for monthly data).

    Returns
    -------
    mase : float
        The MASE. Lower is better; below 1 beats the in-sample seasonal naive error.

    Raises
    ------
    ValueError
        If a training series is not longer than ``seasonality``, if its scale is 0
        (the series repeats itself exactly with period ``seasonality``, so any
        forecast error would give an infinite MASE), or if shapes do not match.

    Examples
    --------
    >>> from sklearn_rnn.metrics import mean_absolute_scaled_error
    >>> y_train = [1.0, 2.0, 4.0, 7.0]  # seasonal naive (m=1) errors 1, 2, 3: scale 2
    >>> mean_absolute_scaled_error([10.0, 12.0], [11.0, 9.0], y_train=y_train)
    1.0
    """
    y_true, y_pred = _check_targets(y_true, y_pred)
    scale = seasonal_naive_scales(y_true, y_train, seasonality)
    with np.errstate(over="ignore", invalid="ignore"):
        errors = np.mean(np.abs(np.atleast_2d(y_true) - np.atleast_2d(y_pred)), axis=1)
        mase = np.mean(errors / scale)
    return finite_result(mase, "y_true and y_pred")


smape_scorer = make_scorer(
    symmetric_mean_absolute_percentage_error, greater_is_better=False
)


class _MASEScorer:
    """Scorer ``(estimator, X, y) -> -MASE`` scaled by each window's own history."""

    def __init__(self, seasonality):
        self.seasonality = seasonality

    def __call__(self, estimator, X, y):
        windows = "(n_samples, window_length) or (n_samples, window_length, n_features)"
        X = targets(X, "X", None, windows)
        if X.ndim not in (2, 3):
            raise ValueError(
                f"The MASE scorer needs windows X of shape {windows}; got an array "
                f"with shape {X.shape}."
            )
        y = targets(y, "y", (1, 2), "(n_samples,) or (n_samples, horizon)")
        if y.shape[0] != X.shape[0]:
            raise ValueError(
                f"y must hold one target per window of X: X has {X.shape[0]} windows "
                f"but y has {y.shape[0]} rows."
            )
        y_pred = targets(
            estimator.predict(X), "estimator.predict(X)", (1, 2), "the shape of y"
        )
        history = X if X.ndim == 2 else X[:, :, 0]
        # One row per window: each window is its own "series" with its own scale.
        y_true_2d = y.reshape(y.shape[0], -1)
        y_pred_2d = y_pred.reshape(y_pred.shape[0], -1)
        return -mean_absolute_scaled_error(
            y_true_2d, y_pred_2d, y_train=history, seasonality=self.seasonality
        )

    def __repr__(self):
        return f"make_mase_scorer(seasonality={self.seasonality!r})"


def make_mase_scorer(seasonality=1):
    """Make a MASE scorer for windowed data, scaled by each window's own history.

    The scorer is a callable ``scorer(estimator, X, y)`` that returns
    ``-MASE`` (so that greater is better, as scikit-learn's model selection
    expects). For each sample ``i`` it takes the history ``X[i]`` (or
    ``X[i, :, 0]``, the target's history, for 3-D ``X``) as the in-sample part,
    computes the MASE of ``estimator.predict(X)[i]`` against ``y[i]`` scaled by the
    seasonal naive error inside that window, and averages over windows.

    ``X`` must be windows as made by :func:`~sklearn_rnn.windowing.make_windows`:
    ``(n_samples, window_length)`` or ``(n_samples, window_length, n_features)``.
    It cannot be the raw series fed to a pipeline that starts with
    :class:`~sklearn_rnn.windowing.SlidingWindowTransformer`, whose rows are not
    histories; use :data:`smape_scorer` there.

    Parameters
    ----------
    seasonality : int, default=1
        Seasonal period of the naive forecast used for scaling. Must be smaller than
        the window length.

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y) -> float``, the negated mean per-window MASE. It
        raises ``ValueError`` when a window is constant with period
        ``seasonality`` (its scale is 0).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LinearRegression
    >>> from sklearn_rnn.metrics import make_mase_scorer
    >>> from sklearn_rnn.windowing import make_windows
    >>> X, y = make_windows(np.sin(np.arange(60.0)) + np.arange(60.0), 8)
    >>> scorer = make_mase_scorer(seasonality=1)
    >>> scorer
    make_mase_scorer(seasonality=1)
    >>> scorer(LinearRegression().fit(X, y), X, y) > -1
    True
    """
    return _MASEScorer(check_int(seasonality, "seasonality"))
