"""CharRNNGenerator: a character-level language model that learns and writes text."""

import math

import numpy as np
import torch
from sklearn.base import _fit_context
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from .._constraints import count
from .._training.base import (
    SHARED_ATTRIBUTES_DOC,
    SHARED_PARAMS_DOC,
    BaseRNN,
    with_shared_defaults,
)
from .._training.iterators import BatchList
from .._training.spec import TrainingSpec
from ..modules import CharLanguageModel, SequenceCrossEntropy
from . import _text
from ._inference import last_logits, log_likelihood
from ._input import check_contexts, check_generate_args
from ._stepper import blas_threads, make_step

# Share of training characters replaced by the unknown slot (see the class doc).
_UNKNOWN_RATE = 1e-3


@with_shared_defaults
class CharRNNGenerator(BaseRNN):
    __doc__ = f"""Character-level recurrent language model (char-rnn).

    ``fit`` learns the distribution of the next character given all the previous
    ones, by truncated back-propagation through time: the text is cut into
    ``batch_size`` contiguous streams read in chunks of ``seq_length`` characters,
    the recurrent state carried (detached) from one chunk to the next and reset at
    the start of each document. Every position of a chunk is a training target.
    ``generate`` writes new text, ``score`` measures how well held-out text is
    predicted.

    **Characters unseen at fit time** map to one unknown slot, everywhere: as
    input (seed text, contexts, scored text) they are read as "some unknown
    character"; as a scored target they cost the probability the model gives the
    unknown slot. Training teaches the slot by replacing 0.1% of the training
    characters with it. ``generate`` and ``predict`` never output it, and
    ``predict_proba`` spreads nothing on it (its columns are ``classes_``).

    Parameters
    ----------
    seq_length : int, default=100
        Truncated-BPTT chunk length: gradients flow back at most this many
        characters.
    embedding_dim : int, default=32
        Size of each character's learned embedding.
    {SHARED_PARAMS_DOC}

    Attributes
    ----------
    classes_ : ndarray of str of shape (n_classes,)
        The training characters, sorted by code point.
    {SHARED_ATTRIBUTES_DOC}

    Notes
    -----
    ``dropout`` applies to the embeddings and the core's output as well as between
    layers. With ``early_stopping=True`` the last ``validation_fraction`` of the
    documents (or of the text, for one document) is held out. Defaults differ from
    the forecaster's where char-rnn practice does: ``hidden_size=128``,
    ``num_layers=2``, ``batch_size=32``, ``lr=0.002``, ``max_epochs=20``.

    Examples
    --------
    >>> from sklearn_rnn import CharRNNGenerator
    >>> text = "the cat sat on the mat. " * 40
    >>> gen = CharRNNGenerator(hidden_size=32, num_layers=1, max_epochs=10,
    ...                        seq_length=24, batch_size=8, lr=0.01, random_state=0)
    >>> gen.fit(text).bits_per_char("the cat sat on the mat.") < 1.0
    True
    >>> len(gen.generate(30, seed_text="the ", random_state=0))
    30
    """

    _parameter_constraints: dict = {
        **BaseRNN._parameter_constraints,
        "seq_length": [count(1)],
        "embedding_dim": [count(1)],
    }

    def __init__(
        self,
        *,
        seq_length=100,
        embedding_dim=32,
        cell="lstm",
        hidden_size=128,
        num_layers=2,
        dropout=0.0,
        nonlinearity="tanh",
        max_epochs=20,
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
        self.seq_length = seq_length
        self.embedding_dim = embedding_dim

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.target_tags.required = False
        return tags

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Learn the text.

        Parameters
        ----------
        X : str or list of str
            One text, or documents (the state is reset at each document's start).
        y : None
            Ignored; present for the scikit-learn API.

        Returns
        -------
        self : CharRNNGenerator
            The fitted estimator.
        """
        return self._fit(_text.check_documents(X))

    # Held out with early stopping: the last documents, or the end of a single
    # text (with validation_fraction=0.1, nanoGPT's Tiny Shakespeare split to a
    # character: benchmarks/char_shakespeare.py checks it).
    def _n_items(self, docs):
        docs = [d for d in docs if d]
        return len(docs) if len(docs) >= 2 else len(docs[0])

    def _take(self, docs, index):
        docs = [d for d in docs if d]
        return docs[index] if len(docs) >= 2 else [docs[0][index]]

    def _split_unit(self, docs):
        return "documents" if sum(map(bool, docs)) >= 2 else "characters"

    def _fit_encoding(self, docs):
        # From the training part only: held-out characters stay unseen.
        self._vocabulary_ = _text.fit_vocabulary(docs)
        self.classes_ = np.array([chr(c) for c in self._vocabulary_])

    def _encode_fit(self, docs, training):
        ids = [self._encode(d) for d in docs]
        if training:
            rng = check_random_state(self.random_state)
            ids = [self._corrupt(d, rng) for d in ids]
        return self._layout(ids)

    def _training_spec(self, X, y):
        n_classes = len(self._vocabulary_)
        kwargs = {
            "n_inputs": n_classes + 2,
            "n_outputs": n_classes + 1,
            "embedding_dim": self.embedding_dim,
            **self._core_kwargs(),
        }
        # Batches in text order: the state carried from one to the next follows
        # each stream's text.
        return TrainingSpec(
            CharLanguageModel,
            kwargs,
            SequenceCrossEntropy,
            batches="prepared",
            shuffle=False,
        )

    def _end_fit(self):
        self.net_.module_.state = None

    def _corrupt(self, ids, rng):
        mask = rng.random_sample(len(ids)) < _UNKNOWN_RATE
        return np.where(mask, len(self._vocabulary_), ids)

    def _encode(self, text):
        return _text.encode(text, self._vocabulary_)

    def _layout(self, docs_ids):
        """The documents' truncated-BPTT batches: batch ``k`` holds chunk ``k`` of
        every stream (see ``_text.tbptt_layout``)."""
        inputs, targets, reset, n_streams = _text.tbptt_layout(
            docs_ids, self.seq_length, self.batch_size, self._start_id
        )
        batches = [
            (
                {"ids": inputs[k : k + n_streams], "reset": reset[k : k + n_streams]},
                targets[k : k + n_streams],
            )
            for k in range(0, len(inputs), n_streams)
        ]
        return BatchList(batches), None

    @property
    def _start_id(self):
        return len(self._vocabulary_) + 1

    # Scoring reads whole texts through the model: a 2 x 256 LSTM scored 30,000
    # characters 3.4 times as fast in float32 as in float64 (bits per character
    # equal to 1e-6), and a text's score is a sum over all its characters.
    _cpu_inference_dtype = torch.float32

    def _module(self):
        """The inference module (see ``BaseRNN._inference_module``), its device."""
        check_is_fitted(self)
        module = self._inference_module()
        return module, next(module.parameters()).device

    def _next_distribution(self, logits):
        """Probabilities over ``classes_`` (the unknown slot excluded)."""
        return torch.softmax(logits[..., : len(self.classes_)].double().cpu(), dim=-1)

    def generate(
        self, n_chars, seed_text="", temperature=1.0, random_state=None, top_k=None
    ):
        """Write ``n_chars`` new characters, continuing ``seed_text``.

        The recurrent state is carried, so each new character costs the same.

        Parameters
        ----------
        n_chars : int
            Number of characters to generate (0 gives "").
        seed_text : str, default=""
            Text to continue; "" starts a new document. Unseen characters are read
            as the unknown slot.
        temperature : float, default=1.0
            Above 0. Lower is more conservative, higher more varied.
        random_state : int, RandomState instance or None, default=None
            Seeds the sampling: the same value gives the same text.
        top_k : int or None, default=None
            Sample only among the ``top_k`` most likely characters; None uses the
            whole distribution.

        Returns
        -------
        text : str
            The ``n_chars`` generated characters (without the seed text).
        """
        n_chars = check_generate_args(n_chars, seed_text, temperature, top_k)
        module, device = self._module()
        n_classes = len(self.classes_)
        uniforms = check_random_state(random_state).random_sample(n_chars)
        ids = np.append(self._start_id, self._encode(seed_text))
        out = np.empty(n_chars, dtype=np.int64)
        with torch.inference_mode(), blas_threads(torch.get_num_threads()):
            last, step = make_step(module, ids, n_classes, device)
            for i in range(n_chars):
                token = _text.sample(last, uniforms[i], temperature, top_k)
                out[i] = token
                last = step(token)
        return "".join(self.classes_[out])

    def predict_proba(self, X):
        """Next-character distribution after each context.

        Parameters
        ----------
        X : list of str
            Contexts (any length, "" included: the start of a document).

        Returns
        -------
        proba : ndarray of shape (n_contexts, n_classes)
            Columns follow ``classes_``; rows sum to 1.
        """
        check_contexts(X)
        module, device = self._module()
        seqs = [np.append(self._start_id, self._encode(c)) for c in X]
        logits = last_logits(module, seqs, self._start_id, device)
        return self._next_distribution(logits).double().numpy()

    def predict(self, X):
        """Most likely next character after each context.

        Parameters
        ----------
        X : list of str
            Contexts, as in :meth:`predict_proba`.

        Returns
        -------
        chars : ndarray of str of shape (n_contexts,)
        """
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    def score(self, X, y=None):
        """Mean log2-likelihood per character of ``X`` (minus bits per char).

        Each document is read from its start with the state carried, in chunks, so
        memory stays bounded for long texts. Higher is better, so that
        ``GridSearchCV`` maximises it.

        Parameters
        ----------
        X : str or list of str
            Held-out text or documents.
        y : None
            Ignored.

        Returns
        -------
        score : float
            Mean log2 probability of each character given the ones before it.
        """
        docs = _text.check_documents(X)
        module, device = self._module()
        ids = [self._encode(d) for d in docs if d]
        total = log_likelihood(module, ids, self._start_id, device)
        return total / sum(map(len, ids)) / math.log(2)

    def bits_per_char(self, X):
        """Bits per character of ``X`` (lower is better): ``-score(X)``.

        Parameters
        ----------
        X : str or list of str
            Held-out text or documents.

        Returns
        -------
        bpc : float
        """
        return -self.score(X)
