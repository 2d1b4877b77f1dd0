"""Demo job 1: forecast AirPassengers with RNNForecaster, against seasonal naive."""

import time

import numpy as np

from ..datasets import load_air_passengers
from ..forecasting._estimator import RNNForecaster
from ..metrics import (
    mean_absolute_scaled_error,
    symmetric_mean_absolute_percentage_error,
)
from ..windowing._sliding import make_windows

WINDOW, HORIZON, TEST_MONTHS = 24, 12, 24


def _row(name, forecast, test, train, seconds=None):
    mase = mean_absolute_scaled_error(test, forecast, y_train=train, seasonality=12)
    smape = symmetric_mean_absolute_percentage_error(test, forecast)
    took = "" if seconds is None else f"{seconds:8.1f}"
    print(f"  {name:<34}{mase:>7.3f}{smape:>9.2f}{took:>10}")
    return mase


def forecasting_demo(n_seeds=5, max_epochs=200):
    """Forecast the last 24 months of AirPassengers from the 120 before them.

    Prints the table of MASE and sMAPE of seasonal naive, of each seed's network
    and of the seeds' mean forecast, and returns what the summary and the plots
    need.
    """
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
    naive_forecast = np.tile(train[-12:], TEST_MONTHS // 12)
    naive = _row("seasonal naive (last year again)", naive_forecast, test, train)
    models, forecasts = [], []
    for seed in range(n_seeds):
        start = time.perf_counter()
        model = RNNForecaster(max_epochs=max_epochs, random_state=seed).fit(X, y)
        models.append(model)
        forecasts.append(model.forecast(train, steps=TEST_MONTHS))
        _row(
            f"RNNForecaster, LSTM, seed {seed}",
            forecasts[-1],
            test,
            train,
            time.perf_counter() - start,
        )
    mean_forecast = np.mean(forecasts, axis=0)
    if n_seeds > 1:
        mase = _row(f"mean of the {n_seeds} forecasts", mean_forecast, test, train)
        print(
            f"\nThe averaged networks' error is {mase / naive:.0%} of seasonal "
            "naive's. Single seeds vary: average a few, as above."
        )
    else:
        mase = mean_absolute_scaled_error(
            test, mean_forecast, y_train=train, seasonality=12
        )
        print(
            f"\nThe network's error is {mase / naive:.0%} of seasonal naive's. "
            "Single seeds vary: average a few (--seeds)."
        )

    def draw(ax):
        from ..plotting import ForecastDisplay

        years = 1949 + np.arange(len(series)) / 12
        what = "network" if n_seeds == 1 else f"mean of {n_seeds} networks"
        display = ForecastDisplay.from_predictions(
            train, mean_forecast, test, index=years, ax=ax
        )
        ax.plot(
            years[-TEST_MONTHS:],
            naive_forecast,
            color="grey",
            linestyle=":",
            label=f"seasonal naive (MASE {naive:.2f})",
        )
        ax.legend()
        ax.set(
            title=f"AirPassengers: RNNForecaster ({what}), MASE {mase:.2f}",
            xlabel="Year",
            ylabel="Passengers (thousands)",
        )
        return display

    return {
        "summary": f"forecast  MASE {mase:.3f} against seasonal naive's {naive:.3f}",
        "curve": (
            f"RNNForecaster (seed 0 of {n_seeds})",
            models[0],
            "Loss (squared error, scaled values)",
        ),
        "draw": draw,
        "mase": mase,
        "baseline": naive,
    }
