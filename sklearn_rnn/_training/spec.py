"""A training run described as data: what the estimator trains, and how.

An estimator's ``_training_spec`` returns a :class:`TrainingSpec` (its module,
loss, batch layout, callbacks, what validation monitors); ``BaseRNN`` gathers the
parameters every estimator shares into :class:`TrainingParams`. The engine
(``engine.py``) builds and trains the skorch net from the two, and persistence
rebuilds a loaded net from the spec saved with it: neither reads the estimator.
"""

from dataclasses import dataclass, field

# Target id that adds nothing to the loss (torch's ignore_index): what padding
# and unscored positions of every task's targets hold.
IGNORE = -100
# How batches are laid out: whole tensors sliced per batch, or ragged data padded
# batch by batch in advance (a BatchList).
BATCH_LAYOUTS = ("tensors", "prepared")


@dataclass(frozen=True)
class TrainingSpec:
    """What one estimator trains.

    Parameters
    ----------
    module : type of torch.nn.Module
        Built by skorch with ``module_kwargs``, under the estimator's seed.
    module_kwargs : dict
        The module's arguments.
    criterion : type of torch.nn.Module
        The training loss, built with ``criterion_kwargs``.
    criterion_kwargs : dict, default={}
        The loss's arguments.
    batches : {"tensors", "prepared"}, default="tensors"
        ``"tensors"``: ``X`` and ``y`` are tensors (or dicts or tuples of them),
        sliced into batches of the shared ``batch_size``; ``"prepared"``: ``X``
        is a :class:`~sklearn_rnn._training.iterators.BatchList` of batches
        made in advance (padded sentences, streams of text).
    shuffle : bool, default=True
        Whether the training batches come in a new order each epoch.
    callbacks : tuple of (str, skorch callback), default=()
        Callbacks of this estimator, run before early stopping (which must see
        what they record, or the weights they load).
    monitor : tuple (str, bool), default=("valid_loss", True)
        The history key early stopping watches on validation data, and whether
        lower is better. Without early stopping it watches the training loss.

    Examples
    --------
    >>> import torch
    >>> spec = TrainingSpec(torch.nn.Linear, {"in_features": 2, "out_features": 1},
    ...                     torch.nn.MSELoss)
    >>> spec.batches, spec.monitor
    ('tensors', ('valid_loss', True))
    """

    module: type
    module_kwargs: dict
    criterion: type
    criterion_kwargs: dict = field(default_factory=dict)
    batches: str = "tensors"
    shuffle: bool = True
    callbacks: tuple = ()
    monitor: tuple = ("valid_loss", True)

    def __post_init__(self):
        if self.batches not in BATCH_LAYOUTS:
            raise ValueError(
                f"batches must be one of {BATCH_LAYOUTS}, got {self.batches!r}."
            )


@dataclass(frozen=True)
class TrainingParams:
    """The training parameters every estimator shares (see ``BaseRNN``).

    Examples
    --------
    >>> TrainingParams(max_epochs=3).max_epochs
    3
    """

    max_epochs: int = 100
    batch_size: int = 64
    lr: float = 0.005
    optimizer: object = "adam"
    weight_decay: float = 0.0
    clip_grad_norm: float | None = 1.0
    early_stopping: bool = False
    n_iter_no_change: int = 10
    tol: float = 1e-4
    mixed_precision: str | None = None
    verbose: int = 0
    callbacks: list | None = None
