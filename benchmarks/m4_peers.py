"""M4 Hourly peers: established forecasting libraries on our data and metrics, h=48.

Scores other libraries' documented M4 Hourly recipes on exactly the data and
metrics of ``m4_hourly.py`` (its ``load_hourly`` and ``scores``: the official
sMAPE, MASE with seasonality 24, OWA relative to Naive2, and MSIS and coverage
at 95% where the model gives intervals), so that their rows can be read beside
ours. The series have no dates, so each gets an integer time index
``ds = 0..n-1`` (``freq=1``), as the libraries' own M4 examples do. Every model is
global (one model for all series), is fitted on the training series only and
forecasts the 48 test hours recursively or in one shot as its recipe does:

- ``mlforecast``: LightGBM (default parameters) on the lags 24, 48, ..., 168 and
  an exponentially weighted mean (alpha 0.3) of lag 48, after
  ``Differences([24])``, as in mlforecast's M4 tutorial; predicted recursively
  for 48 steps. The row "tutorial+scaler" adds mlforecast's per-series
  ``LocalStandardScaler()`` after the differences, since M4 Hourly's scales
  differ by four orders of magnitude (the tutorial's 4 series do not);
  "kaggle+scaler" does the same with the features and LightGBM parameters of
  the full-M4 notebook that mlforecast's docs link to (lags 24..336, weekly and
  fortnightly rolling means, 2500 leaves, 200 trees). 95% intervals are
  mlforecast's conformal ones (``PredictionIntervals(n_windows=3, h=48)``);
  "train min" includes the three extra fits that calibrate them.
- ``lstm`` and ``nhits``: neuralforecast's M4 Hourly recipe (its uncertainty
  intervals tutorial): ``MQLoss`` (median as the point forecast, 95% level added
  so MSIS is the official one), NHITS with ``input_size=7*48`` and
  ``n_freq_downsample=[24, 12, 1]``, LSTM with ``input_size=4*48`` (the tutorial
  feeds the whole history), each with its default scaler (identity for NHITS,
  robust for LSTM) unless ``--scaler`` names another. The tutorial's
  ``max_steps`` (3000 LSTM, 2000 NHITS) is lowered so that each model trains for
  at most ``--minutes``: a short timing run measures the time per step, and
  Lightning's ``max_time`` caps the fit.

Each peer is skipped, with the reason printed, when its library is missing.
Everything runs on the CPU with ``--threads`` threads (torch, LightGBM). The
official Naive2 forecasts are scored by the same code for reference, and the
published mlforecast figure is printed beside its row. "train min" is the wall
time of the final fit (without the timing run).

Usage (in an environment with mlforecast, lightgbm and neuralforecast)::

    python benchmarks/m4_peers.py [--minutes 10] [--only mlforecast lstm nhits]
        [--series-limit N] [--threads 1] [--scaler robust]
        [--mlforecast-rows tutorial tutorial+scaler kaggle+scaler]
"""

import argparse
import contextlib
import datetime
import importlib.metadata
import logging
import os
import platform
import tempfile
import time
import warnings

import numpy as np
import pandas as pd
import torch
from m4_hourly import DATA, HORIZON, SEASONALITY, load_hourly, print_row, scores
from m4_metrics_check import read_m4_csv

PEERS = ("mlforecast", "lstm", "nhits")
LEVEL = 95  # MSIS and coverage are those of the official 95% intervals
# Published figures, (sMAPE, MASE, OWA); None where not published.
PUBLISHED = {"mlforecast": ("mlforecast LightGBM, published", None, None, 0.462)}
# neuralforecast's M4 Hourly tutorial trains for these many steps.
TUTORIAL_STEPS = {"lstm": 3000, "nhits": 2000}
PROBE_STEPS, PROBE_WARMUP = 30, 5


def long_frame(ids, train):
    """The training series in long format, ``ds = 0..n-1`` per series."""
    return pd.DataFrame(
        {
            "unique_id": np.repeat(ids, [len(s) for s in train]),
            "ds": np.concatenate([np.arange(len(s)) for s in train]),
            "y": np.concatenate(train),
        }
    )


def to_matrix(pred, ids, column):
    """Forecast column of a long prediction frame as ``(n_series, HORIZON)``."""
    pred = pred.sort_values(["unique_id", "ds"])
    by_id = {uid: g[column].to_numpy() for uid, g in pred.groupby("unique_id")}
    return np.stack([by_id[uid] for uid in ids]).astype(float)


