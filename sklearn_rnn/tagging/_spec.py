"""What network a fitted :class:`~sklearn_rnn.SequenceTagger` trains.

Its module's arguments, read off the fitted vocabularies, tag set and scheme and
the tagger's parameters, and the callbacks that train it (validation accuracy as
``predict`` decodes, weight averaging): the tagger's training spec, kept apart so
that the estimator reads as its fit and predict.
"""

from .._training.callbacks import ValidationScore, WeightAveraging
from .._training.spec import TrainingSpec
from ..modules import TaggerModule, TaggingLoss
from . import _sentences
from ._decoding import TokenHits

# Words the language-modelling loss predicts, the most frequent (see lm_weight).
LM_WORDS = 2000


def training_spec(tagger):
    """The :class:`~sklearn_rnn._training.spec.TrainingSpec` of a tagger whose
    vocabularies, tag set and scheme are fitted.

    Tagging is judged by accuracy, and the dev loss turns up (the model grows
    overconfident on the tokens it gets wrong) epochs before dev accuracy stops
    improving (6-7 against 10-12 on UD English EWT): early stopping watches the
    validation token accuracy.
    """
    hits = TokenHits(len(tagger.classes_), tagger._allowed_transitions_)
    callbacks = [("valid_acc", ValidationScore("valid_acc", hits))]
    if tagger.ema_decay:
        callbacks.append(("weight_averaging", WeightAveraging(tagger.ema_decay)))
    criterion_kwargs = {
        "n_tags": len(tagger.classes_),
        "aux_weight": tagger.aux_weight,
        "lm_weight": tagger.lm_weight,
    }
    return TrainingSpec(
        TaggerModule,
        module_kwargs(tagger),
        TaggingLoss,
        criterion_kwargs,
        batches="prepared",
        callbacks=tuple(callbacks),
        monitor=("valid_acc", False),
    )


def module_kwargs(tagger):
    """The :class:`~sklearn_rnn.modules.TaggerModule` arguments of a tagger whose
    vocabularies, tag set and scheme are fitted."""
    n_words = len(tagger._word_index_) + _sentences.WORD_IDS
    affixes = tagger._affix_index_
    crf = tagger.decoder_ == "crf"
    # The CRF fixes the scheme's forbidden transitions; a softmax decodes them.
    allowed = tagger._allowed_transitions_ if crf else None
    return {
        "n_words": n_words,
        "n_chars": len(tagger._char_index_) + _sentences.CHAR_IDS,
        "n_tags": len(tagger.classes_),
        "word_dropout": tagger._word_dropout_probs_.tolist(),
        "word_embedding_dim": tagger.word_embedding_dim,
        "char_embedding_dim": tagger.char_embedding_dim,
        "char_hidden_size": tagger.char_hidden_size,
        "char_dropout": tagger.char_dropout,
        "n_affixes": 0 if affixes is None else len(affixes) + _sentences.AFFIX_IDS,
        "affix_embedding_dim": tagger.affix_embedding_dim,
        "bidirectional": tagger.bidirectional,
        "n_aux_tags": 0 if tagger.aux_classes_ is None else len(tagger.aux_classes_),
        "n_lm_words": min(LM_WORDS, n_words) if tagger.lm_weight else 0,
        "crf": crf,
        "allowed_transitions": allowed.tolist()
        if crf and allowed is not None
        else None,
        **tagger._core_kwargs(),
    }
