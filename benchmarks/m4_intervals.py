"""M4 Hourly: 95% intervals from quantile heads against conformal intervals, h=48.

One global ``RNNForecaster`` with the settings of ``m4_hourly.py`` (24-value
patches, per-window scaling, absolute-error point loss, hidden size 128) and
quantile heads (0.025, 0.5, 0.975), wrapped in a ``ConformalForecaster``
(``calibration_fraction=0.2``). The windows of all series are put in time order
(by their distance to their series' end), so that the calibration windows, and
the early-stopping tail inside each fit, are the latest windows of every series.
One fit on the first 80% (less a gap of 47 windows) calibrates; the refit on all
windows is the final model. Both sets of intervals are then read from the same
refitted network, so the rows differ by their intervals only:

- "quantile heads": the network's own 2.5% and 97.5% quantiles;
- "conformal (refit)": its point forecast +/- the conformal multipliers;
- "conformal (first model kept)" and "quantile heads (first model)": the same
  from the model fitted on the first part only, to decide whether to refit.

Scores are those of ``m4_hourly.py`` on the test set: sMAPE, MASE, OWA, MSIS and
coverage at 95%. One seed (``random_state=0``), and each fit is stopped after
``--minutes`` of training (early stopping may stop it sooner), so the figures
are those of one short run, not of the tuned ensemble of ``m4_hourly.py``.

Usage::

    python benchmarks/m4_intervals.py [--minutes 7] [--series-limit N]
"""

import argparse
import time

import numpy as np
import torch
from m4_hourly import HORIZON, WINDOW, TimeBudget, load_hourly, scores

from sklearn_rnn import RNNForecaster, make_panel_windows
from sklearn_rnn.conformal import ConformalForecaster
from sklearn_rnn.forecasting._conformal import conformal_rank


class RecordingConformal(ConformalForecaster):
    """Keeps each fitted clone and its training time: the first-part model too."""

    def _fit_clone(self, X, y, sample_weight):
        start = time.perf_counter()
        model = super()._fit_clone(X, y, sample_weight)
        self.fits_ = [*getattr(self, "fits_", []), (model, time.perf_counter() - start)]
        return model


def time_order(series_index):
    """Permutation putting panel windows in time order: by distance to the end of
    their series, the farthest first (stable within a distance)."""
    counts = np.bincount(series_index)
    position = np.arange(len(series_index)) - np.cumsum(counts)[series_index]
    return np.argsort(position, kind="stable")


def seasonal_mae(windows, seasonality=24):
    """Each window's mean absolute seasonal difference, ``(n, 1)``, floored."""
    mae = np.mean(np.abs(windows[:, seasonality:] - windows[:, :-seasonality]), axis=1)
    floor = 1e-2 * np.mean(np.abs(windows), axis=1)
    return np.maximum(mae, np.where(floor > 0, floor, 1.0))[:, None]


def conformal_quantile(residuals, coverage):
    """The conformal multiplier of each column (finite-sample rank)."""
    n = len(residuals)
    return np.sort(residuals, axis=0)[conformal_rank(n, coverage) - 1]


