"""Bad inputs of ForecastDisplay and TrainingCurveDisplay (Agg backend).

Without matplotlib every case must instead raise the ImportError that says how to
install it.
"""

import dataclasses

import numpy as np
from _bad_inputs import Case, fitted, history

try:
    import matplotlib
except ImportError:
    matplotlib = None
else:
    matplotlib.use("Agg")


def _fd():
    from sklearn_rnn.plotting import ForecastDisplay

    return ForecastDisplay


def _td():
    from sklearn_rnn.plotting import TrainingCurveDisplay

    return TrainingCurveDisplay


def _regression():
    from sklearn.linear_model import LinearRegression

    return LinearRegression().fit(np.zeros((3, 2)), np.zeros(3))


def _unfitted():
    from sklearn_rnn import RNNForecaster

    return RNNForecaster()


def _figure():
    import matplotlib.pyplot as plt

    return plt.figure()


def _dated(values, start="2024-01-01"):
    import pandas as pd

    return pd.Series(values, index=pd.date_range(start, periods=len(values)))


def _long():
    import pandas as pd

    frame = pd.DataFrame({"ds": pd.date_range("2024-01-01", periods=80)})
    return pd.concat([frame.assign(unique_id=name, y=history()) for name in ("a", "b")])


_FE = "ForecastDisplay.from_estimator"
_FP = "ForecastDisplay.from_predictions"
_FPLOT = "ForecastDisplay.plot"
_TE = "TrainingCurveDisplay.from_estimator"
_TH = "TrainingCurveDisplay.from_history"
_TPLOT = "TrainingCurveDisplay.plot"
_FORECASTER = (
    r"^estimator must be a fitted forecaster with a forecast\(history, steps\)"
)
_HISTORY_ = r"^estimator must be a fitted sklearn_rnn estimator with a history_"
_EPOCHS = [{"train_loss": 1.0}, {"train_loss": 0.5}]

