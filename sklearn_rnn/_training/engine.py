"""The one place that builds skorch nets.

skorch supplies the training loop, callbacks, history, early stopping and device
handling. Two of its defaults do not suit recurrent models on sequences, so they are
replaced here:

* the per-sample ``Dataset`` + ``DataLoader`` path costs 15-30% of an epoch for small
  RNNs; :class:`TensorBatchIterator` slices whole tensors instead;
* ``ValidSplit`` holds out a random (or stratified) 20%; time-ordered data must be
  validated on its *last* samples, which :class:`TailSplit` does.

The callbacks it adds (early stopping that records the epoch it keeps, the
progress bar, the divergence check) live in ``_callbacks.py``.
"""

import copy
import math

import numpy as np
import torch
from skorch.callbacks import Callback, GradientNormClipping
from skorch.dataset import Dataset
from skorch.helper import predefined_split

from .callbacks import BatchProgressBar, DivergenceCheck, KeptEarlyStopping
from .precision import MIXED_PRECISION, RecurrentNet

_OPTIMIZERS = {
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
    "sgd": torch.optim.SGD,
    "rmsprop": torch.optim.RMSprop,
}
# Adam's fused kernel (one pass over each parameter instead of a dozen elementwise
# ops) gives the same updates to rounding and trains the tagger 15% faster per
# epoch on CPU; torch has it for CPU since 2.4.
_FUSED_ADAM = tuple(int(v) for v in torch.__version__.split(".")[:2]) >= (2, 4)


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


class TailSplit:
    """Hold out the last ``fraction`` of the samples for validation (time order).

    skorch calls it as ``train_split(dataset, y)``. The validation part is never
    empty and never the whole data.

    Parameters
    ----------
    fraction : float
        Share of the samples, taken from the end, used for validation.
    gap : int, default=0
        Samples left out between the two parts. Windows whose targets span
        ``horizon`` steps overlap their neighbours' targets: a gap of
        ``horizon - 1`` keeps the validation targets out of the training ones.

    Examples
    --------
    >>> import torch
    >>> from skorch.dataset import Dataset
    >>> data = Dataset(torch.arange(10.0), torch.arange(10.0))
    >>> train, valid = TailSplit(0.2, gap=1)(data)
    >>> train.X.tolist(), valid.X.tolist()
    ([0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [8.0, 9.0])
    """

    def __init__(self, fraction, gap=0):
        self.fraction = fraction
        self.gap = gap

    def bounds(self, n_samples):
        """``(train_end, valid_start)``: train on ``[:train_end]``, validate on
        ``[valid_start:]``."""
        n_valid = max(1, round(self.fraction * n_samples))
        cut = n_samples - n_valid
        if cut - self.gap < 1:
            raise ValueError(
                f"early_stopping=True needs at least {n_valid + self.gap + 1} samples "
                f"to hold out {n_valid} for validation after a gap of {self.gap}, "
                f"got {n_samples}."
            )
        return cut - self.gap, cut

    def __call__(self, dataset, y=None, **fit_params):
        end, cut = self.bounds(len(dataset))
        train = Dataset(
            _index(dataset.X, slice(None, end)), _index(dataset.y, slice(None, end))
        )
        valid = Dataset(
            _index(dataset.X, slice(cut, None)), _index(dataset.y, slice(cut, None))
        )
        return train, valid


