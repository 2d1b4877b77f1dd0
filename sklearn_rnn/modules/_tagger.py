"""Sequence tagger: word, character and affix features, recurrent core, softmax."""

import torch
from torch import nn

from ._charlm import SequenceCrossEntropy
from ._core import make_recurrent_core, run_padded
from ._crf import CRF, neg_log_likelihood

_UNKNOWN_WORD = 1
# Character ids (see _sentences): 1 the unknown character, 2 and 3 the word markers.
_UNKNOWN_CHAR, _WORD_END = 1, 3
# The language-modelling loss: targets of padding are its ignore_index (-100).
_lm_cross_entropy = SequenceCrossEntropy()
_IGNORE = _lm_cross_entropy.ignore_index
# Size of the hidden layer between the core's states and the language-modelling
# softmax (Rei, 2017, used 50), so that the core need not shape its states for it.
_LM_HIDDEN = 50
# Groups of similar length the distinct spellings of a batch are encoded in: few
# enough for few calls, enough that padding stays small (see encode_words).
_CHAR_BUCKETS = 4


class TaggerModule(nn.Module):
    """Tag scores ``(batch, n_tokens, n_tags)`` for padded sentences.

    Each token is its (lowercased) word's embedding concatenated with a
    bidirectional character encoder's summary of its characters and, optionally,
    the mean of its affixes' embeddings (prefixes, suffixes and shape: see
    ``_sentences.affix_keys``), so that words never seen in training still get
    informative features. In training mode a word is replaced by the unknown word
    with probability ``word_dropout[word]`` (e.g. ``alpha / (alpha + count)``),
    which teaches the model to fall back on the spelling. The recurrent cores read
    each sequence only up to its length (packed on CUDA, in fused unpacked calls on
    CPU: ``_core.run_padded``): padding never reaches them.

    Parameters
    ----------
    n_words, n_chars, n_tags : int
        Vocabulary sizes (ids 0 are padding, 1 unknown).
    n_affixes : int, default=0
        Size of the affix vocabulary (0: no affix features; then ``forward``
        takes no ``affixes``).
    word_dropout : sequence of float of length n_words or None
        Per-word probability of being replaced by the unknown word in training.
    word_embedding_dim, char_embedding_dim, char_hidden_size : int
        Sizes of the word embedding, character embedding and character encoder.
    affix_embedding_dim : int
        Size of the affix embedding (used when ``n_affixes > 0``).
    cell, hidden_size, num_layers, dropout, nonlinearity, bidirectional
        The main recurrent core, as in :func:`make_recurrent_core`; ``dropout``
        also applies to the token features and the core's output.
    n_aux_tags : int, default=0
        Number of auxiliary tags the head also scores, after the ``n_tags`` main
        ones, for multi-task training (see :class:`TaggingLoss`).
    n_lm_words : int, default=0
        With ``n_lm_words > 0``, language-modelling heads (Rei, 2017): from the
        core's forward states each token predicts the next word, from its backward
        states the previous one, among word ids below ``n_lm_words`` (the others
        count as the unknown word; one more class marks the sentence's ends).
        In training mode ``forward`` then returns ``(scores, lm_loss)``, the mean
        cross-entropy of these predictions summed over the directions (see
        :func:`lm_targets`); in eval mode the scores alone.
    char_dropout : float, default=0.0
        In training mode, the probability that a character (not a word marker)
        of a spelling is read as the unknown character: the character encoder
        learns not to hang a word's features on any one character. It is drawn
        per distinct spelling of a batch, so the spellings encoded stay as few.
    crf : bool, default=False
        Score whole tag sequences with a linear-chain :class:`CRF` over the main
        tags' scores: ``forward`` then returns ``(scores, lm_loss, potentials)``
        in both modes (``lm_loss`` None outside training), the CRF's
        ``(transitions, start, end)`` scores for :class:`TaggingLoss` and the
        decoders.
    allowed_transitions : nested list of bool of shape (n_tags + 2, n_tags + 2)
        The CRF's allowed transitions (see :class:`CRF`); None allows all.

    Examples
    --------
    >>> import torch
    >>> tagger = TaggerModule(n_words=10, n_chars=8, n_tags=3, hidden_size=4)
    >>> words = torch.tensor([[2, 3, 4], [5, 6, 0]])
    >>> chars = torch.randint(4, 8, (2, 3, 5))
    >>> tuple(tagger(words, chars, lengths=torch.tensor([3, 2])).shape)
    (2, 3, 3)
    """

    def __init__(
        self,
        n_words: int,
        n_chars: int,
        n_tags: int,
        *,
        word_dropout=None,
        n_affixes: int = 0,
        affix_embedding_dim: int = 64,
        word_embedding_dim: int = 100,
        char_embedding_dim: int = 32,
        char_hidden_size: int = 64,
        cell: str = "lstm",
        hidden_size: int = 128,
        num_layers: int = 1,
        dropout: float = 0.0,
        nonlinearity: str = "tanh",
        bidirectional: bool = True,
        n_aux_tags: int = 0,
        n_lm_words: int = 0,
        char_dropout: float = 0.0,
        crf: bool = False,
        allowed_transitions=None,
    ):
        super().__init__()
        self.char_dropout = char_dropout
        self.bidirectional = bidirectional
        self.word_embedding = nn.Embedding(n_words, word_embedding_dim, padding_idx=0)
        self.char_embedding = nn.Embedding(n_chars, char_embedding_dim, padding_idx=0)
        self.char_core = make_recurrent_core(
            cell,
            char_embedding_dim,
            char_hidden_size,
            nonlinearity=nonlinearity,
            bidirectional=True,
        )
        self.affix_embedding = None
        n_features = word_embedding_dim + 2 * char_hidden_size
        if n_affixes:
            self.affix_embedding = nn.Embedding(
                n_affixes, affix_embedding_dim, padding_idx=0
            )
            n_features += affix_embedding_dim
        self.core = make_recurrent_core(
            cell,
            n_features,
            hidden_size,
            num_layers=num_layers,
            dropout=dropout,
            nonlinearity=nonlinearity,
            bidirectional=bidirectional,
        )
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(
            hidden_size * (2 if bidirectional else 1), n_tags + n_aux_tags
        )
        self.n_lm_words = n_lm_words
        self.lm_heads = None
        if n_lm_words:
            self.lm_heads = nn.ModuleList(
                nn.Sequential(
                    nn.Linear(hidden_size, _LM_HIDDEN),
                    nn.Tanh(),
                    nn.Linear(_LM_HIDDEN, n_lm_words + 1),
                )
                for _ in range(2 if bidirectional else 1)
            )
        probs = torch.zeros(n_words) if word_dropout is None else word_dropout
        self.register_buffer("word_dropout", torch.as_tensor(probs, dtype=torch.float))
        self.crf = None
        if crf:
            allowed = allowed_transitions
            self.crf = CRF(n_tags, None if allowed is None else torch.tensor(allowed))

    def encode_words(self, chars: torch.Tensor) -> torch.Tensor:
        """Character features ``(batch, n_tokens, 2 * char_hidden_size)``.

        Each distinct spelling in the batch is encoded once (a batch repeats
        "the" and "," many times). On CPU, PyTorch runs a packed batch of mixed
        lengths one character at a time (a dozen small autograd operations per
        step), and a padded one in a single fused call: the spellings are sorted
        by length and cut into ``_CHAR_BUCKETS`` groups that pad little.
        """
        flat = chars.reshape(-1, chars.shape[-1])
        spellings, inverse = torch.unique(flat, dim=0, return_inverse=True)
        if self.training and self.char_dropout:
            drop = torch.rand(spellings.shape, device=spellings.device)
            drop = (drop < self.char_dropout) & (spellings > _WORD_END)
            spellings = spellings.masked_fill(drop, _UNKNOWN_CHAR)
        lengths = (spellings != 0).sum(dim=1).clamp(min=1)
        # cuDNN runs a packed batch of mixed lengths at once; CPU needs buckets.
        n_buckets = 1 if spellings.device.type == "cuda" else _CHAR_BUCKETS
        order = torch.argsort(lengths)
        buckets = torch.tensor_split(order, min(n_buckets, len(order)))
        encoded = torch.cat(
            [self._encode_spellings(spellings[rows], lengths[rows]) for rows in buckets]
        )
        rank = torch.empty_like(order)
        rank[order] = torch.arange(len(order), device=order.device)
        return encoded[rank[inverse]].reshape(*chars.shape[:2], -1)

    def _encode_spellings(self, spellings, lengths):
        """Both directions' states after reading each whole spelling.

        The forward direction has read it at its last character, the backward
        direction at its first (``run_padded`` returns the backward outputs at
        the positions they belong to).
        """
        width = int(lengths.max())
        embedded = self.char_embedding(spellings[:, :width])
        outputs = run_padded(self.char_core, embedded, lengths)
        hidden = self.char_core.hidden_size
        last = (lengths - 1).view(-1, 1, 1).expand(-1, 1, hidden)
        forward = outputs[..., :hidden].gather(1, last).squeeze(1)
        return torch.cat([forward, outputs[:, 0, hidden:]], dim=-1)

    def forward(
        self,
        words: torch.Tensor,
        chars: torch.Tensor,
        lengths: torch.Tensor,
        affixes: torch.Tensor | None = None,
    ) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor]:
        seen = words
        if self.training:
            drop = (
                torch.rand(words.shape, device=words.device) < self.word_dropout[words]
            )
            seen = words.masked_fill(drop, _UNKNOWN_WORD)
        features = [self.word_embedding(seen), self.encode_words(chars)]
        if self.affix_embedding is not None:
            if affixes is None:
                raise ValueError(
                    "This TaggerModule was built with affix features (n_affixes="
                    f"{self.affix_embedding.num_embeddings}): pass affixes, the "
                    "(batch, n_tokens, N_AFFIXES) ids that make_batches gives."
                )
            # A mean rather than a sum, whose nine N(0, 1) terms spread three
            # times as wide as the word embedding: on EWT the mean learned
            # faster and tagged dev better.
            features.append(self.affix_embedding(affixes).mean(dim=-2))
        tokens = self.drop(torch.cat(features, -1))
        output = run_padded(self.core, tokens, lengths)
        scores = self.head(self.drop(output))
        potentials = None if self.crf is None else self.crf.potentials()
        if not (self.training and self.lm_heads is not None):
            return scores if potentials is None else (scores, None, potentials)
        # The words as written (before word dropout) are the targets; a
        # unidirectional core predicts only the next word.
        n_directions = len(self.lm_heads)
        targets = lm_targets(words, lengths, self.n_lm_words)[:n_directions]
        states = output.chunk(n_directions, dim=-1)
        lm_loss = sum(
            _lm_cross_entropy(head(self.drop(state)), target)
            for head, state, target in zip(self.lm_heads, states, targets, strict=True)
        )
        return (
            (scores, lm_loss) if potentials is None else (scores, lm_loss, potentials)
        )


