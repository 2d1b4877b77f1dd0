"""The skorch callbacks that :func:`~sklearn_rnn._training.engine.build_net` adds.

Part of the training layer, and generic: early stopping that says what it kept, a
progress bar that counts prepared batches, a guard against diverging training,
weight averaging, a validation score from a plain counting function, and a hook
that sets up the module from the training data before the first epoch.
"""

import math

import torch
from skorch.callbacks import Callback, EarlyStopping, ProgressBar


class KeptEarlyStopping(EarlyStopping):
    """skorch's ``EarlyStopping`` that records what it did in the history.

    With ``load_best=True``, each epoch whose weights it saves as the best so far
    gets ``event_best=True`` in the history (a "best" column in the verbose
    table); the last such epoch is the one whose weights are restored at the
    end. ``stopped_`` tells whether it ended training (skorch stops by raising
    ``KeyboardInterrupt``, as a Ctrl-C does).

    Examples
    --------
    >>> stopper = KeptEarlyStopping(patience=3, load_best=True)
    >>> stopper.stopped_
    False
    """

    stopped_ = False

    def on_train_begin(self, net, **kwargs):
        super().on_train_begin(net, **kwargs)
        self.stopped_ = False

    def on_epoch_end(self, net, **kwargs):
        try:
            super().on_epoch_end(net, **kwargs)
        except KeyboardInterrupt:
            self.stopped_ = True
            raise
        finally:
            if self.load_best and self.best_epoch_ == net.history[-1, "epoch"]:
                net.history.record("event_best", True)


class BatchProgressBar(ProgressBar):
    """skorch's ``ProgressBar`` (tqdm, on stderr), sized for our batch iterators.

    The total per epoch is the number of training plus validation batches. A
    :class:`~sklearn_rnn._training.engine.BatchList` holds its batches ready, so
    they are counted rather than estimated from ``batch_size``; a bar cut short by
    an interrupted fit is closed.

    Examples
    --------
    >>> from sklearn_rnn._training.iterators import BatchList
    >>> import numpy as np
    >>> data = BatchList([({"a": np.zeros((3, 2))}, None)] * 2)
    >>> BatchProgressBar()._get_batches_per_epoch_phase(None, data, True)
    2
    """

    def _get_batches_per_epoch_phase(self, net, dataset, training):
        batches = getattr(dataset, "batches", None)
        if batches is not None:
            return len(batches)
        return super()._get_batches_per_epoch_phase(net, dataset, training)

    def on_train_end(self, net, **kwargs):
        pbar = getattr(self, "pbar_", None)
        if pbar is not None:
            pbar.close()


class DivergenceCheck(Callback):
    """Stop training with a ValueError as soon as it diverges.

    Training has diverged when a training batch's loss is not finite; when an
    epoch's mean training loss exceeds ``explosion`` times the loss of the very
    first batch (the untrained model's, a baseline every epoch should beat); or
    when it has risen ``rising`` epochs in a row to over ``far`` times that
    baseline. At the end the weights are checked too (the last step may be the
    one that overflows). Validation losses are not checked: a validation batch
    whose tokens all carry tags unseen in training has no defined loss (its
    accuracy, zero, still counts).

    Parameters
    ----------
    advice : str
        What to try instead, appended to the error message.
    explosion : float, default=1e3
        An epoch's mean loss above this many times the baseline has diverged.
    far : float, default=1e2
        A rising loss above this many times the baseline has diverged.
    rising : int, default=3
        How many epochs in a row a loss must rise to count as rising.

    Examples
    --------
    >>> DivergenceCheck("Lower lr.").advice
    'Lower lr.'
    """

    def __init__(self, advice, explosion=1e3, far=1e2, rising=3):
        self.advice = advice
        self.explosion = explosion
        self.far = far
        self.rising = rising

    def on_train_begin(self, net, **kwargs):
        self.baseline_ = None

    def on_batch_end(self, net, training=False, **kwargs):
        if not training:
            return
        batches = net.history[-1, "batches"]
        loss = batches[-1]["train_loss"]
        if not math.isfinite(loss):
            epoch = len(net.history)
            raise ValueError(
                f"The training loss became {loss} (not finite) at epoch {epoch}, "
                f"batch {len(batches)}: training diverged. {self.advice}"
            )
        if self.baseline_ is None:
            # Floored: a first batch that happens to be easy (flat windows, a loss
            # near 0) must not make ordinary later losses look like an explosion.
            # The estimators' losses start near 1 (scaled targets, log n_classes).
            self.baseline_ = max(abs(float(loss)), 1e-2)

    def on_epoch_end(self, net, **kwargs):
        losses = [
            float(row["train_loss"]) for row in net.history if "train_loss" in row
        ]
        if not losses or self.baseline_ is None:
            return
        ratio, epoch = losses[-1] / self.baseline_, len(losses)
        recent = losses[-self.rising - 1 :]
        rising = len(recent) == self.rising + 1 and all(
            a < b for a, b in zip(recent, recent[1:], strict=False)
        )
        if ratio > self.explosion or (rising and ratio > self.far):
            how = (
                f"has risen {self.rising} epochs in a row to"
                if ratio <= self.explosion
                else "reached"
            )
            raise ValueError(
                f"The training loss {how} {losses[-1]:.4g} at epoch {epoch}, "
                f"{ratio:.3g} times the first batch's ({self.baseline_:.4g}): "
                f"training diverged. {self.advice}"
            )

    def on_train_end(self, net, **kwargs):
        if not all(torch.isfinite(p).all() for p in net.module_.parameters()):
            raise ValueError(
                "Training produced non-finite (NaN or infinite) weights by epoch "
                f"{len(net.history)}: training diverged. {self.advice}"
            )


