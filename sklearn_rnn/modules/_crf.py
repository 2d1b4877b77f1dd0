"""A linear-chain conditional random field over per-token tag scores.

The scores of a tag sequence ``y`` of length ``L`` given emissions ``e`` (a
tagger's per-token scores) are ``start[y_0] + sum_t e[t, y_t] + sum_t
transitions[y_{t-1}, y_t] + end[y_{L-1}]``; the CRF's loss is the negative log
of ``exp(score(y)) / Z``, ``Z`` summing over every sequence (the forward
algorithm). Transitions a tag scheme forbids (``I-PER`` after ``O`` in BIO) are
fixed at a large negative score, so decoding never emits them and training
spends nothing on them. Everything runs over padded batches with a mask; the
time loop is the only Python loop.
"""

import torch
from torch import nn

# The score of a forbidden transition: finite (a gold path through one, in data
# that break their own scheme, costs much but is no NaN), far below any learned
# score.
FORBIDDEN = -1e4


class CRF(nn.Module):
    """Learned transition scores between ``n_tags`` tags, with their algorithms.

    Parameters
    ----------
    n_tags : int
        Number of tags.
    allowed : torch.Tensor of shape (n_tags + 2, n_tags + 2) or None
        Which transitions a tag scheme allows: row/column ``n_tags`` is the
        sentence start, ``n_tags + 1`` its end (``allowed[n_tags, j]``: may a
        sentence start with tag j; ``allowed[i, n_tags + 1]``: may it end with
        tag i). None allows everything.

    Examples
    --------
    >>> import torch
    >>> crf = CRF(3)
    >>> emissions = torch.randn(2, 4, 3)
    >>> mask = torch.tensor([[1, 1, 1, 1], [1, 1, 0, 0]], dtype=torch.bool)
    >>> tags = torch.tensor([[0, 1, 2, 1], [2, 2, 0, 0]])
    >>> tuple(crf.neg_log_likelihood(emissions, tags, mask).shape)
    (2,)
    >>> [len(path) for path in crf.decode(emissions, mask)]
    [4, 2]
    >>> marginals = crf.marginals(emissions, mask)
    >>> bool(torch.allclose(marginals[mask].sum(-1), torch.ones(6)))
    True
    """

    def __init__(self, n_tags: int, allowed: torch.Tensor | None = None):
        super().__init__()
        self.n_tags = n_tags
        self.transitions = nn.Parameter(torch.zeros(n_tags, n_tags))
        self.start = nn.Parameter(torch.zeros(n_tags))
        self.end = nn.Parameter(torch.zeros(n_tags))
        if allowed is None:
            allowed = torch.ones(n_tags + 2, n_tags + 2, dtype=torch.bool)
        self.register_buffer("allowed", torch.as_tensor(allowed, dtype=torch.bool))

    def potentials(self):
        """``(transitions, start, end)`` scores, the forbidden ones fixed."""
        k, allowed = self.n_tags, self.allowed
        forbidden = self.transitions.new_tensor(FORBIDDEN)
        transitions = torch.where(allowed[:k, :k], self.transitions, forbidden)
        start = torch.where(allowed[k, :k], self.start, forbidden)
        end = torch.where(allowed[:k, k + 1], self.end, forbidden)
        return transitions, start, end

    def neg_log_likelihood(self, emissions, tags, mask):
        """See :func:`neg_log_likelihood`."""
        return neg_log_likelihood(emissions, tags, mask, *self.potentials())

    def decode(self, emissions, mask):
        """See :func:`viterbi`."""
        return viterbi(emissions, mask, *self.potentials())

    def marginals(self, emissions, mask):
        """See :func:`marginals`."""
        return marginals(emissions, mask, *self.potentials())


def _log_partition(emissions, mask, transitions, start, end):
    alpha = start + emissions[:, 0]
    for t in range(1, emissions.shape[1]):
        step = torch.logsumexp(alpha[:, :, None] + transitions, dim=1)
        alpha = torch.where(mask[:, t, None], step + emissions[:, t], alpha)
    return torch.logsumexp(alpha + end, dim=1)


