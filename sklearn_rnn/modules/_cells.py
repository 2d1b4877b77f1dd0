"""The recurrent cells: one registry entry per cell, everything else reads it.

Each entry of :data:`MODES` (keyed by torch's ``RNNBase.mode``) holds the torch
class that builds the cell, the sequence kernel ``nn.RNN``/``nn.GRU``/``nn.LSTM``
call, the one-step kernel (``torch.lstm_cell`` and kin) and the numpy step of one
layer that text generation runs on CPU. :data:`CELLS` maps the estimators'
``cell`` values to them; the parameter's constraint and documentation come from
it. Adding a cell is one entry here.
"""

import textwrap
from dataclasses import dataclass

import numpy as np
import torch
from scipy.special import expit
from torch import nn


def _ifog(a):
    """LSTM gate rows from torch's order (i, f, g, o) to (i, f, o, g): one
    sigmoid call then covers i, f and o."""
    i, f, g, o = np.split(a, 4)
    return np.concatenate([i, f, o, g])


class _NumpyLayer:
    """One layer's eval-mode step in numpy, for an input id (layer 0, whose input
    projection is a table row per id) or the layer below's output.

    Built from the layer's torch weights (float32 arrays), the embedding for
    layer 0 (else None) and its state ``[h]`` (``[h, c]`` for the LSTM);
    :meth:`step` moves the state on and returns ``h``. Products go into one
    reused buffer.
    """

    n_gates = 1

    def __init__(self, w_ih, w_hh, b_ih, b_hh, embedding, state):
        self.h = state[0]
        h = self.h
        if embedding is not None:  # the input is one embedding row: project all
            w_ih, b_ih = embedding @ w_ih.T + b_ih, None
        self.prepare(w_ih, w_hh, b_ih, b_hh)
        self.gates = np.empty(self.n_gates * len(h), dtype=np.float32)

    def prepare(self, w_ih, w_hh, b_ih, b_hh):
        if b_ih is None:  # layer 0: a table row plus W_hh h
            self.table, self.w_hh, self.w, self.b = w_ih + b_hh, w_hh, None, None
        else:  # one product over [x; h] instead of two
            self.table, self.w = None, np.hstack([w_ih, w_hh])
            self.b = b_ih + b_hh

    def preactivation(self, x):
        """``W_ih x + b_ih + W_hh h + b_hh``, ``x`` an id for layer 0."""
        if self.table is not None:
            gates = np.dot(self.w_hh, self.h, out=self.gates)
            gates += self.table[x]
            return gates
        gates = np.dot(self.w, np.concatenate([x, self.h]), out=self.gates)
        gates += self.b
        return gates


class _TanhLayer(_NumpyLayer):
    def step(self, x):
        self.h = np.tanh(self.preactivation(x))
        return self.h


class _ReluLayer(_NumpyLayer):
    def step(self, x):
        self.h = np.maximum(self.preactivation(x), 0)
        return self.h


class _LSTMLayer(_NumpyLayer):
    n_gates = 4

    def __init__(self, w_ih, w_hh, b_ih, b_hh, embedding, state):
        self.c = state[1]
        w_ih, w_hh, b_ih, b_hh = map(_ifog, (w_ih, w_hh, b_ih, b_hh))
        super().__init__(w_ih, w_hh, b_ih, b_hh, embedding, state)

    def step(self, x):
        gates, n = self.preactivation(x), len(self.h)
        ifo = expit(gates[: 3 * n])
        self.c = ifo[n : 2 * n] * self.c + ifo[:n] * np.tanh(gates[3 * n :])
        self.h = ifo[2 * n :] * np.tanh(self.c)
        return self.h


