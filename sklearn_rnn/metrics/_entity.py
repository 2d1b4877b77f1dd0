"""Entity-level metrics of BIO (IOB2) tags: chunk precision, recall, F1, a report.

``y_true`` and ``y_pred`` are lists of tag lists, one list per sentence, as
``SequenceTagger.predict`` returns them. The ``entity_*`` metrics score chunks, as
seqeval does: with ``mode="default"`` by the CoNLL-2000 ``conlleval`` definition
(seqeval's default mode), with ``mode="strict"`` as seqeval's
``mode="strict", scheme=IOB2``.

``entity_f1_scorer`` takes ``(estimator, X, y)`` with ragged ``X`` and ``y``: pass it
as ``scoring=`` to ``GridSearchCV`` or ``cross_val_score``. For the strict F1, build
``make_scorer(entity_f1_score, mode="strict")``.
"""

from collections import Counter
from itertools import chain

from sklearn.metrics import make_scorer

from ._validation import check_report_options, check_sequences, show

__all__ = [
    "entity_classification_report",
    "entity_f1_score",
    "entity_f1_scorer",
    "entity_precision_score",
    "entity_recall_score",
]

_AVERAGES = ("micro", "macro", "weighted")
_MODES = ("default", "strict")


def _split_tag(tag, name, i, j):
    if not isinstance(tag, str):
        raise TypeError(
            "Entity scores need BIO (IOB2) tags, strings 'O', 'B-<type>' or "
            f"'I-<type>'; got {show(tag)} of type {type(tag).__name__} at "
            f"{name}[{i}][{j}]."
        )
    if tag == "O":
        return "O", None
    if len(tag) > 2 and tag[:2] in ("B-", "I-"):
        return tag[0], tag[2:]
    raise ValueError(
        "Entity scores need BIO (IOB2) tags: 'O', 'B-<type>' or 'I-<type>'; got "
        f"{show(tag)} at {name}[{i}][{j}]."
    )


def _check_mode(mode):
    if not isinstance(mode, str) or mode not in _MODES:
        raise ValueError(f"mode must be one of {_MODES!r}; got {show(mode)}.")


def _entities(y, name, strict=False):
    """The set of ``(type, sentence, start, end)`` chunks, ``end`` exclusive."""
    entities = set()
    for i, tags in enumerate(y):
        start, prev_type = None, None
        # A trailing "O" closes the chunk that ends the sentence.
        for j, tag in enumerate(chain(tags, ["O"])):
            prefix, type_ = _split_tag(tag, name, i, j)
            # Only an I- of the same type continues a chunk (conlleval's rule).
            if start is not None and (prefix != "I" or type_ != prev_type):
                entities.add((prev_type, i, start, j))
                start = None
            # A chunk starts at B-X; by default also at an I-X that does not
            # continue one, which strict mode leaves outside every chunk.
            if prefix == "B" or (prefix == "I" and start is None and not strict):
                start = j
            prev_type = type_
    return entities


def _entity_counts(y_true, y_pred, strict=False):
    """Per-type counts: true chunks, predicted chunks, chunks predicted exactly."""
    y_true, y_pred = check_sequences(y_true, y_pred)
    true = _entities(y_true, "y_true", strict)
    pred = _entities(y_pred, "y_pred", strict)
    return (
        Counter(e[0] for e in true),
        Counter(e[0] for e in pred),
        Counter(e[0] for e in true & pred),
    )


def _divide(numerator, denominator):
    return numerator / denominator if denominator else 0.0


def _prf(n_true, n_pred, n_correct):
    precision = _divide(n_correct, n_pred)
    recall = _divide(n_correct, n_true)
    return precision, recall, _divide(2 * precision * recall, precision + recall)


def _entity_scores(y_true, y_pred, average, mode="default"):
    """Precision, recall and F1 under ``average``, plus the per-type table."""
    if not isinstance(average, str) or average not in _AVERAGES:
        raise ValueError(f"average must be one of {_AVERAGES!r}; got {show(average)}.")
    _check_mode(mode)
    true, pred, correct = _entity_counts(y_true, y_pred, mode == "strict")
    types = sorted(true.keys() | pred.keys())
    table = {t: (*_prf(true[t], pred[t], correct[t]), true[t]) for t in types}
    support = sum(true.values())
    if average == "micro":
        total = _prf(support, sum(pred.values()), sum(correct.values()))
        return (*total, support), table
    weights = [1.0 if average == "macro" else table[t][3] for t in types]
    total = [
        _divide(
            sum(w * table[t][k] for w, t in zip(weights, types, strict=True)),
            sum(weights),
        )
        for k in range(3)
    ]
    return (*total, support), table


