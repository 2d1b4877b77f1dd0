"""Metrics and scorers: forecast accuracy (M4's MASE, sMAPE, MSIS) and sequence labels.

Forecasting metrics take arrays of shape ``(horizon,)`` or ``(n_series, horizon)``.
Sequence-labelling metrics take ragged lists of label lists, one per sentence: the
``flat_*`` metrics score tokens, the ``entity_*`` metrics score BIO chunks (as
seqeval's default mode, or with ``mode="strict"`` as its strict IOB2 mode).

Ready scorers, for ``scoring=`` in ``GridSearchCV`` or ``cross_val_score`` (greater
is better, so error metrics are negated): ``smape_scorer`` (minus the sMAPE of
windowed forecasts), ``flat_accuracy_scorer`` (token accuracy of a tagger) and
``entity_f1_scorer`` (entity-level F1 of a BIO tagger). ``make_mase_scorer`` and
``make_flat_f1_scorer`` build the parametrised ones; the strict entity-level F1
scorer is ``make_scorer(entity_f1_score, mode="strict")``.
"""

from ._entity import (
    entity_classification_report,
    entity_f1_score,
    entity_f1_scorer,
    entity_precision_score,
    entity_recall_score,
)
from ._forecast import (
    make_mase_scorer,
    mean_absolute_scaled_error,
    smape_scorer,
    symmetric_mean_absolute_percentage_error,
)
from ._interval import interval_coverage, mean_scaled_interval_score
from ._sequence import (
    flat_accuracy_score,
    flat_accuracy_scorer,
    flat_classification_report,
    flat_f1_score,
    flat_precision_score,
    flat_recall_score,
    make_flat_f1_scorer,
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
    "interval_coverage",
    "make_flat_f1_scorer",
    "make_mase_scorer",
    "mean_absolute_scaled_error",
    "mean_scaled_interval_score",
    "smape_scorer",
    "symmetric_mean_absolute_percentage_error",
]
