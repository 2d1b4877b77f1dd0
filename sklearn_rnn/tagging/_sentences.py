"""Ragged sentences: validation, vocabularies and padded batches (numpy only).

Word ids: 0 is padding, 1 the unknown word; character ids: 0 padding, 1 unknown,
2 and 3 the begin- and end-of-word markers (so that a character encoder sees where
prefixes and suffixes are); affix ids: 0 padding, 1 an affix too rare to keep.
"""

from collections import Counter

import numpy as np

from .._training.batching import length_batches
from .._training.spec import IGNORE
from .._validation import check_validation_data

PAD, UNKNOWN, BOW, EOW = 0, 1, 2, 3
# Ids reserved before each index's first entry: the id layout the estimator,
# its module's sizes and the checks of a loaded model share.
WORD_IDS = 2  # padding, the unknown word
CHAR_IDS = 4  # padding, the unknown character, the word markers
AFFIX_IDS = 2  # padding, an affix too rare to keep
# Target id of a validation token whose tag was unseen in training: no score of
# the model's is its tag, so it counts as an error in accuracy and adds nothing
# to the loss (which has no defined value for it).
UNSEEN = -1
# Characters a token keeps for the character encoder: its first and last
# MAX_CHARS // 2 (prefixes and suffixes carry the signal), so that one very long
# token (a URL, a base64 blob) cannot blow up a batch's (B, L, C) array.
MAX_CHARS = 40
# Affixes of a token: its lowercased prefixes and suffixes of 1 to MAX_AFFIX
# characters, and its shape.
MAX_AFFIX = 4
N_AFFIXES = 2 * MAX_AFFIX + 1


def _shown(value):
    """``repr`` of a value, numpy scalars as the Python values they hold."""
    return repr(value.item() if isinstance(value, np.generic) else value)


def as_sequence(value):
    """``value`` as a list if it is a sequence of items (a list, a tuple, a 1-D
    ndarray such as a pandas column's ``.values``, a pandas Series), else None."""
    if isinstance(value, list | tuple):
        return list(value)
    if hasattr(value, "to_numpy") and getattr(value, "ndim", None) == 1:
        value = value.to_numpy()
    if isinstance(value, np.ndarray) and value.ndim == 1:
        return value.tolist()
    return None


def check_sentences(X, name="X"):
    """Return ``X`` as a list of lists of str, or raise naming the first problem.

    Sentences may come as lists, tuples or 1-D arrays (a pandas column of token
    lists, ``df["tokens"].values``, is an object array of lists).
    """
    items = None if isinstance(X, str) else as_sequence(X)
    if items is None:
        raise TypeError(
            f"{name} must be a list of sentences, each a list of token strings; got "
            f"{type(X).__name__}."
        )
    sentences = []
    for i, sentence in enumerate(items):
        tokens = None if isinstance(sentence, str) else as_sequence(sentence)
        if tokens is None:
            raise TypeError(
                f"{name}[{i}] must be a list of token strings, got "
                f"{type(sentence).__name__}: {_shown(sentence):.60}. Split text into "
                "tokens first, e.g. text.split()."
            )
        for j, token in enumerate(tokens):
            if isinstance(token, dict):
                raise TypeError(
                    f"{name}[{i}][{j}] is a dict of features (sklearn-crfsuite's "
                    "input); SequenceTagger learns its own features from the "
                    "tokens: pass the tokens themselves, e.g. [[f['word'] for f in "
                    "sentence] for sentence in X]."
                )
            if not isinstance(token, str):
                raise TypeError(
                    f"{name}[{i}][{j}] must be a token string, got "
                    f"{type(token).__name__}: {_shown(token):.60}."
                )
        sentences.append([str(token) for token in tokens])
    return sentences


def check_tags(sentences, y, name="y", x_name="X"):
    """Return ``y`` (called ``name`` in errors) as lists, one tag per token of
    ``sentences`` (called ``x_name``)."""
    items = None if isinstance(y, str) else as_sequence(y)
    if items is None:
        raise TypeError(f"{name} must be a list of tag lists, got {type(y).__name__}.")
    y = items
    if len(y) != len(sentences):
        raise ValueError(
            f"{x_name} and {name} must hold as many sentences: got {len(sentences)} "
            f"sentences and {len(y)} tag lists."
        )
    tags = []
    for i, (sentence, sentence_tags) in enumerate(zip(sentences, y, strict=True)):
        found = sentence_tags
        sentence_tags = None if isinstance(found, str) else as_sequence(found)
        if sentence_tags is None:
            raise TypeError(
                f"{name}[{i}] must be a list of tags, got {type(found).__name__}."
            )
        if len(sentence_tags) != len(sentence):
            raise ValueError(
                f"Sentence {i} has {len(sentence)} tokens but {len(sentence_tags)} "
                f"tags in {name}; each token needs exactly one tag."
            )
        for j, tag in enumerate(sentence_tags):
            # None or NaN (a missing label) would be learned as a tag of its
            # own, or break the sorting of the tag set.
            if not isinstance(tag, str):
                raise TypeError(
                    f"{name}[{i}][{j}] must be a tag string, got "
                    f"{type(tag).__name__}: {_shown(tag):.60}. Every token needs "
                    "a tag; map missing or numeric labels to strings first."
                )
        tags.append([str(tag) for tag in sentence_tags])
    return tags


