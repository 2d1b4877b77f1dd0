"""Generation speed of ``CharRNNGenerator.generate`` against the naive re-run.

Measured: characters per second, and seconds per character, of

* ``generate(n)``: the estimator's way, the recurrent state carried from one
  character to the next (on CPU, one numpy step per character, BLAS capped at
  torch's thread count), for n = 100, 1,000 and 10,000 characters: the cost per
  character should be flat in n;
* ``naive``: the common tutorial way, re-running the model over the last 100
  characters for each new one (``module.step`` on a window of 100 ids from a zero
  state, then sampling from the last position), oneDNN left at its default, for
  n = 100 and 1,000 characters.

Both draw from the softmax of the 65 characters' logits at temperature 1
(``generate`` by inverse CDF in numpy, naive by ``torch.multinomial``) and continue
the same seed text, by default the first 100 characters of the data, so that every
naive call reads a full window of 100 ids from its first character on
(``--seed-chars`` shortens it: the naive way's first calls then read shorter
windows). The
model: embedding 64, 2-layer LSTM 256 over the Tiny Shakespeare vocabulary (65
characters), trained for one short epoch (``--train-chars`` characters plus one of
each vocabulary character, so that the vocabulary is complete): speed does not
depend on training. Repeats are interleaved in one process, with
``torch.set_num_threads(--threads)`` (default 1); the table gives medians.
Goal: ``generate`` >= 20x faster than naive, per-character cost flat from 100 to
10,000.

Run from the repository root (the package installed with ``pip install -e .``)::

    python benchmarks/char_generation.py
    python benchmarks/char_generation.py --repeats 5 --threads 2
"""

import argparse
import gc
import statistics
import time
from pathlib import Path

import numpy as np
import torch
from _shared import SHARED_DATA

from sklearn_rnn import CharRNNGenerator

DATA = SHARED_DATA / "tiny_shakespeare" / "input.txt"
WINDOW = 100


def naive_generate(gen, n_chars, seed_text, window=WINDOW, seed=0):
    """Re-run the model over the last ``window`` ids for each new character."""
    module = gen.net_.module_.eval()
    n_classes = len(gen.classes_)
    generator = torch.Generator().manual_seed(seed)
    ids = [gen._start_id, *gen._encode(seed_text).tolist()]
    with torch.inference_mode():
        for _ in range(n_chars):
            x = torch.tensor([ids[-window:]])
            logits, _ = module.step(x)
            probs = torch.softmax(logits[0, -1, :n_classes], dim=-1)
            ids.append(torch.multinomial(probs, 1, generator=generator).item())
    return "".join(gen.classes_[ids[-n_chars:]]) if n_chars else ""


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=DATA)
    p.add_argument("--train-chars", type=int, default=20_000)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument(
        "--seed-chars",
        type=int,
        default=WINDOW,
        help="seed text: the first SEED_CHARS characters of the data",
    )
    p.add_argument("--sizes", type=int, nargs="+", default=[100, 1_000, 10_000])
    p.add_argument("--naive-sizes", type=int, nargs="+", default=[100, 1_000])
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)

    text = args.data.read_text(encoding="utf-8")
    seed_text = text[: args.seed_chars]
    vocabulary = "".join(sorted(set(text)))
    t0 = time.perf_counter()
    gen = CharRNNGenerator(
        embedding_dim=64,
        hidden_size=256,
        num_layers=2,
        seq_length=128,
        batch_size=32,
        max_epochs=1,
        random_state=0,
    ).fit([text[: args.train_chars], vocabulary])
    assert len(gen.classes_) == len(vocabulary) == 65
    print(
        f"model: embedding 64, LSTM 2x256, vocabulary {len(gen.classes_)}; trained "
        f"{time.perf_counter() - t0:.1f} s on {args.train_chars:,} chars; torch "
        f"{torch.__version__}, {torch.get_num_threads()} thread(s), oneDNN "
        f"{'on' if torch.backends.mkldnn.is_available() else 'unavailable'} by default"
    )

    jobs = [("generate", n) for n in args.sizes] + [
        ("naive", n) for n in args.naive_sizes
    ]
    times = {job: [] for job in jobs}
    gen.generate(50, seed_text=seed_text, random_state=0)  # warm-up
    naive_generate(gen, 20, seed_text)
    for r in range(args.repeats):
        for job in jobs if r % 2 == 0 else jobs[::-1]:
            way, n = job
            gc.collect()
            start = time.perf_counter()
            if way == "generate":
                out = gen.generate(n, seed_text=seed_text, random_state=r)
            else:
                out = naive_generate(gen, n, seed_text, seed=r)
            seconds = time.perf_counter() - start
            assert len(out) == n
            times[job].append(seconds)
            print(
                f"round {r + 1} {way:8s} {n:6d} chars {seconds:7.3f} s "
                f"{n / seconds:8,.0f} chars/s",
                flush=True,
            )

    naive_rate = {
        n: n / statistics.median(times[("naive", n)]) for n in args.naive_sizes
    }
    print()
    print("| way | chars | median s | chars/s | ms per char | speed-up vs naive |")
    print("| --- | --- | --- | --- | --- | --- |")
    for way, n in jobs:
        med = statistics.median(times[(way, n)])
        rate = n / med
        ref = naive_rate.get(n)
        if ref is None:
            ref = float(np.median(list(naive_rate.values())))
            speedup = f"{rate / ref:.1f}x (vs naive's median rate)"
        else:
            speedup = f"{rate / ref:.1f}x"
        print(
            f"| {way} | {n:,} | {med:.3f} | {rate:,.0f} | {1000 * med / n:.3f} | "
            f"{speedup} |"
        )


if __name__ == "__main__":
    main()