def lm_targets(words, lengths, n_lm_words):
    """Next and previous word ids of each token, for the language-modelling heads.

    Word ids at or above ``n_lm_words`` become the unknown word (1); the token
    after a sentence's last one and before its first is ``n_lm_words`` (the
    sentence end), and padding is ``-100`` (ignored).

    Parameters
    ----------
    words : torch.Tensor of shape (batch, n_tokens)
        Word ids, padded with 0 past each sentence's length.
    lengths : torch.Tensor of shape (batch,)
        Sentence lengths (at least 1).
    n_lm_words : int
        Word ids below it are predicted as themselves.

    Returns
    -------
    next_words, previous_words : torch.Tensor of shape (batch, n_tokens)

    Examples
    --------
    >>> import torch
    >>> words = torch.tensor([[5, 2, 9], [3, 0, 0]])
    >>> next_words, previous_words = lm_targets(words, torch.tensor([3, 1]), 8)
    >>> next_words.tolist(), previous_words.tolist()
    ([[2, 1, 8], [8, -100, -100]], [[8, 5, 2], [8, -100, -100]])
    """
    ids = words.masked_fill(words >= n_lm_words, _UNKNOWN_WORD)
    position = torch.arange(words.shape[1], device=words.device)
    padding = position >= lengths[:, None]
    ends = torch.full_like(ids[:, :1], n_lm_words)
    next_words = torch.cat([ids[:, 1:], ends], dim=1)
    next_words[position == (lengths - 1)[:, None]] = n_lm_words
    previous_words = torch.cat([ends, ids[:, :-1]], dim=1)
    return (
        next_words.masked_fill(padding, _IGNORE),
        previous_words.masked_fill(padding, _IGNORE),
    )