def check_validation(validation_data):
    """``validation_data`` as checked ``(sentences, tags)``, errors naming it."""
    X_val, y_val = check_validation_data(validation_data)
    X_val = check_sentences(X_val, "validation_data[0]")
    y_val = check_tags(X_val, y_val, "validation_data[1]", "validation_data[0]")
    check_has_tokens(X_val, "the validation sentences")
    return X_val, y_val


def check_has_tokens(sentences, what):
    """Raise a ValueError naming ``what`` if ``sentences`` hold no token."""
    if not any(sentences):
        raise ValueError(
            f"{what} holds no token to learn from: got {len(sentences)} sentences, "
            "all empty."
        )


def tag_set(y):
    """The sorted distinct tags of the tag lists ``y``."""
    return np.array(sorted({tag for tags in y for tag in tags}))


def tag_ids(y, classes, aux_tags=None, aux_classes=None):
    """Each sentence's tag ids (indices in ``classes``, ``UNSEEN`` if absent).

    With ``aux_tags``, ``(n_tokens, 2)`` arrays of tag and auxiliary tag ids.
    """

    def ids(tag_lists, tag_set):
        index = {tag: i for i, tag in enumerate(tag_set)}
        return [[index.get(t, UNSEEN) for t in tags] for tags in tag_lists]

    if aux_tags is None:
        return ids(y, classes)
    pairs = zip(ids(y, classes), ids(aux_tags, aux_classes), strict=True)
    return [np.column_stack(pair) for pair in pairs]


def augment_case(sentences, tags, share, rng):
    """Add lowercased copies of ``share`` of the sentences, uppercased of half that.

    The copies keep their tags (``tags[i]`` as it is: tags, tag ids, or rows of
    main and auxiliary tag ids), so that a tagger learns that case can mislead
    (web text writes names in lower case and headings in capitals). The sentences
    copied are drawn by ``rng`` without replacement.

    Examples
    --------
    >>> X, y = augment_case([["Hi", "Bo"], ["ok"]], [["I", "P"], ["I"]], 0.5,
    ...                     np.random.RandomState(0))
    >>> X[2:], y[2:]
    ([['ok']], [['I']])
    """
    n = len(sentences)
    lower = rng.choice(n, min(n, round(share * n)), replace=False)
    upper = rng.choice(n, min(n, round(share * n / 2)), replace=False)
    copies = [(i, str.lower) for i in lower] + [(i, str.upper) for i in upper]
    return (
        sentences + [[change(t) for t in sentences[i]] for i, change in copies],
        tags + [tags[i] for i, _ in copies],
    )


def token_shape(token):
    """The token's character classes, repeats collapsed, at most 6 of them.

    Examples
    --------
    >>> token_shape("McDonald's"), token_shape("01-Feb-02"), token_shape("USA")
    ("XxXx'x", 'd-Xx-d', 'X')
    """
    shape = []
    for c in token:
        kind = "X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c
        if not shape or shape[-1] != kind:
            shape.append(kind)
    return "".join(shape[:6])


def affix_keys(token):
    """The ``N_AFFIXES`` keys of a token: lowercased prefixes, suffixes, shape.

    Examples
    --------
    >>> affix_keys("Running")  # doctest: +NORMALIZE_WHITESPACE
    ['p1:r', 'p2:ru', 'p3:run', 'p4:runn', 's1:g', 's2:ng', 's3:ing', 's4:ning',
     'shape:Xx']
    """
    lower = token.lower()
    return [
        *(f"p{n}:{lower[:n]}" for n in range(1, MAX_AFFIX + 1)),
        *(f"s{n}:{lower[-n:]}" for n in range(1, MAX_AFFIX + 1)),
        "shape:" + token_shape(token),
    ]


