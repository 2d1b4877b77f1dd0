"""Time and memory of :func:`sklearn_rnn.make_windows` against copying ways.

Measured, on a float64 series (a random walk) cut into windows of 24:

* the median time of each way over interleaved repeats (each repeat loops enough
  calls to last about 50 ms, so sub-millisecond calls are resolved);
* its extra peak memory, traced with :mod:`tracemalloc` (numpy reports its array
  allocations to it), in a separate pass so that tracing does not slow the timings;
* whether the result shares memory with the series (``np.shares_memory``).

Ways: ``make_windows`` (a strided view after validating the series), a bare
``sliding_window_view`` (the view without validation), a Python loop appending
slices then ``np.array``, ``np.ascontiguousarray`` of the view (a float64 copy) and
``.astype(np.float32)`` of the view (the copy that training makes anyway).

A second table times ``make_windows`` and the bare view for 1e5, 1e6 and 1e7 points,
to show whether the cost grows with the length of the series.

Run from the repository root, with the package installed (``pip install -e .``)::

    python benchmarks/windowing.py            # 1,000,000 points, then the scaling
    python benchmarks/windowing.py --quick    # smoke run, tiny sizes
"""

import argparse
import gc
import statistics
import time
import tracemalloc

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from sklearn_rnn import make_windows

MIB = 2**20


def python_loop(series, window):
    rows = []
    for start in range(len(series) - window):
        rows.append(series[start : start + window])
    return np.array(rows)


def ways(window):
    return {
        "make_windows": lambda s: make_windows(s, window)[0],
        "sliding_window_view (no validation)": lambda s: sliding_window_view(s, window)[
            :-1
        ],
        "Python loop of slices, then np.array": lambda s: python_loop(s, window),
        "view, then np.ascontiguousarray": lambda s: np.ascontiguousarray(
            make_windows(s, window)[0]
        ),
        "view, then .astype(np.float32)": lambda s: make_windows(s, window)[0].astype(
            np.float32
        ),
    }


def time_per_call(fn, series, target=0.05):
    """Seconds per call, looping enough calls to last about ``target`` seconds."""
    start = time.perf_counter()
    fn(series)
    once = time.perf_counter() - start
    number = max(1, int(target / max(once, 1e-7)))
    gc.collect()
    start = time.perf_counter()
    for _ in range(number):
        fn(series)
    return (time.perf_counter() - start) / number


def peak_extra_bytes(fn, series):
    """Peak traced memory during ``fn(series)`` above what was allocated before."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        result = fn(series)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak - before, result


def timings(fns, series, repeats):
    """Median seconds per call of each function, repeats interleaved."""
    names = list(fns)
    times = {name: [] for name in names}
    for r in range(repeats):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            times[name].append(time_per_call(fns[name], series))
    return {name: statistics.median(t) for name, t in times.items()}


def fmt_time(seconds):
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} us"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="series length")
    parser.add_argument("--window", type=int, default=24)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--sizes",
        type=float,
        nargs="+",
        default=[1e5, 1e6, 1e7],
        help="series lengths of the scaling table",
    )
    parser.add_argument("--quick", action="store_true", help="tiny smoke run")
    args = parser.parse_args(argv)
    if args.quick:
        args.n, args.repeats, args.sizes = 10_000, 2, [1e3, 1e4]

    rng = np.random.default_rng(0)
    series = np.cumsum(rng.standard_normal(args.n))
    fns = ways(args.window)
    medians = timings(fns, series, args.repeats)
    print(
        f"{args.n:,} float64 points ({series.nbytes / MIB:.1f} MiB), window "
        f"{args.window}, median of {args.repeats} interleaved repeats"
    )
    header = "| way | time | extra peak memory | shares memory with the series |"
    print(header)
    print("| --- | --- | --- | --- |")
    for name, fn in fns.items():
        extra, result = peak_extra_bytes(fn, series)
        shares = np.shares_memory(result, series)
        del result
        print(
            f"| {name} | {fmt_time(medians[name])} | {extra / MIB:.1f} MiB "
            f"| {'yes' if shares else 'no'} |"
        )

    X, y = make_windows(series, args.window)
    print(
        f"\nmake_windows: X {X.shape} shares memory {np.shares_memory(X, series)}, "
        f"y shares memory {np.shares_memory(y, series)}, "
        f"writeable {X.flags.writeable}"
    )

    print(f"\nScaling with the series length (window {args.window})")
    print("| points | make_windows | extra peak memory | bare view | isfinite pass |")
    print("| --- | --- | --- | --- | --- |")
    view_fns = {
        "make_windows": fns["make_windows"],
        "view": fns["sliding_window_view (no validation)"],
        "isfinite": lambda s: np.isfinite(s).all(),
    }
    for size in args.sizes:
        s = np.cumsum(rng.standard_normal(int(size)))
        med = timings(view_fns, s, args.repeats)
        extra, _ = peak_extra_bytes(view_fns["make_windows"], s)
        print(
            f"| {int(size):,} | {fmt_time(med['make_windows'])} | "
            f"{extra / MIB:.2f} MiB | {fmt_time(med['view'])} | "
            f"{fmt_time(med['isfinite'])} |"
        )
        del s


if __name__ == "__main__":
    main()
