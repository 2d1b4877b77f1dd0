"""Covariates a long-format frame gives beyond its columns of values:
static covariates (one value per series) and calendar features of the time
stamps. Both are known in advance, over any horizon.
"""

import numpy as np
import pandas as pd

from .._validation import show
from ._long_format import split_frame

# Calendar features: each as (its value from a DatetimeIndex, from 0, its period).
# A feature becomes two covariates, the sine and cosine of its phase, so that the
# end of a cycle lies next to its start (hour 23 next to hour 0).
CALENDAR = {
    "hour": (lambda t: t.hour, 24),
    "dayofweek": (lambda t: t.dayofweek, 7),
    "day": (lambda t: t.day - 1, 31),
    "month": (lambda t: t.month - 1, 12),
    "dayofyear": (lambda t: t.dayofyear - 1, 366),
}


def check_names(values, name):
    """A list of column names (str), empty for None."""
    if values is None:
        return []
    if isinstance(values, str) or not all(isinstance(v, str) for v in values):
        raise TypeError(
            f"{name} must be a list of column names (str), got {show(values)}."
        )
    return list(values)


def check_calendar(calendar):
    names = check_names(calendar, "calendar")
    unknown = [c for c in names if c not in CALENDAR]
    if unknown:
        raise ValueError(
            f"calendar has the unknown feature {unknown[0]!r}: choose among "
            f"{sorted(CALENDAR)}."
        )
    return names


def calendar_features(stamps, calendar, name, time_col):
    """``(len(stamps), 2 * len(calendar))``: sine, cosine of each feature."""
    if not calendar:
        return np.empty((len(stamps), 0))
    if not isinstance(stamps, pd.DatetimeIndex):
        raise TypeError(
            f"calendar features need datetime time stamps; {name}[{time_col!r}] "
            "holds integers."
        )
    columns = []
    for feature in calendar:
        value, period = CALENDAR[feature]
        phase = 2 * np.pi * np.asarray(value(stamps), dtype=float) / period
        columns += [np.sin(phase), np.cos(phase)]
    return np.column_stack(columns)


def static_features(df, order, statics, name, id_col):
    """One row per series (in ``order``) of static covariates: numeric columns
    as they are, the others one-hot encoded (categories in sorted order).

    Returns the ``(n_series, n_static_features)`` values and their names.
    """
    rows, names = [], []
    grouped = df.groupby(id_col, sort=False)
    for column in statics:
        if column not in df.columns:
            raise ValueError(
                f"{name} has no column {column!r} (static_covariates); its columns "
                f"are {[str(c) for c in df.columns][:20]}."
            )
        if df[column].isna().any():
            raise ValueError(
                f"{name}[{column!r}] (a static covariate) has missing values."
            )
        counts = grouped[column].nunique()
        if (counts > 1).any():
            key = counts.index[np.argmax(counts.to_numpy() > 1)]
            raise ValueError(
                f"{name}[{column!r}] is a static covariate but takes several values "
                f"within series {key!r}: one value per series."
            )
        per_series = grouped[column].first().reindex(order)
        values = per_series.to_numpy()
        numeric = pd.api.types.is_numeric_dtype(df[column]) and not (
            pd.api.types.is_bool_dtype(df[column])
        )
        if numeric:
            rows.append(values.astype(float)[:, None])
            names.append(column)
        else:
            # A categorical dtype fixes the categories, whichever appear: the
            # same one-hot columns for a frame of a few series as for all.
            categories = (
                list(df[column].cat.categories)
                if isinstance(df[column].dtype, pd.CategoricalDtype)
                else sorted(pd.unique(df[column]), key=str)
            )
            rows.append(
                (values[:, None] == np.asarray(categories, dtype=object)[None]).astype(
                    float
                )
            )
            names += [f"{column}={c}" for c in categories]
    if not rows:
        return np.empty((len(order), 0)), names
    return np.concatenate(rows, axis=1), names


def series_stamps(last, length, step):
    """The regular time stamps of a series ending at ``last``."""
    if isinstance(step, int | np.integer):
        return np.arange(last - (length - 1) * step, last + 1, step)
    return pd.date_range(end=last, periods=length, freq=step)


def frame_features(
    df, name, id_col, time_col, target_col, past, future, statics, calendar, freq
):
    """Each series of a long-format frame as ``(n_i, n_features)`` values (1-D
    without covariates): target, past covariates, future covariates, statics,
    calendar.

    Returns the ids, the values, the indices of the features known in advance
    (None for none), each series' last time stamp and the grid's step.
    """
    ids, arrays, last, step = split_frame(
        df, name, id_col, time_col, target_col, past + future, freq
    )
    if not (future or statics or calendar):
        return ids, arrays, None, last, step
    static_values, _ = static_features(df, ids, statics, name, id_col)
    series = []
    for values, end, per_series in zip(arrays, last, static_values, strict=True):
        values = values.reshape(len(values), -1)
        stamps = series_stamps(end, len(values), step)
        series.append(
            np.column_stack(
                [
                    values,
                    np.repeat(per_series[None], len(values), axis=0),
                    calendar_features(stamps, calendar, name, time_col),
                ]
            )
        )
    known = np.arange(1 + len(past), series[0].shape[1])
    return ids, series, known, last, step
