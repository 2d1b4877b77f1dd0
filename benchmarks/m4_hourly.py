"""M4 Hourly: one global RNNForecaster over all 414 series, horizon 48.

Trains a ``SeedEnsembleForecaster`` of ``--seeds`` global models (24-value input
patches, per-window scaling of the log values, absolute-error point loss plus
2.5%/97.5% quantiles) for each input window length in ``--windows`` (168 hours
by default), ``--jobs`` at a time (one torch thread each), each for at most
``--minutes`` of training with early stopping on each series' last 48 training
values; the forecast is the mean (and, printed apart, the median) of all
members. It scores the test set with the official M4 definitions: sMAPE, MASE
(seasonality 24), OWA relative to Naive2 (from set-level means rounded to three
decimals, as the official table does) and MSIS at 95%. The official Naive2 and
sNaive forecasts shipped with the data are scored by the same code beside ours,
and must reproduce their published scores.

Usage (the last row's "train min" is the wall time from the first fit to the
last forecast; each member's row gives its own training time)::

    python benchmarks/m4_hourly.py [--seeds 6] [--jobs 2] [--minutes 6]
        [--windows 168] [--scaling log] [--save forecasts.npz]

The recipe recorded in ``docs/benchmarks.md`` (8 members, under 30 minutes on 2
cores)::

    python benchmarks/m4_hourly.py --seeds 4 --windows 168 336 --minutes 5.5
"""

import argparse
import time

import numpy as np
import torch
from _shared import SHARED_DATA
from m4_metrics_check import read_m4_csv
from skorch.callbacks import Callback

from sklearn_rnn import RNNForecaster, SeedEnsembleForecaster, make_panel_windows
from sklearn_rnn.metrics import (
    interval_coverage,
    mean_absolute_scaled_error,
    mean_scaled_interval_score,
    symmetric_mean_absolute_percentage_error,
)

DATA = SHARED_DATA / "m4_hourly"
HORIZON, WINDOW, SEASONALITY = 48, 168, 24
NAIVE2 = (18.383, 2.395)  # official Hourly sMAPE and MASE of Naive2
PUBLISHED = [
    ("ES-RNN (Smyl), M4 winner", 9.328, 0.893, 0.440, 7.93),
    ("Doornik et al., best Hourly OWA", 8.913, 0.801, 0.410, None),
]


class TimeBudget(Callback):
    """Stop training after ``seconds`` (at the end of an epoch).

    Raises KeyboardInterrupt, as skorch's own EarlyStopping does to stop, so the
    best weights seen on validation are still restored.
    """

    def __init__(self, seconds):
        self.seconds = seconds

    def on_train_begin(self, net, **kwargs):
        self.start_ = time.perf_counter()

    def on_epoch_end(self, net, **kwargs):
        if time.perf_counter() - self.start_ > self.seconds:
            raise KeyboardInterrupt


def scores(y_true, y_pred, train, lower=None, upper=None):
    smape = symmetric_mean_absolute_percentage_error(y_true, y_pred)
    mase = mean_absolute_scaled_error(y_true, y_pred, y_train=train, seasonality=24)
    owa = 0.5 * (round(smape, 3) / NAIVE2[0] + round(mase, 3) / NAIVE2[1])
    row = {"sMAPE": smape, "MASE": mase, "OWA": owa}
    if lower is not None:
        row["MSIS"] = mean_scaled_interval_score(
            y_true, lower, upper, y_train=train, seasonality=SEASONALITY
        )
        row["coverage"] = interval_coverage(y_true, lower, upper)
    return row


def naive_intervals(train):
    """Official M4 Naive intervals: last value +/- 1.96 sigma sqrt(step)."""
    last = np.array([s[-1] for s in train])[:, None]
    sigma = np.array([np.sqrt(np.mean(np.diff(s) ** 2)) for s in train])[:, None]
    half = 1.96 * sigma * np.sqrt(np.arange(1, HORIZON + 1))
    return np.repeat(last, HORIZON, axis=1), last - half, last + half


def print_row(name, row, seconds=None):
    msis = f"{row['MSIS']:8.3f}" if "MSIS" in row else f"{'':8}"
    cov = f"{row['coverage']:9.3f}" if "coverage" in row else f"{'':9}"
    took = f"{seconds / 60:9.1f}" if seconds is not None else ""
    print(
        f"{name:<40}{row['sMAPE']:8.3f}{row['MASE']:8.3f}{row['OWA']:8.3f}"
        f"{msis}{cov}{took}",
        flush=True,
    )


