"""Bad inputs of RNNForecaster and SeedEnsembleForecaster, in fit and after it."""

import functools

import numpy as np
import pandas as pd
from _bad_inputs import Case, fitted, history

from sklearn_rnn import RNNForecaster, SeedEnsembleForecaster, make_windows

X, Y = make_windows(history(), window_length=8)
TINY = {"hidden_size": 4, "max_epochs": 1, "random_state": 0}


def _fit(X=X, y=Y, validation_data=None, **params):
    return RNNForecaster(**{**TINY, **params}).fit(
        X, y, validation_data=validation_data
    )


def _ensemble_fit(X=X, y=Y, sample_weight=None):
    ensemble = SeedEnsembleForecaster(RNNForecaster(**TINY), n_seeds=2)
    return ensemble.fit(X, y, sample_weight=sample_weight)


def _weighted_fit(sample_weight):
    return RNNForecaster(**TINY).fit(X, Y, sample_weight=sample_weight)


def _with_nan(a, i=3):
    a = np.array(a, dtype=float)
    a.flat[i] = np.nan
    return a


def _fit_cases(entry, fit):
    """Bad windows and targets, the same for RNNForecaster and its ensemble."""
    return [
        Case(
            entry,
            "ragged X",
            lambda: fit([[1.0, 2.0], [3.0]], [1.0, 2.0]),
            ValueError,
            "X .*ragged|X must be .*rows of different lengths|X .*same length",
        ),
        Case(
            entry,
            "strings in X",
            lambda: fit([["a", "b"], ["c", "d"]], [1.0, 2.0]),
            TypeError,
            "X must hold real numbers; got strings",
        ),
        Case(
            entry,
            "None in X",
            lambda: fit(np.array([[1.0, None], [2.0, 3.0]], dtype=object), [1.0, 2.0]),
            ValueError,
            r"X must not contain NaN or infinity; found nan at index \(0, 1\)",
        ),
        Case(
            entry,
            "complex X",
            lambda: fit(X + 1j, Y),
            ValueError,
            "Complex data not supported: X must hold real numbers",
        ),
        Case(
            entry,
            "categorical X",
            lambda: fit(
                pd.DataFrame({"a": pd.Categorical(list("xyxy")), "b": [1.0, 2, 3, 4]}),
                [1.0, 2, 3, 4],
            ),
            TypeError,
            "X must hold real numbers, not pandas categories",
        ),
        Case(entry, "X None", lambda: fit(None, Y), TypeError, "X must be .*got None"),
        Case(
            entry,
            "X 1-D",
            lambda: fit(X[0], Y[:8]),
            ValueError,
            r"X must be 2-D or 3-D \(n_samples, n_timesteps\)",
        ),
        Case(
            entry,
            "NaN in X",
            lambda: fit(_with_nan(X), Y),
            ValueError,
            r"X must not contain NaN or infinity; found nan at index \(0, 3\)",
        ),
        Case(
            entry,
            "inf in y",
            lambda: fit(X, np.where(Y > 0.9, np.inf, Y)),
            ValueError,
            "y must not contain infinity; found inf",
        ),
        Case(
            entry,
            "strings in y",
            lambda: fit(X, ["a"] * len(X)),
            TypeError,
            "y must hold real numbers; got strings",
        ),
        Case(
            entry,
            "complex y",
            lambda: fit(X, Y + 1j),
            ValueError,
            "Complex data not supported: y must hold real numbers",
        ),
        Case(
            entry,
            "y 3-D",
            lambda: fit(X, Y.reshape(-1, 1, 1)),
            ValueError,
            r"y must be 1-D or 2-D \(n_samples,\) or \(n_samples, horizon\)",
        ),
        Case(
            entry,
            "y None",
            lambda: fit(X, None),
            ValueError,
            "requires y to be passed, but the target y is None",
        ),
        Case(
            entry,
            "y of another length",
            lambda: fit(X, Y[:-3]),
            ValueError,
            "inconsistent numbers of samples",
        ),
        Case(
            entry,
            "y all missing",
            lambda: fit(X, np.full(len(X), np.nan)),
            ValueError,
            "y leaves nothing to learn from: every target is missing",
        ),
    ]