def interval_columns(pred, name):
    lo = [c for c in pred.columns if c.startswith(f"{name}-lo-{LEVEL}")]
    hi = [c for c in pred.columns if c.startswith(f"{name}-hi-{LEVEL}")]
    return (lo[0], hi[0]) if lo and hi else (None, None)


def version(package):
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def cpu_name():
    with contextlib.suppress(OSError):
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def run_mlforecast(ids, train, args):
    import lightgbm as lgb
    from mlforecast import MLForecast
    from mlforecast.lag_transforms import ExponentiallyWeightedMean, RollingMean
    from mlforecast.target_transforms import Differences, LocalStandardScaler
    from mlforecast.utils import PredictionIntervals

    df = long_frame(ids, train)
    results = []
    scaled = [Differences([24]), LocalStandardScaler()]
    tutorial = dict(
        lags=[24 * (i + 1) for i in range(7)],
        lag_transforms={48: [ExponentiallyWeightedMean(alpha=0.3)]},
    )
    week = [ExponentiallyWeightedMean(alpha=0.3), RollingMean(168), RollingMean(336)]
    kaggle = dict(
        lags=[24 * (i + 1) for i in range(14)],
        lag_transforms={24: week, 48: week},
    )
    kaggle_params = dict(
        n_estimators=200,
        learning_rate=0.05,
        num_leaves=2500,
        lambda_l1=0.03,
        lambda_l2=0.5,
        bagging_fraction=0.9,
        bagging_freq=1,
        feature_fraction=0.8,
        force_col_wise=True,
    )
    variants = [
        ("tutorial", [Differences([24])], tutorial, {}),
        ("tutorial+scaler", scaled, tutorial, {}),
        ("kaggle+scaler", scaled, kaggle, kaggle_params),
    ]
    for key, target_transforms, features, params in variants:
        if args.mlforecast_rows and key not in args.mlforecast_rows:
            continue
        model = lgb.LGBMRegressor(
            random_state=0, verbosity=-1, n_jobs=args.threads, **params
        )
        fcst = MLForecast(
            models=model,
            freq=1,
            num_threads=args.threads,
            target_transforms=target_transforms,
            **features,
        )
        start = time.perf_counter()
        fcst.fit(df, prediction_intervals=PredictionIntervals(n_windows=3, h=HORIZON))
        seconds = time.perf_counter() - start
        pred = fcst.predict(HORIZON, level=[LEVEL])
        lo, hi = interval_columns(pred, "LGBMRegressor")
        point = to_matrix(pred, ids, "LGBMRegressor")
        bounds = (to_matrix(pred, ids, lo), to_matrix(pred, ids, hi)) if lo else ()
        results.append((f"mlforecast LightGBM ({key})", point, bounds, seconds))
    return results


def step_timer():
    """A Lightning callback that records the time at the end of each step."""
    import pytorch_lightning as pl

    class StepTimer(pl.Callback):
        def __init__(self):
            self.times = []

        def on_train_batch_end(self, *args, **kwargs):
            self.times.append(time.perf_counter())

    return StepTimer()


def step_times(nf):
    """The step times recorded in the fitted model (NeuralForecast fits a copy)."""
    callbacks = nf.models[0].trainer_kwargs.get("callbacks") or []
    return next(cb.times for cb in callbacks if hasattr(cb, "times"))


def neural_model(peer, max_steps, args, callbacks=(), max_seconds=None):
    from neuralforecast.losses.pytorch import MQLoss
    from neuralforecast.models import LSTM, NHITS

    trainer = dict(
        accelerator="cpu",
        devices=1,
        logger=False,
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
        default_root_dir=args.workdir,
        callbacks=list(callbacks),
    )
    if max_seconds is not None:
        trainer["max_time"] = datetime.timedelta(seconds=max_seconds)
    loss = MQLoss(level=[80, 90, LEVEL])
    if args.scaler:
        trainer["scaler_type"] = args.scaler
    if peer == "lstm":
        return LSTM(
            h=HORIZON,
            input_size=4 * HORIZON,
            loss=loss,
            max_steps=max_steps,
            **trainer,
        )
    return NHITS(
        h=HORIZON,
        input_size=7 * HORIZON,
        n_freq_downsample=[24, 12, 1],
        loss=loss,
        max_steps=max_steps,
        **trainer,
    )


