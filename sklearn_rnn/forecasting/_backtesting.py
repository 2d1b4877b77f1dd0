"""Rolling-origin backtests of a forecaster on one series or a panel: :func:`backtest`.

A backtest replays the forecasting job at several past cutoffs: for each fold the
model is trained on every series up to the cutoff, forecasts the ``horizon``
values after it, and the forecasts are scored against what happened. Cutoffs are
counted from each series' end (series aligned at their ends, as
:func:`~sklearn_rnn.make_panel_windows` aligns them); the estimator is any
regressor on windows.

Examples
--------
>>> import numpy as np
>>> from sklearn.linear_model import LinearRegression
>>> from sklearn_rnn.backtesting import backtest
>>> scores = backtest(LinearRegression(), np.arange(40.0), window_length=4,
...                   horizon=2, n_folds=2)
>>> scores[["fold", "cutoff", "mae"]].round(6)
   fold  cutoff  mae
0     0      35  0.0
1     1      37  0.0
"""

import warnings

import numpy as np
import pandas as pd
from sklearn.base import clone

from .._validation import check_int, show
from ..metrics import symmetric_mean_absolute_percentage_error
from ..windowing._long_format import grid
from ..windowing._panel import make_panel_windows
from ._backtesting_input import check_estimator, check_lengths, check_refit_every, panel

__all__ = ["backtest"]

METRICS = ("mae", "rmse", "smape", "mase")