def neg_log_likelihood(emissions, tags, mask, transitions, start, end):
    """``-log p(tags | emissions)`` of each sequence, ``(batch,)``.

    ``emissions`` ``(batch, length, n_tags)``; ``tags`` ``(batch, length)`` (any
    value where ``mask`` is False); ``mask`` ``(batch, length)`` bool, True on
    each sequence's first ``n >= 1`` positions; the scores as
    :meth:`CRF.potentials` gives them.
    """
    tags = tags.masked_fill(~mask, 0)
    batch = torch.arange(len(tags), device=tags.device)
    emitted = emissions.gather(-1, tags[..., None])[..., 0]
    score = start[tags[:, 0]] + emitted[:, 0]
    steps = transitions[tags[:, :-1], tags[:, 1:]] + emitted[:, 1:]
    score = score + (steps * mask[:, 1:]).sum(1)
    score = score + end[tags[batch, mask.sum(1) - 1]]
    return _log_partition(emissions, mask, transitions, start, end) - score


def marginals(emissions, mask, transitions, start, end):
    """``p(y_t = k | emissions)``, ``(batch, length, n_tags)`` by forward-backward
    (0 where ``mask`` is False)."""
    length, lengths = emissions.shape[1], mask.sum(1)
    alphas = [start + emissions[:, 0]]
    for t in range(1, length):
        step = torch.logsumexp(alphas[-1][:, :, None] + transitions, dim=1)
        alphas.append(torch.where(mask[:, t, None], step + emissions[:, t], alphas[-1]))
    # beta at each sequence's last position is the end score.
    betas = [end.expand_as(alphas[0])] * length
    for t in range(length - 2, -1, -1):
        following = emissions[:, t + 1] + betas[t + 1]
        step = torch.logsumexp(transitions[None] + following[:, None, :], dim=2)
        betas[t] = torch.where((lengths - 1 == t)[:, None], end.expand_as(step), step)
    alpha, beta = torch.stack(alphas, 1), torch.stack(betas, 1)
    last = alpha[torch.arange(len(lengths)), lengths - 1]
    log_z = torch.logsumexp(last + end, dim=1)
    # Padding's betas grow without bound: zero them rather than multiply.
    posterior = torch.exp(alpha + beta - log_z[:, None, None])
    return torch.where(mask[..., None], posterior, torch.zeros_like(posterior))


def constraint_potentials(allowed, like):
    """Transition, start and end scores that forbid what ``allowed`` (the
    ``(n_tags + 2, n_tags + 2)`` matrix of :class:`CRF`) forbids and score 0
    elsewhere, as tensors of ``like``'s dtype and device: decoding per-token
    log-probabilities under a tag scheme."""
    allowed = torch.as_tensor(allowed, dtype=torch.bool, device=like.device)
    k = allowed.shape[0] - 2
    scores = like.new_zeros(allowed.shape).masked_fill(~allowed, FORBIDDEN)
    return scores[:k, :k], scores[k, :k], scores[:k, k + 1]


def viterbi(emissions, mask, transitions, start, end):
    """Best paths under per-token ``emissions`` and transition scores.

    Parameters
    ----------
    emissions : torch.Tensor of shape (batch, length, n_tags)
    mask : torch.Tensor of shape (batch, length), bool
        True on each sequence's first ``n >= 1`` positions.
    transitions : torch.Tensor of shape (n_tags, n_tags)
    start, end : torch.Tensor of shape (n_tags,)

    Returns
    -------
    paths : list of list of int
        One per sequence, as long as it.
    """
    score = start + emissions[:, 0]
    history = []
    for t in range(1, emissions.shape[1]):
        best, back = (score[:, :, None] + transitions).max(dim=1)
        history.append(back)
        score = torch.where(mask[:, t, None], best + emissions[:, t], score)
    score = score + end
    lengths = mask.sum(1).tolist()
    best_last = score.argmax(1).tolist()
    history = [h.tolist() for h in history]
    paths = []
    for b, n in enumerate(lengths):
        path = [best_last[b]]
        for t in range(n - 1, 0, -1):
            path.append(history[t - 1][b][path[-1]])
        paths.append(path[::-1])
    return paths