def _weight_cases(entry, fit):
    """Bad ``sample_weight``, the same for RNNForecaster and its ensemble."""
    n = len(X)
    return [
        Case(
            entry,
            "sample_weight of another length",
            lambda: fit(np.ones(n - 1)),
            ValueError,
            rf"sample_weight must have one weight per window \(n_samples={n}\), "
            rf"got {n - 1}",
        ),
        Case(
            entry,
            "negative sample_weight",
            lambda: fit(np.r_[np.ones(n - 1), -1.0]),
            ValueError,
            rf"sample_weight must be >= 0; found -1.0 at index {n - 1}",
        ),
        Case(
            entry,
            "NaN in sample_weight",
            lambda: fit(np.r_[np.nan, np.ones(n - 1)]),
            ValueError,
            r"sample_weight must not contain NaN or infinity; found nan at index",
        ),
        Case(
            entry,
            "strings as sample_weight",
            lambda: fit(["a"] * n),
            TypeError,
            "sample_weight must hold real numbers; got strings",
        ),
        Case(
            entry,
            "2-D sample_weight",
            lambda: fit(np.ones((n, 1))),
            ValueError,
            r"sample_weight must be 1-D \(n_samples,\); got an array of shape",
        ),
        Case(
            entry,
            "all zero sample_weight",
            lambda: fit(np.zeros(n)),
            ValueError,
            "y leaves nothing to learn from: every observed target has zero "
            "sample_weight",
        ),
    ]


F, E = "RNNForecaster", "SeedEnsembleForecaster"
CASES = [
    *_fit_cases(f"{F}.fit", lambda X, y: _fit(X, y)),
    *_fit_cases(f"{E}.fit", _ensemble_fit),
    *_weight_cases(f"{F}.fit", _weighted_fit),
    *_weight_cases(f"{E}.fit", lambda w: _ensemble_fit(sample_weight=w)),
    Case(
        f"{F}.fit",
        "hidden_size True",
        lambda: _fit(hidden_size=True),
        ValueError,
        r"The 'hidden_size' parameter of RNNForecaster must be an int in the range "
        r"\[1, inf\)\. Got True instead",
    ),
    Case(
        f"{F}.fit",
        "patch_length True",
        lambda: _fit(patch_length=True),
        ValueError,
        "The 'patch_length' parameter of RNNForecaster must be an int",
    ),
    Case(
        f"{F}.fit",
        "validation_fraction a bool",
        lambda: _fit(validation_fraction=True, early_stopping=True),
        ValueError,
        "The 'validation_fraction' parameter of RNNForecaster must be a float",
    ),
    Case(
        f"{F}.fit",
        "early stopping with no window left",
        lambda: RNNForecaster(early_stopping=True, max_epochs=1).fit(
            X[:4], np.stack([X[:4, 0]] * 4, axis=1)
        ),
        ValueError,
        r"early_stopping=True needs at least 5 samples to hold out 1 for "
        r"validation after a gap of 3, got n_samples=4\. Pass more samples or a "
        r"smaller validation_fraction\.",
    ),
    Case(
        f"{F}.fit",
        "validation_data of one part",
        lambda: _fit(validation_data=(X,)),
        ValueError,
        r"validation_data must be a tuple \(X_val, y_val\) or None, got "
        "a tuple of length 1",
    ),
    Case(
        f"{F}.fit",
        "validation_data an int",
        lambda: _fit(validation_data=5),
        TypeError,
        r"validation_data must be a tuple \(X_val, y_val\) or None, got int",
    ),
    Case(
        f"{F}.fit",
        "ragged validation X",
        lambda: _fit(validation_data=([[1.0, 2.0], [3.0]], [1.0, 2.0])),
        ValueError,
        r"validation_data\[0\]",
    ),
    Case(
        f"{F}.fit",
        "strings in validation y",
        lambda: _fit(validation_data=(X, ["a"] * len(X))),
        TypeError,
        r"validation_data\[1\] must hold real numbers; got strings",
    ),
    Case(
        f"{F}.fit",
        "NaN in validation X",
        lambda: _fit(validation_data=(_with_nan(X), Y)),
        ValueError,
        r"validation_data\[0\] must not contain NaN or infinity",
    ),
    Case(
        f"{F}.fit",
        "validation windows of another length",
        lambda: _fit(validation_data=(X[:, :6], Y)),
        ValueError,
        r"validation_data\[0\] .*X has 6 features, but RNNForecaster is expecting 8",
    ),
    Case(
        f"{F}.fit",
        "targets that overflow after scaling",
        lambda: _fit(X, np.where(Y > 0.9, 1e300, Y)),
        ValueError,
        "y holds values too far from their windows' scale",
    ),
    Case(
        f"{F}.fit",
        "patch_length not dividing the window",
        lambda: _fit(patch_length=3),
        ValueError,
        "patch_length=3 must divide",
    ),
]

