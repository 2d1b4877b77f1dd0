"""Token-level and entity-level metrics for ragged sequence labels, and their scorers.

``y_true`` and ``y_pred`` are lists of label lists, one list per sentence, as
``SequenceTagger.predict`` returns them; the labels are strings (or integers). The
``flat_*`` metrics flatten both into one long list of tokens and delegate to
:mod:`sklearn.metrics`, as sklearn-crfsuite does.
The ``entity_*`` metrics score BIO (IOB2) chunks as seqeval's default mode does (the
definition of the CoNLL-2000 ``conlleval`` script).

The scorers take ``(estimator, X, y)`` with ragged ``X`` and ``y``: pass them as
``scoring=`` to ``GridSearchCV`` or ``cross_val_score``.
"""

from collections import Counter
from itertools import chain

from sklearn import metrics as _skm
from sklearn.metrics import make_scorer

from ._validation import (
    check_f1_scorer_options,
    check_report_options,
    check_sequences,
    flat_labels,
    show,
)

__all__ = [
    "entity_classification_report",
    "entity_f1_score",
    "entity_f1_scorer",
    "entity_precision_score",
    "entity_recall_score",
    "flat_accuracy_score",
    "flat_accuracy_scorer",
    "flat_classification_report",
    "flat_f1_score",
    "flat_precision_score",
    "flat_recall_score",
    "make_flat_f1_scorer",
]

_AVERAGES = ("micro", "macro", "weighted")


def flat_accuracy_score(y_true, y_pred):
    """Token accuracy: the fraction of tokens, over all sentences, labelled right.

    Parameters
    ----------
    y_true : list of list of labels
        True labels, one list per sentence.
    y_pred : list of list of labels
        Predicted labels, with the same number of labels as ``y_true`` in every
        sentence.

    Returns
    -------
    accuracy : float
        :func:`sklearn.metrics.accuracy_score` of the flattened labels.

    Raises
    ------
    ValueError
        If the numbers of sentences differ, if a sentence has different lengths
        in ``y_true`` and ``y_pred`` (the error names the first such sentence), or
        if there is no token at all.
    TypeError
        If ``y_true`` or ``y_pred`` is not a list of label lists, or if a label is
        not a string or an integer (the error names its position).

    Examples
    --------
    >>> from sklearn_rnn.metrics import flat_accuracy_score
    >>> flat_accuracy_score([["DET", "NOUN"], ["VERB"]], [["DET", "VERB"], ["VERB"]])
    0.666...
    """
    return float(_skm.accuracy_score(*flat_labels(y_true, y_pred)))


def _flat_doc(name):
    return f"""{name.capitalize()} of the flattened token labels.

    Flattens ``y_true`` and ``y_pred`` (lists of label lists) and calls
    :func:`sklearn.metrics.{name}_score` with the keyword arguments given. As there,
    ``average`` defaults to ``"binary"``, so multiclass tags need ``average="micro"``,
    ``"macro"`` or ``"weighted"`` (or ``None`` for an array of per-label scores).

    Parameters
    ----------
    y_true : list of list of labels
        True labels, one list per sentence.
    y_pred : list of list of labels
        Predicted labels, same length as ``y_true`` in every sentence.
    **kwargs
        Passed to :func:`sklearn.metrics.{name}_score` (``average``, ``labels``,
        ``zero_division``, ...).

    Returns
    -------
    score : float or ndarray of shape (n_classes,)
        As returned by scikit-learn.

    Examples
    --------
    >>> from sklearn_rnn.metrics import flat_{name}_score
    >>> y_true = [["DET", "NOUN"], ["VERB", "NOUN"]]
    >>> y_pred = [["DET", "VERB"], ["VERB", "NOUN"]]
    >>> round(float(flat_{name}_score(y_true, y_pred, average="macro")), 4)
    {{value}}
    """


def flat_precision_score(y_true, y_pred, **kwargs):
    return _skm.precision_score(*flat_labels(y_true, y_pred), **kwargs)


def flat_recall_score(y_true, y_pred, **kwargs):
    return _skm.recall_score(*flat_labels(y_true, y_pred), **kwargs)


def flat_f1_score(y_true, y_pred, **kwargs):
    return _skm.f1_score(*flat_labels(y_true, y_pred), **kwargs)


# Per label (DET, NOUN, VERB): precision 1, 1, 1/2; recall 1, 1/2, 1; f1 1, 2/3, 2/3.
flat_precision_score.__doc__ = _flat_doc("precision").format(value="0.8333")
flat_recall_score.__doc__ = _flat_doc("recall").format(value="0.8333")
flat_f1_score.__doc__ = _flat_doc("f1").format(value="0.7778")


