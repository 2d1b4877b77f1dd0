"""Character language model: embedding, recurrent core, softmax head.

The module is stateful for truncated back-propagation through time: it keeps the
recurrent state of each of its ``batch`` streams between calls (detached, so that
gradients stop at the chunk boundary) and zeroes the rows a ``reset`` flag marks
(the start of a document, or of a pass over the data).
"""

import torch
from torch import nn

from ._cells import MODES
from ._core import make_recurrent_core


class CharLanguageModel(nn.Module):
    """Predict the next symbol at every position of ``(batch, n_timesteps)`` ids.

    Parameters
    ----------
    n_inputs : int
        Size of the input vocabulary (characters, unknown slot, start symbol).
    n_outputs : int
        Number of symbols predicted (characters and the unknown slot).
    embedding_dim : int
        Size of each character's learned embedding.
    cell, hidden_size, num_layers, dropout, nonlinearity
        As in :func:`make_recurrent_core`; ``dropout`` also applies to the
        embeddings and to the core's output (the non-recurrent connections).

    Examples
    --------
    >>> import torch
    >>> lm = CharLanguageModel(n_inputs=5, n_outputs=4, embedding_dim=3,
    ...                        cell="gru", hidden_size=8)
    >>> ids = torch.zeros(2, 7, dtype=torch.long)
    >>> tuple(lm(ids, reset=torch.ones(2, dtype=torch.bool)).shape)
    (2, 7, 4)
    """

    def __init__(
        self,
        n_inputs: int,
        n_outputs: int,
        *,
        embedding_dim: int = 64,
        cell: str = "lstm",
        hidden_size: int = 256,
        num_layers: int = 2,
        dropout: float = 0.0,
        nonlinearity: str = "tanh",
    ):
        super().__init__()
        self.embedding = nn.Embedding(n_inputs, embedding_dim)
        self.core = make_recurrent_core(
            cell,
            embedding_dim,
            hidden_size,
            num_layers=num_layers,
            dropout=dropout,
            nonlinearity=nonlinearity,
        )
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(hidden_size, n_outputs)
        self.state = None

    def step(self, ids: torch.Tensor, state=None):
        """Logits ``(batch, n_timesteps, n_outputs)`` and the state after ``ids``."""
        output, state = self.core(self.drop(self.embedding(ids)), state)
        return self.head(self.drop(output)), state

    def layer_states(self, state):
        """Split an ``nn.RNN``-layout state into a list of per-layer states."""
        if isinstance(state, tuple):
            return [(h[None], c[None]) for h, c in zip(*state, strict=True)]
        return list(state[:, None])

    def one_step(self, token: int, states: list, n_logits: int):
        """First ``n_logits`` logits after one more id (eval mode, no dropout).

        The same computation as ``step(torch.tensor([[token]]), state)`` through
        the per-layer cell kernels (``torch.lstm_cell`` and kin): it skips
        ``nn.LSTM``'s per-call checks and sequence machinery, which cost more than
        the arithmetic for one character, and computes only the logits asked for.
        ``states`` (from :meth:`layer_states`) is updated in place.
        """
        core = self.core
        kernel = MODES[core.mode].step_kernel
        x = self.embedding.weight[token : token + 1]
        for layer in range(core.num_layers):
            weights = [getattr(core, f"{n}_l{layer}") for n in _CELL_WEIGHTS]
            state = states[layer]
            if isinstance(state, tuple):  # (h, c)
                state = tuple(
                    s[None] for s in kernel(x, tuple(s[0] for s in state), *weights)
                )
                x = state[0][0]
            else:
                x = kernel(x, state[0], *weights)
                state = x[None]
            states[layer] = state
        head = self.head
        return nn.functional.linear(x[0], head.weight[:n_logits], head.bias[:n_logits])

    def forward(self, ids: torch.Tensor, reset: torch.Tensor) -> torch.Tensor:
        state = self.state
        if state is not None and _batch_of(state) == len(ids):
            keep = (~reset).to(_first(state).dtype)[None, :, None]
            state = (
                tuple(s * keep for s in state)
                if isinstance(state, tuple)
                else (state * keep)
            )
        else:
            state = None
        logits, state = self.step(ids, state)
        # In the weights' dtype: the state of a step under bfloat16 autocast
        # (mixed_precision) must not reach a float32 step, such as validation.
        dtype = self.head.weight.dtype
        self.state = (
            tuple(s.detach().to(dtype) for s in state)
            if isinstance(state, tuple)
            else state.detach().to(dtype)
        )
        return logits


_CELL_WEIGHTS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


def _first(state):
    return state[0] if isinstance(state, tuple) else state


def _batch_of(state):
    return _first(state).shape[1]


class SequenceCrossEntropy(nn.CrossEntropyLoss):
    """Cross-entropy over ``(batch, n_timesteps, n_classes)`` logits.

    Targets equal to ``ignore_index`` (-100: padding) add nothing to the loss.

    Examples
    --------
    >>> import torch
    >>> loss = SequenceCrossEntropy()
    >>> logits = torch.zeros(2, 3, 4)  # uniform over 4 classes: log(4) per target
    >>> target = torch.tensor([[0, 1, 2], [3, -100, -100]])  # 2 padded positions
    >>> round(float(loss(logits, target)), 4)  # log(4), the padding ignored
    1.3863
    """

    def forward(self, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        return super().forward(logits.reshape(-1, logits.shape[-1]), target.reshape(-1))