for model, entry in (("forecaster", F), ("ensemble", E)):
    CASES += [
        Case(
            f"{entry}.predict",
            "strings",
            lambda m=model: fitted(m).predict([["a"] * 8]),
            TypeError,
            "X must hold real numbers; got strings",
        ),
        Case(
            f"{entry}.predict",
            "ragged",
            lambda m=model: fitted(m).predict([[1.0] * 8, [1.0] * 7]),
            ValueError,
            "X",
        ),
        Case(
            f"{entry}.predict",
            "None",
            lambda m=model: fitted(m).predict(None),
            TypeError,
            "X must be .*got None",
        ),
        Case(
            f"{entry}.predict",
            "NaN",
            lambda m=model: fitted(m).predict(_with_nan(X)),
            ValueError,
            "X must not contain NaN or infinity",
        ),
        Case(
            f"{entry}.predict",
            "other window length",
            lambda m=model: fitted(m).predict(X[:, :6]),
            ValueError,
            "X has 6 features, but .* is expecting 8",
        ),
        Case(
            f"{entry}.forecast",
            "absurd steps",
            lambda m=model: fitted(m).forecast(history(), steps=10**12),
            ValueError,
            "steps must be an integer <= 1000000, got 1000000000000",
        ),
        Case(
            f"{entry}.forecast",
            "steps True",
            lambda m=model: fitted(m).forecast(history(), steps=True),
            TypeError,
            "steps must be an integer, got True of type bool",
        ),
        Case(
            f"{entry}.forecast",
            "strings",
            lambda m=model: fitted(m).forecast(["a"] * 20, steps=3),
            TypeError,
            "history must hold real numbers; got strings",
        ),
        Case(
            f"{entry}.forecast",
            "ragged",
            lambda m=model: fitted(m).forecast([[1.0, 2.0, 3.0], [1.0, [2.0]]], 3),
            (TypeError, ValueError),
            r"history\[1\]",
        ),
        Case(
            f"{entry}.forecast",
            "NaN",
            lambda m=model: fitted(m).forecast(_with_nan(history()), steps=3),
            ValueError,
            "history must not contain NaN or infinity; found nan at index 3",
        ),
        Case(
            f"{entry}.forecast",
            "None",
            lambda m=model: fitted(m).forecast(None, steps=3),
            TypeError,
            "history must be .*got None",
        ),
        Case(
            f"{entry}.forecast",
            "too short",
            lambda m=model: fitted(m).forecast(history()[:5], steps=3),
            ValueError,
            r"history has 5 values; it needs at least window_length=8",
        ),
        Case(
            f"{entry}.predict_interval",
            "coverage a bool",
            lambda m=model: fitted(m).predict_interval(X, coverage=True),
            TypeError,
            "coverage must be a float in \\(0, 1\\)",
        ),
    ]