class TaggingLoss(SequenceCrossEntropy):
    """Cross-entropy of the main tags, plus the weighted auxiliary and LM losses.

    Scores are ``(batch, n_tokens, n_tags + n_aux_tags)`` as :class:`TaggerModule`
    gives them, or ``(scores, lm_loss)`` as it gives them in training mode with
    language-modelling heads; targets ``(batch, n_tokens)`` main tag ids, or
    ``(batch, n_tokens, 2)`` main and auxiliary tag ids. Targets equal to
    ``ignore_index`` (-100: padding) add nothing to the loss. Without auxiliary
    targets (e.g. on validation data) only the main tags count.

    Parameters
    ----------
    n_tags : int
        Number of main tags: the first ``n_tags`` scores are theirs.
    aux_weight : float, default=1.0
        Weight of the auxiliary tags' cross-entropy.
    lm_weight : float, default=0.1
        Weight of the language-modelling loss, when the scores come with one.

    Examples
    --------
    >>> import torch
    >>> loss = TaggingLoss(n_tags=2, aux_weight=0.5)
    >>> scores = torch.zeros(1, 2, 5)  # 2 main tags, then 3 auxiliary ones
    >>> main_only = torch.tensor([[0, 1]])
    >>> both = torch.tensor([[[0, 2], [1, -100]]])  # the 2nd token: no aux tag
    >>> round(float(loss(scores, main_only)), 4)  # log(2)
    0.6931
    >>> round(float(loss(scores, both)), 4)  # log(2) + 0.5 * log(3)
    1.2425
    >>> round(float(loss((scores, torch.tensor(2.0)), main_only)), 4)  # + 0.1 * 2
    0.8931
    """

    def __init__(
        self, n_tags: int, aux_weight: float = 1.0, lm_weight: float = 0.1, **kwargs
    ):
        super().__init__(**kwargs)
        self.n_tags, self.aux_weight, self.lm_weight = n_tags, aux_weight, lm_weight

    def forward(self, logits, target: torch.Tensor) -> torch.Tensor:
        lm_loss = potentials = None
        if isinstance(logits, tuple):
            logits, lm_loss, *rest = logits
            potentials = rest[0] if rest else None
        main_target = target if target.dim() == 2 else target[..., 0]
        if potentials is not None:
            loss = self._crf_loss(logits[..., : self.n_tags], main_target, potentials)
        # Negative targets (padding, or a validation tag unseen in training that
        # no score stands for) add nothing to the loss.
        target = target.masked_fill(target < 0, self.ignore_index)
        main_target = target if target.dim() == 2 else target[..., 0]
        if potentials is None:
            loss = super().forward(logits[..., : self.n_tags], main_target)
        if target.dim() == 3 and self.aux_weight:
            aux = super().forward(logits[..., self.n_tags :], target[..., 1])
            loss = loss + self.aux_weight * aux
        if lm_loss is not None:
            loss = loss + self.lm_weight * lm_loss
        return loss

    def _crf_loss(self, emissions, target, potentials):
        """The CRF's negative log-likelihood per token. Sentences holding a tag
        that no score stands for (a validation tag unseen in training) have no
        defined likelihood and are left out."""
        mask = target != self.ignore_index
        whole = ~((target < 0) & mask).any(dim=1)
        nll = neg_log_likelihood(
            emissions[whole], target[whole], mask[whole], *potentials
        )
        return nll.sum() / mask[whole].sum()
