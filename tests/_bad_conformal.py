"""Bad inputs of ConformalForecaster, in fit and after it."""

import functools

import numpy as np
from _bad_forecasting import _fit_cases, _weight_cases, _with_nan
from _bad_inputs import Case, history
from sklearn.linear_model import Ridge

from sklearn_rnn import RNNForecaster, make_windows
from sklearn_rnn.conformal import ConformalForecaster

C = "ConformalForecaster"
X, Y = make_windows(history(), window_length=8)
TINY = {"hidden_size": 4, "max_epochs": 1, "random_state": 0}


def _fit(X=X, y=Y, sample_weight=None, **params):
    model = ConformalForecaster(RNNForecaster(**TINY), **params)
    return model.fit(X, y, sample_weight=sample_weight)


@functools.cache
def _fitted():
    """Fitted once (72 windows, 14 calibration windows); cases must not mutate it."""
    return _fit()


CASES = [
    *_fit_cases(f"{C}.fit", _fit),
    *_weight_cases(f"{C}.fit", lambda w: _fit(sample_weight=w)),
    Case(
        f"{C}.fit",
        "calibration_fraction 1",
        lambda: _fit(calibration_fraction=1.0),
        ValueError,
        r"'calibration_fraction' .* must be a float in the range \(0.0, 1.0\)",
    ),
    Case(
        f"{C}.fit",
        "estimator without predict",
        lambda: ConformalForecaster(estimator=object()).fit(X, Y),
        ValueError,
        "'estimator' parameter .* must be an object implementing 'fit' and "
        "'predict' or None",
    ),
    Case(
        f"{C}.fit",
        "no window left to train on",
        lambda: _fit(X[:10], np.stack([Y[:10]] * 5, axis=1), calibration_fraction=0.6),
        ValueError,
        r"calibration_fraction=0.6 needs at least 11 windows to hold out 6 for "
        r"calibration after a gap of 4, got n_samples=10. Pass more windows or a "
        r"smaller "
        r"calibration_fraction.",
    ),
    Case(
        f"{C}.fit",
        "seasonality as long as the windows",
        lambda: ConformalForecaster(Ridge(), seasonality=8).fit(X, Y),
        ValueError,
        r"^seasonality=8 needs windows of more than 8 observed steps, got 8: pass "
        r"longer windows or a shorter seasonality\.$",
    ),
    Case(
        f"{C}.fit",
        "seasonality 0",
        lambda: ConformalForecaster(Ridge(), seasonality=0).fit(X, Y),
        ValueError,
        r"The 'seasonality' parameter of ConformalForecaster must be an int in the "
        r"range \[1, inf\) or None\. Got 0 instead\.",
    ),
    Case(
        f"{C}.predict",
        "NaN",
        lambda: _fitted().predict(_with_nan(X)),
        ValueError,
        "X must not contain NaN or infinity",
    ),
    Case(
        f"{C}.predict",
        "other window length",
        lambda: _fitted().predict(X[:, :6]),
        ValueError,
        "X has 6 features, but ConformalForecaster is expecting 8",
    ),
    Case(
        f"{C}.predict",
        "None",
        lambda: _fitted().predict(None),
        TypeError,
        "X must be .*got None",
    ),
    Case(
        f"{C}.predict_interval",
        "coverage a string",
        lambda: _fitted().predict_interval(X, coverage="0.9"),
        TypeError,
        "coverage must be a float in \\(0, 1\\), got str",
    ),
    Case(
        f"{C}.predict_interval",
        "coverage 1",
        lambda: _fitted().predict_interval(X, coverage=1.0),
        ValueError,
        r"coverage must be in \(0, 1\), got 1.0",
    ),
    Case(
        f"{C}.predict_interval",
        "too few calibration windows",
        lambda: _fitted().predict_interval(X, coverage=0.99),
        ValueError,
        "coverage=0.99 needs at least 99 calibration windows for finite bounds, "
        "but 14 were held out",
    ),
    Case(
        f"{C}.predict_interval",
        "strings",
        lambda: _fitted().predict_interval([["a"] * 8]),
        TypeError,
        "X must hold real numbers; got strings",
    ),
    Case(
        f"{C}.forecast",
        "steps past the horizon with coverage",
        lambda: _fitted().forecast(history(), steps=2, coverage=0.8),
        ValueError,
        r"steps=2 is beyond horizon_=1: conformal intervals are calibrated on the "
        "horizon",
    ),
    Case(
        f"{C}.forecast",
        "absurd steps",
        lambda: _fitted().forecast(history(), steps=10**12),
        ValueError,
        "steps must be an integer <= 1000000, got 1000000000000",
    ),
    Case(
        f"{C}.forecast",
        "history NaN",
        lambda: _fitted().forecast(_with_nan(history()), steps=1, coverage=0.8),
        ValueError,
        "history must not contain NaN or infinity; found nan at index 3",
    ),
    Case(
        f"{C}.forecast",
        "history too short",
        lambda: _fitted().forecast(history()[:5], steps=1, coverage=0.8),
        ValueError,
        r"history has 5 values; it needs at least window_length=8",
    ),
    Case(
        f"{C}.forecast",
        "estimator without forecast",
        lambda: _ridge().forecast(history(), steps=1),
        TypeError,
        "forecast needs an estimator with a forecast method, such as "
        "RNNForecaster; got Ridge",
    ),
]


@functools.cache
def _ridge():
    from sklearn.linear_model import Ridge

    return ConformalForecaster(Ridge()).fit(X, Y)