def backtest(
    estimator,
    series,
    window_length,
    horizon=1,
    *,
    n_folds=3,
    fold_step=None,
    refit_every=1,
    seasonality=1,
    return_forecasts=False,
    id_col="unique_id",
    time_col="ds",
    target_col="y",
    freq=None,
):
    """Score a forecaster at several past cutoffs (rolling-origin evaluation).

    Fold ``k`` (``0 <= k < n_folds``, oldest first) cuts every series
    ``horizon + (n_folds - 1 - k) * fold_step`` values before its end: the last
    fold forecasts each series' last ``horizon`` values, each earlier fold's
    cutoff is ``fold_step`` steps earlier. For each fold:

    1. the training part of each series is its values up to the cutoff, cut into
       windows by :func:`~sklearn_rnn.make_panel_windows` (``window_length``,
       ``horizon``: ``y`` has ``horizon`` columns, a direct multi-horizon
       forecast);
    2. a clone of ``estimator`` (:func:`sklearn.base.clone`) is fitted on them,
       every ``refit_every`` folds; the folds in between reuse the last fitted
       model on their longer histories;
    3. ``predict`` forecasts the ``horizon`` values after the cutoff from each
       series' last window (its last ``window_length`` training values), and
       the forecasts are scored against the actual values.

    On a single series with ``fold_step == horizon``, the folds are those of
    ``TimeSeriesSplit(n_splits=n_folds, test_size=horizon)`` (``gap=0``, no
    ``max_train_size``): the same training and test indices. A ``fold_step``
    below ``horizon`` makes test parts overlap, one above leaves values between
    them untested; neither has a ``TimeSeriesSplit`` equivalent.

    Parameters
    ----------
    estimator : regressor
        An unfitted (or fitted: it is cloned) regressor on windows with ``fit(X,
        y)`` and ``predict(X)``, such as :class:`~sklearn_rnn.RNNForecaster`: ``X``
        of shape ``(n_samples, window_length)``, ``y`` of shape ``(n_samples,)``
        when ``horizon == 1``, else ``(n_samples, horizon)``.
    series : array-like of shape (n_timesteps,), list of such, or DataFrame
        One series (1-D, oldest value first; a pandas Series with a
        DatetimeIndex gives dated cutoffs), a list of 1-D series of different
        lengths, or a long-format DataFrame with the columns ``id_col``,
        ``time_col`` and ``target_col`` as :func:`~sklearn_rnn.make_panel_windows`
        takes it. NaN marks a missing value.
    window_length : int
        Number of past values in each input window.
    horizon : int, default=1
        Number of values forecast after each cutoff.
    n_folds : int, default=3
        Number of cutoffs.
    fold_step : int or None, default=None
        Steps between consecutive cutoffs; None means ``horizon``.
    refit_every : int or None, default=1
        Fit a fresh clone on folds ``0, refit_every, 2 * refit_every, ...``; 1
        refits on every fold. None fits once, on the first fold (the oldest
        cutoff), and forecasts every later fold with that model.
    seasonality : int, default=1
        Period of the seasonal naive forecast that scales the MASE (12 for
        monthly data with a yearly cycle).
    return_forecasts : bool, default=False
        Also return the forecasts, one row per fold, series and forecast step.
    id_col, time_col, target_col : str, default="unique_id", "ds", "y"
        The columns of a long-format ``series``, and the names of the id, time
        and value columns of the results.
    freq : str, pandas offset, int or None, default=None
        The step between time stamps of a long-format ``series``; None infers it.

    Returns
    -------
    scores : DataFrame
        One row per fold and series, in fold order, with the columns ``fold``,
        ``id_col`` (the series' id, or its position in a list; 0 for one
        series), ``cutoff`` (the time stamp of the last training value for
        dated input, else its position in the series) and the metrics ``mae``,
        ``rmse``, ``smape`` (M4's sMAPE, in percent) and ``mase`` (the mean
        absolute error divided by the mean absolute error of the in-sample
        seasonal naive forecast on the training part, as
        :func:`~sklearn_rnn.metrics.mean_absolute_scaled_error`).
    forecasts : DataFrame
        Only with ``return_forecasts=True``: columns ``fold``, ``id_col``,
        ``time_col`` (time stamps, or positions in the series), ``target_col``
        (the actual value) and ``forecast``, ``horizon`` rows per row of
        ``scores``.

    Raises
    ------
    ValueError
        If no series is long enough for the first fold: ``window_length +
        horizon`` values before its cutoff and ``horizon + (n_folds - 1) *
        fold_step`` after it.

    Warns
    -----
    UserWarning
        When some (fold, series) pairs are left out of the results: a series
        whose training part has fewer than ``window_length + horizon`` values
        in that fold, or whose last window before the cutoff has
        missing values. And, for the MASE, when a training part repeats itself
        exactly with period ``seasonality`` (its scale is 0: the MASE is NaN).

    See Also
    --------
    sklearn_rnn.make_panel_windows : The windows each fold trains on.
    sklearn.model_selection.TimeSeriesSplit : The same folds on one series, for
        ``fold_step == horizon``.

    Notes
    -----
    Missing actual values are left out of the metrics: they are computed over
    the values present, NaN when none is. Missing values in a training part
    drop the windows that hold them (see :func:`~sklearn_rnn.make_panel_windows`)
    and, in the MASE scale, the seasonal differences that involve them.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rnn import RNNForecaster
    >>> from sklearn_rnn.backtesting import backtest
    >>> series = 10 + np.sin(np.arange(120) / 3)
    >>> model = RNNForecaster(hidden_size=8, max_epochs=5, random_state=0)
    >>> scores = backtest(model, series, window_length=12, horizon=6, n_folds=3)
    >>> scores.columns.tolist()
    ['fold', 'unique_id', 'cutoff', 'mae', 'rmse', 'smape', 'mase']
    >>> scores["cutoff"].tolist()
    [101, 107, 113]
    """
    check_estimator(estimator)
    window_length = check_int(window_length, "window_length")
    horizon = check_int(horizon, "horizon")
    n_folds = check_int(n_folds, "n_folds")
    fold_step = horizon if fold_step is None else check_int(fold_step, "fold_step")
    refit_every = check_refit_every(refit_every)
    seasonality = check_int(seasonality, "seasonality")
    if not isinstance(return_forecasts, bool | np.bool_):
        raise TypeError(
            f"return_forecasts must be True or False; got {show(return_forecasts)}."
        )
    ids, values, last, step = panel(series, id_col, time_col, target_col, freq)
    span = window_length + horizon
    check_lengths(values, span, horizon + (n_folds - 1) * fold_step, n_folds)

    rows, forecasts, skipped = [], [], []
    model = None
    for fold in range(n_folds):
        after = horizon + (n_folds - 1 - fold) * fold_step
        ends = [max(len(v) - after, 0) for v in values]
        train = [v[:end] for v, end in zip(values, ends, strict=True)]
        long_enough = [i for i, t in enumerate(train) if len(t) >= span]
        if model is None or (refit_every is not None and fold % refit_every == 0):
            model = _fit(
                estimator, [train[i] for i in long_enough], window_length, horizon
            )
        ready = []
        for i, part in enumerate(train):
            if len(part) < span:
                skipped.append((fold, ids[i], "short"))
            elif np.isnan(part[-window_length:]).any():
                skipped.append((fold, ids[i], "nan"))
            else:
                ready.append(i)
        if not ready:
            continue
        last_windows = np.stack([train[i][-window_length:] for i in ready])
        predicted = _predict(model, last_windows, horizon, fold)
        for i, forecast in zip(ready, predicted, strict=True):
            actual = values[i][ends[i] : ends[i] + horizon]
            cutoff = _stamp(last[i], ends[i] - len(values[i]), step)
            metrics = _scores(actual, forecast, train[i], seasonality)
            rows.append((fold, ids[i], cutoff, *metrics))
            if return_forecasts:
                times = _times(cutoff, horizon, step)
                forecasts.append((fold, ids[i], times, actual, forecast))
    _warn_skipped(skipped, span)
    scores = pd.DataFrame(rows, columns=["fold", id_col, "cutoff", *METRICS])
    if not return_forecasts:
        return scores
    return scores, _forecast_frame(forecasts, horizon, id_col, time_col, target_col)


