"""Mixed-precision training: skorch's net with its training passes under autocast."""

import torch
from skorch import NeuralNet
from skorch.dataset import unpack_data
from skorch.utils import TeeGenerator

_REDUCED = (torch.bfloat16, torch.float16)


def _full_precision(data):
    """``data``'s bfloat16 and float16 tensors as float32 (nested ones too)."""
    if isinstance(data, dict):
        return {key: _full_precision(value) for key, value in data.items()}
    if isinstance(data, tuple | list):
        return type(data)(_full_precision(value) for value in data)
    if isinstance(data, torch.Tensor) and data.dtype in _REDUCED:
        return data.float()
    return data


class RecurrentNet(NeuralNet):
    """skorch's ``NeuralNet``, optionally training under ``torch.autocast``.

    With ``autocast_dtype`` (e.g. ``torch.bfloat16``), the training forward
    passes run under autocast: matrix products and recurrent kernels in reduced
    precision, softmaxes and losses in float32, and the outputs are cast back to
    float32 before the loss. Weights, gradients and the optimiser stay float32,
    and validation and prediction run in full precision.

    With ``loss_scaling=True``, each step also scales the loss by
    ``torch.amp.GradScaler``'s dynamic factor before the backward pass, so that
    small gradients do not vanish in float16, and unscales the gradients before
    the ``on_grad_computed`` callbacks (gradient clipping sees the true
    gradients); a step whose gradients overflowed is skipped. This is needed on
    CUDA, where autocast runs cuDNN's recurrent kernels in float16 whatever its
    dtype.

    Examples
    --------
    >>> import torch
    >>> net = RecurrentNet(torch.nn.Linear, module__in_features=3,
    ...                    module__out_features=1, criterion=torch.nn.MSELoss,
    ...                    autocast_dtype=torch.bfloat16).initialize()
    >>> net.module_.train()
    Linear(in_features=3, out_features=1, bias=True)
    >>> net.infer(torch.ones(2, 3)).dtype
    torch.float32
    """

    def __init__(self, *args, autocast_dtype=None, loss_scaling=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.autocast_dtype = autocast_dtype
        self.loss_scaling = loss_scaling

    def infer(self, x, **fit_params):
        if self.autocast_dtype is None or not self.module_.training:
            return super().infer(x, **fit_params)
        device_type = torch.device(self.device).type
        with torch.autocast(device_type, dtype=self.autocast_dtype):
            return _full_precision(super().infer(x, **fit_params))

    def on_train_begin(self, net, X=None, y=None, **kwargs):
        super().on_train_begin(net, X=X, y=y, **kwargs)
        # A fresh scale for each fit; it adapts within a few steps.
        self.grad_scaler_ = torch.amp.GradScaler(
            torch.device(self.device).type, enabled=self.loss_scaling
        )

    def train_step(self, batch, **fit_params):
        scaler = getattr(self, "grad_scaler_", None)
        if scaler is None or not scaler.is_enabled():
            return super().train_step(batch, **fit_params)
        # skorch's step, with the scaler's calls around the backward pass and
        # the optimiser steps (GradScaler takes no closures).
        self._zero_grad_optimizer()
        self._set_training(True)
        Xi, yi = unpack_data(batch)
        y_pred = self.infer(Xi, **fit_params)
        loss = self.get_loss(y_pred, yi, X=Xi, training=True)
        scaler.scale(loss).backward()
        optimizers = [getattr(self, name + "_") for name in self._optimizers]
        for optimizer in optimizers:
            scaler.unscale_(optimizer)
        self.notify(
            "on_grad_computed",
            named_parameters=TeeGenerator(self.get_all_learnable_params()),
            batch=batch,
            training=True,
        )
        for optimizer in optimizers:
            scaler.step(optimizer)
        scaler.update()
        return {"loss": loss, "y_pred": y_pred}


# torch dtypes of the estimators' mixed_precision values.
MIXED_PRECISION = {None: None, "bf16": torch.bfloat16}
