"""Batches for skorch's training loop, and the validation data it is given.

skorch's default per-sample ``Dataset`` + ``DataLoader`` path costs 15-30% of an
epoch for small RNNs: :class:`TensorBatchIterator` slices whole tensors instead,
and :class:`BatchListIterator` serves ragged data (sentences) padded batch by
batch in advance (:class:`BatchList`).
"""

import math

import numpy as np
import torch
from skorch.dataset import Dataset
from skorch.helper import predefined_split


def _map(data, fn):
    """Apply ``fn`` to a tensor, or to each tensor of a dict or tuple of tensors."""
    if data is None:
        return None
    if isinstance(data, dict):
        return {key: fn(value) for key, value in data.items()}
    if isinstance(data, tuple | list):
        return type(data)(fn(value) for value in data)
    return fn(data)


def _index(data, idx):
    return _map(data, lambda value: value[idx])


def _to_device(data, device):
    return _map(data, lambda value: value.to(device))


class TensorBatchIterator:
    """Yield ``(X_batch, y_batch)`` slices of whole tensors held by a skorch Dataset.

    Used as skorch's ``iterator_train`` and ``iterator_valid``. The data is moved
    to ``device`` once, when the iterator is created (skorch creates it once per
    ``fit``), so that no per-batch host-to-device copy or per-sample collation
    happens.

    Parameters
    ----------
    dataset : skorch.dataset.Dataset
        Holds ``X`` (a tensor, or a dict or tuple of tensors with the same first
        dimension) and ``y`` (a tensor or None).
    batch_size : int
        Number of samples per batch; the last batch may be smaller.
    shuffle : bool, default=False
        Draw a new permutation each epoch from torch's global generator (seeded by
        the estimator's ``random_state``).
    device : str or None, default=None
        Where the batches live; None keeps the data where it is.

    Examples
    --------
    >>> import torch
    >>> from skorch.dataset import Dataset
    >>> it = TensorBatchIterator(Dataset(torch.arange(5.0), None), batch_size=2)
    >>> [batch.tolist() for batch, _ in it]
    [[0.0, 1.0], [2.0, 3.0], [4.0]]
    """

    def __init__(self, dataset, batch_size, shuffle=False, device=None):
        if not isinstance(dataset, Dataset):
            raise TypeError(
                "TensorBatchIterator expects a skorch Dataset holding tensors, got "
                f"{type(dataset).__name__}."
            )
        self.X = dataset.X if device is None else _to_device(dataset.X, device)
        self.y = dataset.y if device is None else _to_device(dataset.y, device)
        self.n_samples = len(dataset)
        self.batch_size = batch_size
        self.shuffle = shuffle

    def __len__(self):
        return math.ceil(self.n_samples / self.batch_size)

    def __iter__(self):
        n, size = self.n_samples, self.batch_size
        if self.shuffle:
            order = torch.randperm(n).to(_first_tensor(self.X).device)
            for start in range(0, n, size):
                idx = order[start : start + size]
                yield _index(self.X, idx), _index(self.y, idx)
        else:
            for start in range(0, n, size):
                idx = slice(start, start + size)
                yield _index(self.X, idx), _index(self.y, idx)


def _first_tensor(data):
    if isinstance(data, dict):
        return next(iter(data.values()))
    return data[0] if isinstance(data, tuple | list) else data


def fixed_split(X, y=None):
    """A skorch ``train_split`` that validates on ``(X, y)``, prepared apart.

    ``X`` may also be a ready torch ``Dataset`` (such as :class:`BatchList`).

    Examples
    --------
    >>> split = fixed_split(torch.zeros(2, 3), torch.zeros(2))
    >>> _, valid = split(Dataset(torch.ones(4, 3), torch.ones(4)))
    >>> len(valid)
    2
    """
    if isinstance(X, torch.utils.data.Dataset):
        return predefined_split(X)
    return predefined_split(Dataset(X, y))


class BatchList(torch.utils.data.Dataset):
    """Batches prepared in advance: a list of ``(X_dict, y)`` of numpy arrays.

    For ragged data (sentences) each batch is padded to its own longest member;
    :class:`BatchListIterator` yields them. ``len`` is the number of samples.
    """

    def __init__(self, batches):
        self.batches = batches
        self.n_samples = sum(len(next(iter(X.values()))) for X, _ in batches)

    def __len__(self):
        return self.n_samples

    def __getitem__(self, i):
        raise TypeError("BatchList is read batch by batch by BatchListIterator.")


class BatchListIterator:
    """Yield the batches of a :class:`BatchList` as tensors, on ``device``.

    The tensors are made (and moved to the device) once; with ``shuffle`` the
    order of the batches changes each epoch (torch's global generator, seeded by
    the estimator).

    Examples
    --------
    >>> import numpy as np
    >>> data = BatchList([({"a": np.zeros((2, 3))}, np.ones(2)),
    ...                   ({"a": np.zeros((1, 5))}, np.ones(1))])
    >>> [tuple(X["a"].shape) for X, _ in BatchListIterator(data, batch_size=None)]
    [(2, 3), (1, 5)]
    """

    def __init__(self, dataset, batch_size, shuffle=False, device=None):
        def tensor(a):
            t = torch.from_numpy(np.asarray(a))
            return t if device is None else t.to(device)

        self.batches = [
            ({key: tensor(v) for key, v in X.items()}, None if y is None else tensor(y))
            for X, y in dataset.batches
        ]
        self.shuffle = shuffle

    def __len__(self):
        return len(self.batches)

    def __iter__(self):
        if self.shuffle:
            yield from (self.batches[i] for i in torch.randperm(len(self.batches)))
        else:
            yield from self.batches