def _fit(estimator, train, window_length, horizon):
    X, y, _ = make_panel_windows(train, window_length, horizon)
    return clone(estimator).fit(X, y)


def _predict(model, X, horizon, fold):
    predicted = np.asarray(model.predict(X), dtype=np.float64)
    if predicted.size != len(X) * horizon or predicted.ndim > 2:
        raise ValueError(
            f"estimator.predict must return one row of horizon={horizon} values per "
            f"window, shape ({len(X)},{' ' + str(horizon) if horizon > 1 else ''}); "
            f"got shape {predicted.shape} in fold {fold}."
        )
    predicted = predicted.reshape(len(X), horizon)
    if not np.isfinite(predicted).all():
        raise ValueError(
            f"estimator.predict returned NaN or infinite forecasts in fold {fold}."
        )
    return predicted


def _scores(actual, forecast, train, seasonality):
    present = ~np.isnan(actual)
    if not present.any():
        return (np.nan,) * len(METRICS)
    actual, forecast = actual[present], forecast[present]
    error = np.abs(actual - forecast)
    mae = float(np.mean(error))
    smape = symmetric_mean_absolute_percentage_error(actual, forecast)
    return (
        mae,
        float(np.sqrt(np.mean(error**2))),
        smape,
        mae / _scale(train, seasonality),
    )


def _scale(train, seasonality):
    # mean_absolute_scaled_error's scale, over the seasonal differences whose two
    # values are present.
    differences = np.abs(train[seasonality:] - train[:-seasonality])
    differences = differences[~np.isnan(differences)]
    if not len(differences):
        return np.nan
    scale = float(np.mean(differences))
    if scale == 0:
        warnings.warn(
            f"A training part repeats itself exactly with period seasonality="
            f"{seasonality}: its MASE scale is 0, so its mase is NaN.",
            UserWarning,
            stacklevel=4,
        )
        return np.nan
    return scale


def _stamp(last, offset, step):
    """The time stamp ``offset`` (<= 0) steps from ``last``; a position without step."""
    if step is None:
        return last + offset
    if isinstance(step, int):
        return last + offset * step
    return pd.date_range(end=last, periods=1 - offset, freq=step)[0]


def _times(cutoff, horizon, step):
    if step is None:
        return cutoff + np.arange(1, horizon + 1)
    return np.asarray(grid(cutoff, horizon + 1, step, periods=True)[1:])


def _warn_skipped(skipped, span):
    if not skipped:
        return
    reasons = {
        "short": f"fewer than window_length + horizon = {span} values before the "
        "cutoff",
        "nan": "missing values in the last window before the cutoff",
    }
    parts = []
    for reason, words in reasons.items():
        pairs = [(fold, key) for fold, key, r in skipped if r == reason]
        if pairs:
            shown = ", ".join(
                f"series {show(key)} in fold {fold}" for fold, key in pairs[:5]
            )
            more = f" and {len(pairs) - 5} more" if len(pairs) > 5 else ""
            parts.append(f"{len(pairs)} with {words} ({shown}{more})")
    warnings.warn(
        f"backtest left {len(skipped)} (fold, series) pairs out of the results: "
        + "; ".join(parts)
        + ".",
        UserWarning,
        stacklevel=3,
    )


def _forecast_frame(forecasts, horizon, id_col, time_col, target_col):
    columns = ["fold", id_col, time_col, target_col, "forecast"]
    if not forecasts:
        return pd.DataFrame(columns=columns)
    folds, keys, times, actual, predicted = zip(*forecasts, strict=True)
    return pd.DataFrame(
        {
            "fold": np.repeat(folds, horizon),
            id_col: np.repeat(np.asarray(keys), horizon),
            time_col: np.concatenate(times),
            target_col: np.concatenate(actual),
            "forecast": np.concatenate(predicted),
        },
        columns=columns,
    )