def fixed_split(X, y=None):
    """A skorch ``train_split`` that validates on ``(X, y)``, prepared apart.

    ``X`` may also be a ready torch ``Dataset`` (such as :class:`BatchList`).
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


def resolve_device(device):
    """Turn ``"auto"`` into ``"cuda"`` when a GPU is visible, else ``"cpu"``."""
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise ValueError(
            f"device={device!r} was requested but no CUDA device is available; "
            "use device='cpu' or device='auto'."
        )
    return device


def _check_callbacks(callbacks):
    for i, cb in enumerate(callbacks):
        if isinstance(cb, tuple) and len(cb) == 2 and isinstance(cb[0], str):
            cb = cb[1]
        if not isinstance(cb, Callback) and not (
            isinstance(cb, type) and issubclass(cb, Callback)
        ):
            raise TypeError(
                "callbacks must hold skorch callbacks (or (name, callback) pairs); "
                f"item {i} is {cb!r}."
            )
    return callbacks


def build_net(estimator, module, criterion, device, module_kwargs, **overrides):
    """Build the skorch ``NeuralNet`` that trains ``module`` for ``estimator``.

    Parameters
    ----------
    estimator : sklearn_rnn estimator
        Supplies the shared training parameters (``max_epochs``, ``lr``, ...).
    module : type of torch.nn.Module
        Instantiated by skorch with ``module_kwargs`` (under the estimator's seed).
    criterion : type of torch.nn.Module
        The training loss.
    device : str
        A resolved device (see :func:`resolve_device`).
    module_kwargs : dict
        Passed to ``module`` as ``module__<name>``.
    **overrides
        ``NeuralNet`` arguments that replace the defaults built here (e.g.
        ``batch_size``, ``iterator_train__shuffle``, ``train_split``).

    Returns
    -------
    net : RecurrentNet
        Not yet initialised; call ``net.fit(X, y)`` with tensors.
    """
    est = estimator
    callbacks = []
    if est.clip_grad_norm is not None:
        callbacks.append(("clip_grad_norm", GradientNormClipping(est.clip_grad_norm)))
    # Before early stopping, which must see what they record or load.
    callbacks.extend(est._net_callbacks())
    # As in MLPRegressor: without early stopping the *training* loss decides when
    # progress has stalled; with it, the held-out tail's score does, and the best
    # weights seen are restored at the end (also when fit is interrupted).
    monitor, lower_is_better = (
        est._validation_monitor if est.early_stopping else ("train_loss", True)
    )
    callbacks.append(
        (
            "early_stopping",
            KeptEarlyStopping(
                monitor=monitor,
                lower_is_better=lower_is_better,
                patience=est.n_iter_no_change,
                threshold=est.tol,
                threshold_mode="abs",
                load_best=est.early_stopping,
            ),
        )
    )
    advice = f"Try a lower learning rate (lr={est.lr:g} now)"
    if est.clip_grad_norm is None:
        advice += " or clip the gradients (clip_grad_norm=1.0)"
    callbacks.append(("divergence_check", DivergenceCheck(advice + ".")))
    if est.verbose >= 2:
        callbacks.append(("progress_bar", BatchProgressBar()))
    # Copied: skorch initialises (mutates) callbacks, and the parameter must stay
    # as the user gave it.
    callbacks.extend(copy.deepcopy(_check_callbacks(est.callbacks or [])))

    optimizer = est.optimizer
    if isinstance(optimizer, str):
        optimizer = _OPTIMIZERS[optimizer]
    elif not issubclass(optimizer, torch.optim.Optimizer):
        raise TypeError(
            "optimizer must be one of "
            f"{sorted(_OPTIMIZERS)} or a torch.optim.Optimizer subclass, got "
            f"{optimizer!r}."
        )
    kwargs = dict(
        module=module,
        criterion=criterion,
        optimizer=optimizer,
        lr=est.lr,
        optimizer__weight_decay=est.weight_decay,
        max_epochs=est.max_epochs,
        batch_size=est.batch_size,
        iterator_train=TensorBatchIterator,
        iterator_train__shuffle=True,
        iterator_train__device=device,
        iterator_valid=TensorBatchIterator,
        iterator_valid__device=device,
        train_split=TailSplit(est.validation_fraction) if est.early_stopping else None,
        callbacks=callbacks,
        device=device,
        verbose=est.verbose,
        autocast_dtype=MIXED_PRECISION[est.mixed_precision],
        # On CUDA, autocast runs cuDNN's recurrent kernels in float16 whatever
        # its dtype; without loss scaling their gradients can underflow (an
        # H200 run in "bf16" never learned, see docs/benchmarks.md).
        loss_scaling=(
            est.mixed_precision is not None and torch.device(device).type == "cuda"
        ),
        **{f"module__{key}": value for key, value in module_kwargs.items()},
    )
    if (
        est.optimizer in ("adam", "adamw")
        and _FUSED_ADAM
        and torch.device(device).type in ("cpu", "cuda")
    ):
        kwargs["optimizer__fused"] = True
    kwargs.update(overrides)
    return RecurrentNet(**kwargs)