def flat_classification_report(y_true, y_pred, **kwargs):
    """Scikit-learn's classification report of the flattened token labels.

    Parameters
    ----------
    y_true : list of list of labels
        True labels, one list per sentence.
    y_pred : list of list of labels
        Predicted labels, same length as ``y_true`` in every sentence.
    **kwargs
        Passed to :func:`sklearn.metrics.classification_report` (``digits``,
        ``output_dict``, ``zero_division``, ...).

    Returns
    -------
    report : str or dict
        As returned by scikit-learn.

    Examples
    --------
    >>> from sklearn_rnn.metrics import flat_classification_report
    >>> report = flat_classification_report([["DET", "NOUN"]], [["DET", "NOUN"]])
    >>> print(report.splitlines()[2])
             DET       1.00      1.00      1.00         1
    """
    return _skm.classification_report(*flat_labels(y_true, y_pred), **kwargs)


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


def _entities(y, name):
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
            # A chunk starts at B-X, or at an I-X that does not continue one.
            if prefix == "B" or (prefix == "I" and start is None):
                start = j
            prev_type = type_
    return entities


def _entity_counts(y_true, y_pred):
    """Per-type counts: true chunks, predicted chunks, chunks predicted exactly."""
    y_true, y_pred = check_sequences(y_true, y_pred)
    true = _entities(y_true, "y_true")
    pred = _entities(y_pred, "y_pred")
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


def _entity_scores(y_true, y_pred, average):
    """Precision, recall and F1 under ``average``, plus the per-type table."""
    if not isinstance(average, str) or average not in _AVERAGES:
        raise ValueError(f"average must be one of {_AVERAGES!r}; got {show(average)}.")
    true, pred, correct = _entity_counts(y_true, y_pred)
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
    return f"""Entity-level {what} of BIO (IOB2) tags, as seqeval's default mode.

    An entity is a chunk ``(type, start, end)``. A chunk starts at ``B-X``, or at
    ``I-X`` after ``O`` or after a tag of another type; it ends before the next
    ``B-``, ``O`` or tag of another type. A predicted chunk is correct when a true
    chunk has the same type, start and end. Precision is correct / predicted chunks,
    recall is correct / true chunks, F1 their harmonic mean; each is 0 when
    undefined (no chunks), without a warning. This is the CoNLL ``conlleval``
    definition, which seqeval uses when ``mode`` is not ``"strict"``.

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

    Returns
    -------
    score : float

    Raises
    ------
    ValueError
        If a tag is not ``"O"``, ``"B-<type>"`` or ``"I-<type>"`` (the error names it
        and its position), or if the lengths of ``y_true`` and ``y_pred`` differ.
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
    """


def entity_precision_score(y_true, y_pred, *, average="micro"):
    return _entity_scores(y_true, y_pred, average)[0][0]


def entity_recall_score(y_true, y_pred, *, average="micro"):
    return _entity_scores(y_true, y_pred, average)[0][1]


def entity_f1_score(y_true, y_pred, *, average="micro"):
    return _entity_scores(y_true, y_pred, average)[0][2]


entity_precision_score.__doc__ = _entity_doc("precision", "0.5")
entity_recall_score.__doc__ = _entity_doc("recall", "0.5")
entity_f1_score.__doc__ = _entity_doc("f1", "0.5")


def entity_classification_report(y_true, y_pred, *, digits=2, output_dict=False):
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
    rows, table = {}, None
    for average in _AVERAGES:
        rows[f"{average} avg"], table = _entity_scores(y_true, y_pred, average)
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


flat_accuracy_scorer = make_scorer(flat_accuracy_score)
entity_f1_scorer = make_scorer(entity_f1_score)


def make_flat_f1_scorer(average="macro", **kwargs):
    """Make a scorer of the flat (token-level) F1 score, for model selection.

    Parameters
    ----------
    average : {"micro", "macro", "weighted", "binary"}, default="macro"
        Passed to :func:`sklearn.metrics.f1_score`; ``"binary"`` (the F1 of
        ``pos_label``) suits two tags only.
    **kwargs
        Further keyword arguments of :func:`sklearn.metrics.f1_score`, such as
        ``labels`` (for example, every tag but ``"O"``) or ``zero_division``.

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y) -> float``, made by
        :func:`sklearn.metrics.make_scorer` around :func:`flat_f1_score`: it calls
        ``estimator.predict(X)`` (a list of label lists) and scores it against
        ``y``. Pass it as ``scoring=`` to ``GridSearchCV`` or ``cross_val_score``.

    Examples
    --------
    >>> from sklearn_rnn.metrics import make_flat_f1_scorer
    >>> make_flat_f1_scorer()
    make_scorer(flat_f1_score, response_method='predict', average=macro)
    """
    check_f1_scorer_options(average, kwargs)
    return make_scorer(flat_f1_score, average=average, **kwargs)
