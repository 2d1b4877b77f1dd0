"""
=========================================================
Part-of-speech tagging with a BiLSTM SequenceTagger
=========================================================

This example tags English web text with universal part-of-speech tags (noun,
verb, determiner, ...) using :class:`~sklearn_rnn.SequenceTagger`, a
bidirectional LSTM over word embeddings and a character encoder of each word's
spelling. It:

1. trains the tagger for a few seconds on a sample of the UD English Web
   Treebank;
2. compares its token accuracy with the most-frequent-tag baseline, separately
   on words seen and unseen in training;
3. plots the F1 score of each tag with
   :func:`~sklearn_rnn.metrics.flat_f1_score`;
4. prints a few tagged test sentences.

The guide :doc:`/tagging` covers the estimator in detail.
"""

# %%
# The data
# --------
# :func:`~sklearn_rnn.datasets.load_sample_tagged` returns a sample of UD English
# EWT (weblogs, reviews, emails; CC BY-SA 4.0) with the treebank's own split:
# sentences as lists of tokens, and one tag per token. The official split keeps
# the test sentences out of the training documents, so the test accuracy is an
# honest estimate on new text.
from collections import Counter, defaultdict

import matplotlib.pyplot as plt
import numpy as np

from sklearn_rnn import SequenceTagger
from sklearn_rnn.datasets import load_sample_tagged
from sklearn_rnn.metrics import flat_accuracy_score, flat_f1_score

X_train, y_train = load_sample_tagged("train")
X_test, y_test = load_sample_tagged("test")
print(f"{len(X_train)} training sentences, {len(X_test)} test sentences")
print(list(zip(X_train[0], y_train[0], strict=True)))

# %%
# The baseline: each word's most frequent tag
# -------------------------------------------
# Many words almost always take the same tag ("the" is a determiner), so the
# first baseline to beat gives each word the tag it had most often in training,
# and words never seen in training the commonest tag overall.
counts, overall = defaultdict(Counter), Counter()
for words, tags in zip(X_train, y_train, strict=True):
    for word, tag in zip(words, tags, strict=True):
        counts[word][tag] += 1
        overall[tag] += 1
most_frequent = {word: c.most_common(1)[0][0] for word, c in counts.items()}
default_tag = overall.most_common(1)[0][0]
y_baseline = [[most_frequent.get(w, default_tag) for w in words] for words in X_test]

# %%
# Train the tagger
# ----------------
# Each word is read as the embedding of its lowercased form plus a small
# bidirectional LSTM over its characters, which sees prefixes, suffixes and
# capitals: that is what lets the tagger guess the tags of words it has never
# seen. A bidirectional LSTM then reads the sentence both ways, so that each
# tag depends on the words before and after.
#
# The model is tiny and trained for 3 epochs so that the example runs in
# seconds; the defaults (bigger layers, more dropout, 30 epochs) are made for
# minutes of training (see :doc:`/benchmarks`). Little dropout suits so short a
# training.
tagger = SequenceTagger(
    word_embedding_dim=32,
    char_embedding_dim=16,
    char_hidden_size=16,
    hidden_size=32,
    word_dropout=0.25,
    dropout=0.1,
    batch_size=64,
    lr=0.03,
    max_epochs=3,
    random_state=0,
).fit(X_train, y_train)
y_pred = tagger.predict(X_test)

# %%
# Accuracy on seen and unseen words
# ---------------------------------
# Overall token accuracy is dominated by frequent words, which the baseline tags
# well. Words absent from the training sentences are where a model must
# generalise: we score them apart.
seen = {word for words in X_train for word in words}
unseen = np.array([word not in seen for words in X_test for word in words])
true_tags = np.concatenate(y_test)
print(f"{unseen.sum()} of the {unseen.size} test words are unseen in training\n")
print(f"{'token accuracy':<22}{'all':>7}{'seen':>7}{'unseen':>8}")
for name, y_hat in [("most frequent tag", y_baseline), ("SequenceTagger", y_pred)]:
    correct = np.concatenate(y_hat) == true_tags
    print(
        f"{name:<22}{flat_accuracy_score(y_test, y_hat):>7.1%}"
        f"{correct[~unseen].mean():>7.1%}"
        f"{correct[unseen].mean():>8.1%}"
    )

# %%
# On unseen words the baseline can only guess the commonest tag, while the
# character encoder reads the word's shape ("-ly", "-ing", a capital letter) and
# does much better. On seen words a few seconds of training match the lookup
# table; trained longer, with the default sizes, the tagger reaches about
# 95% overall and 80% on unseen words on the full treebank (see
# :doc:`/benchmarks`).

# %%
# F1 score per tag
# ----------------
# :func:`~sklearn_rnn.metrics.flat_f1_score` flattens the sentences and calls
# scikit-learn's ``f1_score``; ``average=None`` gives one score per tag. Tags are
# sorted by their frequency in the test sentences, which shows where the errors
# matter most.
tag_counts = Counter(tag for tags in y_test for tag in tags)
labels = [tag for tag, _ in tag_counts.most_common()]
f1_baseline = flat_f1_score(
    y_test, y_baseline, average=None, labels=labels, zero_division=0
)
f1_tagger = flat_f1_score(y_test, y_pred, average=None, labels=labels, zero_division=0)

x = np.arange(len(labels))
fig, ax = plt.subplots(figsize=(10, 4))
ax.bar(x - 0.2, f1_baseline, width=0.4, label="most frequent tag", color="tab:grey")
ax.bar(x + 0.2, f1_tagger, width=0.4, label="SequenceTagger", color="tab:blue")
ax.set_xticks(x, [f"{tag}\n{tag_counts[tag]}" for tag in labels], fontsize="small")
ax.set_ylabel("F1 score")
ax.set_ylim(0, 1.05)
ax.set_title("Per-tag F1 on the test sentences (tags and their test counts)")
ax.legend(loc="upper right")
fig.tight_layout()

# %%
# The tagger gains most on the open classes, full of words never seen before:
# proper nouns (PROPN), nouns, verbs and numbers. The rarest tags (SYM and X,
# about ten test tokens each) get too few updates in three epochs.

# %%
# Tagged sentences
# ----------------
# Each test word with its predicted tag; a wrong tag is followed by the right one
# in brackets, and words unseen in training are starred. "emphemeral", a
# misspelling, is new to the tagger, but its ending reads as an adjective's.
for i in [2, 15, 26]:
    print(
        " ".join(
            ("*" if w not in seen else "") + (f"{w}/{p}" if p == t else f"{w}/{p}[{t}]")
            for w, t, p in zip(X_test[i], y_test[i], y_pred[i], strict=True)
        )
    )

# sphinx-gallery and non-interactive backends capture the figure without showing
# it; only an interactive session opens a window.
if plt.get_backend().lower() != "agg":
    plt.show()
