"""The recurrent core shared by every task module."""

from torch import nn

_CELLS = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}


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
