"""SequenceTagger.fit training throughput against a hand-written PyTorch loop.

The same ``TaggerModule`` (word embedding + character BiLSTM + affix features +
BiLSTM core, the estimator's default sizes and word dropout) on the same padded batches
(``make_batches``, sentences of similar length together), Adam (fused, as the
estimator uses it), gradient norm clipped at 1.0, one ``loss.item()`` per batch,
batch order shuffled each epoch. The estimator runs without case augmentation (its
copies would add sentences) and once without, once with its weight averaging (work
the hand loop does not do), both without the language-modelling heads (the hand
loop has none). ``--decoder crf`` gives both the same CRF layer (``TaggerModule(
crf=True)`` and its loss in the hand loop). Tokens/s count the whole ``fit`` call
for the estimator (validation, vocabularies, batching, building the skorch net).
Variants are interleaved in one process::

    python benchmarks/tagger_throughput.py --sentences 2000 --epochs 2 --repeats 3
    python benchmarks/tagger_throughput.py --decoder crf
"""

import argparse
import time

import numpy as np
import torch
from _shared import SHARED_DATA

from sklearn_rnn import SequenceTagger
from sklearn_rnn.datasets import load_conllu
from sklearn_rnn.modules import SequenceCrossEntropy, TaggerModule, TaggingLoss
from sklearn_rnn.tagging._sentences import fit_affixes, fit_vocabularies, make_batches

DATA = SHARED_DATA / "ud_english_ewt"


DECODER = "softmax"


def hand_loop(X, y, epochs):
    """What a PyTorch user would write around the same module and batches."""
    torch.manual_seed(0)
    classes = sorted({t for ts in y for t in ts})
    index = {t: i for i, t in enumerate(classes)}
    word_index, counts, char_index = fit_vocabularies(X)
    affix_index = fit_affixes(X)
    drop = np.where(counts > 0, 2.0 / (2.0 + counts), 0.0)
    tags = [[index[t] for t in ts] for ts in y]
    batches = [
        ({k: torch.from_numpy(v) for k, v in X_b.items()}, torch.from_numpy(y_b))
        for X_b, y_b, _ in make_batches(
            X, word_index, char_index, 32, tags, affix_index
        )
    ]
    module = TaggerModule(
        len(word_index) + 2,
        len(char_index) + 4,
        len(classes),
        word_dropout=drop.tolist(),
        n_affixes=len(affix_index) + 2,
        affix_embedding_dim=64,
        char_embedding_dim=50,
        char_hidden_size=100,
        dropout=0.33,
        crf=DECODER == "crf",
    )
    opt = torch.optim.Adam(module.parameters(), lr=0.002, fused=True)
    loss_fn = SequenceCrossEntropy()
    if DECODER == "crf":
        loss_fn = TaggingLoss(n_tags=len(classes), lm_weight=0.0)
    module.train()
    for _ in range(epochs):
        for i in torch.randperm(len(batches)):
            X_b, y_b = batches[i]
            opt.zero_grad()
            loss = loss_fn(module(**X_b), y_b)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(module.parameters(), 1.0)
            opt.step()
            loss.item()
    return loss.item()


def ours(X, y, epochs, ema_decay=0.0):
    tagger = SequenceTagger(
        decoder=DECODER,
        case_augmentation=0,
        lm_weight=0.0,
        ema_decay=ema_decay,
        max_epochs=epochs,
        n_iter_no_change=1000,
        random_state=0,
    )
    tagger.fit(X, y)
    assert tagger.n_iter_ == epochs
    return tagger.loss_curve_[-1]


def ours_averaged(X, y, epochs):
    return ours(X, y, epochs, ema_decay=0.999)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--decoder", choices=["softmax", "crf"], default="softmax")
    args = parser.parse_args()
    global DECODER
    DECODER = args.decoder
    torch.set_num_threads(args.threads)
    X, y = load_conllu(DATA / "en_ewt-ud-train.conllu")
    X, y = X[: args.sentences], y[: args.sentences]
    n_tokens = sum(map(len, X)) * args.epochs
    variants = {
        "hand-written loop": hand_loop,
        "SequenceTagger.fit, ema_decay=0": ours,
        "SequenceTagger.fit, ema_decay=0.999 (default)": ours_averaged,
    }
    times = {name: [] for name in variants}
    for _ in range(args.repeats):
        for name, run in variants.items():
            start = time.perf_counter()
            run(X, y, args.epochs)
            times[name].append(time.perf_counter() - start)
    hand = n_tokens / np.median(times["hand-written loop"])
    print(
        f"{args.sentences} EWT sentences x {args.epochs} epochs, "
        f"{args.threads} thread(s), decoder {args.decoder}, median of "
        f"{args.repeats} interleaved repeats\n"
    )
    print("| variant | tokens/s | ratio to hand loop |")
    print("| --- | --- | --- |")
    for name, ts in times.items():
        rate = n_tokens / np.median(ts)
        print(f"| {name} | {rate:,.0f} | {rate / hand:.2f} |")


if __name__ == "__main__":
    main()
