"""Span tagging derived from UD English EWT: softmax, constrained softmax, CRF.

No public NER corpus is reachable here, so the task is derived, honestly, from the
treebank's own annotation: each maximal run of PROPN tokens is a NAME span and
each maximal run of NUM tokens a NUM span, tagged BIO (``B-NAME I-NAME O B-NUM``).
It is a span task with real boundaries (multi-word names, "New York City",
numbers such as "3 1/2"), not a named-entity benchmark: its types follow parts of
speech. Trains on train, stops on dev, scores entity-level F1 on test (exact
spans and types, as seqeval's strict mode), side by side with sklearn-crfsuite
(the usual hand-made token features). Needs ``../shared/data/ud_english_ewt``
and ``pip install sklearn-crfsuite``::

    python benchmarks/ner_ewt.py --minutes 5            # two taggers at once
    python benchmarks/ner_ewt.py --minutes 5 --skip-crfsuite
    python benchmarks/ner_ewt.py --decoders crf crf --case-augmentation 0.2 0

The softmax tagger is decoded twice: token by token (``tag_scheme=None``) and
within the BIO scheme (the default, ``tag_scheme="auto"``), which never emits an
``I-`` that does not continue its span.
"""

import argparse
import time

import torch
from _shared import SHARED_DATA
from joblib import Parallel, delayed
from tagger_ewt import TimeBudget, crf_features

from sklearn_rnn import SequenceTagger
from sklearn_rnn.datasets import load_conllu
from sklearn_rnn.metrics import entity_f1_score

DATA = SHARED_DATA / "ud_english_ewt"
SPANS = {"PROPN": "NAME", "NUM": "NUM"}


def spans(upos):
    """BIO tags of the maximal runs of PROPN (NAME) and NUM (NUM) tokens."""
    tags, previous = [], None
    for tag in upos:
        kind = SPANS.get(tag)
        if kind is None:
            tags.append("O")
        else:
            tags.append(("I-" if kind == previous else "B-") + kind)
        previous = kind
    return tags


def invalid_share(y_pred):
    """Share of sentences holding an I- that does not continue its span."""
    bad = 0
    for tags in y_pred:
        previous = "O"
        for tag in tags:
            if tag.startswith("I-") and previous[2:] != tag[2:]:
                bad += 1
                break
            previous = tag
    return 100 * bad / len(y_pred)


def _fit(decoder, case_augmentation, seed, minutes, X, y, X_dev, y_dev):
    torch.set_num_threads(1)
    tagger = SequenceTagger(
        decoder=decoder,
        case_augmentation=case_augmentation,
        max_epochs=100,
        early_stopping=True,
        n_iter_no_change=5,
        random_state=seed,
        callbacks=[TimeBudget(minutes)],
    )
    start = time.perf_counter()
    tagger.fit(X, y, validation_data=(X_dev, y_dev))
    return tagger, time.perf_counter() - start


def crfsuite(X, y):
    import sklearn_crfsuite

    def feats(data):
        return [[crf_features(s, i) for i in range(len(s))] for s in data]

    model = sklearn_crfsuite.CRF(c1=0.1, c2=0.05, max_iterations=100)
    model.fit(feats(X), y)
    return lambda X: model.predict(feats(X))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0, help="per tagger")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-crfsuite", action="store_true")
    parser.add_argument(
        "--decoders", nargs=2, default=["softmax", "crf"], help="the two taggers"
    )
    parser.add_argument(
        "--case-augmentation",
        type=float,
        nargs=2,
        default=[0.2, 0.2],
        help="case_augmentation of the two taggers",
    )
    parser.add_argument("--limit", type=int, help="first N sentences of each split")
    args = parser.parse_args()

    data = {}
    for split in ("train", "dev", "test"):
        X, upos = load_conllu(DATA / f"en_ewt-ud-{split}.conllu")
        data[split] = (X[: args.limit], [spans(u) for u in upos[: args.limit]])
    (X, y), (X_dev, y_dev), (X_test, y_test) = (
        data[s] for s in ("train", "dev", "test")
    )
    n_spans = sum(t.startswith("B-") for tags in y_test for t in tags)
    print(f"train {len(X)} sentences, test {len(X_test)} with {n_spans} spans")

    start = time.perf_counter()
    settings = list(zip(args.decoders, args.case_augmentation, strict=True))
    fitted = Parallel(n_jobs=2)(
        delayed(_fit)(d, c, args.seed, args.minutes, X, y, X_dev, y_dev)
        for d, c in settings
    )
    wall = time.perf_counter() - start
    rows = []
    for (decoder, case), (tagger, seconds) in zip(settings, fitted, strict=True):
        name = f"{decoder}, case_augmentation={case:g}"
        if decoder == "softmax":
            token_wise = [
                tagger.classes_[p.argmax(axis=1)].tolist()
                for p in tagger.predict_proba(X_test)
            ]
            rows.append(
                (f"{name}, token by token", token_wise, seconds, tagger.n_iter_)
            )
            name += ", within BIO"
        rows.append((name, tagger.predict(X_test), seconds, tagger.n_iter_))
    if not args.skip_crfsuite:
        t0 = time.perf_counter()
        predict = crfsuite(X, y)
        rows.append(
            ("sklearn-crfsuite", predict(X_test), time.perf_counter() - t0, None)
        )

    print(f"\nneural taggers trained two at once in {wall:.0f} s\n")
    print("| model | entity F1 | sentences with an invalid span | fit | epochs |")
    print("| --- | --- | --- | --- | --- |")
    for name, y_pred, seconds, epochs in rows:
        f1 = 100 * entity_f1_score(y_test, y_pred)
        print(
            f"| {name} | {f1:.2f} | {invalid_share(y_pred):.1f}% | {seconds:.0f} s "
            f"| {epochs or ''} |"
        )
    try:
        from seqeval.metrics import f1_score
        from seqeval.scheme import IOB2

        check = f1_score(y_test, rows[-1][1], mode="strict", scheme=IOB2)
        print(f"\nseqeval strict F1 of {rows[-1][0]!r}: {100 * check:.2f}")
    except ImportError:
        pass


if __name__ == "__main__":
    main()