def print_row(name, row, seconds):
    print(
        f"{name:<40}{row['coverage']:9.3f}{row['MSIS']:8.3f}{row['sMAPE']:8.3f}"
        f"{row['MASE']:8.3f}{row['OWA']:8.3f}{seconds / 60:9.1f}",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=7.0, help="budget per fit")
    parser.add_argument("--max-epochs", type=int, default=200)
    parser.add_argument("--series-limit", type=int, help="first N series only")
    parser.add_argument("--calibration-fraction", type=float, default=0.2)
    args = parser.parse_args()

    _, train, y_true = load_hourly(args.series_limit)
    X, y, series_index = make_panel_windows(train, WINDOW, horizon=HORIZON)
    order = time_order(series_index)
    X, y = X[order], y[order]
    print(vars(args))
    print(
        f"M4 Hourly: {len(train)} series, {len(X):,} windows of {WINDOW} hours in "
        f"time order, horizon {HORIZON}, 95% intervals; one seed; torch threads "
        f"{torch.get_num_threads()}",
        flush=True,
    )

    model = RNNForecaster(
        patch_length=24,
        hidden_size=128,
        scaling="window",
        loss="absolute_error",
        quantiles=(0.025, 0.5, 0.975),
        batch_size=256,
        lr=0.002,
        max_epochs=args.max_epochs,
        early_stopping=True,
        n_iter_no_change=10,
        tol=0.0,
        random_state=0,
        callbacks=[TimeBudget(60 * args.minutes)],
    )
    conformal = RecordingConformal(
        model, calibration_fraction=args.calibration_fraction
    )
    start = time.perf_counter()
    conformal.fit(X, y)
    seconds = time.perf_counter() - start
    (first, first_s), (final, final_s) = conformal.fits_
    for name, m in (("first", first), ("final", final)):
        best = int(np.argmin(m.history_[:, "valid_loss"])) + 1
        print(f"{name} model: {m.n_iter_} epochs, best {best}", flush=True)
    n_cal = len(conformal.residuals_)
    q = conformal._quantiles(0.95)
    print(
        f"{n_cal:,} calibration windows; conformal multipliers q_h at 95%: "
        f"step 1 {q[0]:.3f}, step 24 {q[23]:.3f}, step 48 {q[47]:.3f}",
        flush=True,
    )

    header = f"{'method':<40}{'coverage':>9}{'MSIS':>8}{'sMAPE':>8}{'MASE':>8}"
    print(header + f"{'OWA':>8}{'fit min':>9}", flush=True)
    point, lower, upper = final.forecast(train, HORIZON, coverage=0.95)
    print_row("quantile heads", scores(y_true, point, train, lower, upper), final_s)
    point, lower, upper = conformal.forecast(train, HORIZON, coverage=0.95)
    print_row("conformal (refit)", scores(y_true, point, train, lower, upper), seconds)
    point, lower, upper = first.forecast(train, HORIZON, coverage=0.95)
    row = scores(y_true, point, train, lower, upper)
    print_row("quantile heads (first model)", row, first_s)
    last = np.stack([s[-WINDOW:] for s in train])
    half = q * conformal._scale(last)
    row = scores(y_true, point, train, point - half, point + half)
    print_row("conformal (first model kept)", row, first_s)

    # Alternatives measured for the design, not offered by ConformalForecaster:
    # other normalisers of the residuals, from the same calibration windows.
    cal = slice(len(X) - n_cal, None)
    point_cal = first.predict(X[cal])
    lo_cal, hi_cal = first.predict_interval(X[cal], coverage=0.95)
    print("alternatives (same refitted model, not in ConformalForecaster):")
    point, lower, upper = final.forecast(train, HORIZON, coverage=0.95)
    for name, scale_fn in (
        ("window std (as above)", lambda w: conformal._scale(w)),
        ("window seasonal-naive MAE", seasonal_mae),
        ("window naive (lag-1) MAE", lambda w: seasonal_mae(w, 1)),
    ):
        r = np.abs(y[cal] - point_cal) / scale_fn(X[cal])
        half = conformal_quantile(r, 0.95) * scale_fn(last)
        row = scores(y_true, point, train, point - half, point + half)
        print_row(f"conformal, {name}", row, seconds)
    # Conformalised quantile regression: widen (or narrow) the quantile heads.
    e = np.maximum(lo_cal - y[cal], y[cal] - hi_cal) / conformal._scale(X[cal])
    half = conformal_quantile(e, 0.95) * conformal._scale(last)
    row = scores(y_true, point, train, lower - half, upper + half)
    print_row("conformalised quantile heads", row, seconds)


if __name__ == "__main__":
    main()
