"""The one batching policy of inference, for every estimator (numpy only).

A batch holds at most :data:`STEPS_PER_BATCH` time steps (its sequences times
the longest of them, padding included), whatever the task: windows of a
forecaster, sentences of a tagger, contexts and documents of a language model.
That bounds memory by what a batch holds rather than by how many items it has;
ragged items are grouped by length, so that padding stays small.
"""

import numpy as np

STEPS_PER_BATCH = 2**16


def length_batches(lengths, max_steps=STEPS_PER_BATCH, chunk=None):
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
    chunk : int or None, default=None
        Items read ``chunk`` steps per call (the state carried between calls)
        count at most ``chunk`` steps.

    Returns
    -------
    groups : list of ndarray of int
        The items' indices, each group sorted by length.

    Examples
    --------
    >>> [g.tolist() for g in length_batches([5, 1, 3, 3], max_steps=6)]
    [[1, 2], [3], [0]]
    """
    lengths = np.asarray(lengths, dtype=np.int64).reshape(-1)
    order = np.argsort(lengths, kind="stable")
    steps = np.maximum(lengths, 1) if chunk is None else np.clip(lengths, 1, chunk)
    groups, start = [], 0
    while start < len(order):
        stop = start + 1
        while (
            stop < len(order) and (stop + 1 - start) * steps[order[stop]] <= max_steps
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
