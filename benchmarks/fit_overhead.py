"""Throughput of ``RNNForecaster.fit`` against a hand-written PyTorch training loop.

Measured: windows per second over the *whole* call (``n_windows * epochs / seconds``),
for the same model and the same work:

* LSTM 1 -> 64 (one layer) read to the last time step, then a linear head, plus
  the linear highway from the window to the output, set by a ridge fit before
  training (the hand loop instantiates :class:`sklearn_rnn.modules.ForecastModule`
  itself and sets its highway as the estimator does, so the models are
  identical), MSE loss, Adam with the same learning rate, batch 64, shuffled
  batches, gradient norm clipped at 1.0 in every variant (the estimator's
  default; ``--clip 0`` turns clipping off everywhere), the same number of epochs;
* 20,000 windows of 24 steps cut by :func:`sklearn_rnn.make_windows` from a noisy
  sine.

Variants:

* ``hand loop``: float32 tensors made from the windows (global standardisation),
  shuffled batches sliced from the whole tensors, epoch losses accumulated;
* ``RNNForecaster.fit`` (``scaling="window"``, the default, and ``"global"``): the
  whole call, including validation, scaling, seeding and building the skorch net.
  ``n_iter_no_change`` is set above the number of epochs so that stopping on the
  training loss cannot shorten a fit (checked through ``n_iter_``);
* ``skorch NeuralNet + TensorBatchIterator``: the skorch net that ``RNNForecaster``
  builds (``sklearn_rnn._training.engine.build_net``, private), fitted on ready tensors:
  RNNForecaster.fit minus validation and scaling;
* ``skorch NeuralNetRegressor default``: skorch's default per-sample ``Dataset`` +
  ``DataLoader`` (no shuffling), ``train_split=None``, the same clipping; context.

Repeats are interleaved (every variant once per round, the order rotated each round)
on this noisy shared machine; the table gives medians and each variant's ratio to the
hand loop's median throughput (the goal for ``RNNForecaster.fit`` is >= 0.9).

Run from the repository root, with the package installed (``pip install -e .``)::

    python benchmarks/fit_overhead.py                    # full size, 1 thread
    python benchmarks/fit_overhead.py --threads 1 2      # one table per thread count
    python benchmarks/fit_overhead.py --quick            # smoke run, tiny sizes
"""

import argparse
import gc
import statistics
import time
import warnings

import numpy as np
import torch
from skorch import NeuralNetRegressor
from skorch.callbacks import GradientNormClipping

from sklearn_rnn import RNNForecaster, make_windows
from sklearn_rnn._training.callbacks import ModuleSetup
from sklearn_rnn._training.engine import build_net
from sklearn_rnn._training.spec import TrainingSpec
from sklearn_rnn.forecasting._highway import set_highway
from sklearn_rnn.modules import ForecastModule

HIDDEN = 64
LR = 0.005


def make_data(n_windows, window_length, seed=0):
    """Windows of a noisy sine: ``X`` (n_windows, window_length), ``y`` (n_windows,)."""
    rng = np.random.default_rng(seed)
    t = np.arange(n_windows + window_length)
    series = np.sin(2 * np.pi * t / 50) + 0.1 * rng.standard_normal(len(t))
    return make_windows(series, window_length)


def hand_loop(X, y, *, epochs, batch_size, clip, seed=0):
    """Train ForecastModule by hand; return the epoch losses."""
    torch.manual_seed(seed)
    loc, scale = X.mean(), X.std()
    X_t = torch.from_numpy(((X - loc) / scale).astype(np.float32)).unsqueeze(-1)
    y_t = torch.from_numpy(((y - loc) / scale).astype(np.float32)).unsqueeze(-1)
    model = ForecastModule(
        input_size=1, horizon=1, past_steps=X.shape[1], cell="lstm", hidden_size=HIDDEN
    )
    set_highway(model, X_t, y_t)  # as RNNForecaster does before training
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    criterion = torch.nn.MSELoss()
    n = len(X_t)
    losses = []
    model.train()
    for _ in range(epochs):
        order = torch.randperm(n)
        total = 0.0
        for start in range(0, n, batch_size):
            idx = order[start : start + batch_size]
            xb, yb = X_t[idx], y_t[idx]
            optimizer.zero_grad()
            loss = criterion(model(xb), yb)
            loss.backward()
            if clip:
                torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
            optimizer.step()
            total += loss.item() * len(idx)
        losses.append(total / n)
    return losses


def estimator(*, epochs, batch_size, clip, scaling):
    return RNNForecaster(
        scaling=scaling,
        hidden_size=HIDDEN,
        max_epochs=epochs,
        batch_size=batch_size,
        lr=LR,
        clip_grad_norm=clip or None,
        n_iter_no_change=epochs + 1000,
        random_state=0,
    )


def forecaster_fit(X, y, *, epochs, batch_size, clip, scaling):
    est = estimator(epochs=epochs, batch_size=batch_size, clip=clip, scaling=scaling)
    est.fit(X, y)
    if est.n_iter_ != epochs:
        raise RuntimeError(f"n_iter_ is {est.n_iter_}, expected {epochs} epochs")
    return est.loss_curve_


