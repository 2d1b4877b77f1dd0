"""Token-level (flat) metrics for ragged sequence labels, and their scorers.

``y_true`` and ``y_pred`` are lists of label lists, one list per sentence, as
``SequenceTagger.predict`` returns them; the labels are strings (or integers). The
``flat_*`` metrics flatten both into one long list of tokens and delegate to
:mod:`sklearn.metrics`, as sklearn-crfsuite does. The entity-level (BIO chunk)
metrics are in :mod:`sklearn_rnn.metrics._entity`.

The scorers take ``(estimator, X, y)`` with ragged ``X`` and ``y``: pass them as
``scoring=`` to ``GridSearchCV`` or ``cross_val_score``.
"""

from sklearn import metrics as _skm
from sklearn.metrics import make_scorer

from ._validation import check_f1_scorer_options, flat_labels

__all__ = [
    "flat_accuracy_score",
    "flat_accuracy_scorer",
    "flat_classification_report",
    "flat_f1_score",
    "flat_precision_score",
    "flat_recall_score",
    "make_flat_f1_scorer",
]


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


flat_accuracy_scorer = make_scorer(flat_accuracy_score)


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
