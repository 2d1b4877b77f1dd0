"""Training time in float32 against ``mixed_precision="bf16"``, side by side.

For each estimator, whole ``fit`` calls in float32 and in bfloat16 autocast,
interleaved (float32 first, then bfloat16, ``--repeats`` times), one torch
thread, the same data and seed. Reports the times, their ratio and the final
training losses (and, for the tagger, dev accuracy)::

    python benchmarks/mixed_precision.py                # all three
    python benchmarks/mixed_precision.py --only tagger --repeats 3

Needs ``../shared/data`` (UD English EWT, Tiny Shakespeare). bfloat16 is fast
only where the hardware computes in it (on x86 CPUs, AVX-512 BF16 or AMX);
elsewhere torch falls back to slower kernels.
"""

import argparse
import time

import numpy as np
import torch
from _shared import SHARED_DATA
from sklearn.base import clone

from sklearn_rnn import CharRNNGenerator, RNNForecaster, SequenceTagger, make_windows
from sklearn_rnn.datasets import load_conllu

EWT = SHARED_DATA / "ud_english_ewt"


def tagger_job():
    X, y = load_conllu(EWT / "en_ewt-ud-train.conllu")
    X_dev, y_dev = load_conllu(EWT / "en_ewt-ud-dev.conllu")
    tagger = SequenceTagger(
        max_epochs=2, case_augmentation=0.0, lr=0.003, random_state=0
    )

    def report(est):
        return f"dev accuracy {100 * est.score(X_dev, y_dev):.2f}"

    return (
        "SequenceTagger, 2 epochs, 3,000 EWT sentences",
        tagger,
        (X[:3000], y[:3000]),
        report,
    )


def generator_job():
    text = (SHARED_DATA / "tiny_shakespeare" / "input.txt").read_text()[:300_000]
    gen = CharRNNGenerator(
        hidden_size=256,
        num_layers=2,
        seq_length=128,
        batch_size=64,
        max_epochs=1,
        random_state=0,
    )
    return "CharRNNGenerator 2x256, 1 epoch, 300,000 characters", gen, (text,), None


def forecaster_job():
    rng = np.random.default_rng(0)
    t = np.arange(20_024.0)
    series = np.sin(t / 12) + 0.1 * rng.standard_normal(len(t))
    windows = make_windows(series, window_length=24)
    model = RNNForecaster(hidden_size=64, batch_size=64, max_epochs=1, random_state=0)
    return "RNNForecaster 1->64, 1 epoch, 20,000 windows of 24", model, windows, None


JOBS = {"tagger": tagger_job, "generator": generator_job, "forecaster": forecaster_job}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=sorted(JOBS), action="append")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {args.threads} thread(s)")
    print("| estimator | float32 | bf16 | speed-up | final loss, float32 / bf16 |")
    print("| --- | --- | --- | --- | --- |")
    for name in args.only or list(JOBS):
        title, estimator, data, report = JOBS[name]()
        times = {None: [], "bf16": []}
        losses, notes = {}, {}
        for _ in range(args.repeats):
            for precision in times:
                est = clone(estimator).set_params(mixed_precision=precision)
                start = time.perf_counter()
                est.fit(*data)
                times[precision].append(time.perf_counter() - start)
                losses[precision] = est.loss_curve_[-1]
                if report is not None:
                    notes[precision] = report(est)
        full, mixed = np.array(times[None]), np.array(times["bf16"])
        ratios = ", ".join(f"{r:.2f}x" for r in full / mixed)
        print(
            f"| {title} | {', '.join(f'{v:.1f}' for v in full)} s "
            f"| {', '.join(f'{v:.1f}' for v in mixed)} s | {ratios} "
            f"| {losses[None]:.4f} / {losses['bf16']:.4f} |",
            flush=True,
        )
        for precision, note in notes.items():
            print(f"  {precision or 'float32'}: {note}")


if __name__ == "__main__":
    main()
