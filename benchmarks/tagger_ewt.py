"""UPOS tagging on UD English EWT: SequenceTagger against a CRF and a baseline.

Trains on train, stops on dev, scores test (gold tokenisation). Reports token
accuracy overall and on test words unseen in training (case-sensitive word forms
absent from train: 9.1% of test), with training times, side by side with
sklearn-crfsuite (the usual hand-made token features) and the most-frequent-tag
baseline. ``--aux-tag xpos`` has the taggers learn train's XPOS tags too,
through a second head (``aux_tags``). Needs
``../shared/data/ud_english_ewt`` and, for the CRF row,
``pip install sklearn-crfsuite``::

    python benchmarks/tagger_ewt.py                 # all three, 20-minute budget
    python benchmarks/tagger_ewt.py --skip-crf --minutes 5
    python benchmarks/tagger_ewt.py --skip-crf --num-layers 2 --seeds 2 --jobs 2
    python benchmarks/tagger_ewt.py --skip-crf --seeds 4 --jobs 2 --affix-dims 64 0
"""

import argparse
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import torch
from _shared import SHARED_DATA
from joblib import Parallel, delayed
from skorch.callbacks import Callback, LRScheduler

from sklearn_rnn import SequenceTagger, save
from sklearn_rnn.datasets import load_conllu

DATA = SHARED_DATA / "ud_english_ewt"


class TimeBudget(Callback):
    """Stop training (keeping the best weights) within ``minutes``.

    Training stops after an epoch when one more epoch as long as it would end
    past the budget, so that a tagger's training stays within ``minutes`` (unless
    a later epoch runs slower than the one before it).
    """

    def __init__(self, minutes):
        self.minutes = minutes

    def on_train_begin(self, net, **kwargs):
        self.start_ = self.epoch_start_ = time.perf_counter()

    def on_epoch_end(self, net, **kwargs):
        now = time.perf_counter()
        elapsed = (now - self.start_) / 60
        epoch = (now - self.epoch_start_) / 60
        self.epoch_start_ = now
        print(
            f"  epoch {len(net.history):>3}  {elapsed:5.1f} min  "
            f"train {net.history[-1, 'train_loss']:.4f}  "
            f"dev {net.history[-1, 'valid_loss']:.4f}  "
            f"dev accuracy {100 * net.history[-1, 'valid_acc']:.2f}",
            flush=True,
        )
        if elapsed + epoch > self.minutes:
            raise KeyboardInterrupt


def accuracy(X, y_true, y_pred, seen):
    flat = [
        (p == t, w in seen)
        for ws, ps, ts in zip(X, y_pred, y_true, strict=True)
        for w, p, t in zip(ws, ps, ts, strict=True)
    ]
    correct = np.array([c for c, _ in flat])
    known = np.array([k for _, k in flat])
    return 100 * correct.mean(), 100 * correct[~known].mean(), 100 * (~known).mean()


def unseen_breakdown(X, y_true, y_pred, seen):
    """Accuracy on unseen words by kind, and their most common confusions.

    Kinds: whether the word's lowercase form was seen in training (the tagger
    embeds lowercased forms, so such a word gets that form's embedding) and how
    it starts (capital, lowercase letter, other).
    """
    lower_seen = {w.lower() for w in seen}
    total, right, confusions = Counter(), Counter(), Counter()
    for ws, ts, ps in zip(X, y_true, y_pred, strict=True):
        for w, t, p in zip(ws, ts, ps, strict=True):
            if w in seen:
                continue
            start = (
                "capital" if w[0].isupper() else "lower" if w[0].islower() else "other"
            )
            kind = (
                ("lowercase form seen", start)
                if w.lower() in lower_seen
                else ("new", start)
            )
            total[kind] += 1
            right[kind] += p == t
            confusions[t, p] += p != t
    print("\n| unseen word | lowercase form | tokens | accuracy |")
    print("| --- | --- | --- | --- |")
    for kind in sorted(total):
        print(
            f"| starts {kind[1]} | {kind[0]} | {total[kind]} | "
            f"{100 * right[kind] / total[kind]:.1f} |"
        )
    errors = sum(confusions.values())
    common = ", ".join(
        f"{t} as {p} {n}" for (t, p), n in confusions.most_common(6) if n
    )
    print(
        f"\n{errors} errors on unseen words; most common (gold as predicted): {common}"
    )


def most_frequent_tag(X, y):
    counts = defaultdict(Counter)
    for ws, ts in zip(X, y, strict=True):
        for w, t in zip(ws, ts, strict=True):
            counts[w][t] += 1
    best = {w: c.most_common(1)[0][0] for w, c in counts.items()}
    return lambda X: [[best.get(w, "NOUN") for w in ws] for ws in X]


