"""GPU check for RNNForecaster: fit and predict with device="cuda", then on CPU.

Run on a machine with a CUDA GPU::

    python benchmarks/gpu_check.py --out results_dir

It checks that ``device="cuda"`` (and ``"auto"``) trains and predicts on the GPU,
that the model learns there (noisy sine, R2), that a GPU-fitted model pickled and
loaded in a process that sees no GPU predicts on the CPU with the same numbers, and
measures fit throughput (windows/s over the whole ``fit``) for batch sizes 64, 256
and 1024 against a hand-written PyTorch loop on the same GPU (LSTM 1->64, window 24,
20,000 windows, one epoch), as in ``MEASURED.md``'s GPU table.
"""

import argparse
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import torch

from sklearn_rnn import RNNForecaster, make_windows
from sklearn_rnn.forecasting._highway import set_highway
from sklearn_rnn.modules import ForecastModule

N_WINDOWS, WINDOW, HIDDEN = 20_000, 24, 64


def hand_loop(X, y, batch_size, epochs, device):
    """Shuffled batches sliced from whole tensors already on the GPU."""
    torch.manual_seed(0)
    module = ForecastModule(1, 1, past_steps=WINDOW, cell="lstm", hidden_size=HIDDEN)
    X_t = torch.as_tensor(X[:, :, None], dtype=torch.float32)
    y_t = torch.as_tensor(y[:, None], dtype=torch.float32)
    set_highway(module, X_t, y_t)  # as RNNForecaster does before training
    module = module.to(device)
    opt = torch.optim.Adam(module.parameters(), lr=0.005)
    X_t, y_t = X_t.to(device), y_t.to(device)
    loss_fn = torch.nn.MSELoss()
    for _ in range(epochs):
        order = torch.randperm(len(X_t), device=device)
        for start in range(0, len(X_t), batch_size):
            idx = order[start : start + batch_size]
            opt.zero_grad()
            loss = loss_fn(module(X_t[idx]), y_t[idx])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(module.parameters(), 1.0)
            opt.step()
            loss.item()  # skorch reads each batch's loss; so does this loop
    torch.cuda.synchronize()


def throughput(X, y, repeats):
    rows = []
    for batch_size in (64, 256, 1024):
        times = {"RNNForecaster.fit": [], "hand-written loop": []}
        for _ in range(repeats):
            start = time.perf_counter()
            RNNForecaster(
                hidden_size=HIDDEN,
                batch_size=batch_size,
                max_epochs=1,
                device="cuda",
                random_state=0,
            ).fit(X, y)
            torch.cuda.synchronize()
            times["RNNForecaster.fit"].append(time.perf_counter() - start)
            start = time.perf_counter()
            hand_loop(X, y, batch_size, 1, "cuda")
            times["hand-written loop"].append(time.perf_counter() - start)
        ours = len(X) / np.median(times["RNNForecaster.fit"])
        hand = len(X) / np.median(times["hand-written loop"])
        rows.append((batch_size, ours, hand, ours / hand))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=".")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--load", help=argparse.SUPPRESS)  # the CPU-only child
    args = parser.parse_args()

    if args.load:
        assert not torch.cuda.is_available(), "the child must see no GPU"
        with open(args.load, "rb") as f:
            model, X_test, y_gpu = pickle.load(f)
        y_cpu = model.predict(X_test)
        gap = np.abs(y_cpu - y_gpu).max()
        print(f"child: CPU prediction, max |cpu - gpu| = {gap:.2e}")
        np.testing.assert_allclose(y_cpu, y_gpu, atol=1e-4)
        print("child: GPU-fitted model predicts on CPU: OK")
        return

    assert torch.cuda.is_available(), "no CUDA device visible"
    print(f"torch {torch.__version__}, {torch.cuda.get_device_name(0)}")
    rng = np.random.default_rng(0)
    t = np.arange(0, N_WINDOWS * 0.2 + 50, 0.2)
    series = np.sin(t) + rng.normal(0, 0.2, size=t.shape)
    X, y = make_windows(series, window_length=WINDOW)
    X, y = np.ascontiguousarray(X[:N_WINDOWS]), np.ascontiguousarray(y[:N_WINDOWS])

    # Warm up CUDA and cuDNN so that the first timed fit is not the slowest.
    RNNForecaster(hidden_size=HIDDEN, max_epochs=1, device="cuda").fit(
        X[:2000], y[:2000]
    )

    model = RNNForecaster(hidden_size=32, max_epochs=5, device="auto", random_state=0)
    model.fit(X[:15000], y[:15000])
    assert model.device_ == "cuda", model.device_
    assert next(model.net_.module_.parameters()).is_cuda
    r2 = model.score(X[15000:], y[15000:])
    print(f"device='auto' -> {model.device_}; noisy sine held-out R2 = {r2:.3f}")
    assert r2 > 0.8
    y_gpu = model.predict(X[15000:])
    again = RNNForecaster(hidden_size=32, max_epochs=5, device="cuda", random_state=0)
    same = np.abs(again.fit(X[:15000], y[:15000]).predict(X[15000:]) - y_gpu).max()
    print(f"same random_state on GPU, max |difference| = {same:.2e} (cuDNN may differ)")

    path = Path(args.out) / "gpu_model.pkl"
    with open(path, "wb") as f:
        pickle.dump((model, X[15000:], y_gpu), f)
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": ""}
    subprocess.run([sys.executable, __file__, "--load", str(path)], env=env, check=True)

    print(
        f"\nfit throughput, LSTM 1->{HIDDEN}, window {WINDOW}, {N_WINDOWS} windows, "
        f"one epoch, median of {args.repeats}"
    )
    print(
        f"{'batch':>6} {'RNNForecaster.fit w/s':>22} {'hand loop w/s':>14} {'ratio':>6}"
    )
    for batch_size, ours, hand, ratio in throughput(X, y, args.repeats):
        print(f"{batch_size:>6} {ours:>22,.0f} {hand:>14,.0f} {ratio:>6.2f}")


if __name__ == "__main__":
    main()