def fit_affixes(sentences, min_types=2):
    """Index of the affix keys shared by at least ``min_types`` distinct tokens.

    Counting distinct tokens rather than occurrences keeps only affixes that
    generalise across words (a frequent word's full spelling, seen as its own
    prefix, is not one); the rest map to the rare-affix id, as they will for
    words never seen.
    """
    tokens = {token for sentence in sentences for token in sentence}
    counts = Counter(key for token in tokens for key in set(affix_keys(token)))
    kept = {key: n for key, n in counts.items() if n >= min_types}
    return build_index(kept, first_id=AFFIX_IDS)


def build_index(counts, first_id):
    """Map each key of ``counts`` (most frequent first) to ids from ``first_id``."""
    ordered = sorted(counts, key=lambda key: (-counts[key], key))
    return {key: i for i, key in enumerate(ordered, start=first_id)}


def fit_vocabularies(sentences):
    """Word index (lowercased forms), their counts, and the character index."""
    words = Counter(token.lower() for sentence in sentences for token in sentence)
    chars = Counter(c for word in words for c in word)
    chars.update(
        c for sentence in sentences for t in sentence for c in t if c.isupper()
    )
    word_index = build_index(words, first_id=WORD_IDS)
    counts = np.zeros(len(word_index) + WORD_IDS)
    for word, i in word_index.items():
        counts[i] = words[word]
    return word_index, counts, build_index(chars, first_id=CHAR_IDS)


def make_batches(
    sentences, word_index, char_index, batch_size=None, tags=None, affix_index=None
):
    """Pad sentences of similar length together.

    ``batch_size`` sentences a batch (training), or None for inference's policy:
    as many as hold ``STEPS_PER_BATCH`` tokens (``_training/batching.py``).

    Returns a list of ``(X, y, rows)``: ``X`` a dict of arrays ``words``
    ``(B, L)``, ``chars`` ``(B, L, C)`` (each token's characters between the word
    markers), ``lengths`` ``(B,)`` and, with an ``affix_index``, ``affixes``
    ``(B, L, N_AFFIXES)`` (the ids of each token's :func:`affix_keys`); ``y``
    ``(B, L)`` tag ids padded with ``IGNORE`` (``(B, L, K)`` where each token of
    ``tags`` has K ids; None without ``tags``); ``rows``
    the sentences' indices. Empty sentences hold no token and are left out of
    every batch.
    """
    kept = np.array([i for i, s in enumerate(sentences) if s], dtype=np.int64)
    lengths = [len(sentences[i]) for i in kept]
    if batch_size is None:
        groups = [kept[g] for g in length_batches(lengths)]
    else:
        order = kept[np.argsort(lengths, kind="stable")]
        groups = [
            order[start : start + batch_size]
            for start in range(0, len(order), batch_size)
        ]
    affix_ids = {}  # token -> its affix ids, computed once per distinct token
    batches = []
    for rows in groups:
        group = [sentences[i] for i in rows]
        lengths = np.array([len(s) for s in group])
        n_chars = min(max(len(t) for s in group for t in s), MAX_CHARS) + 2
        words = np.zeros((len(group), lengths.max()), dtype=np.int64)
        chars = np.zeros((len(group), lengths.max(), n_chars), dtype=np.int64)
        for b, sentence in enumerate(group):
            words[b, : len(sentence)] = [
                word_index.get(t.lower(), UNKNOWN) for t in sentence
            ]
            for j, token in enumerate(sentence):
                if len(token) > MAX_CHARS:
                    token = token[: MAX_CHARS // 2] + token[-MAX_CHARS // 2 :]
                ids = [BOW, *(char_index.get(c, UNKNOWN) for c in token), EOW]
                chars[b, j, : len(ids)] = ids
        X = {"words": words, "chars": chars, "lengths": lengths}
        if affix_index is not None:
            affixes = np.zeros((*words.shape, N_AFFIXES), dtype=np.int64)
            for b, sentence in enumerate(group):
                for token in sentence:
                    if token not in affix_ids:
                        affix_ids[token] = [
                            affix_index.get(key, UNKNOWN) for key in affix_keys(token)
                        ]
                affixes[b, : len(sentence)] = [affix_ids[t] for t in sentence]
            X["affixes"] = affixes
        y = None
        if tags is not None:
            # One id per token, or a row of ids (e.g. main and auxiliary tags).
            per_token = np.shape(tags[rows[0]])[1:]
            y = np.full((*words.shape, *per_token), IGNORE, dtype=np.int64)
            for b, i in enumerate(rows):
                y[b, : lengths[b]] = tags[i]
        batches.append((X, y, rows))
    return batches
