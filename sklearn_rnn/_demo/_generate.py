"""Demo job 2: learn Shakespeare with CharRNNGenerator, against a unigram model."""

import math
import time
from collections import Counter

from ..datasets import load_sample_text
from ..generation._estimator import CharRNNGenerator

SEED_TEXT = "KING RICHARD III:\n"


def unigram_bits_per_char(train, test):
    """Bits per char of ``test`` under the character frequencies of ``train``.

    The cross-entropy of the training text's character distribution on the test
    text, with add-one smoothing over the training characters plus one slot for
    the characters unseen in training (as the generator has).

    Examples
    --------
    >>> round(unigram_bits_per_char("aab", "ab"), 3)  # p(a) = 3/6, p(b) = 2/6
    1.292
    """
    counts = Counter(train)
    total = len(train) + len(counts) + 1
    bits = sum(-math.log2((counts.get(char, 0) + 1) / total) for char in test)
    return bits / len(test)


def generation_demo(**params):
    """Fit a generator on the sample text's first 90%, score the last 10%."""
    text = load_sample_text()
    cut = int(0.9 * len(text))
    train, test = text[:cut], text[cut:]
    model = CharRNNGenerator(early_stopping=True, random_state=0, **params)
    print(
        f"Tiny Shakespeare sample: {len(text):,} characters of Shakespeare's plays. "
        f"Training on the first {len(train):,}\n(the last 10% of them held out to "
        f"stop early), scoring the last {len(test):,}, unseen in training.\n"
        f"Model: {params['cell'].upper()} {params['num_layers']} x "
        f"{params['hidden_size']}, at most {params['max_epochs']} epochs of "
        f"truncated back-propagation through time over {params['seq_length']} "
        "characters."
    )
    start = time.perf_counter()
    model.fit(train)
    seconds = time.perf_counter() - start
    bpc = model.bits_per_char(test)
    unigram = unigram_bits_per_char(train, test)
    print(
        f"Trained {model.n_iter_} epochs in {seconds:.1f} s.\n\n"
        f"  {'model (held-out text; lower is better)':<46}{'bits/char':>10}\n"
        f"  {'unigram (training character frequencies)':<46}{unigram:>10.3f}\n"
        f"  {'CharRNNGenerator':<46}{bpc:>10.3f}\n"
    )
    sample = model.generate(
        400, seed_text=SEED_TEXT, temperature=0.8, random_state=0, top_k=None
    )
    print(
        f"Sample: generate(400, seed_text={SEED_TEXT!r}, temperature=0.8, "
        "random_state=0)\n" + "-" * 60 + f"\n{SEED_TEXT}{sample}\n" + "-" * 60
    )
    return {
        "summary": (
            f"generate  {bpc:.2f} bits/char on held-out text against the unigram "
            f"model's {unigram:.2f}"
        ),
        "curve": ("CharRNNGenerator", model, "Loss (nats per character)"),
        "bits_per_char": bpc,
        "baseline": unigram,
        "sample": sample,
    }
