"""Training throughput of ``CharRNNGenerator.fit`` against a hand-written TBPTT loop.

Measured: characters per second over the *whole* call (``n_chars * epochs /
seconds``), for the same model and the same work:

* model: :class:`sklearn_rnn.modules.CharLanguageModel` (embedding 64, 2-layer LSTM
  256, head over the 65 characters + unknown slot; ``--small`` uses embedding 16 and
  one LSTM layer of 64), instantiated by the hand loop itself, so the models are
  identical;
* data: the first 200,000 characters of Tiny Shakespeare (``--n-chars``);
* training: 64 contiguous streams read in chunks of 128 characters, the hidden
  state carried (detached) from chunk to chunk, cross-entropy over every position,
  Adam lr 0.002, gradient norm clipped at 1.0, ``--epochs`` epochs (default 1).

Variants:

* ``hand loop``: encode the text (``np.searchsorted`` over the sorted
  vocabulary), inputs ``[start] + ids[:-1]``, cut into 64 contiguous streams (the
  tail that does not fill a stream is dropped), loop over chunks with
  ``model.step(ids, state)``, ``loss.item()`` once per batch (as skorch does);
* ``CharRNNGenerator.fit``: the whole call (validation, vocabulary, encoding, the
  0.1% unknown-slot corruption, the TBPTT layout, seeding, building the skorch net,
  training). ``n_iter_no_change`` is set above the number of epochs so that
  stopping on the training loss cannot shorten a fit. Its layout pads the last
  chunk of each document, so it runs about 2% more positions than the hand loop
  for the same characters (25 x 128 vs 3,125 steps per stream at 200,000 chars).

Repeats are interleaved (each variant once per round, the order alternated each
round) in one process, with ``torch.set_num_threads(--threads)`` (default 1: the
machine is shared, and oversubscribed OpenMP threads degrade badly). The table gives
medians, the ratio of the medians and the median of the per-round ratios (hand
loop's time / variant's time in the same round; less sensitive to slow changes in
the machine's load). Goal for ``CharRNNGenerator.fit``: >= 0.9.
``--profile`` runs one fit of each under cProfile afterwards and prints the top
entries by cumulative and by internal time.

Run from the repository root (the package installed with ``pip install -e .``)::

    python benchmarks/char_throughput.py                 # 3 rounds, 1 epoch, 1 thread
    python benchmarks/char_throughput.py --repeats 5 --epochs 2
    python benchmarks/char_throughput.py --small --profile
"""

import argparse
import cProfile
import gc
import pstats
import statistics
import time
from pathlib import Path

import numpy as np
import torch
from _shared import SHARED_DATA

from sklearn_rnn import CharRNNGenerator
from sklearn_rnn.modules import CharLanguageModel

DATA = SHARED_DATA / "tiny_shakespeare" / "input.txt"
BATCH = 64
SEQ = 128
LR = 0.002
CLIP = 1.0


def sizes(small):
    if small:
        return {"embedding_dim": 16, "hidden_size": 64, "num_layers": 1}
    return {"embedding_dim": 64, "hidden_size": 256, "num_layers": 2}