class _GRULayer(_NumpyLayer):
    n_gates = 3

    def prepare(self, w_ih, w_hh, b_ih, b_hh):
        # The candidate gate needs W_hh @ h apart from W_ih @ x.
        self.w_ih, self.b_ih, self.w_hh, self.b_hh = w_ih, b_ih, w_hh, b_hh

    def step(self, x):
        n = len(self.h)
        gi = self.w_ih[x] if self.b_ih is None else self.w_ih @ x + self.b_ih
        gh = np.dot(self.w_hh, self.h, out=self.gates)
        gh += self.b_hh
        rz = expit(gi[: 2 * n] + gh[: 2 * n])
        candidate = np.tanh(gi[2 * n :] + rz[:n] * gh[2 * n :])
        self.h = candidate + rz[n:] * (self.h - candidate)
        return self.h


@dataclass(frozen=True)
class Cell:
    """A recurrent cell, as torch names it (``RNNBase.mode``).

    Attributes
    ----------
    mode : str
        ``"LSTM"``, ``"GRU"``, ``"RNN_TANH"`` or ``"RNN_RELU"``.
    torch_class : type
        The ``nn.RNNBase`` subclass that builds it.
    nonlinearity : str or None
        The ``nonlinearity`` argument ``torch_class`` takes (vanilla cells).
    sequence_kernel : callable
        What ``torch_class`` calls over a whole sequence (``torch.lstm`` ...).
    step_kernel : callable
        One time step (``torch.lstm_cell`` ...).
    n_states : int
        Tensors of its state: 2 for the LSTM's ``(h, c)``, else 1.
    numpy_layer : type
        Its eval-mode step of one layer in numpy.
    """

    mode: str
    torch_class: type
    nonlinearity: str | None
    sequence_kernel: object
    step_kernel: object
    n_states: int
    numpy_layer: type


MODES = {
    cell.mode: cell
    for cell in (
        Cell("LSTM", nn.LSTM, None, torch.lstm, torch.lstm_cell, 2, _LSTMLayer),
        Cell("GRU", nn.GRU, None, torch.gru, torch.gru_cell, 1, _GRULayer),
        Cell(
            "RNN_TANH",
            nn.RNN,
            "tanh",
            torch.rnn_tanh,
            torch.rnn_tanh_cell,
            1,
            _TanhLayer,
        ),
        Cell(
            "RNN_RELU",
            nn.RNN,
            "relu",
            torch.rnn_relu,
            torch.rnn_relu_cell,
            1,
            _ReluLayer,
        ),
    )
}


@dataclass(frozen=True)
class CellChoice:
    """What a ``cell`` value of the estimators selects, and how the docs call it."""

    description: str
    modes: dict  # nonlinearity -> mode; None: whatever the nonlinearity


# The estimators' ``cell`` values, in the order the documentation lists them.
CELLS = {
    "lstm": CellChoice("long short-term memory", {None: "LSTM"}),
    "gru": CellChoice("gated recurrent unit", {None: "GRU"}),
    "rnn": CellChoice(
        "the vanilla (Elman) RNN", {"tanh": "RNN_TANH", "relu": "RNN_RELU"}
    ),
}


def cell_mode(cell, nonlinearity="tanh"):
    """The :class:`Cell` that ``cell`` (and, for ``"rnn"``, ``nonlinearity``)
    selects.

    Examples
    --------
    >>> cell_mode("rnn", "relu").mode, cell_mode("lstm").n_states
    ('RNN_RELU', 2)
    """
    if cell not in CELLS:
        raise ValueError(f"cell must be one of {sorted(CELLS)}, got {cell!r}.")
    modes = CELLS[cell].modes
    mode = modes.get(nonlinearity, modes.get(None))
    if mode is None:  # nn.RNN's own message
        raise ValueError(
            f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'."
        )
    return MODES[mode]


def _cell_param_doc():
    names = ", ".join(f'"{name}"' for name in CELLS)
    kinds = [choice.description for choice in CELLS.values()]
    text = f"Recurrent cell: {', '.join(kinds[:-1])}, or {kinds[-1]}."
    body = textwrap.fill(text, 88, initial_indent=" " * 8, subsequent_indent=" " * 8)
    return f'cell : {{{names}}}, default="lstm"\n{body}'


# The estimators' documentation of their ``cell`` parameter.
CELL_PARAM_DOC = _cell_param_doc()
