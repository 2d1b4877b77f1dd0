"""SequenceTagger: one label per token (part-of-speech tagging, NER)."""

import numpy as np
from sklearn.base import _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.validation import check_is_fitted

from .._constraints import count, real
from .._training.base import (
    SHARED_ATTRIBUTES_DOC,
    SHARED_PARAMS_DOC,
    BaseRNN,
    with_shared_defaults,
)
from .._training.iterators import BatchList
from . import _sentences
from ._decoding import read_batches
from ._schemes import SCHEMES, resolve_scheme
from ._spec import training_spec


@with_shared_defaults
class SequenceTagger(BaseRNN):
    __doc__ = f"""Recurrent sequence labeller: one tag per token.

    Each token is represented by a learned embedding of its lowercased form, a
    bidirectional character encoder of its spelling (with word-boundary markers)
    and embeddings of its prefixes, suffixes and shape, so that words never seen
    in training get tags from how they are written. Word dropout (a word is
    replaced by the unknown word with probability ``word_dropout / (word_dropout
    + count)``) teaches the model to rely on the spelling. A bidirectional
    recurrent core reads the sentence, a softmax gives each token's tag
    distribution, and a language-modelling loss asks the core to predict each
    token's neighbouring words as well. With ``decoder="crf"`` a linear-chain
    CRF scores whole tag sequences instead. Sentences are batched with others of
    similar length, and each recurrent pass reads a sentence only up to its
    length, so padding never enters the loss, the gradients or the predictions.

    Parameters
    ----------
    word_embedding_dim : int, default=100
        Size of the word embedding.
    char_embedding_dim : int, default=50
        Size of the character embedding.
    char_hidden_size : int, default=100
        Hidden size of the (bidirectional) character encoder, per direction.
    char_dropout : float in [0, 1), default=0.0
        In training, the probability that a character is read as an unknown
        one, so that a word's features do not hang on any one character (for
        text with typos). On UD English EWT, 0.03 helped dev but not test.
    affix_embedding_dim : int, default=64
        Size of the affix features: the mean of learned embeddings of the token's
        lowercased prefixes and suffixes of 1 to 4 characters and of its shape
        (character classes, e.g. ``"Xx"`` for "Paris", ``"d-Xx-d"`` for
        "01-Feb-02"), each kept when at least 2 distinct training tokens share
        it. On UD English EWT they raised accuracy on test words unseen in
        training by 1.2 points (two seeds; see the benchmarks). 0 disables them.
    word_dropout : float, default=2.0
        The ``alpha`` of word dropout; 0 disables it. A word seen once is dropped
        with probability 2/3, one seen 100 times with 2%: on UD English EWT this
        strong setting tagged unseen words better than ``alpha=0.25``.
    case_augmentation : float, default=0.2
        Share of the training sentences added again in lower case (and half as
        many in upper case), with their tags: web text writes names in lower case
        and headings in capitals, and the copies teach the model to read a known
        word through such case (on UD English EWT, 1.4 to 1.9 points more on
        unseen words). 0 disables it.
    bidirectional : bool, default=True
        Whether the main core also reads each sentence backwards.
    ema_decay : float in [0, 1), default=0.999
        Decay of the exponential moving average of the weights that validation
        and prediction use (Polyak averaging): after each training step the
        average moves towards the weights by ``1 - ema_decay`` (by more over the
        first 9,000 steps). From the seventh epoch on it tagged UD English EWT's
        dev set 0.1 to 0.4 points better than the trained weights. 0 disables it.
    aux_weight : float, default=1.0
        Weight of the auxiliary tags' loss against the main tags' when
        :meth:`fit` is given ``aux_tags``; unused otherwise.
    lm_weight : float, default=0.1
        Weight of a language-modelling loss (Rei, 2017): from the core's forward
        states each token also predicts the next word, from its backward states
        the previous one (among the 2,000 most frequent training words). On UD
        English EWT it made a tagger with these defaults 0.1 to 0.2 points more
        accurate, for epochs about 1.3 times as long. 0 disables it.
    decoder : {{"auto", "softmax", "crf"}}, default="auto"
        How tags are scored: each token's own softmax, or a linear-chain CRF
        over the whole sentence (learned transition scores between tags,
        trained on the sentence's likelihood, decoded by Viterbi; its
        ``predict_proba`` gives the marginals). "auto" takes the CRF for span
        tags (a ``tag_scheme_``: named entities, chunks) and the softmax for
        other tags (parts of speech), what measured best for each on UD
        English EWT: entity F1 87.4 against 86.6 for spans, level (96.26%
        against 96.27%) for parts of speech in fewer, faster epochs.
    tag_scheme : {{"auto", "bio", "iob1", "bioes"}} or None, default="auto"
        The span scheme of the tags (``B-PER``, ``I-PER``, ``O``, ...), whose
        invalid transitions (``I-ORG`` right after ``O`` in BIO) ``predict``
        never emits, with either decoder. "auto" reads it off the training tags
        (BIOES if ``E-``/``S-`` occur, IOB1 if spans start with ``I-`` and never
        with ``B-``, else BIO; none for tags such as parts of speech); None
        turns constraints off.
    {SHARED_PARAMS_DOC}

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The tag set, sorted.
    aux_classes_ : ndarray of shape (n_aux_classes,) or None
        The auxiliary tag set, sorted (None when :meth:`fit` had no
        ``aux_tags``).
    tag_scheme_ : {"bio", "iob1", "bioes"} or None
        The span scheme ``predict`` keeps to (None: no constraint).
    decoder_ : {"softmax", "crf"}
        The decoder trained (``decoder``, with "auto" resolved).
    {SHARED_ATTRIBUTES_DOC}

    Notes
    -----
    ``hidden_size`` is per direction. ``batch_size`` counts sentences. With
    ``early_stopping=True``, validation uses ``validation_data`` when passed to
    :meth:`fit` (e.g. a treebank's dev set), else the last ``validation_fraction``
    of the sentences, and it watches token accuracy (``valid_acc`` in
    ``history_``) rather than the loss: training stops once accuracy has not
    risen by ``tol`` for ``n_iter_no_change`` epochs, and the weights of the most
    accurate epoch are kept. ``train_loss`` includes the weighted auxiliary and
    language-modelling losses; validation scores the main tags alone. Defaults
    differ from the forecaster's where tagging practice does:
    ``hidden_size=128``, ``dropout=0.33``, ``batch_size=32``, ``lr=0.002``,
    ``max_epochs=30``.

    Examples
    --------
    >>> from sklearn_rnn import SequenceTagger
    >>> X = [["the", "cat", "sleeps"], ["a", "dog", "runs"]] * 20
    >>> y = [["DET", "NOUN", "VERB"]] * 40
    >>> tagger = SequenceTagger(hidden_size=16, max_epochs=15, random_state=0)
    >>> tagger.fit(X, y).predict([["the", "dog", "sleeps"], []])
    [['DET', 'NOUN', 'VERB'], []]
    """

    _parameter_constraints: dict = {
        **BaseRNN._parameter_constraints,
        "word_embedding_dim": [count(1)],
        "char_embedding_dim": [count(1)],
        "char_hidden_size": [count(1)],
        "char_dropout": [real(0, 1, "left")],
        "affix_embedding_dim": [count(0)],
        "word_dropout": [real(0, None, "left")],
        "case_augmentation": [real(0, 1, "both")],
        "bidirectional": ["boolean"],
        "ema_decay": [real(0, 1, "left")],
        "aux_weight": [real(0, None, "left")],
        "lm_weight": [real(0, None, "left")],
        "decoder": [StrOptions({"auto", "softmax", "crf"})],
        "tag_scheme": [StrOptions({"auto", *SCHEMES}), None],
    }

    def __init__(
        self,
        *,
        word_embedding_dim=100,
        char_embedding_dim=50,
        char_hidden_size=100,
        char_dropout=0.0,
        affix_embedding_dim=64,
        word_dropout=2.0,
        case_augmentation=0.2,
        bidirectional=True,
        ema_decay=0.999,
        aux_weight=1.0,
        lm_weight=0.1,
        decoder="auto",
        tag_scheme="auto",
        cell="lstm",
        hidden_size=128,
        num_layers=1,
        dropout=0.33,
        nonlinearity="tanh",
        max_epochs=30,
        batch_size=32,
        lr=0.002,
        optimizer="adam",
        weight_decay=0.0,
        clip_grad_norm=1.0,
        early_stopping=False,
        validation_fraction=0.1,
        n_iter_no_change=10,
        tol=1e-4,
        mixed_precision=None,
        device="cpu",
        random_state=None,
        verbose=0,
        callbacks=None,
    ):
        super().__init__(
            cell=cell,
            hidden_size=hidden_size,
            num_layers=num_layers,
            dropout=dropout,
            nonlinearity=nonlinearity,
            max_epochs=max_epochs,
            batch_size=batch_size,
            lr=lr,
            optimizer=optimizer,
            weight_decay=weight_decay,
            clip_grad_norm=clip_grad_norm,
            early_stopping=early_stopping,
            validation_fraction=validation_fraction,
            n_iter_no_change=n_iter_no_change,
            tol=tol,
            mixed_precision=mixed_precision,
            device=device,
            random_state=random_state,
            verbose=verbose,
            callbacks=callbacks,
        )
        self.word_embedding_dim = word_embedding_dim
        self.char_embedding_dim = char_embedding_dim
        self.char_hidden_size = char_hidden_size
        self.char_dropout = char_dropout
        self.affix_embedding_dim = affix_embedding_dim
        self.word_dropout = word_dropout
        self.case_augmentation = case_augmentation
        self.bidirectional = bidirectional
        self.ema_decay = ema_decay
        self.aux_weight = aux_weight
        self.lm_weight = lm_weight
        self.decoder = decoder
        self.tag_scheme = tag_scheme

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, *, validation_data=None, aux_tags=None):
        """Learn to tag the tokens of ``X`` with ``y``.

        Parameters
        ----------
        X : list of list of str
            Sentences, each a list of tokens.
        y : list of list of str
            The matching tags, one per token.
        validation_data : tuple (X_val, y_val) or None, default=None
            Sentences and tags to validate on each epoch (reported in
            ``history_`` as ``valid_loss`` and ``valid_acc``, the token
            accuracy); with ``early_stopping=True`` they decide when to stop,
            instead of the last ``validation_fraction`` of ``X``.
        aux_tags : list of list of str or None, default=None
            A second annotation of the same tokens (e.g. XPOS beside UPOS),
            learned alongside ``y`` by a second softmax (loss weighted by
            ``aux_weight``), not predicted. On UD English EWT: single taggers
            about 0.5 points better on unseen words, averages of taggers not.

        Returns
        -------
        self : SequenceTagger
            The fitted estimator.
        """
        X = _sentences.check_sentences(X)
        y = _sentences.check_tags(X, y)
        _sentences.check_has_tokens(X, "X")
        if aux_tags is not None:
            aux_tags = _sentences.check_tags(X, aux_tags, "aux_tags")
        validation = None
        if validation_data is not None:
            X_val, y_val = _sentences.check_validation(validation_data)
            validation = {"X": X_val, "y": y_val, "aux": None}
        return self._fit({"X": X, "y": y, "aux": aux_tags}, validation)

    def _split_unit(self, data):
        return "sentences"

    def _fit_encoding(self, data):
        X, y, aux_tags = data["X"], data["y"], data["aux"]
        _sentences.check_has_tokens(
            X, "the training part of X (before the validation tail)"
        )
        self.classes_ = _sentences.tag_set(y)
        self.tag_scheme_, self._allowed_transitions_ = resolve_scheme(
            self.tag_scheme, self.classes_, y
        )
        self.decoder_ = self.decoder
        if self.decoder == "auto":
            self.decoder_ = "softmax" if self.tag_scheme_ is None else "crf"
        self.aux_classes_ = None if aux_tags is None else _sentences.tag_set(aux_tags)
        self._word_index_, counts, self._char_index_ = _sentences.fit_vocabularies(X)
        self._affix_index_ = (
            _sentences.fit_affixes(X) if self.affix_embedding_dim else None
        )
        alpha = self.word_dropout
        self._word_dropout_probs_ = np.divide(
            alpha, alpha + counts, out=np.zeros_like(counts), where=counts > 0
        )

    def _encode_fit(self, data, training):
        X = data["X"]
        if not training:  # validation scores the main tags alone
            _sentences.check_has_tokens(X, "the validation sentences")
            tag_ids = _sentences.tag_ids(data["y"], self.classes_)
            return BatchList(self._batches(X, tag_ids)), None
        tag_ids = _sentences.tag_ids(
            data["y"], self.classes_, data["aux"], self.aux_classes_
        )
        if self.case_augmentation:
            rng = check_random_state(self.random_state)
            X, tag_ids = _sentences.augment_case(
                X, tag_ids, self.case_augmentation, rng
            )
        return BatchList(self._batches(X, tag_ids)), None

    def _training_spec(self, X, y):
        return training_spec(self)

    def _batches(self, X, tag_ids):
        """Padded batches of the sentences ``X`` and their tag ids."""
        indexes = (self._word_index_, self._char_index_, self.batch_size)
        batches = _sentences.make_batches(X, *indexes, tag_ids, self._affix_index_)
        return [(X_b, y_b) for X_b, y_b, _ in batches]

    def predict_proba(self, X):
        """Tag distribution of each token.

        Parameters
        ----------
        X : list of list of str
            Sentences, each a list of tokens.

        Returns
        -------
        proba : list of ndarray of shape (n_tokens, n_classes)
            One array per sentence (``(0, n_classes)`` for an empty one); columns
            follow ``classes_``.
        """
        check_is_fitted(self)
        return self._proba_and_paths(_sentences.check_sentences(X))[0]

    def predict(self, X):
        """Most likely tag of each token.

        Parameters
        ----------
        X : list of list of str
            Sentences, each a list of tokens.

        Returns
        -------
        tags : list of list
            One tag list per sentence, as long as the sentence.
        """
        check_is_fitted(self)
        _, paths = self._proba_and_paths(_sentences.check_sentences(X))
        return [self.classes_[path].tolist() for path in paths]

    def _proba_and_paths(self, X):
        """Tag distributions and decoded tag ids (see ``_decoding.py``)."""
        return read_batches(self._inference_module(), X, self)

    def score(self, X, y):
        """Token accuracy of :meth:`predict` on ``X`` against ``y``.

        Parameters
        ----------
        X : list of list of str
            Sentences.
        y : list of list
            Their true tags.

        Returns
        -------
        accuracy : float
            Share of tokens tagged correctly.
        """
        y = _sentences.check_tags(_sentences.check_sentences(X), y)
        y_pred = self.predict(X)
        correct = sum(
            p == t
            for ps, ts in zip(y_pred, y, strict=True)
            for p, t in zip(ps, ts, strict=True)
        )
        return correct / max(1, sum(map(len, y)))