class WeightAveraging(Callback):
    """Validate and keep an exponential moving average of the weights.

    The average starts at the weights after the first training step; after each
    further step it moves towards the weights by ``1 - decay`` (by more over the
    first steps, as ``(1 + n) / (10 + n)`` caps the decay after ``n`` steps, so
    that the average does not linger at early weights on small data). The
    averaged weights replace the trained ones for validation (from the first
    validation batch until the next epoch begins, so that early stopping scores
    and saves them) and at the end of training. The average of a noisy
    optimisation path generalises better than its end point (Polyak averaging;
    ``torch.optim.swa_utils.get_ema_multi_avg_fn`` is the same update without
    the warm-up).

    Parameters
    ----------
    decay : float in [0, 1)
        Weight of the old average at each step; 0 keeps the trained weights.

    Examples
    --------
    >>> WeightAveraging(0.999).decay
    0.999
    """

    def __init__(self, decay):
        self.decay = decay

    def on_train_begin(self, net, **kwargs):
        self.average_ = [p.detach().clone() for p in net.module_.parameters()]
        self.n_steps_ = 0
        self.trained_ = None

    def on_batch_end(self, net, training=False, **kwargs):
        if not training:
            return
        n = self.n_steps_  # steps averaged before this one
        self.n_steps_ += 1
        decay = min(self.decay, (1 + n) / (10 + n)) if n else 0.0
        current = [p.detach() for p in net.module_.parameters()]
        torch._foreach_lerp_(self.average_, current, 1 - decay)

    def on_batch_begin(self, net, training=False, **kwargs):
        if not training and self.trained_ is None:
            self.trained_ = [p.detach().clone() for p in net.module_.parameters()]
            self._load(net, self.average_)

    def on_epoch_begin(self, net, **kwargs):
        if self.trained_ is not None:
            self._load(net, self.trained_)
            self.trained_ = None

    def on_train_end(self, net, **kwargs):
        if self.trained_ is None:
            self._load(net, self.average_)
        self.trained_ = self.average_ = None

    @staticmethod
    def _load(net, tensors):
        with torch.no_grad():
            for param, value in zip(net.module_.parameters(), tensors, strict=True):
                param.copy_(value)


class ValidationScore(Callback):
    """Record a score of the validation batches in the history, each epoch.

    ``counts(y_pred, y)`` gives a batch's ``(hits, total)``; the epoch's score,
    recorded under ``name``, is the sum of hits over the sum of totals (so every
    item weighs the same, whatever its batch). Early stopping can monitor it.

    Parameters
    ----------
    name : str
        The history key (e.g. ``"valid_acc"``).
    counts : callable
        ``counts(y_pred, y) -> (hits, total)`` for one validation batch: the
        module's output and the batch's targets.

    Examples
    --------
    >>> ValidationScore("valid_acc", lambda y_pred, y: (0, 0)).name
    'valid_acc'
    """

    def __init__(self, name, counts):
        self.name = name
        self.counts = counts

    def on_epoch_begin(self, net, **kwargs):
        self.hits_, self.total_ = 0, 0

    def on_batch_end(self, net, batch=None, training=False, y_pred=None, **kwargs):
        if training or y_pred is None:
            return
        hits, total = self.counts(y_pred, batch[1])
        self.hits_ += hits
        self.total_ += total
        if self.total_:
            net.history.record(self.name, self.hits_ / self.total_)


class ModuleSetup(Callback):
    """Call ``function(module, X, y)`` on the net's module before the first epoch,
    with the training data the net was given (e.g. to set weights in closed form).

    Examples
    --------
    >>> import torch
    >>> from sklearn_rnn._training.engine import train
    >>> from sklearn_rnn._training.spec import TrainingParams, TrainingSpec
    >>> def mean_bias(module, X, y):
    ...     torch.nn.init.constant_(module.bias, float(y.mean()))
    >>> spec = TrainingSpec(torch.nn.Linear, {"in_features": 2, "out_features": 1},
    ...                     torch.nn.MSELoss,
    ...                     callbacks=(("setup", ModuleSetup(mean_bias)),))
    >>> net = train(spec, TrainingParams(max_epochs=0), torch.zeros(4, 2),
    ...             torch.full((4, 1), 3.0))
    >>> float(net.module_.bias)
    3.0
    """

    def __init__(self, function):
        self.function = function

    def on_train_begin(self, net, X=None, y=None, **kwargs):
        self.function(net.module_, X, y)
