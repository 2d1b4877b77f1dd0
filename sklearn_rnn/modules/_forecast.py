"""Forecasting head and loss: a causal recurrent core read at the last time step."""

import torch
from torch import nn

from ._core import make_recurrent_core


class ForecastModule(nn.Module):
    """Map windows ``(batch, n_timesteps, n_features)`` to forecasts.

    The recurrent core reads the window oldest value first; the output of its last
    layer at the last time step goes through a linear layer that predicts all
    ``horizon`` future values at once (a direct multi-horizon forecast).

    With ``past_steps``, a linear layer also maps the target's last
    ``past_steps`` values (feature 0) straight to the ``horizon`` forecasts,
    added to the recurrent head's: an autoregressive highway, as in LSTNet (Lai
    et al., 2018). It is not trained: it starts at zero (no highway) and whoever
    trains the module sets it beforehand, :class:`~sklearn_rnn.RNNForecaster` to
    the ridge regression of the targets on the windows, the linear part of a
    forecast (the last value, the value one season ago, a trend); the recurrent
    core then learns only what that misses. The quantile forecasts share the
    highway: the head alone sets their distances from the point forecast.

    With ``future_steps`` (future-known covariates), the window's last
    ``future_steps == horizon`` time steps are the future itself, the target
    unknown there and the known covariates given: the core reads on through them
    and a linear layer maps its output at each future step to that step's
    forecast (a causal decoder: step ``h`` sees the covariates up to ``h``).

    Parameters
    ----------
    input_size : int
        Number of features per time step.
    horizon : int
        Number of future values predicted per window.
    n_quantiles : int, default=0
        Number of quantile forecasts made besides the point forecast.
    patch_length : int, default=1
        Number of consecutive time steps fed to the core as one step: a window of
        ``n_timesteps`` becomes ``n_timesteps // patch_length`` steps of
        ``patch_length * n_features`` values (``n_timesteps`` must be a multiple).
    future_steps : int, default=0
        Number of trailing time steps of each window that are the forecast's
        future: 0, or ``horizon`` (a multiple of ``patch_length``).
    past_steps : int, default=0
        Number of time steps before the future ones that the linear highway
        reads (the window's past, or its end); 0 for no highway.
    cell, hidden_size, num_layers, dropout, nonlinearity
        As in :func:`make_recurrent_core`.

    Returns
    -------
    A tensor of shape ``(batch, horizon)`` when ``n_quantiles == 0``, else
    ``(batch, 1 + n_quantiles, horizon)``: the point forecast, then the quantiles.

    Examples
    --------
    >>> import torch
    >>> module = ForecastModule(input_size=1, horizon=3, cell="lstm", hidden_size=8)
    >>> tuple(module(torch.zeros(5, 12, 1)).shape)
    (5, 3)
    >>> module = ForecastModule(input_size=1, horizon=3, n_quantiles=2, patch_length=4)
    >>> tuple(module(torch.zeros(5, 12, 1)).shape)
    (5, 3, 3)
    >>> module = ForecastModule(input_size=3, horizon=4, future_steps=4)
    >>> tuple(module(torch.zeros(5, 16, 3)).shape)
    (5, 4)
    >>> module = ForecastModule(input_size=1, horizon=2, past_steps=12)
    >>> tuple(module(torch.zeros(5, 12, 1)).shape)
    (5, 2)
    """

    def __init__(
        self,
        input_size: int,
        horizon: int,
        *,
        n_quantiles: int = 0,
        patch_length: int = 1,
        future_steps: int = 0,
        past_steps: int = 0,
        cell: str = "lstm",
        hidden_size: int = 32,
        num_layers: int = 1,
        dropout: float = 0.0,
        nonlinearity: str = "tanh",
    ):
        super().__init__()
        self.horizon = horizon
        self.n_outputs = 1 + n_quantiles
        self.patch_length = patch_length
        self.future_patches = future_steps // patch_length
        self.future_steps = future_steps
        self.past_steps = past_steps
        self.core = make_recurrent_core(
            cell,
            input_size * patch_length,
            hidden_size,
            num_layers=num_layers,
            dropout=dropout,
            nonlinearity=nonlinearity,
        )
        per_output = patch_length if future_steps else horizon
        self.head = nn.Linear(hidden_size, per_output * self.n_outputs)
        self.highway = None
        if past_steps:
            # Set by whoever trains the module (RNNForecaster: a ridge fit before
            # the first epoch), never by gradient descent.
            self.highway = nn.Linear(past_steps, horizon)
            nn.init.zeros_(self.highway.weight)
            nn.init.zeros_(self.highway.bias)
            self.highway.requires_grad_(False)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        highway = None
        if self.highway is not None:
            end = X.shape[1] - self.future_steps
            # In full precision under autocast too: the linear forecast is most
            # of the output, and bfloat16 would keep 3 of its digits.
            with torch.autocast(X.device.type, enabled=False):
                past = X[:, end - self.past_steps : end, 0]
                highway = self.highway(past)[:, None]  # the same for every output
        if self.patch_length > 1:
            # (batch, n_timesteps, n_features) -> (batch, n_patches, patch values):
            # consecutive time steps, their features side by side.
            X = X.reshape(len(X), -1, self.patch_length * X.shape[2])
        output, _ = self.core(X)
        if self.future_patches:
            # (batch, future patches, patch_length * n_outputs): each future
            # patch's own forecasts -> (batch, n_outputs, horizon).
            out = self.head(output[:, -self.future_patches :])
            out = out.reshape(len(X), self.horizon, self.n_outputs).transpose(1, 2)
        else:
            out = self.head(output[:, -1])
        out = out.reshape(len(X), self.n_outputs, self.horizon)
        if highway is not None:
            out = out + highway
        if self.n_outputs == 1:
            return out.reshape(len(X), self.horizon)
        return out


