"""Accuracy of ``CharRNNGenerator`` on Tiny Shakespeare within a wall-clock budget.

Measured: validation bits per character on the nanoGPT ``shakespeare_char`` split
(first 90% of ``input.txt`` for training, the last 10% for validation, both
contiguous), after at most ``--minutes`` of training.

How:

* ``CharRNNGenerator`` is fitted on the **whole** text with ``early_stopping=True``
  and ``validation_fraction=0.1``, so that its held-out tail (``_split`` trains on
  ``text[:int(0.9 * n)]`` of a single text) is *exactly* the nanoGPT validation
  part, ``text[int(0.9 * n):]``; the script checks this before
  training. Early stopping therefore watches the validation loss every epoch and
  restores the best epoch's weights at the end;
* a small skorch callback (:class:`TimeBudget`, passed through ``callbacks=``)
  raises ``KeyboardInterrupt`` in ``on_epoch_end`` when the next epoch would end
  past the budget (predicted from the last epoch's duration), or when the budget is
  spent. skorch's ``partial_fit`` catches ``KeyboardInterrupt`` and still runs
  ``on_train_end``, where ``EarlyStopping(load_best=True)`` restores the best
  weights. The package appends user callbacks after its own ``EarlyStopping``, so
  the last epoch's weights are recorded before the interruption;
* reported: the per-epoch curve (history ``train_loss`` / ``valid_loss`` in bits:
  nats / ln 2; the per-epoch validation loss reads the tail as ``batch_size``
  streams, each starting from a zero state), then the final validation bits per
  char over the whole tail read as one stream with the state carried
  (``gen.bits_per_char(val_text)``), the training time and a 300-character sample.

Run from the repository root (the package installed with ``pip install -e .``)::

    # CPU (2 cores): the 20-minute benchmark
    python benchmarks/char_shakespeare.py --minutes 20 --threads 2
    # short configuration trial
    python benchmarks/char_shakespeare.py --minutes 2.5 --threads 1 --cell gru
    # GPU: one minute of training
    python benchmarks/char_shakespeare.py --device cuda --minutes 1 \\
        --cell lstm --num-layers 3 --hidden-size 768 --dropout 0.55 \\
        --batch-size 128 --seq-length 256 --optimizer adamw --lr 0.002
    # the same with a one-cycle schedule sized to the minute (about 50 epochs)
    python benchmarks/char_shakespeare.py --device cuda --minutes 1 \\
        --cell lstm --num-layers 3 --hidden-size 768 --dropout 0.55 \\
        --batch-size 128 --seq-length 256 --optimizer adamw --lr 0.006 \\
        --one-cycle 48
    # a one-cycle schedule over the minute by the clock (any speed), in bf16
    python benchmarks/char_shakespeare.py --device cuda --minutes 1 \\
        --cell lstm --num-layers 3 --hidden-size 768 --dropout 0.55 \\
        --batch-size 128 --seq-length 256 --optimizer adamw --lr 0.006 \\
        --time-cycle --patience 100 --mixed-precision bf16
"""

import argparse
import math
import os
import time
from pathlib import Path

import torch
from _shared import SHARED_DATA
from skorch.callbacks import Callback, LRScheduler

from sklearn_rnn import CharRNNGenerator

DATA = SHARED_DATA / "tiny_shakespeare" / "input.txt"


class TimeBudget(Callback):
    """Stop training (skorch-style, by ``KeyboardInterrupt``) at a time budget.

    Checked at the end of each epoch: training stops when the budget is spent, or
    when one more epoch, as long as the last one, would overrun it by more than
    ``slack`` of the budget.

    Parameters
    ----------
    seconds : float
        Training budget, from ``on_train_begin``.
    slack : float, default=0.0
        Allowed overrun, as a fraction of ``seconds``.
    log : callable or None, default=None
        Called with the epoch's history row (``elapsed`` added) at each epoch end.
    """

    def __init__(self, seconds, slack=0.0, log=None):
        self.seconds = seconds
        self.slack = slack
        self.log = log

    def on_train_begin(self, net, **kwargs):
        self.start_ = time.perf_counter()
        self.last_ = self.start_
        self.stopped_ = False

    def on_epoch_end(self, net, **kwargs):
        now = time.perf_counter()
        elapsed, epoch = now - self.start_, now - self.last_
        self.last_ = now
        net.history.record("elapsed", elapsed)
        if self.log is not None:
            self.log(net.history[-1])
        if elapsed + epoch > self.seconds * (1 + self.slack):
            self.stopped_ = True
            raise KeyboardInterrupt


