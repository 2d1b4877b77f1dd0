"""Inference: one batching policy for every estimator's predictions.

A batch holds at most :data:`STEPS_PER_BATCH` time steps (its sequences times
the longest of them, padding included), whatever the task: windows of a
forecaster, sentences of a tagger, contexts and documents of a language model.
That bounds memory by what the batch holds rather than by how many items it
has, and ragged items are grouped by length so that padding stays small.
"""

import numpy as np
import torch

STEPS_PER_BATCH = 2**16


def length_batches(lengths, max_steps=STEPS_PER_BATCH):
    """Indices of items grouped for inference, shortest first.

    Items are sorted by length (stably) and cut into groups whose count times
    longest length is at most ``max_steps``; an item longer than ``max_steps``
    is a group of its own.

    Parameters
    ----------
    lengths : array-like of int
        Each item's length (time steps).
    max_steps : int, default=STEPS_PER_BATCH
        Time steps a group may hold, padding included.

    Returns
    -------
    groups : list of ndarray of int
        The items' indices, each group sorted by length.

    Examples
    --------
    >>> [g.tolist() for g in length_batches([5, 1, 3, 3], max_steps=6)]
    [[1, 2], [3], [0]]
    """
    lengths = np.asarray(lengths, dtype=np.int64)
    order = np.argsort(lengths, kind="stable")
    groups, start = [], 0
    while start < len(order):
        stop = start + 1
        while (
            stop < len(order)
            and (stop + 1 - start) * max(1, lengths[order[stop]]) <= max_steps
        ):
            stop += 1
        groups.append(order[start:stop])
        start = stop
    return groups


def rows_per_batch(n_timesteps, max_steps=STEPS_PER_BATCH):
    """Rows of ``n_timesteps`` steps a batch holds under the policy (at least 1).

    Examples
    --------
    >>> rows_per_batch(24)
    2730
    """
    return max(1, max_steps // max(1, n_timesteps))


def forward(module, X):
    """``module``'s outputs over the tensor ``X`` (rows of equal length), batched.

    ``X`` is cast to the module's dtype and moved to its device batch by batch;
    the outputs are concatenated on the CPU. Runs in inference mode.

    Examples
    --------
    >>> module = torch.nn.Linear(3, 1).double()
    >>> tuple(forward(module, torch.zeros(5, 3)).shape)
    (5, 1)
    """
    param = next(module.parameters())
    X = X.to(param.dtype)
    size = rows_per_batch(X.shape[1] if X.ndim > 1 else 1)
    with torch.inference_mode():
        outputs = [
            module(X[start : start + size].to(param.device)).cpu()
            for start in range(0, len(X), size)
        ]
    return torch.cat(outputs)
