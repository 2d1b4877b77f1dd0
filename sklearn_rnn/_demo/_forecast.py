"""The main job, end to end on embedded data: ``python -m sklearn_rnn demo``."""

import time

import numpy as np

from .datasets import load_air_passengers
from .forecasting import RNNForecaster
from .metrics import (
    mean_absolute_scaled_error,
    symmetric_mean_absolute_percentage_error,
)
from .windowing import make_windows

WINDOW, HORIZON, TEST_MONTHS = 24, 12, 24


def _row(name, forecast, test, train, seconds=None):
    mase = mean_absolute_scaled_error(test, forecast, y_train=train, seasonality=12)
    smape = symmetric_mean_absolute_percentage_error(test, forecast)
    took = "" if seconds is None else f"{seconds:8.1f}"
    print(f"  {name:<34}{mase:>7.3f}{smape:>9.2f}{took:>10}")
    return mase


def forecasting_demo(n_seeds=5):
    """Forecast the last 24 months of AirPassengers from the 120 before them."""
    series = load_air_passengers()
    train, test = series[:-TEST_MONTHS], series[-TEST_MONTHS:]
    X, y = make_windows(train, window_length=WINDOW, horizon=HORIZON)
    print(
        f"AirPassengers: {len(train)} training months -> {len(X)} windows of "
        f"{WINDOW} months, each followed by {HORIZON} target months.\n"
        f"Forecast of the last {TEST_MONTHS} months (MASE scaled by the training "
        "part's seasonal-naive error, m=12; lower is better):\n"
    )
    print(f"  {'method':<34}{'MASE':>7}{'sMAPE %':>9}{'fit (s)':>10}")
    naive = _row(
        "seasonal naive (last year again)", np.tile(train[-12:], 2), test, train
    )
    forecasts = []
    for seed in range(n_seeds):
        start = time.perf_counter()
        model = RNNForecaster(max_epochs=200, random_state=seed).fit(X, y)
        forecasts.append(model.forecast(train, steps=TEST_MONTHS))
        _row(
            f"RNNForecaster, LSTM, seed {seed}",
            forecasts[-1],
            test,
            train,
            time.perf_counter() - start,
        )
    mase = _row(
        f"mean of the {n_seeds} forecasts", np.mean(forecasts, axis=0), test, train
    )
    print(
        f"\nThe averaged network's error is {mase / naive:.0%} of seasonal naive's. "
        "Single seeds vary: average a few, as above."
    )
    return mase, naive


def run_demo(n_seeds=5):
    print("sklearn_rnn demo: time-series forecasting with RNNForecaster\n")
    forecasting_demo(n_seeds=n_seeds)