class TimeOneCycle(Callback):
    """One-cycle learning rate over a wall-clock budget instead of a step count.

    The rate rises from ``max_lr / div_factor`` to ``max_lr`` over the first
    ``pct_start`` of ``seconds`` and falls to ``max_lr / div_factor /
    final_div_factor`` by the end, both along a cosine, as
    ``torch.optim.lr_scheduler.OneCycleLR`` does over steps. Set before each
    training batch from the time since ``on_train_begin``, so that the cycle ends
    with the budget whatever the speed of the device or the precision.

    Parameters
    ----------
    max_lr : float
        Peak learning rate.
    seconds : float
        Length of the cycle.
    pct_start : float, default=0.25
        Fraction of the cycle spent rising.
    div_factor, final_div_factor : float, default=25.0, 1e4
        As in ``OneCycleLR``.
    """

    def __init__(
        self, max_lr, seconds, pct_start=0.25, div_factor=25.0, final_div_factor=1e4
    ):
        self.max_lr = max_lr
        self.seconds = seconds
        self.pct_start = pct_start
        self.div_factor = div_factor
        self.final_div_factor = final_div_factor

    def rate(self, fraction):
        """The learning rate at ``fraction`` (0 to 1) of the cycle."""
        initial = self.max_lr / self.div_factor
        final = initial / self.final_div_factor
        if fraction < self.pct_start:
            start, end, progress = initial, self.max_lr, fraction / self.pct_start
        else:
            start, end = self.max_lr, final
            progress = (fraction - self.pct_start) / (1 - self.pct_start)
        return end + (start - end) * (1 + math.cos(math.pi * min(progress, 1.0))) / 2

    def on_train_begin(self, net, **kwargs):
        self.start_ = time.perf_counter()

    def on_batch_begin(self, net, training=False, **kwargs):
        if not training:
            return
        fraction = (time.perf_counter() - self.start_) / self.seconds
        lr = self.rate(min(fraction, 1.0))
        for group in net.optimizer_.param_groups:
            group["lr"] = lr


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=DATA)
    p.add_argument("--cell", default="lstm", choices=["lstm", "gru", "rnn"])
    p.add_argument("--hidden-size", type=int, default=256)
    p.add_argument("--num-layers", type=int, default=2)
    p.add_argument("--embedding-dim", type=int, default=64)
    p.add_argument("--dropout", type=float, default=0.0)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--seq-length", type=int, default=128)
    p.add_argument("--lr", type=float, default=0.002)
    p.add_argument(
        "--lr-decay",
        type=float,
        default=1.0,
        help="multiply the learning rate by this after every epoch (1: constant)",
    )
    p.add_argument(
        "--one-cycle",
        type=int,
        default=0,
        metavar="EPOCHS",
        help="one-cycle schedule (peak --lr) over EPOCHS epochs, stepped per batch; "
        "caps --max-epochs at EPOCHS (0: off)",
    )
    p.add_argument(
        "--time-cycle",
        action="store_true",
        help="one-cycle schedule (peak --lr) over the --minutes budget, by time",
    )
    p.add_argument("--optimizer", default="adam", choices=["adam", "adamw"])
    p.add_argument("--weight-decay", type=float, default=0.0)
    p.add_argument("--clip", type=float, default=1.0, help="gradient norm clipping")
    p.add_argument("--minutes", type=float, default=20.0, help="training budget")
    p.add_argument("--max-epochs", type=int, default=1000)
    p.add_argument(
        "--patience", type=int, default=5, help="early stopping: epochs w/o gain"
    )
    p.add_argument("--threads", type=int, default=2, help="torch CPU threads")
    p.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    p.add_argument(
        "--mixed-precision", choices=["bf16"], default=None, help="train in bfloat16"
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--sample-chars", type=int, default=300)
    return p.parse_args(argv)


def nanogpt_split(text):
    """``text[:int(0.9 n)]`` and ``text[int(0.9 n):]`` (nanoGPT shakespeare_char)."""
    cut = int(len(text) * 0.9)
    return text[:cut], text[cut:]


def epoch_line(row, elapsed):
    """One row of the per-epoch table."""
    best = "*" if row.get("valid_loss_best") else ""
    return (
        f"| {row['epoch']} | {elapsed / 60:.2f} | "
        f"{row['train_loss'] / math.log(2):.4f} | "
        f"{row['valid_loss'] / math.log(2):.4f}{best} |"
    )


def print_epoch(row):
    """Live progress (long runs are watched); the final table comes after fit."""
    print("progress " + epoch_line(row, row["elapsed"]), flush=True)


def main(argv=None):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    text = args.data.read_text(encoding="utf-8")
    train_text, val_text = nanogpt_split(text)
    # The estimator holds out the last round(fraction * n) characters of one
    # text: this fraction makes them exactly nanoGPT's validation part.
    fraction = len(val_text) / len(text)

    budget = TimeBudget(args.minutes * 60, log=print_epoch)
    callbacks = [budget]
    if args.lr_decay != 1.0:
        callbacks.insert(
            0,
            LRScheduler(torch.optim.lr_scheduler.ExponentialLR, gamma=args.lr_decay),
        )
    max_epochs = args.max_epochs
    if args.time_cycle:
        callbacks.insert(0, TimeOneCycle(args.lr, args.minutes * 60))
    if args.one_cycle:
        # Batches per epoch: chunks of seq_length dealt into batch_size streams.
        chunks = math.ceil(len(train_text) / args.seq_length)
        per_epoch = math.ceil(chunks / min(args.batch_size, chunks))
        max_epochs = min(max_epochs, args.one_cycle)
        callbacks.insert(
            0,
            LRScheduler(
                torch.optim.lr_scheduler.OneCycleLR,
                max_lr=args.lr,
                total_steps=args.one_cycle * per_epoch + 1,
                step_every="batch",
            ),
        )
    gen = CharRNNGenerator(
        cell=args.cell,
        hidden_size=args.hidden_size,
        num_layers=args.num_layers,
        embedding_dim=args.embedding_dim,
        dropout=args.dropout,
        batch_size=args.batch_size,
        seq_length=args.seq_length,
        lr=args.lr,
        optimizer=args.optimizer,
        weight_decay=args.weight_decay,
        clip_grad_norm=args.clip if args.clip > 0 else None,
        max_epochs=max_epochs,
        early_stopping=True,
        validation_fraction=fraction,
        n_iter_no_change=args.patience,
        tol=0.0,
        mixed_precision=args.mixed_precision,
        device=args.device,
        random_state=args.seed,
        callbacks=callbacks,
    )
    # The estimator's own hold-out must be exactly the nanoGPT validation part.
    held_train, held_valid = gen._split([text])
    assert held_train == [train_text] and held_valid == [val_text], (
        len(held_train[0]),
        len(held_valid[0]),
    )

    print(
        f"Tiny Shakespeare: {len(text):,} chars; nanoGPT split train "
        f"{len(train_text):,} / val {len(val_text):,} (validation_fraction="
        f"{fraction:.6f}, checked against CharRNNGenerator._split)"
    )
    print(
        f"model: {args.cell.upper()} {args.num_layers}x{args.hidden_size}, embedding "
        f"{args.embedding_dim}, dropout {args.dropout}; batch {args.batch_size}, "
        f"seq_length {args.seq_length}, {args.optimizer} lr {args.lr} (decay "
        f"{args.lr_decay}/epoch, one-cycle over {args.one_cycle} epochs, time cycle "
        f"{args.time_cycle}), precision {args.mixed_precision or 'float32'}, "
        f"weight_decay {args.weight_decay}, clip {args.clip}"
    )
    print(
        f"device {args.device}, torch {torch.__version__}, threads "
        f"{torch.get_num_threads()}, budget {args.minutes} min, pid {os.getpid()}",
        flush=True,
    )
    print()

    start = time.perf_counter()
    gen.fit(text)
    fit_seconds = time.perf_counter() - start
    # From the history, so that the epoch that early stopping interrupts (before
    # TimeBudget's on_epoch_end runs) is listed too. Elapsed: cumulative epoch
    # durations (skorch's "dur": training and validation).
    print()
    print("| epoch | elapsed min | train bits/char | valid bits/char (streams) |")
    print("| --- | --- | --- | --- |")
    elapsed = 0.0
    for row in gen.history_:
        elapsed += row["dur"]
        print(epoch_line(row, elapsed))
    es = dict(gen.net_.callbacks_)["early_stopping"]
    # The estimator trains with copies of its callbacks: read the copy's state.
    budget = next(cb for _, cb in gen.net_.callbacks_ if isinstance(cb, TimeBudget))
    print(
        f"(* best so far; 'streams': the tail read as {gen.batch_size} streams, "
        "each from a zero state)"
    )
    print(
        f"epochs run: {gen.n_iter_}; stopped by "
        f"{'time budget' if budget.stopped_ else 'early stopping / max_epochs'}; "
        f"best epoch (weights restored): {es.best_epoch_}"
    )
    print(
        f"training time (whole fit call): {fit_seconds / 60:.2f} min; "
        f"{gen.n_iter_ * len(train_text) / fit_seconds:,.0f} train chars/s "
        "(validation included)"
    )
    t0 = time.perf_counter()
    bpc = gen.bits_per_char(val_text)
    print(
        f"validation bits per char (whole tail, state carried): {bpc:.4f} "
        f"({bpc * math.log(2):.4f} nats; scored in {time.perf_counter() - t0:.1f} s)"
    )
    sample = gen.generate(
        args.sample_chars, seed_text="ROMEO:", temperature=0.8, random_state=0
    )
    print("\nsample (seed 'ROMEO:', temperature 0.8, random_state 0):")
    print("ROMEO:" + sample)
    return bpc


if __name__ == "__main__":
    main()
