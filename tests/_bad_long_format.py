"""Bad long-format DataFrames and pandas Series, in make_panel_windows and forecast."""

import numpy as np
import pandas as pd
from _bad_inputs import Case, fitted

from sklearn_rnn import make_panel_windows

HOURS = pd.date_range("2024-01-01", periods=30, freq="h")
LONG = pd.DataFrame({"unique_id": "a", "ds": HOURS, "y": np.sin(np.arange(30.0))})


def _windows(df, **kwargs):
    return make_panel_windows(df, window_length=4, **kwargs)


def _forecast(df, **kwargs):
    return fitted("forecaster").forecast(df, steps=2, **kwargs)


def _frame_cases(entry, call):
    """Bad frames, refused alike by make_panel_windows and forecast."""
    return [
        Case(
            entry,
            "frame without ds",
            lambda: call(LONG.drop(columns="ds")),
            ValueError,
            r"has no column 'ds' \(a long-format DataFrame has one row per series "
            r"and time step.*columns are \['unique_id', 'y'\]",
        ),
        Case(
            entry,
            "frame with other column names",
            lambda: call(LONG, target_col="sales"),
            ValueError,
            "has no column 'sales'",
        ),
        Case(
            entry,
            "strings as values",
            lambda: call(LONG.assign(y="1.0")),
            TypeError,
            r"\['y'\] must hold real numbers; got dtype",
        ),
        Case(
            entry,
            "strings as time stamps",
            lambda: call(LONG.assign(ds=HOURS.astype(str))),
            TypeError,
            r"\['ds'\] must hold datetimes or integers; got dtype .*pd.to_datetime",
        ),
        Case(
            entry,
            "duplicate time stamp",
            lambda: call(pd.concat([LONG, LONG.iloc[[3]]])),
            ValueError,
            "has two rows for series 'a' at ds=2024-01-01 03:00:00: one row per "
            "series and time step",
        ),
        Case(
            entry,
            "missing id",
            lambda: call(LONG.assign(unique_id=[None] + ["a"] * 29)),
            ValueError,
            r"\['unique_id'\] is missing at row 0",
        ),
        Case(
            entry,
            "time stamp off the grid",
            lambda: call(
                LONG.assign(
                    ds=HOURS.where(HOURS != HOURS[5], HOURS[5] + pd.Timedelta("30min"))
                )
            ),
            ValueError,
            r"series 'a' has a time stamp off its grid of step 'h' "
            r"\(ds=2024-01-01 05:30:00\); pass freq",
        ),
        Case(
            entry,
            "bad freq",
            lambda: call(LONG, freq="fortnightly"),
            ValueError,
            "freq must be a pandas frequency such as 'h', 'D', 'MS'; got 'fortnightly'",
        ),
        Case(
            entry,
            "single time stamps",
            lambda: call(LONG.iloc[:1]),
            ValueError,
            "Cannot infer the frequency: every series has a single time stamp",
        ),
        Case(
            entry,
            "empty frame",
            lambda: call(LONG.iloc[:0]),
            ValueError,
            "is empty: a long-format DataFrame",
        ),
    ]


CASES = [
    *_frame_cases("sklearn_rnn.make_panel_windows", _windows),
    *_frame_cases("RNNForecaster.forecast", _forecast),
    Case(
        "sklearn_rnn.make_panel_windows",
        "covariates for a list",
        lambda: make_panel_windows([np.arange(10.0)], 4, covariates=["x"]),
        ValueError,
        "covariates names columns of a long-format DataFrame",
    ),
    Case(
        "sklearn_rnn.make_panel_windows",
        "covariates a string",
        lambda: _windows(LONG.assign(x=1.0), covariates="x"),
        TypeError,
        r"covariates must be a list of column names \(str\), got 'x'",
    ),
    Case(
        "sklearn_rnn.make_panel_windows",
        "covariate of strings",
        lambda: _windows(LONG.assign(x="a"), covariates=["x"]),
        TypeError,
        r"\['x'\] must hold real numbers",
    ),
    Case(
        "sklearn_rnn.make_panel_windows",
        "integer stamps, bad freq",
        lambda: _windows(LONG.assign(ds=np.arange(30)), freq="h"),
        TypeError,
        "freq must be an int step for integer time stamps; got 'h'",
    ),
    Case(
        "RNNForecaster.forecast",
        "series too short",
        lambda: _forecast(LONG.iloc[:5]),
        ValueError,
        r"history: series 'a' has 5 time steps; forecast reads the last "
        r"window_length=8 values",
    ),
    Case(
        "RNNForecaster.forecast",
        "gap in the last window",
        lambda: _forecast(LONG.drop(index=27)),
        ValueError,
        r"series 'a' has missing values \(NaN, or absent time stamps\) among them",
    ),
    Case(
        "RNNForecaster.forecast",
        "unsorted dated series",
        lambda: _forecast(pd.Series(np.arange(30.0), index=HOURS[::-1])),
        ValueError,
        "history's index must be increasing time stamps without repeats",
    ),
    Case(
        "SeedEnsembleForecaster.forecast",
        "frame without y",
        lambda: fitted("ensemble").forecast(LONG.drop(columns="y"), 2),
        ValueError,
        "has no column 'y'",
    ),
]