def run_neuralforecast(peer, ids, train, args):
    from neuralforecast import NeuralForecast

    # Lightning sets its loggers to INFO on import: keep only its warnings.
    for name in ("pytorch_lightning", "lightning_fabric"):
        logging.getLogger(name).setLevel(logging.WARNING)
    df = long_frame(ids, train)
    # Timing run: the steps after the first few give the time per step.
    probe = NeuralForecast(
        models=[neural_model(peer, PROBE_STEPS, args, [step_timer()])], freq=1
    )
    probe.fit(df)
    times = step_times(probe)
    per_step = (times[-1] - times[PROBE_WARMUP - 1]) / (len(times) - PROBE_WARMUP)
    budget = 60 * args.minutes
    steps = max(1, min(TUTORIAL_STEPS[peer], int(0.95 * budget / per_step)))
    print(
        f"  {peer}: {per_step:.3f} s/step in the timing run -> max_steps {steps} "
        f"(tutorial {TUTORIAL_STEPS[peer]}), max_time {budget / 60:g} min",
        flush=True,
    )
    model = neural_model(peer, steps, args, [step_timer()], max_seconds=budget)
    nf = NeuralForecast(models=[model], freq=1)
    start = time.perf_counter()
    nf.fit(df)
    seconds = time.perf_counter() - start
    pred = nf.predict()
    name = type(nf.models[0]).__name__
    point_col = f"{name}-median" if f"{name}-median" in pred.columns else name
    lo, hi = interval_columns(pred, name)
    point = to_matrix(pred, ids, point_col)
    bounds = (to_matrix(pred, ids, lo), to_matrix(pred, ids, hi)) if lo else ()
    scaler = nf.models[0].hparams.get("scaler_type", "?")
    label = f"neuralforecast {name} ({len(step_times(nf))} st., {scaler})"
    return [(label, point, bounds, seconds)]


RUNNERS = {
    "mlforecast": (("mlforecast", "lightgbm"), run_mlforecast),
    "lstm": (("neuralforecast",), lambda *a: run_neuralforecast("lstm", *a)),
    "nhits": (("neuralforecast",), lambda *a: run_neuralforecast("nhits", *a)),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--minutes", type=float, default=10.0, help="training budget per model"
    )
    parser.add_argument("--only", nargs="+", choices=PEERS, default=list(PEERS))
    parser.add_argument("--series-limit", type=int, help="first N series only")
    parser.add_argument("--threads", type=int, default=1, help="threads per model")
    parser.add_argument(
        "--scaler",
        help="neuralforecast scaler_type (default: each model's own, identity "
        "for NHITS, robust for LSTM)",
    )
    parser.add_argument(
        "--mlforecast-rows",
        nargs="+",
        choices=("tutorial", "tutorial+scaler", "kaggle+scaler"),
        help="only these mlforecast variants (default: all)",
    )
    parser.add_argument(
        "--save", help="save each row's point forecasts to this .npz file"
    )
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=UserWarning)

    ids, train, y_true = load_hourly(args.series_limit)
    print(vars(args))
    python = platform.python_version()
    print(f"machine: {cpu_name()}, {os.cpu_count()} CPUs; python {python}")
    packages = ("torch", "pytorch-lightning", "neuralforecast", "mlforecast")
    packages += ("lightgbm", "numpy", "pandas")
    print("versions: " + ", ".join(f"{p} {version(p)}" for p in packages))
    print(
        f"M4 Hourly: {len(train)} series, horizon {HORIZON}, seasonality "
        f"{SEASONALITY}; torch threads {torch.get_num_threads()}",
        flush=True,
    )
    header = f"{'method':<40}{'sMAPE':>8}{'MASE':>8}{'OWA':>8}{'MSIS':>8}"
    print(header + f"{'coverage':>9}{'train min':>10}", flush=True)
    rows = read_m4_csv(DATA / "benchmark-forecasts-Naive2-Hourly.csv")
    print_row(
        "Naive2 (official forecasts)",
        scores(y_true, np.stack([rows[i] for i in ids]), train),
    )

    saved = {}
    with tempfile.TemporaryDirectory(prefix="m4_peers_") as workdir:
        args.workdir = workdir
        for peer in args.only:
            packages, runner = RUNNERS[peer]
            missing = [p for p in packages if version(p) == "not installed"]
            if missing:
                print(f"{peer}: skipped, {' and '.join(missing)} not installed")
                continue
            for name, point, bounds, seconds in runner(ids, train, args):
                print_row(name, scores(y_true, point, train, *bounds), seconds)
                saved[name] = point
            if peer in PUBLISHED:
                name, smape, mase, owa = PUBLISHED[peer]
                cells = [
                    f"{v:8.3f}" if v is not None else f"{'':8}" for v in (smape, mase)
                ]
                print(f"{name:<40}{''.join(cells)}{owa:8.3f}", flush=True)
    if args.save:
        np.savez(args.save, **saved)


if __name__ == "__main__":
    main()
