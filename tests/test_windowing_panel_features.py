"""make_panel_windows from long-format frames with future-known, static and
calendar covariates."""

import numpy as np
import pandas as pd
import pytest

from sklearn_rnn import RNNForecaster, make_panel_windows

WINDOW, HORIZON = 24, 6


def _frame(n=300, seed=0):
    """Hourly sales of three stores: a daily cycle, promotions known in advance
    whose effect depends on the store type, and a past-only temperature."""
    rng = np.random.default_rng(seed)
    parts = []
    for sid, store in [("a", "big"), ("b", "small"), ("c", "big")]:
        ds = pd.date_range("2024-01-01", periods=n, freq="h")
        promo = (rng.uniform(size=n) < 0.3).astype(float)
        lift = 5.0 if store == "big" else 1.0
        y = 10 + lift * promo + np.sin(2 * np.pi * ds.hour / 24)
        y = y + 0.1 * rng.standard_normal(n)
        parts.append(
            pd.DataFrame(
                {
                    "unique_id": sid,
                    "ds": ds,
                    "y": y,
                    "promo": promo,
                    "store": store,
                    "size": 2.0 if store == "big" else 1.0,
                    "temp": rng.standard_normal(n),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def test_feature_layout():
    df = _frame(60)
    X, y, ids = make_panel_windows(
        df,
        WINDOW,
        horizon=HORIZON,
        covariates=["temp"],
        future_covariates=["promo"],
        static_covariates=["store", "size"],
        calendar=["hour", "dayofweek"],
    )
    # target, temp, promo, store=big, store=small, size, 2 x (sin, cos)
    assert X.shape == (3 * (60 - WINDOW - HORIZON + 1), WINDOW + HORIZON, 10)
    a = df[df.unique_id == "a"].reset_index(drop=True)
    last = X[ids == "a"][-1]  # the window whose targets end series a
    np.testing.assert_array_equal(y[ids == "a"][-1], a.y.to_numpy()[-HORIZON:])
    np.testing.assert_array_equal(last[:WINDOW, 0], a.y.to_numpy()[-30:-HORIZON])
    assert np.isnan(last[WINDOW:, :2]).all()  # target and temp: unknown ahead
    np.testing.assert_array_equal(last[:, 2], a.promo.to_numpy()[-30:])
    np.testing.assert_array_equal(last[:, 3:6], np.tile([1.0, 0.0, 2.0], (30, 1)))
    hours = a.ds.dt.hour.to_numpy()[-30:]
    np.testing.assert_allclose(last[:, 6], np.sin(2 * np.pi * hours / 24))
    np.testing.assert_allclose(last[:, 7], np.cos(2 * np.pi * hours / 24))
    assert not np.isnan(X[:, :WINDOW]).any()
    b = X[ids == "b"][0]
    np.testing.assert_array_equal(b[0, 3:6], [0.0, 1.0, 1.0])


def test_known_features_are_learned_from():
    df = _frame()
    X, y, _ = make_panel_windows(
        df,
        WINDOW,
        horizon=HORIZON,
        future_covariates=["promo"],
        static_covariates=["store"],
        calendar=["hour"],
    )
    X_plain, y_plain, _ = make_panel_windows(df, WINDOW, horizon=HORIZON)
    np.testing.assert_array_equal(y, y_plain)
    params = {"hidden_size": 16, "max_epochs": 10, "random_state": 0}
    errors = []
    for windows in (X, X_plain):
        model = RNNForecaster(**params).fit(windows[:-150], y[:-150])
        errors.append(np.mean(np.abs(model.predict(windows[-150:]) - y[-150:])))
    assert errors[0] < 0.5 * errors[1], errors


def test_missing_known_future_leaves_the_window_out():
    df = _frame(60)
    # Windows starting at 11 .. 30 of series a read time step 40 (in their past
    # or their future): all are left out, and only they.
    df.loc[40, "promo"] = np.nan
    with pytest.warns(UserWarning, match=r"20 of 93 windows are left out"):
        X, _, ids = make_panel_windows(
            df, WINDOW, horizon=HORIZON, future_covariates=["promo"]
        )
    assert np.count_nonzero(ids == "a") == 31 - 20
    assert not np.isnan(X[:, :WINDOW]).any() and not np.isnan(X[:, :, 1]).any()


def _split(df, n_future):
    history = df.groupby("unique_id").head(len(df) // 3 - n_future)
    future = df.groupby("unique_id").tail(n_future)
    return history, future


KNOWN = {
    "future_covariates": ["promo"],
    "static_covariates": ["store"],
    "calendar": ["hour"],
}


def test_forecast_from_frames_equals_forecast_from_arrays():
    df = _frame(120)
    df["store"] = df["store"].astype("category")
    history, future = _split(df, 12)
    X, y, _ = make_panel_windows(history, WINDOW, horizon=HORIZON, **KNOWN)
    model = RNNForecaster(hidden_size=8, max_epochs=3, random_state=0).fit(X, y)
    out = model.forecast(
        history, 12, future=future[["unique_id", "ds", "promo"]], **KNOWN
    )
    assert list(out.columns) == ["unique_id", "ds", "forecast"]
    assert out.ds.tolist() == future.ds.tolist()
    # The same forecast from arrays: history and future laid out by hand.
    for sid in "abc":
        part = df[df.unique_id == sid]
        values = np.column_stack(
            [
                part.y,
                part.promo,
                part.store == "big",
                part.store == "small",
                np.sin(2 * np.pi * part.ds.dt.hour / 24),
                np.cos(2 * np.pi * part.ds.dt.hour / 24),
            ]
        ).astype(float)
        expected = model.forecast(values[:-12], 12, future=values[-12:, 1:])
        np.testing.assert_allclose(out[out.unique_id == sid].forecast, expected)
    # A frame of one series gives the same features (a categorical dtype).
    alone = model.forecast(
        history[history.unique_id == "b"], 12, future=future, **KNOWN
    )
    np.testing.assert_allclose(alone.forecast, out[out.unique_id == "b"].forecast)
