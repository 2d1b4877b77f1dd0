"""The skorch callbacks that :func:`~sklearn_rnn._skorch.build_net` adds.

Part of the skorch layer: early stopping that says what it kept, a progress bar
that counts our prepared batches, and a guard against diverging training.
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
    :class:`~sklearn_rnn._skorch.BatchList` holds its batches ready, so they are
    counted rather than estimated from ``batch_size``; a bar cut short by an
    interrupted fit is closed.

    Examples
    --------
    >>> from sklearn_rnn._skorch import BatchList
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


class FiniteLoss(Callback):
    """Stop training with a ValueError as soon as it diverges.

    Checks the loss of every training batch and, at the end, the weights (the
    last step may be the one that overflows). Validation losses are not checked:
    a validation batch whose tokens all carry tags unseen in training has no
    defined loss.

    Parameters
    ----------
    advice : str
        What to try instead, appended to the error message.

    Examples
    --------
    >>> FiniteLoss("Lower lr.").advice
    'Lower lr.'
    """

    def __init__(self, advice):
        self.advice = advice

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

    def on_train_end(self, net, **kwargs):
        if not all(torch.isfinite(p).all() for p in net.module_.parameters()):
            raise ValueError(
                "Training produced non-finite (NaN or infinite) weights by epoch "
                f"{len(net.history)}: training diverged. {self.advice}"
            )
