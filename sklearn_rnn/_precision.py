"""Mixed-precision training: skorch's net with its training passes under autocast."""

import torch
from skorch import NeuralNet


def _full_precision(data):
    """``data``'s bfloat16 tensors as float32 (in nested tuples and dicts too)."""
    if isinstance(data, dict):
        return {key: _full_precision(value) for key, value in data.items()}
    if isinstance(data, tuple | list):
        return type(data)(_full_precision(value) for value in data)
    if isinstance(data, torch.Tensor) and data.dtype == torch.bfloat16:
        return data.float()
    return data


class RecurrentNet(NeuralNet):
    """skorch's ``NeuralNet``, optionally training under ``torch.autocast``.

    With ``autocast_dtype`` (e.g. ``torch.bfloat16``), the training forward
    passes run under autocast: matrix products and recurrent kernels in that
    dtype, softmaxes and losses in float32, and the outputs are cast back to
    float32 before the loss. Weights, gradients and the optimiser stay float32,
    and validation and prediction run in full precision.

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

    def __init__(self, *args, autocast_dtype=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.autocast_dtype = autocast_dtype

    def infer(self, x, **fit_params):
        if self.autocast_dtype is None or not self.module_.training:
            return super().infer(x, **fit_params)
        device_type = torch.device(self.device).type
        with torch.autocast(device_type, dtype=self.autocast_dtype):
            return _full_precision(super().infer(x, **fit_params))


# torch dtypes of the estimators' mixed_precision values.
MIXED_PRECISION = {None: None, "bf16": torch.bfloat16}