def load_hourly(limit=None):
    """The M4 Hourly series ids, training series and test values ``(n, HORIZON)``,
    in the test file's order (its first ``limit`` series)."""
    train_rows = read_m4_csv(DATA / "Hourly-train.csv")
    test_rows = read_m4_csv(DATA / "Hourly-test.csv")
    ids = list(test_rows)[:limit]
    return ids, [train_rows[i] for i in ids], np.stack([test_rows[i] for i in ids])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seeds", type=int, default=6, help="members per input window length"
    )
    parser.add_argument(
        "--windows",
        type=int,
        nargs="+",
        default=[WINDOW],
        help="input window lengths, in hours; --seeds members for each",
    )
    parser.add_argument("--jobs", type=int, default=2, help="members trained at once")
    parser.add_argument(
        "--minutes", type=float, default=6.0, help="training budget per member"
    )
    parser.add_argument("--max-epochs", type=int, default=200)
    parser.add_argument("--hidden-size", type=int, default=128)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--lr", type=float, default=0.002)
    parser.add_argument("--scaling", default="log")
    parser.add_argument("--quantiles", type=float, nargs="*", default=[0.025, 0.975])
    parser.add_argument("--patience", type=int, default=10)
    parser.add_argument("--save", help="save the forecasts to this .npz file")
    args = parser.parse_args()

    ids, train, y_true = load_hourly()
    print(vars(args))
    print(
        f"M4 Hourly: {len(train)} series, horizon {HORIZON}, input windows "
        f"{args.windows} hours; torch threads {torch.get_num_threads()}",
        flush=True,
    )
    header = f"{'method':<40}{'sMAPE':>8}{'MASE':>8}{'OWA':>8}{'MSIS':>8}"
    print(header + f"{'coverage':>9}{'train min':>10}", flush=True)

    naive, lo, hi = naive_intervals(train)
    print_row(
        "Naive1 (official intervals recomputed)", scores(y_true, naive, train, lo, hi)
    )
    for name in ("Naive2", "sNaive"):
        rows = read_m4_csv(DATA / f"benchmark-forecasts-{name}-Hourly.csv")
        print_row(
            f"{name} (official forecasts)",
            scores(y_true, np.stack([rows[i] for i in ids]), train),
        )

    member = RNNForecaster(
        patch_length=24,
        hidden_size=args.hidden_size,
        scaling=args.scaling,
        loss="absolute_error",
        quantiles=tuple(args.quantiles) or None,
        batch_size=args.batch_size,
        lr=args.lr,
        max_epochs=args.max_epochs,
        early_stopping=True,
        n_iter_no_change=args.patience,
        tol=0.0,
        callbacks=[TimeBudget(60 * args.minutes)],
    )
    start = time.perf_counter()
    points, lowers, uppers, windows = [], [], [], []
    for w, window in enumerate(args.windows):
        # Model selection never sees the test file: the last 48 training values
        # of each series validate, the windows before them train.
        fit_part = [s[:-HORIZON] for s in train]
        X, y, _ = make_panel_windows(fit_part, window, horizon=HORIZON)
        X_val = np.stack([s[-HORIZON - window : -HORIZON] for s in train])
        y_val = np.stack([s[-HORIZON:] for s in train])
        print(f"input window {window}: {len(X):,} training windows", flush=True)
        ensemble = SeedEnsembleForecaster(
            member, n_seeds=args.seeds, n_jobs=args.jobs, random_state=w
        )
        ensemble.fit(X, y, validation_data=(X_val, y_val))
        del X, y
        for model in ensemble.estimators_:
            if model.quantiles_ is None:
                point = model.forecast(train, HORIZON)
                lower, upper = point, point
            else:
                point, lower, upper = model.forecast(train, HORIZON, coverage=0.95)
            points.append(point)
            lowers.append(lower)
            uppers.append(upper)
            windows.append(window)
            best = int(np.argmin(model.history_[:, "valid_loss"])) + 1
            print_row(
                f"ours, {window}h, member {len(points) - 1} ({model.n_iter_} ep., "
                f"best {best})",
                scores(y_true, point, train, lower, upper),
                sum(model.history_[:, "dur"]),
            )
    seconds = time.perf_counter() - start
    for k in range(2, len(points) + 1):
        print_row(
            f"ours, mean of members 0-{k - 1}",
            scores(
                y_true,
                np.mean(points[:k], axis=0),
                train,
                np.mean(lowers[:k], axis=0),
                np.mean(uppers[:k], axis=0),
            ),
            seconds if k == len(points) else None,
        )
    print_row(
        f"ours, median of members 0-{len(points) - 1}",
        scores(
            y_true,
            np.median(points, axis=0),
            train,
            np.median(lowers, axis=0),
            np.median(uppers, axis=0),
        ),
    )
    for name, smape, mase, owa, msis in PUBLISHED:
        print(
            f"{name:<40}{smape:8.3f}{mase:8.3f}{owa:8.3f}"
            + (f"{msis:8.3f}" if msis else ""),
            flush=True,
        )
    if args.save:
        np.savez(args.save, point=points, lower=lowers, upper=uppers, window=windows)


if __name__ == "__main__":
    main()