def _entity_doc(what, value):
    return f"""Entity-level {what} of BIO (IOB2) tags, as seqeval computes it.

    An entity is a chunk ``(type, start, end)``. With ``mode="default"`` a chunk
    starts at ``B-X``, or at ``I-X`` after ``O`` or after a tag of another type; it
    ends before the next ``B-``, ``O`` or tag of another type. This is the CoNLL
    ``conlleval`` definition, which seqeval uses when ``mode`` is not ``"strict"``.
    With ``mode="strict"`` (seqeval's ``mode="strict", scheme=IOB2``) a chunk starts
    only at ``B-X`` and continues over the ``I-X`` of the same type that follow; an
    ``I-X`` that does not continue such a chunk belongs to no entity.

    A predicted chunk is correct when a true chunk has the same type, start and
    end. Precision is correct / predicted chunks, recall is correct / true chunks,
    F1 their harmonic mean; each is 0 when undefined (no chunks), without a
    warning.

    Only the BIO scheme is supported: every tag must be ``"O"``, ``"B-<type>"`` or
    ``"I-<type>"`` (not IOBES's ``E-`` or ``S-``).

    Parameters
    ----------
    y_true : list of list of str
        True tags, one list per sentence.
    y_pred : list of list of str
        Predicted tags, same length as ``y_true`` in every sentence.
    average : {{"micro", "macro", "weighted"}}, default="micro"
        ``"micro"`` counts chunks over all types; ``"macro"`` averages the
        per-type scores; ``"weighted"`` weights them by the number of true chunks.
        The types are those present in ``y_true`` or ``y_pred``; with none, every
        average is 0 (seqeval's macro average is NaN there).
    mode : {{"default", "strict"}}, default="default"
        How chunks are read from the tags, as described above. For a scorer of
        the strict score, use ``make_scorer(entity_{what}_score, mode="strict")``.

    Returns
    -------
    score : float

    Raises
    ------
    ValueError
        If a tag is not ``"O"``, ``"B-<type>"`` or ``"I-<type>"`` (the error names it
        and its position), if the lengths of ``y_true`` and ``y_pred`` differ, or if
        ``average`` or ``mode`` is not one of its options.
    TypeError
        If ``y_true`` or ``y_pred`` is not a list of label lists, or a tag is not a
        string.

    Examples
    --------
    >>> from sklearn_rnn.metrics import entity_{what}_score
    >>> y_true = [["O", "O", "O", "B-MISC", "I-MISC", "I-MISC", "O"],
    ...           ["B-PER", "I-PER", "O"]]
    >>> y_pred = [["O", "O", "B-MISC", "I-MISC", "I-MISC", "I-MISC", "O"],
    ...           ["B-PER", "I-PER", "O"]]
    >>> entity_{what}_score(y_true, y_pred)
    {value}

    The modes differ on a tagger that never writes ``B-``: by default its
    ``I-PER I-PER`` is a PER chunk, in strict mode no entity at all.

    >>> y_true = [["B-PER", "I-PER", "O", "B-LOC"]]
    >>> y_pred = [["I-PER", "I-PER", "O", "I-LOC"]]
    >>> entity_{what}_score(y_true, y_pred)
    1.0
    >>> entity_{what}_score(y_true, y_pred, mode="strict")
    0.0
    """


def entity_precision_score(y_true, y_pred, *, average="micro", mode="default"):
    return _entity_scores(y_true, y_pred, average, mode)[0][0]


def entity_recall_score(y_true, y_pred, *, average="micro", mode="default"):
    return _entity_scores(y_true, y_pred, average, mode)[0][1]


def entity_f1_score(y_true, y_pred, *, average="micro", mode="default"):
    return _entity_scores(y_true, y_pred, average, mode)[0][2]


entity_precision_score.__doc__ = _entity_doc("precision", "0.5")
entity_recall_score.__doc__ = _entity_doc("recall", "0.5")
entity_f1_score.__doc__ = _entity_doc("f1", "0.5")


def entity_classification_report(
    y_true, y_pred, *, digits=2, output_dict=False, mode="default"
):
    """Per-type entity precision, recall, F1 and support, with their averages.

    Chunks are counted as in :func:`entity_f1_score` (BIO tags only). The rows are
    the entity types in sorted order, then ``micro avg``, ``macro avg`` and
    ``weighted avg``; support is the number of true chunks.

    Parameters
    ----------
    y_true : list of list of str
        True tags, one list per sentence.
    y_pred : list of list of str
        Predicted tags, same length as ``y_true`` in every sentence.
    digits : int, default=2
        Number of digits of the scores in the text report.
    output_dict : bool, default=False
        Return a dict ``{row: {"precision", "recall", "f1-score", "support"}}`` (the
        layout of seqeval's and scikit-learn's reports) instead of text.
    mode : {"default", "strict"}, default="default"
        ``"default"`` reads chunks as conlleval (seqeval's default mode) does;
        ``"strict"`` as seqeval's ``mode="strict", scheme=IOB2``, where only
        ``B-X`` starts a chunk. See :func:`entity_f1_score`.

    Returns
    -------
    report : str or dict

    Examples
    --------
    >>> from sklearn_rnn.metrics import entity_classification_report
    >>> y_true = [["B-PER", "I-PER", "O", "B-LOC"]]
    >>> y_pred = [["B-PER", "I-PER", "O", "O"]]
    >>> print(entity_classification_report(y_true, y_pred))
                  precision    recall  f1-score   support
    <BLANKLINE>
             LOC       0.00      0.00      0.00         1
             PER       1.00      1.00      1.00         1
    <BLANKLINE>
       micro avg       1.00      0.50      0.67         2
       macro avg       0.50      0.50      0.50         2
    weighted avg       0.50      0.50      0.50         2
    <BLANKLINE>
    """
    check_report_options(digits, output_dict)
    _check_mode(mode)
    rows, table = {}, None
    for average in _AVERAGES:
        rows[f"{average} avg"], table = _entity_scores(y_true, y_pred, average, mode)
    rows = {**table, **rows}
    keys = ("precision", "recall", "f1-score", "support")
    if output_dict:
        return {name: dict(zip(keys, row, strict=True)) for name, row in rows.items()}
    # The layout of sklearn.metrics.classification_report.
    width = max(len(name) for name in rows)
    lines = [" " * width + " " + "".join(f" {k:>9}" for k in keys)]
    for i, (name, row) in enumerate(rows.items()):
        if i == 0 or i == len(table):
            lines.append("")
        scores = "".join(f" {s:>9.{digits}f}" for s in row[:3])
        lines.append(f"{name:>{width}} {scores} {row[3]:>9}")
    return "\n".join(lines) + "\n"


# For the strict F1: make_scorer(entity_f1_score, mode="strict").
entity_f1_scorer = make_scorer(entity_f1_score)