class ForecastLoss(nn.Module):
    """Point loss, plus the pinball loss of each quantile forecast.

    ``y_true`` is the targets ``(batch, horizon)``, or a pair ``(targets,
    weights)`` of that shape: each target's loss is then multiplied by its weight
    before averaging (0 for a missing target; ``sample_weight`` otherwise).

    Parameters
    ----------
    point_loss : {"squared_error", "absolute_error"}, default="squared_error"
        Loss of the point forecast.
    quantiles : sequence of float, default=()
        Levels of the quantile forecasts, in the order the module outputs them.

    Examples
    --------
    >>> import torch
    >>> loss = ForecastLoss("absolute_error", quantiles=(0.1, 0.9))
    >>> y = torch.zeros(4, 2)
    >>> float(loss(torch.ones(4, 3, 2), y))  # |1| + mean(0.9 * 1, 0.1 * 1)
    1.5
    >>> weight = torch.tensor([[2.0, 2.0], [0.0, 0.0], [1.0, 1.0], [1.0, 1.0]])
    >>> float(loss(torch.ones(4, 3, 2), (y, weight)))
    1.5
    """

    def __init__(self, point_loss="squared_error", quantiles=()):
        super().__init__()
        self.point_loss = point_loss
        self.register_buffer(
            "quantiles", torch.tensor(list(quantiles), dtype=torch.float32)
        )

    def forward(self, y_pred: torch.Tensor, y_true) -> torch.Tensor:
        weight = None
        if isinstance(y_true, tuple | list):
            y_true, weight = y_true
        point = y_pred if y_pred.ndim == 2 else y_pred[:, 0]
        error = y_true - point
        loss = error.square() if self.point_loss == "squared_error" else error.abs()
        loss = _mean(loss, weight)
        if len(self.quantiles):
            # Pinball: under-forecasts cost q per unit, over-forecasts 1 - q.
            q = self.quantiles.to(y_pred.dtype)[None, :, None]
            error = y_true[:, None, :] - y_pred[:, 1:]
            pinball = torch.maximum(q * error, (q - 1) * error)
            loss = loss + _mean(pinball, None if weight is None else weight[:, None])
        return loss


def _mean(loss, weight):
    """Mean of ``loss``, each term multiplied by ``weight`` (broadcast) if given."""
    if weight is None:
        return loss.mean()
    return (loss * weight).mean()
