"""The engine: builds and trains the skorch net of a training run.

skorch supplies the training loop, callbacks, history, early stopping and device
handling; :func:`build_net` assembles a :class:`~.precision.RecurrentNet` from a
:class:`~.spec.TrainingSpec` (what an estimator trains) and
:class:`~.spec.TrainingParams` (the shared parameters), never from an estimator.
:func:`train` runs it under a seed; :func:`restore_net` rebuilds a saved one and
:func:`describe_net` says what to save. This package is the only one that imports
skorch.
"""

import copy
from contextlib import contextmanager

import torch
from skorch import NeuralNet
from skorch.callbacks import Callback, GradientNormClipping
from skorch.history import History

from .callbacks import BatchProgressBar, DivergenceCheck, KeptEarlyStopping
from .iterators import BatchListIterator, TensorBatchIterator, fixed_split
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
_ITERATORS = {"tensors": TensorBatchIterator, "prepared": BatchListIterator}


def resolve_device(device):
    """Turn ``"auto"`` into ``"cuda"`` when a GPU is visible, else ``"cpu"``.

    Examples
    --------
    >>> resolve_device("cpu")
    'cpu'
    """
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


def _optimizer(optimizer):
    if isinstance(optimizer, str):
        return _OPTIMIZERS[optimizer]
    if not issubclass(optimizer, torch.optim.Optimizer):
        raise TypeError(
            "optimizer must be one of "
            f"{sorted(_OPTIMIZERS)} or a torch.optim.Optimizer subclass, got "
            f"{optimizer!r}."
        )
    return optimizer


def _callbacks(spec, params):
    """The net's callbacks: clipping, the spec's own, early stopping, checks."""
    callbacks = []
    if params.clip_grad_norm is not None:
        callbacks.append(
            ("clip_grad_norm", GradientNormClipping(params.clip_grad_norm))
        )
    # Before early stopping, which must see what they record or load.
    callbacks.extend(spec.callbacks)
    # As in MLPRegressor: without early stopping the *training* loss decides when
    # progress has stalled; with it, the held-out tail's score does, and the best
    # weights seen are restored at the end (also when fit is interrupted).
    monitor, lower_is_better = (
        spec.monitor if params.early_stopping else ("train_loss", True)
    )
    stopper = KeptEarlyStopping(
        monitor=monitor,
        lower_is_better=lower_is_better,
        patience=params.n_iter_no_change,
        threshold=params.tol,
        threshold_mode="abs",
        load_best=params.early_stopping,
    )
    callbacks.append(("early_stopping", stopper))
    advice = f"Try a lower learning rate (lr={params.lr:g} now)"
    if params.clip_grad_norm is None:
        advice += " or clip the gradients (clip_grad_norm=1.0)"
    callbacks.append(("divergence_check", DivergenceCheck(advice + ".")))
    if params.verbose >= 2:
        callbacks.append(("progress_bar", BatchProgressBar()))
    # Copied: skorch initialises (mutates) callbacks, and the parameter must stay
    # as the user gave it.
    callbacks.extend(copy.deepcopy(_check_callbacks(params.callbacks or [])))
    return callbacks


def build_net(spec, params, device, validation=None, **net_params):
    """The skorch net that trains ``spec`` with the shared ``params``.

    Parameters
    ----------
    spec : TrainingSpec
        What is trained: module, loss, batch layout, callbacks, monitor.
    params : TrainingParams
        The shared training parameters (``max_epochs``, ``lr``, ...).
    device : str
        A resolved device (see :func:`resolve_device`).
    validation : tuple (X, y) or None, default=None
        Data to validate on each epoch (``X`` may be a prepared ``BatchList``).
    **net_params
        ``NeuralNet`` arguments that replace the ones built here (a saved
        net's, when it is restored).

    Returns
    -------
    net : RecurrentNet
        Not yet initialised; ``net.fit(X, y)`` trains it.

    Examples
    --------
    >>> import torch
    >>> from sklearn_rnn._training.spec import TrainingParams, TrainingSpec
    >>> spec = TrainingSpec(torch.nn.Linear, {"in_features": 2, "out_features": 1},
    ...                     torch.nn.MSELoss)
    >>> net = build_net(spec, TrainingParams(max_epochs=2), "cpu")
    >>> net.fit(torch.zeros(8, 2), torch.zeros(8, 1)).max_epochs
    2
    """
    iterator = _ITERATORS[spec.batches]
    kwargs = dict(
        module=spec.module,
        criterion=spec.criterion,
        optimizer=_optimizer(params.optimizer),
        lr=params.lr,
        optimizer__weight_decay=params.weight_decay,
        max_epochs=params.max_epochs,
        batch_size=params.batch_size,
        iterator_train=iterator,
        iterator_train__shuffle=spec.shuffle,
        iterator_train__device=device,
        iterator_valid=iterator,
        iterator_valid__device=device,
        train_split=None if validation is None else fixed_split(*validation),
        callbacks=_callbacks(spec, params),
        device=device,
        verbose=params.verbose,
        autocast_dtype=MIXED_PRECISION[params.mixed_precision],
        # On CUDA, autocast runs cuDNN's recurrent kernels in float16 whatever
        # its dtype; without loss scaling their gradients can underflow (an
        # H200 run in "bf16" never learned, see docs/benchmarks.md).
        loss_scaling=(
            params.mixed_precision is not None and torch.device(device).type == "cuda"
        ),
        **{f"module__{key}": value for key, value in spec.module_kwargs.items()},
        **{f"criterion__{k}": value for k, value in spec.criterion_kwargs.items()},
    )
    if (
        params.optimizer in ("adam", "adamw")
        and _FUSED_ADAM
        and torch.device(device).type in ("cpu", "cuda")
    ):
        kwargs["optimizer__fused"] = True
    kwargs.update(net_params)
    return RecurrentNet(**kwargs)