def crf_features(sentence, i):
    word = sentence[i]
    f = {
        "bias": 1.0,
        "word.lower": word.lower(),
        "suffix3": word[-3:],
        "suffix2": word[-2:],
        "prefix2": word[:2],
        "isupper": word.isupper(),
        "istitle": word.istitle(),
        "isdigit": word.isdigit(),
        "hyphen": "-" in word,
    }
    for offset in (-1, 1):
        j = i + offset
        if 0 <= j < len(sentence):
            other = sentence[j]
            f.update(
                {
                    f"{offset}:word.lower": other.lower(),
                    f"{offset}:suffix3": other[-3:],
                    f"{offset}:istitle": other.istitle(),
                }
            )
        else:
            f["BOS" if offset < 0 else "EOS"] = True
    return f


def crf(X, y, X_dev, y_dev):
    import sklearn_crfsuite

    def feats(data):
        return [[crf_features(s, i) for i in range(len(s))] for s in data]

    F, F_dev = feats(X), feats(X_dev)
    best = None
    for c1, c2 in [(0.05, 0.01), (0.1, 0.05), (0.25, 0.01)]:
        model = sklearn_crfsuite.CRF(c1=c1, c2=c2, max_iterations=100)
        model.fit(F, y)
        dev = np.mean(
            [
                p == t
                for ps, ts in zip(model.predict(F_dev), y_dev, strict=True)
                for p, t in zip(ps, ts, strict=True)
            ]
        )
        if best is None or dev > best[0]:
            best = (dev, model, c1, c2)
    _, model, c1, c2 = best
    print(f"  CRF: c1={c1}, c2={c2} picked on dev")
    return lambda X: model.predict(feats(X))


