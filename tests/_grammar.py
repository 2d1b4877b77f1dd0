"""A small synthetic grammar the tagger tests learn, and a tiny tagger for it."""

import numpy as np

SUFFIX = {"NOUN": "ion", "VERB": "ed", "ADJ": "ous", "ADV": "ly"}
TINY = {
    "hidden_size": 24,
    "char_hidden_size": 16,
    "word_embedding_dim": 16,
    "char_embedding_dim": 8,
    "max_epochs": 12,
    "batch_size": 16,
    "lr": 0.01,
    "dropout": 0.1,
    "random_state": 0,
}


def grammar(n_sentences, seed):
    """DET (ADJ) NOUN VERB (ADV) (CONJ DET NOUN VERB) with fresh stems per seed.

    Each open-class word is a random stem plus its class's suffix, so words of the
    test set are unseen in training and only their spelling tells their tag;
    "run" and "fish" are NOUN after a determiner and VERB after a noun, which only
    the sentence context tells.
    """
    rng = np.random.default_rng(seed)
    letters = list("bcdfghjklmnprstvwz")
    vowels = list("aeiou")

    def word(tag):
        if rng.random() < 0.15:
            return str(rng.choice(["run", "fish"]))
        stem = "".join(rng.choice(letters) + rng.choice(vowels) for _ in range(2))
        return stem + SUFFIX[tag]

    X, y = [], []
    for _ in range(n_sentences):
        tokens, tags = [], []
        for clause in range(1 + (rng.random() < 0.3)):
            if clause:
                tokens.append("and"), tags.append("CONJ")
            tokens.append(str(rng.choice(["the", "a", "every"]))), tags.append("DET")
            if rng.random() < 0.5:
                tokens.append(word("ADJ")), tags.append("ADJ")
            tokens.append(word("NOUN")), tags.append("NOUN")
            tokens.append(word("VERB")), tags.append("VERB")
            if rng.random() < 0.4:
                tokens.append(word("ADV")), tags.append("ADV")
        X.append(tokens)
        y.append(tags)
    return X, y


def determined_grammar(n_sentences, seed, lexicon_seed, suffixes=None):
    """Sentences whose open slots the neighbouring function words determine:
    "the" NOUN, "will" VERB, "very" ADJ ("the N will V (the N) ." or "the N is very
    ADJ ."). Open-class words are random letter strings from a lexicon drawn by
    ``lexicon_seed`` (a new seed: words unseen in training), each ending in
    ``suffixes[tag]`` when given (to make spelling agree, or disagree, with
    the slot)."""
    rng = np.random.default_rng(seed)
    lexicon_rng = np.random.default_rng(lexicon_seed)
    letters = list("bcdfghjklmnprstvwzaeiou")

    def word():
        return "".join(lexicon_rng.choice(letters, size=lexicon_rng.integers(3, 8)))

    lexicon = {
        tag: [word() + (suffixes or {}).get(tag, "") for _ in range(60)]
        for tag in ("NOUN", "VERB", "ADJ")
    }

    def pick(tag):
        return str(rng.choice(lexicon[tag]))

    X, y = [], []
    for _ in range(n_sentences):
        tokens, tags = ["the", pick("NOUN")], ["DET", "NOUN"]
        if rng.random() < 0.5:
            tokens += ["will", pick("VERB")]
            tags += ["AUX", "VERB"]
            if rng.random() < 0.5:
                tokens += ["the", pick("NOUN")]
                tags += ["DET", "NOUN"]
        else:
            tokens += ["is", "very", pick("ADJ")]
            tags += ["AUX", "ADV", "ADJ"]
        X.append([*tokens, "."])
        y.append([*tags, "PUNCT"])
    return X, y
