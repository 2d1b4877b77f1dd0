"""RNNForecaster inside skforecast's and sktime's recursive forecasters.

Both tools are optional (neither is in the package's ``[test]`` extra): each test
imports its tool with ``pytest.importorskip`` and skips where it is absent. The
recipes tested here are the ones documented in ``docs/interop.md``.
"""

import pickle
import warnings

import numpy as np
import pytest
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from sklearn_rnn import RNNForecaster, make_windows

# sktime warns on every forecaster it builds that a config default changes in 1.3.
pytestmark = pytest.mark.filterwarnings(
    "ignore:The default of config ``remember_data``:FutureWarning"
)

WINDOW = 12
STEPS = 5
SKFORECAST = "skforecast is optional (pip install skforecast)"
SKTIME = "sktime is optional (pip install sktime)"


def _values():
    rng = np.random.default_rng(0)
    t = np.arange(120)
    return 10 + np.sin(0.3 * t) + 0.1 * rng.standard_normal(len(t))


def _model():
    return RNNForecaster(hidden_size=8, max_epochs=3, random_state=0)


def _our_forecast(values):
    """The reference: make_windows, fit, then the package's recursive forecast."""
    X, y = make_windows(values, WINDOW)
    return _model().fit(X, y).forecast(values, steps=STEPS)


def _monthly(values):
    pd = pytest.importorskip("pandas")
    index = pd.date_range("2000-01-01", periods=len(values), freq="MS")
    return pd.Series(values, index=index, name="y")


def _newest_first_pipeline():
    """The recipe for tools whose lag matrices put the newest lag first."""
    return make_pipeline(FunctionTransformer(np.fliplr), _model())


class _LastValue(RegressorMixin, BaseEstimator):
    """Records its training data; predicts each window's last column."""

    def fit(self, X, y):
        self.X_, self.y_ = np.asarray(X), np.asarray(y)
        return self

    def predict(self, X):
        return np.asarray(X)[:, -1]


def test_skforecast_lag_matrix_is_our_windows_newest_first():
    pytest.importorskip("skforecast", minversion="0.14", reason=SKFORECAST)
    from skforecast.recursive import ForecasterRecursive

    values = _values()
    forecaster = ForecasterRecursive(_LastValue(), lags=WINDOW)
    X_train, y_train = forecaster.create_train_X_y(_monthly(values))
    X, y = make_windows(values, WINDOW)

    assert list(X_train.columns) == [f"lag_{k}" for k in range(1, WINDOW + 1)]
    # Same rows in the same order, and no transformation of X or y by default.
    np.testing.assert_array_equal(X_train.to_numpy()[:, ::-1], X)
    np.testing.assert_array_equal(y_train.to_numpy(), y)
    flipped = FunctionTransformer(np.fliplr).fit_transform(X_train)
    assert isinstance(flipped, np.ndarray)  # the column names are dropped
    np.testing.assert_array_equal(flipped, X)


def test_skforecast_predict_equals_our_forecast():
    pytest.importorskip("skforecast", minversion="0.14", reason=SKFORECAST)
    from skforecast.recursive import ForecasterRecursive

    values = _values()
    series = _monthly(values)
    # The estimator goes first: skforecast names it estimator= (regressor= in
    # older releases).
    forecaster = ForecasterRecursive(_newest_first_pipeline(), lags=WINDOW)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        forecaster.fit(series)
        predicted = forecaster.predict(steps=STEPS)
    assert not [w for w in caught if "feature names" in str(w.message)]

    np.testing.assert_allclose(predicted.to_numpy(), _our_forecast(values), atol=1e-6)
    assert predicted.index[0] == series.index[-1] + series.index.freq
    assert len(predicted) == STEPS

    restored = pickle.loads(pickle.dumps(forecaster))
    np.testing.assert_array_equal(restored.predict(steps=STEPS), predicted)


def test_skforecast_without_the_flip_forecasts_differ():
    pytest.importorskip("skforecast", minversion="0.14", reason=SKFORECAST)
    from skforecast.recursive import ForecasterRecursive

    values = _values()
    forecaster = ForecasterRecursive(_model(), lags=WINDOW)
    forecaster.fit(_monthly(values))
    unflipped = forecaster.predict(steps=STEPS).to_numpy()

    # The model then reads every window backwards: a different model.
    assert np.max(np.abs(unflipped - _our_forecast(values))) > 1e-3


def test_sktime_windows_are_our_windows():
    pytest.importorskip("sktime", reason=SKTIME)
    from sktime.forecasting.compose import make_reduction

    values = _values()
    forecaster = make_reduction(
        _LastValue(), window_length=WINDOW, strategy="recursive"
    )
    forecaster.fit(_monthly(values))
    X, y = make_windows(values, WINDOW)

    # Oldest first, one row per make_windows window, in the same order.
    np.testing.assert_array_equal(forecaster.estimator_.X_, X)
    np.testing.assert_array_equal(forecaster.estimator_.y_, y)
    # The prediction window ends with the series' last value.
    predicted = forecaster.predict(fh=[1, 2, 3])
    np.testing.assert_array_equal(predicted.to_numpy(), np.full(3, values[-1]))


def test_sktime_predict_equals_our_forecast():
    pytest.importorskip("sktime", reason=SKTIME)
    from sktime.forecasting.base import ForecastingHorizon
    from sktime.forecasting.compose import make_reduction

    values = _values()
    series = _monthly(values).to_period("M")
    forecaster = make_reduction(_model(), window_length=WINDOW, strategy="recursive")
    forecaster.fit(series)
    fh = ForecastingHorizon(np.arange(1, STEPS + 1), is_relative=True)
    predicted = forecaster.predict(fh=fh)

    np.testing.assert_allclose(predicted.to_numpy(), _our_forecast(values), atol=1e-6)
    assert list(predicted.index) == list(fh.to_absolute(series.index[-1]))
    np.testing.assert_array_equal(
        forecaster.predict(fh=list(range(1, STEPS + 1))), predicted
    )

    restored = pickle.loads(pickle.dumps(forecaster))
    np.testing.assert_array_equal(restored.predict(fh=fh), predicted)
