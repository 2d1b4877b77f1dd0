"""Forecast accuracy of ``RNNForecaster`` on AirPassengers, against seasonal naive.

Measured: the MASE of a 24-month forecast. The model is trained on the first 120
months (1949-1958) and forecasts the last 24 (1959-1960) with
``RNNForecaster.forecast(train, 24)``; the MASE is scaled by the training part's
in-sample seasonal-naive error at lag 12
(``mean_absolute_scaled_error(..., y_train=train, seasonality=12)``).

Rows:

* seasonal naive (the last 12 training months repeated);
* ``RNNForecaster`` on raw values (no log, no differencing: the estimator's own
  scaling only), ``max_epochs=200`` and otherwise default parameters (hidden 32,
  stop when the training loss stalls for 10 epochs), one row per configuration:
  window 24 / horizon 12 with ``scaling="window"`` and ``scaling="global"``, window
  24 / horizon 1 (recursive forecast) and window 36 / horizon 12 with
  ``scaling="window"``; ``y`` from ``make_windows(train, window, horizon=...)``;
  several seeds (``random_state``) each: the mean, min and max MASE over seeds, and
  the MASE of the seed-averaged forecast;
* for comparison, the figures of ``MEASURED.md`` (measured on this machine with
  statsmodels and plain PyTorch), printed as reference rows and not recomputed.

Run from the repository root, with the package installed (``pip install -e .``)::

    python benchmarks/air_passengers.py               # 5 seeds, about 1-2 minutes
    python benchmarks/air_passengers.py --quick       # smoke run: 2 seeds, 20 epochs
"""

import argparse
import time
import warnings

import numpy as np
import torch

from sklearn_rnn import RNNForecaster, make_windows
from sklearn_rnn.datasets import load_air_passengers
from sklearn_rnn.metrics import mean_absolute_scaled_error

N_TRAIN = 120
STEPS = 24
SEASON = 12

# From /work/shared/MEASURED.md (same split and metric), not recomputed here.
REFERENCE = [
    ("Holt-Winters, add. trend, mult. season (MEASURED.md)", "1.014"),
    ("SARIMA(1,1,1)(0,1,1)12 on log values (MEASURED.md)", "1.269"),
    ("plain LSTM 32, log values, per-window norm (MEASURED.md)", "1.65 (0.88-2.87)"),
    ("plain LSTM 32, log-differenced values (MEASURED.md)", "0.73 (0.58-1.23)"),
]

CONFIGS = [
    # label, window, horizon, scaling
    ("window 24, horizon 12", 24, 12, "window"),
    ("window 24, horizon 12", 24, 12, "global"),
    ("window 24, horizon 1 (recursive)", 24, 1, "window"),
    ("window 36, horizon 12", 36, 12, "window"),
]


def mase(test, pred, train):
    return mean_absolute_scaled_error(test, pred, y_train=train, seasonality=SEASON)


def run_config(train, test, window, horizon, scaling, seeds, max_epochs):
    X, y = make_windows(train, window, horizon=horizon)
    forecasts, epochs = [], []
    for seed in seeds:
        model = RNNForecaster(
            scaling=scaling, max_epochs=max_epochs, random_state=seed
        ).fit(X, y)
        forecasts.append(model.forecast(train, STEPS))
        epochs.append(model.n_iter_)
    scores = [mase(test, f, train) for f in forecasts]
    averaged = mase(test, np.mean(forecasts, axis=0), train)
    return scores, averaged, epochs


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="seeds 0 .. N-1")
    parser.add_argument("--max-epochs", type=int, default=200)
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument("--quick", action="store_true", help="tiny smoke run")
    args = parser.parse_args(argv)
    if args.quick:
        args.seeds, args.max_epochs = 2, 20
    torch.set_num_threads(args.threads)
    warnings.filterwarnings("ignore", category=UserWarning)

    series = load_air_passengers()
    train, test = series[:N_TRAIN], series[N_TRAIN:]
    assert len(test) == STEPS
    seeds = list(range(args.seeds))

    print(
        f"AirPassengers: train {N_TRAIN} months, forecast {STEPS}; MASE scaled by "
        f"the training part's seasonal-naive (m={SEASON}) error; {args.seeds} "
        f"seeds, max_epochs={args.max_epochs}"
    )
    print(
        "| method | scaling | MASE mean | min | max | seed-averaged forecast "
        "| epochs run | seconds per fit |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    snaive = np.tile(train[-SEASON:], STEPS // SEASON)
    print(f"| seasonal naive | | {mase(test, snaive, train):.3f} | | | | | |")
    for label, window, horizon, scaling in CONFIGS:
        start = time.perf_counter()
        scores, averaged, epochs = run_config(
            train, test, window, horizon, scaling, seeds, args.max_epochs
        )
        per_fit = (time.perf_counter() - start) / len(seeds)
        print(
            f"| RNNForecaster, {label} | {scaling} | {np.mean(scores):.3f} "
            f"| {min(scores):.3f} | {max(scores):.3f} | {averaged:.3f} "
            f"| {min(epochs)}-{max(epochs)} | {per_fit:.1f} |"
        )
    for name, value in REFERENCE:
        print(f"| {name} | | {value} | | | | | |")


if __name__ == "__main__":
    main()