CASES = [
    # ForecastDisplay.from_estimator
    Case(
        _FE,
        "unfitted estimator",
        lambda: _fd().from_estimator(_unfitted(), history()),
        ValueError,  # NotFittedError
        _FORECASTER + r".*; this RNNForecaster is not fitted yet",
    ),
    Case(
        _FE,
        "forecast_params a list",
        lambda: _fd().from_estimator(
            fitted("forecaster"), history(), forecast_params=[1]
        ),
        TypeError,
        r"^forecast_params must be a dict of keyword arguments of the estimator's "
        r"forecast \(future=\.\.\., covariates=\.\.\.\), got a list",
    ),
    Case(
        _FE,
        "forecast_params setting coverage",
        lambda: _fd().from_estimator(
            fitted("forecaster"), history(), forecast_params={"coverage": 0.9}
        ),
        TypeError,
        r"^forecast_params must not set \['coverage'\]: pass them to "
        r"from_estimator itself\.$",
    ),
    Case(
        _FE,
        "LinearRegression",
        lambda: _fd().from_estimator(_regression(), history()),
        TypeError,
        _FORECASTER + r".*; got a LinearRegression, which has none\.$",
    ),
    Case(
        _FE,
        "tagger",
        lambda: _fd().from_estimator(fitted("tagger"), history()),
        TypeError,
        _FORECASTER + r".*; got a SequenceTagger, which has none\.$",
    ),
    Case(
        _FE,
        "None estimator",
        lambda: _fd().from_estimator(None, history()),
        TypeError,
        _FORECASTER + r".*; got None\.$",
    ),
    Case(
        _FE,
        "ragged history",
        lambda: _fd().from_estimator(fitted("forecaster"), [[1.0] * 8, [2.0]]),
        ValueError,
        r"^history must be a 1-D array-like; got a ragged nested",
    ),
    Case(
        _FE,
        "string history",
        lambda: _fd().from_estimator(fitted("forecaster"), ["a"] * 10),
        TypeError,
        r"^history must hold real numbers; got strings\.$",
    ),
    Case(
        _FE,
        "nan in history",
        lambda: _fd().from_estimator(fitted("forecaster"), np.r_[history(), np.nan]),
        ValueError,
        r"^history must not contain NaN or infinity; found nan at index 80\.$",
    ),
    Case(
        _FE,
        "bool steps",
        lambda: _fd().from_estimator(fitted("forecaster"), history(), steps=True),
        TypeError,
        r"^steps must be an integer, got True of type bool\.$",
    ),
    Case(
        _FE,
        "y_true longer than steps",
        lambda: _fd().from_estimator(
            fitted("forecaster"), history(), [1.0] * 3, steps=2
        ),
        ValueError,
        r"^y_true must have one value per forecast step \(len\(y_pred\)=2\), got 3",
    ),
    Case(
        _FE,
        "y_true indexed off the future dates",
        lambda: _fd().from_estimator(
            fitted("forecaster"), _dated(history()), _dated([1.0, 2.0], "2030-01-01")
        ),
        ValueError,
        r"^y_true must be indexed by the forecast's future dates \(2024-03-21",
    ),
    Case(
        _FE,
        "several series without series_id",
        lambda: _fd().from_estimator(fitted("forecaster"), _long(), steps=2),
        ValueError,
        r"^series_id must name the series to plot when history holds several "
        r"\(2\): one of 'a', 'b'\.$",
    ),
    Case(
        _FE,
        "unknown series_id",
        lambda: _fd().from_estimator(
            fitted("forecaster"), _long(), steps=2, series_id="zz"
        ),
        ValueError,
        r"^series_id='zz' is not in history's 'unique_id' column; it holds 'a', 'b'",
    ),
    Case(
        _FE,
        "long frame without its columns",
        lambda: _fd().from_estimator(
            fitted("forecaster"), _long(), steps=2, time_col="date"
        ),
        ValueError,
        r"^history, a long-format DataFrame, needs the columns .*'date'.*; "
        r"missing \['date'\]",
    ),
    Case(
        _FE,
        "bad ax",
        lambda: _fd().from_estimator(fitted("forecaster"), history(), ax="left"),
        TypeError,
        r"^ax must be a matplotlib Axes or None; got 'left'\.$",
    ),
    # ForecastDisplay.from_predictions
    Case(
        _FP,
        "y_true indexed off y_pred",
        lambda: _fd().from_predictions(
            _dated([1.0, 2.0]),
            _dated([3.0], "2024-01-03"),
            _dated([3.0], "2024-02-01"),
        ),
        ValueError,
        r"^y_true must be indexed by the forecast's future dates \(2024-01-03",
    ),
    Case(
        _FP,
        "ragged history",
        lambda: _fd().from_predictions([[1.0, 2.0], [3.0]], [1.0]),
        ValueError,
        r"^history must be a 1-D array-like; got a ragged nested",
    ),
    Case(
        _FP,
        "string y_pred",
        lambda: _fd().from_predictions([1.0, 2.0], ["a", "b"]),
        TypeError,
        r"^y_pred must hold real numbers; got strings\.$",
    ),
    Case(
        _FP,
        "nan in y_pred",
        lambda: _fd().from_predictions([1.0, 2.0], [np.float64("nan")]),
        ValueError,
        r"^y_pred must not contain NaN or infinity; found nan at index 0\.$",
    ),
    Case(
        _FP,
        "mismatched y_true",
        lambda: _fd().from_predictions([1.0], [2.0, 3.0], [2.0]),
        ValueError,
        r"^y_true must have one value per forecast step \(len\(y_pred\)=2\), got 1",
    ),
    Case(
        _FP,
        "None y_pred",
        lambda: _fd().from_predictions([1.0], None),
        TypeError,
        r"^y_pred must be a 1-D array-like; got None\.$",
    ),
    Case(
        _FP,
        "lower above upper",
        lambda: _fd().from_predictions([1.0], [2.0], lower=[3.0], upper=[1.0]),
        ValueError,
        r"^lower must not exceed upper at any step; at step 0, lower=3\.0 > upper=1",
    ),
    Case(
        _FP,
        "coverage as a percentage",
        lambda: _fd().from_predictions(
            [1.0], [2.0], lower=[1.0], upper=[3.0], coverage=np.float64(90)
        ),
        ValueError,
        r"^coverage must be in \(0, 1\); got 90\.0\. Give a fraction, not a "
        r"percentage: 0\.9 for 90%\.$",
    ),
    Case(
        _FP,
        "figure as ax",
        lambda: _fd().from_predictions([1.0], [2.0], ax=_figure()),
        TypeError,
        r"^ax must be a matplotlib Axes or None; got a Figure\. Pass its axes",
    ),
    Case(
        _FP,
        "style not a dict",
        lambda: _fd().from_predictions([1.0], [2.0], forecast_kwargs="red"),
        TypeError,
        r"^forecast_kwargs must be a dict of matplotlib properties or None; got 'red'",
    ),
    # ForecastDisplay.plot
    Case(
        _FPLOT,
        "bad ax",
        lambda: _fd()(history=[1.0], y_pred=[2.0]).plot(ax=3),
        TypeError,
        r"^ax must be a matplotlib Axes or None; got 3\.$",
    ),
    Case(
        _FPLOT,
        "complex history",
        lambda: _fd()(history=[1j, 2.0], y_pred=[2.0]).plot(),
        TypeError,
        r"^history must hold real numbers; got complex numbers\.$",
    ),
    Case(
        _FPLOT,
        "index of the wrong length",
        lambda: _fd()(history=[1.0], y_pred=[2.0], index=[0, 1, 2]).plot(),
        ValueError,
        r"^index must hold one x value per history value and forecast step \(1 \+ 1",
    ),
    Case(
        _FPLOT,
        "unknown style property",
        lambda: _fd()(history=[1.0], y_pred=[2.0]).plot(
            history_kwargs={"colour": "red"}
        ),
        TypeError,
        r"^history_kwargs holds a property matplotlib refused: .*'colour'",
    ),
    # TrainingCurveDisplay.from_estimator
    Case(
        _TE,
        "unfitted estimator",
        lambda: _td().from_estimator(_unfitted()),
        ValueError,  # NotFittedError
        _HISTORY_ + r".*; this RNNForecaster is not fitted yet\.$",
    ),
    Case(
        _TE,
        "LinearRegression",
        lambda: _td().from_estimator(_regression()),
        TypeError,
        _HISTORY_ + r".*; a LinearRegression records no training history\.$",
    ),
    Case(
        _TE,
        "ensemble",
        lambda: _td().from_estimator(fitted("ensemble")),
        TypeError,
        _HISTORY_ + r".*SeedEnsembleForecaster has no history_ of its own: .*"
        r"estimators_\[0\]",
    ),
    Case(
        _TE,
        "a history instead",
        lambda: _td().from_estimator(_EPOCHS),
        TypeError,
        _HISTORY_ + r".*; got a list\. To draw a recorded history, use .*from_history",
    ),
    Case(
        _TE,
        "bad ax",
        lambda: _td().from_estimator(fitted("forecaster"), ax=[1]),
        TypeError,
        r"^ax must be a matplotlib Axes or None; got a list\.$",
    ),
    # TrainingCurveDisplay.from_history
    Case(
        _TH,
        "None",
        lambda: _td().from_history(None),
        TypeError,
        r"^history must be a skorch History or a list of dicts, one per epoch; got N",
    ),
    Case(
        _TH,
        "one dict",
        lambda: _td().from_history({"train_loss": [1.0, 0.5]}),
        TypeError,
        r"^history must be a skorch History or a list of dicts, .*; got a dict\.$",
    ),
    Case(
        _TH,
        "empty",
        lambda: _td().from_history([]),
        ValueError,
        r"^history holds no epoch: fit the estimator for at least one epoch\.$",
    ),
    Case(
        _TH,
        "not dicts",
        lambda: _td().from_history(np.array([1.0, 0.5])),
        TypeError,
        r"^history must hold one dict per epoch; item 0 is a float64\.$",
    ),
    Case(
        _TH,
        "no train_loss",
        lambda: _td().from_history([{"train_loss": 1.0}, {"valid_loss": 1.0}]),
        ValueError,
        r"^history must record a 'train_loss' for every epoch; item 1 has only",
    ),
    Case(
        _TH,
        "string loss",
        lambda: _td().from_history([{"train_loss": "0.5"}]),
        TypeError,
        r"^history item 0: 'train_loss' must be a number; got '0\.5'\.$",
    ),
    Case(
        _TH,
        "bool epoch",
        lambda: _td().from_history([{"train_loss": 0.5, "epoch": True}]),
        TypeError,
        r"^history item 0: 'epoch' must be an integer; got True\.$",
    ),
    # TrainingCurveDisplay.plot
    Case(
        _TPLOT,
        "mismatched lengths",
        lambda: _td()(epochs=[1, 2], train_loss=[1.0]).plot(),
        ValueError,
        r"^train_loss must have one value per epoch \(len\(epochs\)=2\), got 1\.$",
    ),
    Case(
        _TPLOT,
        "ragged loss",
        lambda: _td()(epochs=[1, 2], train_loss=[[1.0], [2.0, 3.0]]).plot(),
        ValueError,
        r"^train_loss must be a 1-D array-like; got a ragged nested",
    ),
    Case(
        _TPLOT,
        "string epochs",
        lambda: _td()(epochs=["1", "2"], train_loss=[1.0, 0.5]).plot(),
        TypeError,
        r"^epochs must hold real numbers; got strings\.$",
    ),
    Case(
        _TPLOT,
        "nan epoch",
        lambda: _td()(epochs=[1, np.nan], train_loss=[1.0, 0.5]).plot(),
        ValueError,
        r"^epochs must not contain NaN or infinity; found nan at index 1\.$",
    ),
    Case(
        _TPLOT,
        "best epoch outside the curve",
        lambda: _td()(epochs=[1, 2], train_loss=[1.0, 0.5], best_epoch=9).plot(),
        ValueError,
        r"^best_epoch must be one of the epochs \(1 to 2\); got 9\.$",
    ),
    Case(
        _TPLOT,
        "bad ax",
        lambda: _td()(epochs=[1], train_loss=[1.0]).plot(ax="left"),
        TypeError,
        r"^ax must be a matplotlib Axes or None; got 'left'\.$",
    ),
]

if matplotlib is None:
    CASES = [
        dataclasses.replace(case, error=ImportError, match=r"requires matplotlib")
        for case in CASES
    ]
