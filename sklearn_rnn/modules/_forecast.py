"""Forecasting head: a causal recurrent core read at the last time step."""

import torch
from torch import nn

from ._core import make_recurrent_core


class ForecastModule(nn.Module):
    """Map windows ``(batch, n_timesteps, n_features)`` to ``(batch, horizon)``.

    The recurrent core reads the window oldest value first; the output of its last
    layer at the last time step goes through a linear layer that predicts all
    ``horizon`` future values at once (a direct multi-horizon forecast).

    Parameters
    ----------
    input_size : int
        Number of features per time step.
    horizon : int
        Number of future values predicted per window.
    cell, hidden_size, num_layers, dropout, nonlinearity
        As in :func:`make_recurrent_core`.

    Examples
    --------
    >>> import torch
    >>> module = ForecastModule(input_size=1, horizon=3, cell="lstm", hidden_size=8)
    >>> tuple(module(torch.zeros(5, 12, 1)).shape)
    (5, 3)
    """

    def __init__(
        self,
        input_size: int,
        horizon: int,
        *,
        cell: str = "lstm",
        hidden_size: int = 32,
        num_layers: int = 1,
        dropout: float = 0.0,
        nonlinearity: str = "tanh",
    ):
        super().__init__()
        self.core = make_recurrent_core(
            cell,
            input_size,
            hidden_size,
            num_layers=num_layers,
            dropout=dropout,
            nonlinearity=nonlinearity,
        )
        self.head = nn.Linear(hidden_size, horizon)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        output, _ = self.core(X)
        return self.head(output[:, -1])
