"""Long-format pandas data: one row per series and time step.

The layout of statsforecast, neuralforecast and mlforecast: a column naming the
series (``unique_id``), one of time stamps (``ds``: datetimes or integers) and
one of values (``y``), plus covariate columns. Each series is put on its regular
time grid (the frequency inferred, or given): a time stamp absent from the frame
is a missing value (NaN), never filled with a made-up one.
"""

import warnings
from collections import Counter

import numpy as np
import pandas as pd

from .._validation import show

LONG_FORMAT = (
    "a long-format DataFrame has one row per series and time step: a column naming "
    "the series (id_col), one of time stamps (time_col: datetimes or integers) and "
    "one of values (target_col)"
)


def _plain(value):
    """A numpy scalar as the Python one it holds, for messages (numpy 2 shows
    ``np.int64(0)`` where a user wrote 0)."""
    return value.item() if isinstance(value, np.generic) else value


def is_frame(values):
    return isinstance(values, pd.DataFrame)


def is_series(values):
    return isinstance(values, pd.Series)


def check_frame(df, name, id_col, time_col, target_col, covariates=()):
    """Check a long-format frame's columns; return it sorted by series and time."""
    covariates = list(covariates)
    needed = [id_col, time_col, target_col, *covariates]
    absent = [c for c in needed if c not in df.columns]
    if absent:
        raise ValueError(
            f"{name} has no column {absent[0]!r} ({LONG_FORMAT}); its columns are "
            f"{[str(c) for c in df.columns][:20]}. Name the columns with id_col=, "
            "time_col=, target_col=."
        )
    if df.empty:
        raise ValueError(f"{name} is empty: {LONG_FORMAT}.")
    for column in (target_col, *covariates):
        dtype = df[column].dtype
        if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(
            dtype
        ):
            raise TypeError(
                f"{name}[{column!r}] must hold real numbers; got dtype {dtype}."
            )
    times = df[time_col]
    if not (
        pd.api.types.is_datetime64_any_dtype(times)
        or pd.api.types.is_integer_dtype(times)
    ):
        raise TypeError(
            f"{name}[{time_col!r}] must hold datetimes or integers; got dtype "
            f"{times.dtype} (convert it with pd.to_datetime)."
        )
    if times.isna().any() or df[id_col].isna().any():
        column = time_col if times.isna().any() else id_col
        row = df.index[df[column].isna().to_numpy()][0]
        raise ValueError(f"{name}[{column!r}] is missing at row {_plain(row)!r}.")
    duplicated = df.duplicated([id_col, time_col])
    if duplicated.any():
        row = df[duplicated.to_numpy()].iloc[0]
        raise ValueError(
            f"{name} has two rows for series {_plain(row[id_col])!r} at "
            f"{time_col}={row[time_col]!s}: one row per series and time step."
        )
    return df.sort_values([id_col, time_col], kind="stable")


def infer_step(groups, freq):
    """The grid's step: a pandas offset (datetimes) or an int (integer stamps)."""
    first = groups[0][1]
    datetimes = pd.api.types.is_datetime64_any_dtype(first)
    if freq is not None:
        if not datetimes:
            if isinstance(freq, bool) or not isinstance(freq, int | np.integer):
                raise TypeError(
                    "freq must be an int step for integer time stamps; got "
                    f"{show(freq)}."
                )
            if freq < 1:
                raise ValueError(f"freq must be >= 1; got {freq}.")
            return int(freq)
        try:
            return pd.tseries.frequencies.to_offset(freq)
        except (TypeError, ValueError):
            raise ValueError(
                f"freq must be a pandas frequency such as 'h', 'D', 'MS'; got "
                f"{show(freq)}."
            ) from None
    if datetimes:
        # Calendar frequencies (month ends, ...) have steps of varying length:
        # pandas recognises them on a series without gaps.
        for _, times in sorted(groups, key=lambda g: -len(g[1])):
            if len(times) >= 3:
                with warnings.catch_warnings():
                    # pandas 3 announces infer_freq returning offsets; either
                    # reads the same through to_offset.
                    warnings.simplefilter("ignore", DeprecationWarning)
                    inferred = pd.infer_freq(pd.DatetimeIndex(times))
                if inferred is not None:
                    return pd.tseries.frequencies.to_offset(inferred)
    steps = Counter()
    for _, times in groups:
        steps.update(np.diff(times.to_numpy()).tolist())
    if not steps:
        raise ValueError(
            "Cannot infer the frequency: every series has a single time stamp. "
            "Pass freq (e.g. freq='h', or an int step for integer stamps)."
        )
    step = steps.most_common(1)[0][0]
    if datetimes:
        return pd.tseries.frequencies.to_offset(pd.Timedelta(step))
    return int(step)