def ready_tensors(X, y):
    loc, scale = X.mean(), X.std()
    X_t = torch.from_numpy(((X - loc) / scale).astype(np.float32)).unsqueeze(-1)
    y_t = torch.from_numpy(((y - loc) / scale).astype(np.float32)).unsqueeze(-1)
    return X_t, y_t


def skorch_build_net(X_t, y_t, *, epochs, batch_size, clip):
    est = estimator(epochs=epochs, batch_size=batch_size, clip=clip, scaling="global")
    torch.manual_seed(0)
    kwargs = {"input_size": 1, "horizon": 1, "past_steps": X_t.shape[1]}
    kwargs.update(est._core_kwargs())
    callbacks = (("highway", ModuleSetup(set_highway)),)
    spec = TrainingSpec(ForecastModule, kwargs, torch.nn.MSELoss, callbacks=callbacks)
    net = build_net(spec, est._training_params(), "cpu")
    net.fit(X_t, y_t)
    return list(net.history[:, "train_loss"])


def skorch_default(X_t, y_t, *, epochs, batch_size, clip):
    torch.manual_seed(0)
    callbacks = [GradientNormClipping(clip)] if clip else []
    callbacks.append(ModuleSetup(set_highway))
    net = NeuralNetRegressor(
        ForecastModule,
        module__input_size=1,
        module__horizon=1,
        module__past_steps=X_t.shape[1],
        module__hidden_size=HIDDEN,
        optimizer=torch.optim.Adam,
        lr=LR,
        max_epochs=epochs,
        batch_size=batch_size,
        train_split=None,
        callbacks=callbacks,
        verbose=0,
    )
    net.fit(X_t, y_t)
    return list(net.history[:, "train_loss"])


def variants(X, y, *, epochs, batch_size, clip, with_default):
    kw = {"epochs": epochs, "batch_size": batch_size, "clip": clip}
    out = {
        "hand loop": lambda: hand_loop(X, y, **kw),
        'RNNForecaster.fit scaling="window"': lambda: forecaster_fit(
            X, y, scaling="window", **kw
        ),
        'RNNForecaster.fit scaling="global"': lambda: forecaster_fit(
            X, y, scaling="global", **kw
        ),
    }
    # The ready tensors are made outside the timing: these rows measure skorch alone.
    X_t, y_t = ready_tensors(X, y)
    out["skorch NeuralNet + TensorBatchIterator"] = lambda: skorch_build_net(
        X_t, y_t, **kw
    )
    if with_default:
        out["skorch NeuralNetRegressor default"] = lambda: skorch_default(
            X_t, y_t, **kw
        )
    return out


def run(threads, args):
    torch.set_num_threads(threads)
    X, y = make_data(args.n_windows, args.window)
    kw = {"epochs": args.epochs, "batch_size": args.batch_size, "clip": args.clip}
    # Warm-up (oneDNN primitive caches, imports, allocator) on a small slice.
    warm = variants(X[:512], y[:512], with_default=True, **kw | {"epochs": 1})
    for fn in warm.values():
        fn()
    fns = variants(X, y, with_default=not args.no_default, **kw)
    names = list(fns)
    times = {name: [] for name in names}
    losses = {}
    for r in range(args.repeats):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            gc.collect()
            start = time.perf_counter()
            losses[name] = fns[name]()
            times[name].append(time.perf_counter() - start)
    work = args.n_windows * args.epochs
    base = statistics.median(work / t for t in times["hand loop"])
    print(
        f"\n{threads} thread(s), {args.n_windows} windows x {args.epochs} epochs, "
        f"batch {args.batch_size}, clip {args.clip or 'off'}, "
        f"{args.repeats} interleaved repeats"
    )
    header = (
        f"| {'variant':<40} | median windows/s | min - max windows/s "
        "| ratio of medians | median per-round ratio | last epoch loss |"
    )
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    for name in names:
        rates = [work / t for t in times[name]]
        med = statistics.median(rates)
        # Each round's ratio compares runs made seconds apart, which cancels slow
        # drifts in the machine's load better than the ratio of the medians.
        paired = statistics.median(
            h / t for h, t in zip(times["hand loop"], times[name], strict=True)
        )
        print(
            f"| {name:<40} | {med:16,.0f} | {min(rates):8,.0f} - {max(rates):8,.0f} "
            f"| {med / base:16.3f} | {paired:22.3f} | {losses[name][-1]:15.4f} |"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--threads", type=int, nargs="+", default=[1], help="torch thread counts"
    )
    parser.add_argument("--n-windows", type=int, default=20_000)
    parser.add_argument("--window", type=int, default=24)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument(
        "--clip", type=float, default=1.0, help="gradient norm clip; 0 disables it"
    )
    parser.add_argument(
        "--no-default", action="store_true", help="skip skorch's default path"
    )
    parser.add_argument("--quick", action="store_true", help="tiny smoke run")
    args = parser.parse_args(argv)
    if args.quick:
        args.n_windows, args.epochs, args.repeats = 1_000, 2, 2
    warnings.filterwarnings("ignore", category=UserWarning)
    print(f"torch {torch.__version__}, MKLDNN enabled: {torch.backends.mkldnn.enabled}")
    for threads in args.threads:
        run(threads, args)


if __name__ == "__main__":
    main()
