"""The recurrent core shared by every task module (cells: ``_cells.py``)."""

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from ._cells import MODES, cell_mode


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
    entry = cell_mode(cell, nonlinearity)
    kwargs = {}
    if entry.nonlinearity is not None:
        kwargs["nonlinearity"] = entry.nonlinearity
    return entry.torch_class(
        input_size,
        hidden_size,
        num_layers=num_layers,
        dropout=dropout if num_layers > 1 else 0.0,
        bidirectional=bidirectional,
        batch_first=True,
        **kwargs,
    )


def one_direction(
    core: nn.RNNBase, inputs: torch.Tensor, reverse: bool = False, layer: int = 0
) -> torch.Tensor:
    """Outputs of one direction of one layer of a batch-first core, read forwards.

    ``reverse=True`` applies the backward direction's weights of a bidirectional
    core, still reading ``inputs`` from first to last step: passing sequences
    already reversed then gives what that direction computes, and padding
    placed after each sequence leaves its outputs up to its length unchanged.

    Parameters
    ----------
    core : torch.nn.RNNBase
        A batch-first ``nn.RNN``, ``nn.GRU`` or ``nn.LSTM`` (made by
        :func:`make_recurrent_core`), bidirectional when ``reverse``.
    inputs : torch.Tensor of shape (batch, n_timesteps, n_features)
        Unpacked inputs of that layer (the previous layer's outputs, both
        directions concatenated, for ``layer > 0``).
    reverse : bool, default=False
        Use the backward direction's weights.
    layer : int, default=0
        Which stacked layer's weights to use.

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
    if not core.batch_first or not 0 <= layer < core.num_layers:
        raise ValueError(
            f"one_direction needs a batch-first core and a layer in "
            f"[0, {core.num_layers}); got batch_first={core.batch_first}, "
            f"layer={layer}."
        )
    suffix = f"_l{layer}" + ("_reverse" if reverse else "")
    names = ["weight_ih", "weight_hh"] + (["bias_ih", "bias_hh"] if core.bias else [])
    weights = [getattr(core, name + suffix) for name in names]
    h_0 = inputs.new_zeros(1, inputs.shape[0], core.hidden_size)
    entry = MODES[core.mode]
    hx = (h_0,) * entry.n_states if entry.n_states > 1 else h_0
    return entry.sequence_kernel(
        inputs, hx, weights, core.bias, 1, 0.0, core.training, False, True
    )[0]


def run_unpacked(
    core: nn.RNNBase, inputs: torch.Tensor, lengths: torch.Tensor
) -> torch.Tensor:
    """What ``core`` computes over padded sequences, without packing them.

    On CPU, PyTorch runs a packed batch one time step at a time (a dozen small
    autograd operations per step) but a padded one in a single fused call per
    layer and direction. Padding after a sequence does not change the forward
    direction's outputs up to its length; the backward direction reads each
    sequence reversed within its length, so its padding comes last too. The
    outputs are therefore exactly those of the packed core, and zero on padding
    (as ``pad_packed_sequence`` gives them).

    Parameters
    ----------
    core : torch.nn.RNNBase
        A batch-first core made by :func:`make_recurrent_core`.
    inputs : torch.Tensor of shape (batch, n_timesteps, input_size)
        Sequences padded after their end.
    lengths : torch.Tensor of shape (batch,)
        Each sequence's length (at least 1), on ``inputs``' device.

    Returns
    -------
    outputs : torch.Tensor of shape (batch, n_timesteps, n_directions * hidden_size)

    Examples
    --------
    >>> import torch
    >>> from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
    >>> core = make_recurrent_core("lstm", 3, 4, bidirectional=True)
    >>> x, lengths = torch.randn(2, 5, 3), torch.tensor([5, 2])
    >>> packed = pack_padded_sequence(x, lengths, batch_first=True)
    >>> expected, _ = pad_packed_sequence(core(packed)[0], batch_first=True)
    >>> torch.allclose(run_unpacked(core, x, lengths), expected, atol=1e-6)
    True
    """
    positions = torch.arange(inputs.shape[1], device=inputs.device)
    inside = positions < lengths[:, None]
    # Reverses each sequence within its length (padding maps to its first step).
    mirrored = (lengths[:, None] - 1 - positions).clamp(min=0)

    def flip(x):
        return x.gather(1, mirrored[..., None].expand_as(x))

    outputs = inputs
    for layer in range(core.num_layers):
        if layer and core.training and core.dropout:
            outputs = nn.functional.dropout(outputs, core.dropout)
        directions = [one_direction(core, outputs, layer=layer)]
        if core.bidirectional:
            directions.append(flip(one_direction(core, flip(outputs), True, layer)))
        outputs = torch.cat(directions, dim=-1)
    return outputs * inside[..., None]


def run_packed(
    core: nn.RNNBase, inputs: torch.Tensor, lengths: torch.Tensor
) -> torch.Tensor:
    """``core``'s outputs over padded sequences, through a packed batch.

    cuDNN runs a packed batch in one call. Takes and returns the same tensors as
    :func:`run_unpacked` (zero on padding).
    """
    packed = pack_padded_sequence(
        inputs, lengths.cpu(), batch_first=True, enforce_sorted=False
    )
    outputs, _ = pad_packed_sequence(
        core(packed)[0], batch_first=True, total_length=inputs.shape[1]
    )
    return outputs


def run_padded(
    core: nn.RNNBase, inputs: torch.Tensor, lengths: torch.Tensor
) -> torch.Tensor:
    """``core``'s outputs over padded sequences, each read up to its length.

    Packed on CUDA (:func:`run_packed`), in fused unpacked calls elsewhere
    (:func:`run_unpacked`): the same outputs, by the faster way on each device.

    Examples
    --------
    >>> import torch
    >>> core = make_recurrent_core("gru", 3, 4, bidirectional=True)
    >>> x, lengths = torch.randn(2, 5, 3), torch.tensor([5, 2])
    >>> torch.allclose(run_padded(core, x, lengths), run_packed(core, x, lengths))
    True
    """
    if inputs.device.type == "cuda":
        return run_packed(core, inputs, lengths)
    return run_unpacked(core, inputs, lengths)
