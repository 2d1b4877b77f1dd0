"""Peak memory of windowing and training on panels of growing size.

Each size runs in a fresh process (peak resident memory is per process): it makes
``n_series`` random-walk series of 1,000 points, windows them with
``make_panel_windows`` (window 48, horizon 1, step 5) and trains an
``RNNForecaster`` for one epoch. Memory should grow linearly with the number of
series; the table gives the peak above the interpreter's baseline (torch imported)
and its ratio to the size of the windows themselves.

Usage::

    OMP_NUM_THREADS=1 python benchmarks/panel_memory.py [N_SERIES ...]
"""

import resource
import subprocess
import sys
import time

LENGTH, WINDOW, STEP = 1_000, 48, 5


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(n_series):
    import numpy as np
    import torch  # noqa: F401  (the baseline includes torch)

    from sklearn_rnn import RNNForecaster, make_panel_windows

    rng = np.random.default_rng(0)
    series = list(np.cumsum(rng.normal(size=(n_series, LENGTH)), axis=1) + 100)
    base = peak_mib()
    start = time.perf_counter()
    X, y, _ = make_panel_windows(series, WINDOW, step=STEP)
    windowed = peak_mib()
    window_s = time.perf_counter() - start
    start = time.perf_counter()
    RNNForecaster(hidden_size=16, max_epochs=1, batch_size=256, random_state=0).fit(
        X, y
    )
    fit_s = time.perf_counter() - start
    data_mib = (X.nbytes + y.nbytes) / 2**20
    print(
        f"{n_series:>9,}{len(X):>12,}{data_mib:>10.0f}{windowed - base:>12.0f}"
        f"{peak_mib() - base:>10.0f}{(peak_mib() - base) / data_mib:>8.1f}"
        f"{window_s:>10.2f}{fit_s:>8.1f}",
        flush=True,
    )


def main(argv):
    if len(argv) > 2 and argv[1] == "--child":
        return child(int(argv[2]))
    sizes = [int(a) for a in argv[1:]] or [1_250, 2_500, 5_000, 10_000]
    print(
        f"panel of N series x {LENGTH} points, window {WINDOW}, step {STEP}; "
        "peak resident memory above the baseline, MiB"
    )
    print(
        f"{'N':>9}{'windows':>12}{'data MiB':>10}{'windowing':>12}{'fit':>10}"
        f"{'ratio':>8}{'window s':>10}{'fit s':>8}",
        flush=True,
    )
    for n in sizes:
        subprocess.run([sys.executable, __file__, "--child", str(n)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
