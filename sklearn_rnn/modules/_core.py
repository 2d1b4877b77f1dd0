"""The recurrent core shared by every task module."""

import torch
from torch import nn

_CELLS = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}
# The functions nn.RNN, nn.GRU and nn.LSTM call, by their ``mode``.
_FUNCTIONS = {
    "RNN_TANH": torch.rnn_tanh,
    "RNN_RELU": torch.rnn_relu,
    "GRU": torch.gru,
    "LSTM": torch.lstm,
}


def make_recurrent_core(
    cell: str,
    input_size: int,
    hidden_size: int,
    *,
    num_layers: int = 1,
    dropout: float = 0.0,
    nonlinearity: str = "tanh",
    bidirectional: bool = False,
) -> nn.RNNBase:
    """Build a batch-first ``nn.RNN``, ``nn.GRU`` or ``nn.LSTM``.

    Parameters
    ----------
    cell : {"rnn", "gru", "lstm"}
        The recurrent cell.
    input_size : int
        Number of features entering the core at each time step.
    hidden_size : int
        Number of features of the hidden state.
    num_layers : int, default=1
        Number of stacked recurrent layers.
    dropout : float, default=0.0
        Dropout between stacked layers. PyTorch applies it only between layers, so
        it is ignored (and not passed, to avoid PyTorch's warning) when
        ``num_layers == 1``.
    nonlinearity : {"tanh", "relu"}, default="tanh"
        Activation of the vanilla RNN; GRU and LSTM have fixed gates.
    bidirectional : bool, default=False
        Whether to also read the sequence backwards.

    Returns
    -------
    core : torch.nn.RNNBase
        A module taking ``(batch, n_timesteps, input_size)`` tensors.

    Examples
    --------
    >>> import torch
    >>> core = make_recurrent_core("gru", input_size=3, hidden_size=8, num_layers=2)
    >>> output, h_n = core(torch.zeros(4, 10, 3))
    >>> tuple(output.shape), tuple(h_n.shape)
    ((4, 10, 8), (2, 4, 8))
    """
    try:
        cls = _CELLS[cell]
    except KeyError:
        raise ValueError(
            f"cell must be one of {sorted(_CELLS)}, got {cell!r}."
        ) from None
    kwargs = {}
    if cell == "rnn":
        kwargs["nonlinearity"] = nonlinearity
    return cls(
        input_size,
        hidden_size,
        num_layers=num_layers,
        dropout=dropout if num_layers > 1 else 0.0,
        bidirectional=bidirectional,
        batch_first=True,
        **kwargs,
    )


def one_direction(
    core: nn.RNNBase, inputs: torch.Tensor, reverse: bool = False
) -> torch.Tensor:
    """Outputs of one direction of a one-layer batch-first core, read forwards.

    ``reverse=True`` applies the backward direction's weights of a bidirectional
    core, still reading ``inputs`` from first to last step: passing sequences
    already reversed then gives what that direction computes, and padding
    placed after each sequence leaves its outputs up to its length unchanged.

    Parameters
    ----------
    core : torch.nn.RNNBase
        A one-layer, batch-first ``nn.RNN``, ``nn.GRU`` or ``nn.LSTM`` (made by
        :func:`make_recurrent_core`), bidirectional when ``reverse``.
    inputs : torch.Tensor of shape (batch, n_timesteps, input_size)
        Unpacked inputs.
    reverse : bool, default=False
        Use the backward direction's weights.

    Returns
    -------
    outputs : torch.Tensor of shape (batch, n_timesteps, hidden_size)

    Examples
    --------
    >>> import torch
    >>> core = make_recurrent_core("gru", 3, 4, bidirectional=True)
    >>> x = torch.randn(2, 5, 3)
    >>> both, _ = core(x)
    >>> torch.allclose(one_direction(core, x), both[..., :4], atol=1e-6)
    True
    """
    if core.num_layers != 1 or not core.batch_first:
        raise ValueError("one_direction needs a one-layer, batch-first core.")
    suffix = "_reverse" if reverse else ""
    names = ["weight_ih_l0", "weight_hh_l0"]
    if core.bias:
        names += ["bias_ih_l0", "bias_hh_l0"]
    weights = [getattr(core, name + suffix) for name in names]
    h_0 = inputs.new_zeros(1, inputs.shape[0], core.hidden_size)
    hx = (h_0, h_0) if core.mode == "LSTM" else h_0
    return _FUNCTIONS[core.mode](
        inputs, hx, weights, core.bias, 1, 0.0, core.training, False, True
    )[0]