CASES += [
    Case(
        f"{F}.predict_interval",
        "coverage NaN",
        lambda: fitted("interval_forecaster").predict_interval(X, coverage=np.nan),
        ValueError,
        r"coverage must be in \(0, 1\), got nan",
    ),
    Case(
        f"{F}.predict_interval",
        "coverage beyond the quantiles",
        lambda: fitted("interval_forecaster").predict_interval(X, coverage=0.99),
        ValueError,
        "coverage=0.99 needs the quantiles 0.005 and 0.995",
    ),
    Case(
        f"{F}.predict_interval",
        "no quantiles",
        lambda: fitted("forecaster").predict_interval(X, coverage=0.5),
        ValueError,
        "fitted without quantiles, so it has no intervals",
    ),
    Case(
        f"{F}.forecast",
        "absurd n_paths",
        lambda: fitted("interval_forecaster").forecast(
            history(), steps=3, coverage=0.8, n_paths=10**9
        ),
        ValueError,
        "n_paths must be an integer <= 100000",
    ),
    Case(
        f"{F}.forecast",
        "past covariates, steps past the horizon",
        lambda: fitted("forecaster_3d").forecast(np.zeros((20, 2)), steps=3),
        ValueError,
        r"steps=3 is beyond this model's horizon_=1: some covariates are known "
        "only up to the windows' end",
    ),
]

# scaling="log": the target's values, wherever they enter, must be positive.
X_POS, Y_POS = X + 2.0, Y + 2.0


@functools.cache
def _log_model(covariates=False):
    if covariates:
        X_3d = np.stack([X_POS, np.ones_like(X_POS)], axis=2)
        return _fit(X_3d, Y_POS, scaling="log")
    return _fit(X_POS, Y_POS, scaling="log")


_LOG = "scaling='log' needs positive target values, but "
CASES += [
    Case(
        f"{F}.fit",
        "scaling='log', a zero in X",
        lambda: _fit(np.where(X_POS > 2.9, 0.0, X_POS), Y_POS, scaling="log"),
        ValueError,
        _LOG + r"X has \d+ value\(s\) <= 0 \(the smallest is 0\)",
    ),
    Case(
        f"{F}.fit",
        "scaling='log', negative targets in 3-D X",
        lambda: _fit(np.stack([X, X_POS], axis=2), Y_POS, scaling="log"),
        ValueError,
        _LOG + r"X\[:, :, 0\] has \d+ value\(s\) <= 0",
    ),
    Case(
        f"{F}.fit",
        "scaling='log', negative y",
        lambda: _fit(X_POS, Y, scaling="log"),
        ValueError,
        _LOG + r"y has \d+ value\(s\) <= 0 \(the smallest is -0\.99",
    ),
    Case(
        f"{F}.fit",
        "scaling='log', zero validation targets",
        lambda: _fit(X_POS, Y_POS, validation_data=(X_POS, 0 * Y_POS), scaling="log"),
        ValueError,
        _LOG + r"validation_data\[1\] has \d+ value\(s\) <= 0",
    ),
    Case(
        f"{F}.predict",
        "scaling='log', negative windows",
        lambda: _log_model().predict(-X_POS[:2]),
        ValueError,
        _LOG + r"X has 16 value\(s\) <= 0 \(the smallest is -",
    ),
    Case(
        f"{F}.forecast",
        "scaling='log', a zero in the history's last window",
        lambda: _log_model().forecast(np.r_[history() + 2.0, 0.0], steps=3),
        ValueError,
        _LOG + r"history's last window \(n_features_in_ values\) has 1 value",
    ),
    Case(
        f"{F}.forecast",
        "scaling='log', covariate history with a negative target",
        lambda: _log_model(covariates=True).forecast(
            np.c_[-np.ones(20), np.ones(20)], steps=1
        ),
        ValueError,
        _LOG + r"history's target \(feature 0\) has 8 value\(s\) <= 0",
    ),
]
