"""Bad future, static and calendar covariates of make_panel_windows."""

import numpy as np
import pandas as pd
from _bad_inputs import Case

from sklearn_rnn import make_panel_windows

E = "sklearn_rnn.make_panel_windows"


def _df(**columns):
    frame = pd.DataFrame(
        {
            "unique_id": ["a"] * 10 + ["b"] * 10,
            "ds": list(pd.date_range("2024-01-01", periods=10, freq="D")) * 2,
            "y": np.arange(20.0),
        }
    )
    return frame.assign(**columns)


def _windows(df, **kwargs):
    return make_panel_windows(df, 3, horizon=2, **kwargs)


CASES = [
    Case(
        E,
        "future_covariates a str",
        lambda: _windows(_df(p=1.0), future_covariates="p"),
        TypeError,
        r"future_covariates must be a list of column names \(str\), got 'p'",
    ),
    Case(
        E,
        "future covariate absent",
        lambda: _windows(_df(), future_covariates=["price"]),
        ValueError,
        r"series_list has no column 'price'",
    ),
    Case(
        E,
        "static covariate varies within a series",
        lambda: _windows(_df(kind=np.arange(20) % 2), static_covariates=["kind"]),
        ValueError,
        r"series_list\['kind'\] is a static covariate but takes several values "
        r"within series 'a'",
    ),
    Case(
        E,
        "static covariate absent",
        lambda: _windows(_df(), static_covariates=["store"]),
        ValueError,
        r"series_list has no column 'store' \(static_covariates\)",
    ),
    Case(
        E,
        "static covariate missing",
        lambda: _windows(
            _df(store=["x"] * 10 + [None] * 10), static_covariates=["store"]
        ),
        ValueError,
        r"series_list\['store'\] \(a static covariate\) has missing values",
    ),
    Case(
        E,
        "unknown calendar feature",
        lambda: _windows(_df(), calendar=["weekday"]),
        ValueError,
        r"calendar has the unknown feature 'weekday': choose among \['day', "
        r"'dayofweek'",
    ),
    Case(
        E,
        "calendar on integer stamps",
        lambda: _windows(_df(ds=list(range(10)) * 2), calendar=["hour"]),
        TypeError,
        r"calendar features need datetime time stamps; series_list\['ds'\] holds "
        "integers",
    ),
    Case(
        E,
        "calendar for a list of series",
        lambda: make_panel_windows([np.arange(10.0)], 3, calendar=["hour"]),
        ValueError,
        r"calendar names columns of a long-format DataFrame",
    ),
]


def _hourly(n=40):
    ds = pd.date_range("2024-01-01", periods=n, freq="h")
    return pd.DataFrame(
        {"unique_id": "a", "ds": ds, "y": np.sin(np.arange(n)), "p": np.arange(n) % 2}
    )


def _promo_model():
    from sklearn_rnn import RNNForecaster

    X, y, _ = make_panel_windows(_hourly(), 6, horizon=2, future_covariates=["p"])
    return RNNForecaster(hidden_size=4, max_epochs=1, random_state=0).fit(X, y)


def _future(n=2, start="2024-01-02 16:00"):
    ds = pd.date_range(start, periods=n, freq="h")
    return pd.DataFrame({"unique_id": "a", "ds": ds, "p": 1.0})


F = "RNNForecaster.forecast"
CASES += [
    Case(
        F,
        "frame without the fitted covariates",
        lambda: _promo_model().forecast(_hourly(), 2, future=_future()),
        ValueError,
        r"history gives 1 features per time step .* but the model was fitted on 2 "
        r"\(features \[1\] known ahead\): pass forecast the same covariates",
    ),
    Case(
        F,
        "future frame missing a stamp",
        lambda: _promo_model().forecast(
            _hourly(), 2, future=_future(1), future_covariates=["p"]
        ),
        ValueError,
        r"future has no values for series 'a' at ds=2024-01-02 17:00:00",
    ),
    Case(
        F,
        "future not a frame",
        lambda: _promo_model().forecast(
            _hourly(), 2, future=np.ones((2, 1)), future_covariates=["p"]
        ),
        TypeError,
        r"future must be a long-format DataFrame .* got ndarray",
    ),
    Case(
        F,
        "future frame without the column",
        lambda: _promo_model().forecast(
            _hourly(), 2, future=_future().drop(columns="p"), future_covariates=["p"]
        ),
        ValueError,
        r"future has no column 'p'",
    ),
    Case(
        F,
        "covariates for a univariate model",
        lambda: (
            __import__("sklearn_rnn")
            .RNNForecaster(hidden_size=4, max_epochs=1)
            .fit(*make_panel_windows(_hourly(), 6)[:2])
            .forecast(_hourly(), 2, calendar=["hour"])
        ),
        ValueError,
        r"calendar names covariates, but this model was fitted on univariate",
    ),
]