def _fit(tagger, X, y, X_dev, y_dev, threads, aux_tags):
    torch.set_num_threads(threads)
    return tagger.fit(X, y, validation_data=(X_dev, y_dev), aux_tags=aux_tags)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=20.0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--max-epochs", type=int, default=100)
    parser.add_argument("--hidden-size", type=int, default=128)
    parser.add_argument("--num-layers", type=int, default=1)
    parser.add_argument("--char-hidden-size", type=int, default=100)
    parser.add_argument(
        "--char-dropout",
        type=float,
        nargs="+",
        default=[0.0],
        help="char_dropout of each tagger, cycled over the taggers in order "
        "(e.g. 0 0 0.03 0.03 with --affix-dims 64 0: all four pairings)",
    )
    parser.add_argument(
        "--decoder",
        choices=["softmax", "crf"],
        nargs="+",
        default=["softmax"],
        help="decoder of each tagger, cycled over the taggers in order "
        "(e.g. softmax crf: one of each, side by side)",
    )
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=0.002)
    parser.add_argument("--dropout", type=float, default=0.33)
    parser.add_argument("--word-dropout", type=float, default=2.0)
    parser.add_argument("--char-embedding-dim", type=int, default=50)
    parser.add_argument("--case-augmentation", type=float, default=0.2)
    parser.add_argument("--ema-decay", type=float, default=0.999)
    parser.add_argument(
        "--mixed-precision", choices=["bf16"], default=None, help="train in bfloat16"
    )
    parser.add_argument(
        "--affix-dims",
        type=int,
        nargs="+",
        default=[64],
        help="affix_embedding_dim of each tagger, cycled over the seeds "
        "(e.g. 64 0: taggers with and without affix features, alternately)",
    )
    parser.add_argument(
        "--cosine-epochs",
        type=int,
        default=0,
        help="anneal lr to 0 over this many epochs (a cosine; 0: constant lr)",
    )
    parser.add_argument("--patience", type=int, default=5, help="early stopping")
    parser.add_argument("--skip-crf", action="store_true")
    parser.add_argument(
        "--seeds", type=int, default=1, help="taggers whose probabilities are averaged"
    )
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument(
        "--aux-tag",
        choices=["none", "xpos"],
        default="none",
        help="train's annotation learned beside UPOS by a second head (aux_tags)",
    )
    parser.add_argument(
        "--save-probas",
        type=Path,
        help="folder to save each tagger's dev and test probabilities in (.npy) "
        "and the tagger itself (.safetensors)",
    )
    parser.add_argument("--jobs", type=int, default=1, help="taggers trained at once")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    X, y = load_conllu(DATA / "en_ewt-ud-train.conllu")
    aux_tags = None
    if args.aux_tag != "none":
        aux_tags = load_conllu(DATA / "en_ewt-ud-train.conllu", tag=args.aux_tag)[1]
    X_dev, y_dev = load_conllu(DATA / "en_ewt-ud-dev.conllu")
    X_test, y_test = load_conllu(DATA / "en_ewt-ud-test.conllu")
    seen = {w for s in X for w in s}
    rows = []

    start = time.perf_counter()
    predict = most_frequent_tag(X, y)
    rows.append(
        (
            "most frequent tag (unseen: NOUN)",
            time.perf_counter() - start,
            accuracy(X_test, y_test, predict(X_test), seen),
        )
    )

    if not args.skip_crf:
        start = time.perf_counter()
        predict = crf(X, y, X_dev, y_dev)
        took = time.perf_counter() - start
        rows.append(
            (
                "sklearn-crfsuite (3 fits, c1/c2 on dev)",
                took,
                accuracy(X_test, y_test, predict(X_test), seen),
            )
        )

    taggers = [
        SequenceTagger(
            hidden_size=args.hidden_size,
            num_layers=args.num_layers,
            char_hidden_size=args.char_hidden_size,
            char_dropout=args.char_dropout[
                (seed - args.first_seed) % len(args.char_dropout)
            ],
            decoder=args.decoder[(seed - args.first_seed) % len(args.decoder)],
            batch_size=args.batch_size,
            lr=args.lr,
            dropout=args.dropout,
            word_dropout=args.word_dropout,
            char_embedding_dim=args.char_embedding_dim,
            case_augmentation=args.case_augmentation,
            affix_embedding_dim=args.affix_dims[seed % len(args.affix_dims)],
            ema_decay=args.ema_decay,
            mixed_precision=args.mixed_precision,
            max_epochs=args.max_epochs,
            early_stopping=True,
            n_iter_no_change=args.patience,
            random_state=seed,
            callbacks=[TimeBudget(args.minutes)]
            + (
                [LRScheduler("CosineAnnealingLR", T_max=args.cosine_epochs)]
                if args.cosine_epochs
                else []
            ),
        )
        for seed in range(args.first_seed, args.first_seed + args.seeds)
    ]
    print(
        f"SequenceTagger: {taggers[0]}, seeds {args.first_seed} to "
        f"{args.first_seed + args.seeds - 1}, affix_embedding_dim {args.affix_dims} "
        f"and char_dropout {args.char_dropout} in turn, aux_tags {args.aux_tag}"
    )
    start = time.perf_counter()
    # Process workers (loky), one torch thread each: see docs/distributed.md.
    taggers = Parallel(n_jobs=args.jobs)(
        delayed(_fit)(tagger, X, y, X_dev, y_dev, args.threads, aux_tags)
        for tagger in taggers
    )
    took = time.perf_counter() - start
    probas, dev_probas = [], []
    for seed, tagger in enumerate(taggers, start=args.first_seed):
        probas.append(tagger.predict_proba(X_test))
        dev_probas.append(tagger.predict_proba(X_dev))
        if args.save_probas:
            args.save_probas.mkdir(parents=True, exist_ok=True)
            for split, p in [("dev", dev_probas[-1]), ("test", probas[-1])]:
                np.save(args.save_probas / f"seed{seed}_{split}.npy", np.concatenate(p))
            # Callbacks (the time budget) are objects that save does not store.
            tagger.set_params(callbacks=None)
            save(tagger, args.save_probas / f"seed{seed}.safetensors")
        best = max(
            i + 1 for i, row in enumerate(tagger.history_) if row.get("event_best")
        )
        rows.append(
            (
                f"SequenceTagger ({tagger.decoder}), seed {seed} ({tagger.n_iter_} "
                f"epochs, best {best})",
                sum(tagger.history_[:, "dur"]),
                accuracy(X_test, y_test, tagger.predict(X_test), seen),
            )
        )
    classes = taggers[0].classes_

    def average(probas):
        mean = [np.mean(sentence, axis=0) for sentence in zip(*probas, strict=True)]
        return [list(classes[p.argmax(axis=1)]) for p in mean]

    predicted = average(probas)
    dev_overall, dev_unseen, _ = accuracy(X_dev, y_dev, average(dev_probas), seen)
    if args.seeds > 1:
        rows.append(
            (
                f"mean probabilities of the {args.seeds} taggers (wall time)",
                took,
                accuracy(X_test, y_test, predicted, seen),
            )
        )

    print(
        f"\nUD English EWT test, UPOS, {sum(map(len, X_test)):,} words, "
        f"{rows[0][2][2]:.1f}% unseen in train; {args.threads} thread(s)\n"
    )
    print("| system | test accuracy | unseen words | training time |")
    print("| --- | --- | --- | --- |")
    for name, took, (overall, unseen, _) in rows:
        print(f"| {name} | {overall:.2f} | {unseen:.2f} | {took:.0f} s |")
    print(
        f"\nOn dev, the last row: {dev_overall:.2f} overall, {dev_unseen:.2f} on "
        "words unseen in train"
    )
    unseen_breakdown(X_test, y_test, predicted, seen)


if __name__ == "__main__":
    main()