def hand_loop(text, *, epochs, small, seed=0):
    """Train CharLanguageModel by TBPTT over 64 contiguous streams; epoch losses."""
    torch.manual_seed(seed)
    vocab = np.unique(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32))
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    ids = np.searchsorted(vocab, codes).astype(np.int64)
    n_classes = len(vocab)
    start_id = n_classes + 1
    inputs = np.concatenate([[start_id], ids[:-1]])
    per_stream = len(ids) // BATCH
    X = torch.from_numpy(inputs[: per_stream * BATCH].reshape(BATCH, per_stream))
    Y = torch.from_numpy(ids[: per_stream * BATCH].reshape(BATCH, per_stream))
    model = CharLanguageModel(
        n_inputs=n_classes + 2, n_outputs=n_classes + 1, cell="lstm", **sizes(small)
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    criterion = torch.nn.CrossEntropyLoss()
    model.train()
    losses = []
    for _ in range(epochs):
        state, total, n = None, 0.0, 0
        for s in range(0, per_stream, SEQ):
            x, y = X[:, s : s + SEQ], Y[:, s : s + SEQ]
            optimizer.zero_grad()
            logits, state = model.step(x, state)
            state = tuple(h.detach() for h in state)
            loss = criterion(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)
            optimizer.step()
            total += loss.item()
            n += 1
        losses.append(total / n)
    return losses


def estimator_fit(text, *, epochs, small, seed=0):
    gen = CharRNNGenerator(
        cell="lstm",
        seq_length=SEQ,
        batch_size=BATCH,
        lr=LR,
        clip_grad_norm=CLIP,
        max_epochs=epochs,
        n_iter_no_change=epochs + 1,
        random_state=seed,
        **sizes(small),
    ).fit(text)
    assert gen.n_iter_ == epochs, gen.n_iter_
    return gen.loss_curve_


VARIANTS = {"hand loop": hand_loop, "CharRNNGenerator.fit": estimator_fit}


def timed(fn, text, epochs, small):
    gc.collect()
    start = time.perf_counter()
    losses = fn(text, epochs=epochs, small=small)
    return time.perf_counter() - start, losses


def profile(text, epochs, small, top):
    for name, fn in VARIANTS.items():
        prof = cProfile.Profile()
        prof.enable()
        fn(text, epochs=epochs, small=small)
        prof.disable()
        print(f"\n### cProfile: {name}")
        stats = pstats.Stats(prof)
        stats.sort_stats("cumulative").print_stats(top)
        stats.sort_stats("tottime").print_stats(top)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=DATA)
    p.add_argument("--n-chars", type=int, default=200_000)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--small", action="store_true", help="embedding 16, LSTM 1x64")
    p.add_argument("--profile", action="store_true", help="cProfile one fit of each")
    p.add_argument("--top", type=int, default=25, help="cProfile entries shown")
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    text = args.data.read_text(encoding="utf-8")[: args.n_chars]
    shape = sizes(args.small)
    print(
        f"{len(text):,} chars of Tiny Shakespeare, LSTM {shape['num_layers']}x"
        f"{shape['hidden_size']}, embedding {shape['embedding_dim']}, batch {BATCH} "
        f"streams, seq_length {SEQ}, Adam lr {LR}, clip {CLIP}, {args.epochs} "
        f"epoch(s), torch {torch.__version__}, {torch.get_num_threads()} thread(s)"
    )

    names = list(VARIANTS)
    times = {name: [] for name in names}
    # warm-up (first-call allocations, lazy imports), not timed
    for name in names:
        VARIANTS[name](text[:20_000], epochs=1, small=args.small)
    for r in range(args.repeats):
        order = names if r % 2 == 0 else names[::-1]
        for name in order:
            seconds, losses = timed(VARIANTS[name], text, args.epochs, args.small)
            times[name].append(seconds)
            print(
                f"round {r + 1} {name:22s} {seconds:7.2f} s  "
                f"{len(text) * args.epochs / seconds:9,.0f} chars/s  "
                f"final epoch loss {losses[-1]:.4f} nats",
                flush=True,
            )

    base = len(text) * args.epochs / statistics.median(times["hand loop"])
    print()
    print(
        "| variant | median s | median chars/s | min-max chars/s | ratio of medians "
        "| median per-round ratio |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    for name in names:
        rates = [len(text) * args.epochs / t for t in times[name]]
        med = len(text) * args.epochs / statistics.median(times[name])
        per_round = statistics.median(
            h / t for h, t in zip(times["hand loop"], times[name], strict=True)
        )
        print(
            f"| {name} | {statistics.median(times[name]):.2f} | {med:,.0f} | "
            f"{min(rates):,.0f}-{max(rates):,.0f} | {med / base:.3f} | "
            f"{per_round:.3f} |"
        )
    if args.profile:
        profile(text, args.epochs, args.small, args.top)


if __name__ == "__main__":
    main()
