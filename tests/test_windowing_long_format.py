"""Long-format pandas data in and out: make_panel_windows(df), forecast(df)."""

import numpy as np
import pandas as pd
import pytest

from sklearn_rnn import (
    RNNForecaster,
    SeedEnsembleForecaster,
    make_panel_windows,
    make_windows,
)

T = np.arange(240)
A, B = np.sin(0.3 * T), 5 + 2 * np.cos(0.3 * T[:180])
HOURS = pd.date_range("2024-03-01", periods=240, freq="h")


def _long(hours=HOURS):
    return pd.concat(
        [
            pd.DataFrame({"unique_id": "a", "ds": hours, "y": A}),
            pd.DataFrame({"unique_id": "b", "ds": hours[:180], "y": B}),
        ],
        ignore_index=True,
    )


@pytest.fixture(scope="module")
def model():
    X, y = make_windows(A, window_length=12, horizon=4)
    params = dict(hidden_size=8, max_epochs=3, random_state=0)
    return RNNForecaster(quantiles=(0.1, 0.9), **params).fit(X, y)


def test_a_long_frame_gives_the_windows_of_its_series():
    df = _long().sample(frac=1.0, random_state=0)  # row order does not matter
    X, y, ids = make_panel_windows(df, window_length=12, horizon=4)
    X_list, y_list, index = make_panel_windows([A, B], window_length=12, horizon=4)
    np.testing.assert_array_equal(X, X_list)
    np.testing.assert_array_equal(y, y_list)
    np.testing.assert_array_equal(ids, np.array(["a", "b"])[index])


def test_absent_time_stamps_are_missing_values_not_made_up():
    df = _long().drop(index=[100])  # series "a", hour 100
    with pytest.warns(UserWarning, match="13 of .* windows are left out"):
        X, y, ids = make_panel_windows(df, window_length=12)
    assert not np.isnan(X).any()
    # The windows whose target is the absent hour are left out too (all missing).
    assert len(X) == (240 - 12 - 13) + (180 - 12)


def test_covariates_become_features_after_the_target():
    df = _long().assign(hour=lambda d: d["ds"].dt.hour.astype(float))
    X, y, _ = make_panel_windows(df, window_length=12, covariates=["hour"])
    assert X.shape[2] == 2
    np.testing.assert_array_equal(X[-1, :, 1], HOURS[167:179].hour)
    model = RNNForecaster(hidden_size=4, max_epochs=1, random_state=0).fit(X, y)
    assert model.n_features_per_step_ == 2


def test_integer_time_stamps_and_calendar_frequencies():
    ints = _long(hours=np.arange(10, 250))
    X, _, _ = make_panel_windows(ints, window_length=12)
    assert len(X) == (240 - 12) + (180 - 12)
    months = pd.DataFrame(
        {
            "unique_id": 1,
            "ds": pd.date_range("2000-01-31", periods=60, freq="ME"),
            "y": A[:60],
        }
    )
    X, _, _ = make_panel_windows(months, window_length=12)
    assert len(X) == 48  # month ends of 28 to 31 days, no gap read


def test_forecast_of_a_long_frame_is_a_long_frame(model):
    out = model.forecast(_long(), steps=6)
    assert list(out.columns) == ["unique_id", "ds", "forecast"]
    assert out["unique_id"].tolist() == ["a"] * 6 + ["b"] * 6
    assert out["ds"].iloc[0] == HOURS[-1] + pd.Timedelta(hours=1)
    assert out["ds"].iloc[6] == HOURS[179] + pd.Timedelta(hours=1)
    np.testing.assert_allclose(
        out["forecast"].to_numpy().reshape(2, 6), model.forecast([A, B], steps=6)
    )


def test_forecast_of_a_long_frame_with_intervals_and_other_column_names(model):
    df = _long().rename(columns={"unique_id": "store", "ds": "time", "y": "sales"})
    out = model.forecast(
        df,
        steps=6,
        coverage=0.8,
        random_state=0,
        id_col="store",
        time_col="time",
        target_col="sales",
    )
    assert list(out.columns) == ["store", "time", "forecast", "lower", "upper"]
    point, lower, upper = model.forecast([A, B], 6, coverage=0.8, random_state=0)
    np.testing.assert_allclose(out["lower"].to_numpy().reshape(2, 6), lower)
    np.testing.assert_allclose(out["upper"].to_numpy().reshape(2, 6), upper)


def test_forecast_of_a_dated_series_is_indexed_by_future_dates(model):
    history = pd.Series(A, index=HOURS, name="load")
    out = model.forecast(history, steps=3)
    assert isinstance(out, pd.Series) and out.name == "load"
    assert list(out.index) == list(pd.date_range(HOURS[-1], periods=4, freq="h")[1:])
    np.testing.assert_allclose(out.to_numpy(), model.forecast(A, steps=3))
    point, lower, upper = model.forecast(history, 3, coverage=0.8, random_state=0)
    assert lower.index.equals(out.index) and upper.index.equals(out.index)
    # A Series without time stamps is read as an array.
    assert isinstance(model.forecast(pd.Series(A, index=A), 3), np.ndarray)


def test_ensemble_forecasts_a_long_frame():
    X, y = make_windows(A, window_length=12)
    member = RNNForecaster(hidden_size=4, max_epochs=1)
    ensemble = SeedEnsembleForecaster(member, n_seeds=2, random_state=0).fit(X, y)
    out = ensemble.forecast(_long(), steps=2)
    np.testing.assert_allclose(
        out["forecast"].to_numpy().reshape(2, 2), ensemble.forecast([A, B], 2)
    )
