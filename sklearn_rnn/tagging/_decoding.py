"""Reading a trained tagger: tag distributions and tag sequences (torch).

What :class:`~sklearn_rnn.SequenceTagger`'s ``predict_proba`` and ``predict``
run over batches of sentences. With a CRF the distributions are its marginals and
the tags its best sequence (Viterbi); with a softmax and a span scheme (BIO, IOB1,
BIOES) the tags are the most probable sequence that the scheme allows (Viterbi
over the token log-probabilities, forbidden transitions excluded), so that no
span is ill-formed; otherwise each token's most probable tag.
"""

import numpy as np
import torch

from ..modules._crf import constraint_potentials, marginals, viterbi
from . import _sentences


def _emissions(output, n_classes):
    """The main tags' scores and the CRF's potentials (or None) of an output."""
    if isinstance(output, tuple):
        scores, _, potentials = output
        return scores[..., :n_classes], potentials
    return output[..., :n_classes], None


def read_batches(module, X, tagger):
    """Each sentence's tag distribution ``(n_tokens, n_classes)`` and its tag
    ids (the best sequence under a CRF or a scheme, else each token's most
    probable tag), in ``X``'s order."""
    device = next(module.parameters()).device
    n_classes = len(tagger.classes_)
    proba = [np.empty((0, n_classes)) for _ in X]
    paths = [np.empty(0, dtype=np.int64) for _ in X]
    allowed = getattr(tagger, "_allowed_transitions_", None)
    indexes = (tagger._word_index_, tagger._char_index_)
    batches = _sentences.make_batches(X, *indexes, affix_index=tagger._affix_index_)
    with torch.inference_mode():
        for X_b, _, rows in batches:
            tensors = {k: torch.from_numpy(v).to(device) for k, v in X_b.items()}
            scores, potentials = _emissions(module(**tensors), n_classes)
            lengths = tensors["lengths"]
            mask = torch.arange(scores.shape[1], device=device) < lengths[:, None]
            if potentials is not None:
                p = marginals(scores, mask, *potentials)
                best = viterbi(scores, mask, *potentials)
            else:
                p = torch.softmax(scores, dim=-1)
                best = p.argmax(dim=-1).tolist()
                if allowed is not None:
                    # log_softmax, not log(p): a probability that rounds to 0
                    # would score -inf, below a forbidden transition.
                    logp = torch.log_softmax(scores, dim=-1)
                    best = viterbi(logp, mask, *constraint_potentials(allowed, p))
            p = p.cpu().double().numpy()
            for b, i in enumerate(rows):
                n = X_b["lengths"][b]
                proba[i] = p[b, :n]
                paths[i] = np.asarray(best[b][:n], dtype=np.int64)
    return proba, paths


def decode_proba(proba, allowed):
    """The best tag ids of each sentence given its tag distributions (say, a
    seed ensemble's average): Viterbi under ``allowed`` transitions, or each
    token's most probable tag when ``allowed`` is None."""
    if allowed is None:
        return [p.argmax(axis=1) for p in proba]
    out = []
    for p in proba:
        if not len(p):
            out.append(np.empty(0, dtype=np.int64))
            continue
        logp = torch.log(torch.from_numpy(p).clamp_min(1e-300))[None]
        mask = torch.ones(logp.shape[:2], dtype=torch.bool)
        out.append(
            np.array(viterbi(logp, mask, *constraint_potentials(allowed, logp))[0])
        )
    return out


class TokenHits:
    """Count a validation batch's correctly tagged tokens, as ``predict`` tags.

    Called as ``TokenHits(n_classes, allowed)(y_pred, y) -> (hits, total)`` by
    the training layer's ``ValidationScore``: tokens whose target is
    ``IGNORE`` (padding) are left out; the tags compared are the best sequence
    under a CRF or a span scheme's ``allowed`` transitions, else each token's
    most probable tag.

    Examples
    --------
    >>> scores = torch.tensor([[[2.0, 0.0], [0.0, 1.0]]])
    >>> TokenHits(2)(scores, torch.tensor([[0, 0]]))
    (1, 2)
    """

    def __init__(self, n_classes, allowed=None):
        self.n_classes = n_classes
        self.allowed = allowed

    def __call__(self, y_pred, y):
        potentials = None
        if isinstance(y_pred, tuple):  # scores, LM loss, CRF potentials
            y_pred, potentials = y_pred[0], (y_pred[2:] or (None,))[0]
        y = y.to(y_pred.device)
        mask = y != _sentences.IGNORE
        scores = y_pred[..., : self.n_classes]
        if potentials is None and self.allowed is not None:
            # As predict decodes: the best sequence the tag scheme allows.
            scores = torch.log_softmax(scores, dim=-1)
            potentials = constraint_potentials(self.allowed, scores)
        if potentials is None:
            best = scores.argmax(-1)
        else:  # a CRF's tags are its best sequence, not each token's best tag
            best = torch.full_like(y, _sentences.IGNORE)
            for b, path in enumerate(viterbi(scores, mask, *potentials)):
                best[b, : len(path)] = torch.tensor(path, device=y.device)
        return int((best == y)[mask].sum()), int(mask.sum())
