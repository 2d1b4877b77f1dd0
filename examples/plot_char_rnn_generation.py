"""
=================================================
Writing Shakespeare with a character-level RNN
=================================================

This example trains :class:`~sklearn_rnn.CharRNNGenerator`, a char-rnn behind
the scikit-learn API, on a slice of Shakespeare's plays, then:

1. draws its training curve with
   :class:`~sklearn_rnn.plotting.TrainingCurveDisplay`;
2. measures how well it predicts text it never saw, in **bits per character**,
   against a model that only knows how frequent each character is;
3. writes new text at two sampling temperatures.

The model is kept tiny (one GRU layer, three passes over 50,000 characters) so
that the example runs in seconds; the guide :doc:`/generation` describes the
estimator in detail.
"""

# %%
# The text
# --------
# :func:`~sklearn_rnn.datasets.load_sample_text` returns the first 300,000
# characters of Tiny Shakespeare, Karpathy's char-rnn corpus (public domain).
# We train on its first 50,000 characters and keep the next 10,000 to score the
# model: text is ordered, so the held-out part comes *after* the training part.
import math
from collections import Counter

import matplotlib.pyplot as plt

from sklearn_rnn import CharRNNGenerator
from sklearn_rnn.datasets import load_sample_text
from sklearn_rnn.plotting import TrainingCurveDisplay

text = load_sample_text()
train, test = text[:50_000], text[50_000:60_000]
print(f"{len(set(train))} distinct characters; the training text starts with:")
print(train[:200])

# %%
# Fit with early stopping
# -----------------------
# The generator learns to predict each character from all the ones before it,
# by truncated back-propagation through time: the text is cut into
# ``batch_size`` contiguous streams read ``seq_length`` characters at a time,
# the recurrent state carried from one chunk to the next.
#
# With ``early_stopping=True`` the last 10% of the training text
# (``validation_fraction``) is held out and scored after each epoch; training
# stops once that score stops improving, and the weights of the best epoch are
# kept. Three epochs are too few to over-fit here, but the validation loss shows
# how far training went.
model = CharRNNGenerator(
    cell="gru",
    num_layers=1,
    hidden_size=128,
    embedding_dim=16,
    seq_length=64,
    batch_size=32,
    lr=0.015,
    max_epochs=3,
    early_stopping=True,
    random_state=0,
).fit(train)

# %%
# The losses are the mean cross-entropy per character, in nats (divide by
# ln 2 = 0.693 for bits). The training loss is averaged over the epoch while the
# weights improve, so it starts above the validation loss, measured at the
# epoch's end. Both still fall steeply at the last epoch: more epochs, more text
# and a bigger model would keep improving the model.
display = TrainingCurveDisplay.from_estimator(model)
display.ax_.set_xticks(range(1, model.n_iter_ + 1))
display.ax_.set_ylabel("cross-entropy per character (nats)")
display.ax_.set_title("CharRNNGenerator on 45,000 characters of Shakespeare")

# %%
# Bits per character on unseen text
# ---------------------------------
# :meth:`~sklearn_rnn.CharRNNGenerator.bits_per_char` is the average number of
# bits the model needs to encode each character of a text, knowing the ones
# before it: lower is better. The baseline is the *unigram* model, which gives
# every character its frequency in the training text and ignores the context
# (with add-one smoothing, and a slot for characters never seen, as the
# generator has).
counts = Counter(train)
total = len(train) + len(counts) + 1
unigram_bits = sum(-math.log2((counts[c] + 1) / total) for c in test) / len(test)

print(f"{'held-out text (10,000 characters)':<36}{'bits/char':>10}")
print(f"{'unigram character frequencies':<36}{unigram_bits:>10.2f}")
print(f"{'CharRNNGenerator':<36}{model.bits_per_char(test):>10.2f}")

# %%
# Reading the context saves nearly two bits per character. For scale, on the
# whole Tiny Shakespeare corpus a two-layer LSTM trained for 20 minutes on a CPU
# reaches about 2.3 bits per character, and nanoGPT's small transformer 2.1.

# %%
# Generate text
# -------------
# :meth:`~sklearn_rnn.CharRNNGenerator.generate` continues a seed text one
# character at a time, each drawn from the model's distribution. The
# ``temperature`` divides the network's scores before the softmax: below 1 the
# likely characters get likelier (safer, more repetitive text), above 1 the
# distribution flattens (more varied, more misspelt). ``random_state`` makes a
# sample repeatable.
seed_text = "ROMEO:\n"
for temperature in (0.5, 1.0):
    sample = model.generate(
        300, seed_text=seed_text, temperature=temperature, random_state=0
    )
    print(f"--- temperature={temperature} ---\n{seed_text}{sample}\n")

# %%
# After a few seconds of training the model has learned the layout of a play
# (speaker names in capitals, followed by a colon and a line break; blank lines
# between speeches), common short words and punctuation, but not yet
# spelling or sense.

# sphinx-gallery and non-interactive backends capture the figure without showing
# it; only an interactive session opens a window.
if plt.get_backend().lower() != "agg":
    plt.show()
