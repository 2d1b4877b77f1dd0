"""Bad inputs of backtest: the estimator, the series, the folds."""

import numpy as np
import pandas as pd
from _bad_inputs import Case
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import StandardScaler

from sklearn_rnn.backtesting import backtest

ENTRY = "sklearn_rnn.backtest"
SERIES = np.sin(0.3 * np.arange(40))


class _Shaped(RegressorMixin, BaseEstimator):
    """A regressor predicting ``n_outputs`` columns, all ``value``."""

    def __init__(self, n_outputs=3, value=0.0):
        self.n_outputs = n_outputs
        self.value = value

    def fit(self, X, y):
        return self

    def predict(self, X):
        return np.full((len(X), self.n_outputs), self.value)


def _backtest(series=SERIES, estimator=None, window_length=4, **kwargs):
    estimator = LinearRegression() if estimator is None else estimator
    return backtest(estimator, series, window_length, **kwargs)


CASES = [
    Case(
        ENTRY,
        "estimator class",
        lambda: _backtest(estimator=LinearRegression),
        TypeError,
        r"estimator must be an estimator instance with fit and predict; got the "
        r"class LinearRegression: call it, e\.g\. LinearRegression\(\)",
    ),
    Case(
        ENTRY,
        "estimator without predict",
        lambda: _backtest(estimator=StandardScaler()),
        TypeError,
        r"estimator must be a regressor with fit\(X, y\) and predict\(X\).*got a "
        "StandardScaler, which has no predict",
    ),
    Case(
        ENTRY,
        "estimator without fit or predict",
        lambda: _backtest(estimator="lstm"),
        TypeError,
        "estimator must be a regressor.*got a str, which has no fit or predict",
    ),
    Case(
        ENTRY,
        "window_length 0",
        lambda: _backtest(window_length=0),
        ValueError,
        "window_length must be an integer >= 1, got 0",
    ),
    Case(
        ENTRY,
        "horizon float",
        lambda: _backtest(horizon=2.0),
        TypeError,
        "horizon must be an integer, got 2.0 of type float",
    ),
    Case(
        ENTRY,
        "n_folds 0",
        lambda: _backtest(n_folds=0),
        ValueError,
        "n_folds must be an integer >= 1, got 0",
    ),
    Case(
        ENTRY,
        "fold_step 0",
        lambda: _backtest(fold_step=0),
        ValueError,
        "fold_step must be an integer >= 1, got 0",
    ),
    Case(
        ENTRY,
        "refit_every 0",
        lambda: _backtest(refit_every=0),
        ValueError,
        "refit_every must be an integer >= 1, or None to fit once on the first "
        "fold; got 0",
    ),
    Case(
        ENTRY,
        "refit_every str",
        lambda: _backtest(refit_every="once"),
        TypeError,
        "refit_every must be an integer, got 'once' of type str",
    ),
    Case(
        ENTRY,
        "refit_every bool",
        lambda: _backtest(refit_every=True),
        TypeError,
        "refit_every must be an integer, got True of type bool",
    ),
    Case(
        ENTRY,
        "seasonality 0",
        lambda: _backtest(seasonality=0),
        ValueError,
        "seasonality must be an integer >= 1, got 0",
    ),
    Case(
        ENTRY,
        "return_forecasts str",
        lambda: _backtest(return_forecasts="yes"),
        TypeError,
        "return_forecasts must be True or False; got 'yes'",
    ),
    Case(
        ENTRY,
        "window longer than every series",
        lambda: _backtest(window_length=40),
        ValueError,
        r"series is too short for n_folds=3: the first fold's training part needs "
        r"window_length \+ horizon = 41 values, and horizon \+ \(n_folds - 1\) \* "
        r"fold_step = 3 values follow it, so 44 values in all; the longest series "
        "has 40. Lower n_folds",
    ),
    Case(
        ENTRY,
        "horizon too long for every series",
        lambda: _backtest([SERIES, SERIES[:20]], horizon=15),
        ValueError,
        r"series is too short.*, so 64 values in all; the longest series has 40",
    ),
    Case(
        ENTRY,
        "too many folds",
        lambda: _backtest(n_folds=20, horizon=2),
        ValueError,
        r"series is too short for n_folds=20: .*horizon \+ \(n_folds - 1\) \* "
        r"fold_step = 40 values follow it",
    ),
    Case(
        ENTRY,
        "series None",
        lambda: _backtest(None),
        TypeError,
        "series must be one 1-D series, a list of 1-D series or a long-format "
        "DataFrame; got None",
    ),
    Case(
        ENTRY,
        "series str",
        lambda: _backtest("1 2 3"),
        TypeError,
        "series must be one 1-D series.*; got a str",
    ),
    Case(
        ENTRY,
        "series dict",
        lambda: _backtest({"a": SERIES}),
        TypeError,
        r"series must be one 1-D series.*, not a dict: pass list\(d\.values\(\)\)",
    ),
    Case(
        ENTRY,
        "series 3-D array",
        lambda: _backtest(np.ones((2, 30, 2))),
        ValueError,
        r"series must be.*\(an array of shape \(n_timesteps,\) or \(n_series, "
        r"n_timesteps\)\); got an array of shape \(2, 30, 2\)",
    ),
    Case(
        ENTRY,
        "2-D series in a list",
        lambda: _backtest([SERIES, np.ones((30, 2))]),
        ValueError,
        r"series\[1\] must be 1-D",
    ),
    Case(
        ENTRY,
        "strings as values",
        lambda: _backtest(["1.0", "2.0"]),
        TypeError,
        "series must hold real numbers; got strings",
    ),
    Case(
        ENTRY,
        "empty series",
        lambda: _backtest([]),
        ValueError,
        "series is empty",
    ),
    Case(
        ENTRY,
        "infinity",
        lambda: _backtest(np.r_[SERIES, np.inf]),
        ValueError,
        "series must not contain infinity; found inf at index 40",
    ),
    Case(
        ENTRY,
        "frame without ds",
        lambda: _backtest(pd.DataFrame({"unique_id": "a", "y": SERIES})),
        ValueError,
        r"series has no column 'ds' \(a long-format DataFrame",
    ),
    Case(
        ENTRY,
        "predict of the wrong shape",
        lambda: _backtest(estimator=_Shaped(n_outputs=3), horizon=2),
        ValueError,
        r"estimator.predict must return one row of horizon=2 values per window, "
        r"shape \(1, 2\); got shape \(1, 3\) in fold 0",
    ),
    Case(
        ENTRY,
        "predict with NaN",
        lambda: _backtest(estimator=_Shaped(n_outputs=1, value=np.nan)),
        ValueError,
        "estimator.predict returned NaN or infinite forecasts in fold 0",
    ),
]