@contextmanager
def _seeded(seed, device):
    """Seed torch for the duration of a fit without touching the caller's state."""
    devices = [torch.cuda.current_device()] if device.startswith("cuda") else []
    with torch.random.fork_rng(devices=devices):
        torch.manual_seed(seed)
        yield


def train(spec, params, X, y=None, *, validation=None, device="cpu", seed=0):
    """Build the net of ``spec`` and train it on ``X`` and ``y`` under ``seed``.

    skorch ends training on a ``KeyboardInterrupt`` (Ctrl-C, or its early
    stopping) without raising: the net is returned trained so far, its history
    holding only complete epochs. Torch's global random state is left as it was.

    Returns
    -------
    net : RecurrentNet
        The trained net; its ``history`` is the training record.

    Examples
    --------
    >>> import torch
    >>> from sklearn_rnn._training.spec import TrainingParams, TrainingSpec
    >>> spec = TrainingSpec(torch.nn.Linear, {"in_features": 2, "out_features": 1},
    ...                     torch.nn.MSELoss)
    >>> net = train(spec, TrainingParams(max_epochs=3), torch.zeros(8, 2),
    ...             torch.zeros(8, 1))
    >>> len(net.history)
    3
    """
    with _seeded(int(seed), device):
        net = build_net(spec, params, device, validation)
        net.fit(X, y)
    # A predefined validation split holds its dataset: keep it out of pickles.
    net.train_split = None
    history = net.history
    if history and "train_loss" not in history[-1]:
        # Interrupted mid-epoch: keep only complete epochs in the record.
        del history[-1]
    if params.verbose and _interrupted(net):
        print(f"Training interrupted after {len(history)} complete epochs.")
    return net


def _interrupted(net):
    """Whether ``net``'s training stopped early, and not by early stopping."""
    stopped = dict(net.callbacks_)["early_stopping"].stopped_
    return not stopped and len(net.history) < net.max_epochs


def describe_net(net):
    """What rebuilds a trained net: its classes, arguments and weights.

    Returns ``(module, module_kwargs, criterion, net_params, state_dict)``:
    ``net_params`` are all of the net's own parameters (``criterion__*``
    among them), for the caller to choose what to store.
    """
    return (
        net.module,
        net.get_params_for("module"),
        net.criterion,
        net.get_params(deep=False),
        net.module_.state_dict(),
    )


def restore_net(spec, params, device, net_params, state_dict):
    """A trained net rebuilt from its saved spec, parameters and weights.

    ``spec`` holds no callbacks: a restored net predicts, and an estimator that
    is fitted again builds a new one. ``net_params`` (checked by the caller)
    replace what :func:`build_net` would set.
    """
    net = build_net(spec, params, device, **net_params)
    # Initialising draws random weights: keep the caller's random state intact.
    with torch.random.fork_rng(devices=[]):
        net.initialize()
    net.module_.load_state_dict(state_dict)
    return net


def is_net(value):
    """Whether ``value`` is a skorch net."""
    return isinstance(value, NeuralNet)


def is_history(value):
    """Whether ``value`` is a skorch training history."""
    return isinstance(value, History)


def make_history(rows):
    """A skorch training history holding ``rows`` (a list of epoch dicts)."""
    return History(rows)
