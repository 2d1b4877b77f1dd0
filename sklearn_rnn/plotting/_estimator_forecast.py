"""What ``ForecastDisplay.from_estimator`` asks of a forecaster: the checks of the
estimator and its extra arguments, the history it forecasts (one series of a
long-format frame, the target column of covariate windows) and the forecast it
returns, dated like the history."""

import numpy as np
from sklearn.utils.validation import check_is_fitted

from .._arrays import real_array
from .._validation import show
from ._utils import is_frame, is_series, series_or_1d

# from_estimator's own arguments of forecast, which forecast_params cannot set.
_SET_HERE = ("steps", "coverage", "random_state", "id_col", "time_col", "target_col")


def check_forecaster(estimator, steps, y_true):
    """What from_estimator needs of ``estimator``: forecast, fitted, horizon_."""
    needs = (
        "estimator must be a fitted forecaster with a forecast(history, steps) "
        "method, such as a fitted sklearn_rnn RNNForecaster"
    )
    if isinstance(estimator, type):
        raise TypeError(f"{needs}; got the class {estimator.__name__}, not one.")
    if not callable(getattr(estimator, "forecast", None)):
        got = "None" if estimator is None else f"{show(estimator)}, which has none"
        raise TypeError(f"{needs}; got {got}.")
    check_is_fitted(
        estimator,
        msg=f"{needs}; this %(name)s is not fitted yet: call fit first.",
    )
    if steps is None and y_true is None and not hasattr(estimator, "horizon_"):
        raise TypeError(
            f"estimator ({type(estimator).__name__}) has no horizon_, which gives "
            "the number of steps when neither steps nor y_true is given: pass steps."
        )


def check_forecast_params(forecast_params):
    """``forecast_params`` as a dict of further arguments of ``forecast``."""
    if forecast_params is None:
        return {}
    if not isinstance(forecast_params, dict) or not all(
        isinstance(k, str) for k in forecast_params
    ):
        raise TypeError(
            "forecast_params must be a dict of keyword arguments of the estimator's "
            f"forecast (future=..., covariates=...), got {show(forecast_params)}."
        )
    clash = sorted(set(forecast_params) & set(_SET_HERE))
    if clash:
        raise TypeError(
            f"forecast_params must not set {clash}: pass them to from_estimator itself."
        )
    return forecast_params


def history_to_forecast(estimator, history, series_id, names):
    """``(past, drawn)``: what ``forecast`` reads and the target history drawn.

    A long-format frame gives its rows of ``series_id`` and that series; for a
    model fitted with covariates, a 2-D array ``(n_history, n_features)`` is
    read whole and its target, column 0, drawn; a 1-D series is both.
    """
    if is_frame(history):
        return one_series(history, series_id, **names)
    if getattr(estimator, "n_features_per_step_", 1) > 1 and not is_series(history):
        shape = "(n_history, n_features)"
        past = real_array(history, "history", (2,), shapes=shape, allow_nan=True)
        return history, series_or_1d(past[:, 0], "history[:, 0]", allow_nan=False)
    history = series_or_1d(history, "history", allow_nan=False)
    return history, history


def one_series(frame, series_id, *, id_col, time_col, target_col):
    """The rows of one series of a long-format ``frame``, and it as a Series."""
    missing = [c for c in (id_col, time_col, target_col) if c not in frame.columns]
    if missing:
        raise ValueError(
            f"history, a long-format DataFrame, needs the columns {id_col!r}, "
            f"{time_col!r} and {target_col!r}; missing {missing}, got columns "
            f"{list(frame.columns)}."
        )
    ids = frame[id_col].unique()
    if series_id is None:
        if len(ids) != 1:
            shown = ", ".join(repr(i) for i in ids[:5]) + (", ..." * (len(ids) > 5))
            raise ValueError(
                f"series_id must name the series to plot when history holds "
                f"several ({len(ids)}): one of {shown}."
            )
        series_id = ids[0]
    rows = frame[frame[id_col] == series_id]
    if rows.empty:
        shown = ", ".join(repr(i) for i in ids[:5]) + (", ..." * (len(ids) > 5))
        raise ValueError(
            f"series_id={series_id!r} is not in history's {id_col!r} column; "
            f"it holds {shown}."
        )
    rows = rows.sort_values(time_col)
    series = rows.set_index(time_col)[target_col]
    return rows, series


def from_frame(result, coverage, time_col):
    """forecast's long-format DataFrame as Series indexed by the future dates."""
    result = result.set_index(time_col)
    if coverage is None:
        return result["forecast"], None, None
    return result["forecast"], result["lower"], result["upper"]


def dated_forecast(history, y_pred, lower, upper):
    """The forecast as Series over the steps after a Series history's index,
    when the estimator returned arrays (a PeriodIndex, or any forecaster)."""
    if not is_series(history) or is_series(y_pred) or len(history) < 2:
        return y_pred, lower, upper
    import pandas as pd

    index = history.index
    steps = np.arange(1, len(y_pred) + 1)
    if isinstance(index, pd.PeriodIndex):
        future = pd.PeriodIndex([index[-1] + int(k) for k in steps])
    elif getattr(index, "freq", None) is not None:
        future = pd.DatetimeIndex([index[-1] + int(k) * index.freq for k in steps])
    elif pd.api.types.is_integer_dtype(index):
        future = pd.Index(index[-1] + steps * (index[-1] - index[-2]))
    else:
        return y_pred, lower, upper
    return tuple(
        None if v is None else pd.Series(np.asarray(v), index=future)
        for v in (y_pred, lower, upper)
    )


def forecast_parts(result, history, frame, coverage, time_col):
    """``(y_pred, lower, upper)`` of what ``forecast`` returned: a long-format
    frame's columns (intervals included), or arrays dated like ``history``."""
    if frame:
        return from_frame(result, coverage, time_col)
    y_pred, lower, upper = result if coverage is not None else (result, None, None)
    return dated_forecast(history, y_pred, lower, upper)
