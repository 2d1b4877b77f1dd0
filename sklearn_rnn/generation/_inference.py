"""Reading texts with a trained character language model, in batches (torch).

What :class:`~sklearn_rnn.CharRNNGenerator`'s ``predict_proba`` and ``score`` run:
the module's ``step(inputs, state) -> (logits, state)`` over padded batches of
id sequences, grouped by inference's one batching policy
(``_training/batching.py``), in inference mode. Generation, one character at a
time, is ``_stepper.py``'s.
"""

import numpy as np
import torch

from .._training.batching import length_batches
from ._text import IGNORE

# Characters scored per call when reading a text with state carried.
_SCORE_CHUNK = 1024


def last_logits(module, sequences, pad_id, device):
    """The logits after the last id of each sequence, ``(n_sequences, n_outputs)``.

    Sequences are sorted by length and read in batches, right-padded with
    ``pad_id``: padding cannot change a causal model's output at the last real
    position, which is the one read.
    """
    out = torch.empty((len(sequences), module.head.out_features), dtype=torch.float64)
    with torch.inference_mode():
        for group in length_batches([len(s) for s in sequences]):
            lengths = np.array([len(sequences[i]) for i in group])
            batch = np.full((len(group), lengths.max()), pad_id)
            for row, i in enumerate(group):
                batch[row, : lengths[row]] = sequences[i]
            logits, _ = module.step(torch.from_numpy(batch).to(device))
            last = logits[torch.arange(len(group)), torch.from_numpy(lengths - 1)]
            out[torch.from_numpy(group)] = last.double().cpu()
    return out


def log_likelihood(module, documents, start_id, device):
    """Total natural-log probability of the documents' ids, each read from
    ``start_id`` with the state carried, ``_SCORE_CHUNK`` characters a call (so
    memory stays bounded for long texts)."""
    lengths = [len(d) for d in documents]
    total = 0.0
    with torch.inference_mode():
        for rows in length_batches(lengths, chunk=_SCORE_CHUNK):
            group = [documents[i] for i in rows]
            length = len(group[-1])
            inputs = np.full((len(group), length), start_id)
            targets = np.full((len(group), length), IGNORE)
            for row, doc in enumerate(group):
                inputs[row, 1 : len(doc)] = doc[:-1]
                targets[row, : len(doc)] = doc
            inputs = torch.from_numpy(inputs).to(device)
            targets = torch.from_numpy(targets).to(device)
            state = None
            for s in range(0, length, _SCORE_CHUNK):
                logits, state = module.step(inputs[:, s : s + _SCORE_CHUNK], state)
                t = targets[:, s : s + _SCORE_CHUNK]
                logp = torch.log_softmax(logits, dim=-1)
                picked = logp.gather(-1, t.clamp(min=0)[..., None])[..., 0]
                total += float(picked[t != IGNORE].double().sum())
    return total
