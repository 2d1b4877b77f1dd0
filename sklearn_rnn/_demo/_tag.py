"""Demo job 3: tag UD English EWT with SequenceTagger, against most-frequent-tag."""

import time
from collections import Counter, defaultdict

from ..datasets import load_sample_tagged
from ..tagging._estimator import SequenceTagger

N_EXAMPLES = 3


class MostFrequentTag:
    """Each word's most frequent training tag; unseen words get the commonest tag.

    Examples
    --------
    >>> baseline = MostFrequentTag().fit([["dogs", "bark"], ["a", "dog"]],
    ...                                  [["NOUN", "VERB"], ["DET", "NOUN"]])
    >>> baseline.predict([["a", "bird"]])
    [['DET', 'NOUN']]
    """

    def fit(self, X, y):
        counts, overall = defaultdict(Counter), Counter()
        for words, tags in zip(X, y, strict=True):
            for word, tag in zip(words, tags, strict=True):
                counts[word][tag] += 1
                overall[tag] += 1
        self.default_ = overall.most_common(1)[0][0]
        self.tags_ = {word: c.most_common(1)[0][0] for word, c in counts.items()}
        return self

    def predict(self, X):
        return [[self.tags_.get(word, self.default_) for word in words] for words in X]


def _accuracy(X, y, y_pred, known):
    """Token accuracy overall and on the words absent from ``known``."""
    hits, unseen = Counter(), Counter()
    for words, tags, preds in zip(X, y, y_pred, strict=True):
        for word, tag, pred in zip(words, tags, preds, strict=True):
            hits[word in known] += tag == pred
            unseen[word in known] += 1
    total = unseen[True] + unseen[False]
    overall = (hits[True] + hits[False]) / total
    return overall, hits[False] / max(1, unseen[False]), unseen[False] / total


def _show(words, tags, preds):
    """``word/TAG``, with ``word/WRONG[RIGHT]`` where the tagger erred."""
    return " ".join(
        f"{w}/{p}" if p == t else f"{w}/{p}[{t}]"
        for w, t, p in zip(words, tags, preds, strict=True)
    )


def tagging_demo(**params):
    """Fit a tagger on the sample's training sentences, score its test ones."""
    X, y = load_sample_tagged("train")
    X_test, y_test = load_sample_tagged("test")
    n_words, n_test = sum(map(len, X)), sum(map(len, X_test))
    n_tags = len({tag for tags in y for tag in tags})
    print(
        f"UD English EWT sample (web text): {len(X):,} training sentences "
        f"({n_words:,} words; the last 10% held out to stop early),\n"
        f"{len(X_test)} test sentences ({n_test:,} words); {n_tags} universal "
        "part-of-speech tags.\n"
        "Model: word embeddings and a character BiLSTM per word, read by a "
        f"bidirectional {params['cell'].upper()}\n({params['hidden_size']} units "
        f"per direction); at most {params['max_epochs']} epochs."
    )
    start = time.perf_counter()
    model = SequenceTagger(early_stopping=True, random_state=0, **params).fit(X, y)
    seconds = time.perf_counter() - start
    known = {word for words in X for word in words}
    baseline = MostFrequentTag().fit(X, y)
    base_acc, base_unseen, unseen_share = _accuracy(
        X_test, y_test, baseline.predict(X_test), known
    )
    y_pred = model.predict(X_test)
    acc, acc_unseen, _ = _accuracy(X_test, y_test, y_pred, known)
    print(
        f"Trained {model.n_iter_} epochs in {seconds:.1f} s.\n\n"
        f"  {'method (test words; higher is better)':<44}{'accuracy':>9}"
        f"{'unseen words':>14}\n"
        f"  {f'most frequent tag (unseen: {baseline.default_})':<44}"
        f"{base_acc:>9.1%}{base_unseen:>14.1%}\n"
        f"  {'SequenceTagger':<44}{acc:>9.1%}{acc_unseen:>14.1%}\n\n"
        f"{unseen_share:.1%} of the test words do not occur in the training "
        "sentences.\nTagged test sentences (word/TAG; a wrong tag is followed by "
        "the right one in brackets):"
    )
    examples = [i for i, words in enumerate(X_test) if 8 <= len(words) <= 16]
    for i in examples[:N_EXAMPLES]:
        print("  " + _show(X_test[i], y_test[i], y_pred[i]))
    return {
        "summary": (
            f"tag       {acc:.1%} token accuracy against most-frequent-tag's "
            f"{base_acc:.1%}"
        ),
        "curve": ("SequenceTagger", model, "Loss (nats per word)"),
        "accuracy": acc,
        "baseline": base_acc,
    }
