"""Inference over tensors of equal-length rows, batched by ``batching.py``'s policy."""

import torch

from .batching import rows_per_batch


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