def grid(start, end_or_periods, step, periods=False):
    """Time stamps from ``start`` every ``step``: up to an end, or ``periods``."""
    if isinstance(step, int):
        if periods:
            return start + step * np.arange(end_or_periods)
        return np.arange(start, end_or_periods + 1, step)
    if periods:
        return pd.date_range(start, periods=end_or_periods, freq=step)
    return pd.date_range(start, end_or_periods, freq=step)


def split_frame(df, name, id_col, time_col, target_col, covariates=(), freq=None):
    """Each series of a long-format frame on its regular grid.

    Returns the ids (first-appearance order), the values of each series (1-D,
    or ``(n_i, 1 + n_covariates)`` with covariates: target first), each series'
    last time stamp, and the step.
    """
    columns = [target_col, *covariates]
    df = check_frame(df, name, id_col, time_col, target_col, covariates)
    order = pd.unique(df[id_col])
    grouped = dict(tuple(df.groupby(id_col, sort=False)))
    groups = [(key, grouped[key][time_col]) for key in order]
    step = infer_step(groups, freq)
    values, last = [], []
    for key in order:
        part = grouped[key]
        times = part[time_col].to_numpy()
        stamps = grid(times[0], times[-1], step)
        positions = pd.Index(stamps).get_indexer(pd.Index(times))
        if (positions < 0).any():
            off = times[positions < 0][0]
            off = off if isinstance(step, int) else pd.Timestamp(off)
            raise ValueError(
                f"{name}: series {_plain(key)!r} has a time stamp off its grid of step "
                f"{_show_step(step)} ({time_col}={off!s}); pass freq, or align the "
                "time stamps."
            )
        series = np.full((len(stamps), len(columns)), np.nan)
        series[positions] = part[columns].to_numpy(dtype=np.float64)
        values.append(series if covariates else series[:, 0])
        last.append(stamps[-1])
    return np.asarray(order), values, last, step


def _show_step(step):
    return repr(step) if isinstance(step, int) else repr(step.freqstr)


def forecast_frame(ids, last, step, steps, outputs, id_col, time_col):
    """The long-format forecast: ``steps`` rows per series, future time stamps."""
    future = [grid(t, steps + 1, step, periods=True)[1:] for t in last]
    frame = {
        id_col: np.repeat(ids, steps),
        time_col: np.concatenate([np.asarray(f) for f in future]),
    }
    for column, values in zip(("forecast", "lower", "upper"), outputs, strict=False):
        frame[column] = values.reshape(-1)
    return pd.DataFrame(frame)


def series_step(series, freq):
    """The step of a Series' index (a DatetimeIndex or integer index)."""
    index = series.index
    if not (
        isinstance(index, pd.DatetimeIndex) or pd.api.types.is_integer_dtype(index)
    ):
        return None
    if not index.is_monotonic_increasing or not index.is_unique:
        raise ValueError(
            "history's index must be increasing time stamps without repeats."
        )
    times = pd.Series(index)
    return infer_step([(None, times)], freq)


def forecast_series(series, step, steps, outputs):
    """Forecasts of a Series as Series indexed by the future time stamps."""
    future = grid(series.index[-1], steps + 1, step, periods=True)[1:]
    name = series.name
    return tuple(pd.Series(values, index=future, name=name) for values in outputs)


def pandas_histories(history, window_length, id_col, time_col, target_col, freq):
    """Histories for ``forecast`` from pandas input, and how to frame its outputs.

    A long-format DataFrame gives the last ``window_length`` values of each series
    and a function turning the forecast arrays into a long-format DataFrame; a
    Series with a DatetimeIndex (or integer index) gives its values and a
    function returning Series indexed by the future time stamps. Anything else
    is returned as it is, with None.
    """
    if is_frame(history):
        ids, values, last, step = split_frame(
            history, "history", id_col, time_col, target_col, freq=freq
        )
        for key, series in zip(ids, values, strict=True):
            recent = series[-window_length:]
            if len(recent) < window_length or np.isnan(recent).any():
                problem = (
                    f"has {len(series)} time steps"
                    if len(recent) < window_length
                    else "has missing values (NaN, or absent time stamps) among them"
                )
                raise ValueError(
                    f"history: series {_plain(key)!r} {problem}; forecast reads the "
                    "last "
                    f"window_length={window_length} values of each series (the "
                    "model's n_features_in_)."
                )

        def frame(steps, outputs):
            return forecast_frame(ids, last, step, steps, outputs, id_col, time_col)

        return [v[-window_length:] for v in values], frame
    if is_series(history):
        step = series_step(history, freq)
        if step is None:
            return history, None

        def framed_series(steps, outputs):
            return forecast_series(history, step, steps, outputs)

        return history.to_numpy(), framed_series
    return history, None
