"""One character at a time through a trained character model, in numpy.

Generating text calls the model once per character on a batch of one. For models
of the usual char-rnn sizes the arithmetic is a few matrix-vector products, and
torch's per-call dispatch and ``nn.LSTM``'s per-call checks cost more than the
arithmetic. This module redoes the eval-mode step with numpy calls that write
into preallocated buffers, and folds the first layer's input projection into a
lookup table (the input is an embedded character, so ``W_ih @ embedding + b`` has
one value per character). The results equal ``CharLanguageModel.step`` to float32
rounding; the tests check it for every cell.
"""

import numpy as np
import torch
from scipy.special import expit
from threadpoolctl import ThreadpoolController

# Seeds up to this many ids are read one step at a time on CPU.
_SHORT_SEED = 16


def _numpy(tensor):
    return tensor.detach().cpu().float().numpy()


def _ifog(a):
    """LSTM gate rows from torch's order (i, f, g, o) to (i, f, o, g)."""
    i, f, g, o = np.split(a, 4)
    return np.concatenate([i, f, o, g])


class RecurrentStepper:
    """Feed ids one at a time to a ``CharLanguageModel`` copy held in numpy.

    Parameters
    ----------
    module : CharLanguageModel
        The trained model (its weights are copied; dropout is not applied).
    state : tuple of tensors, tensor or None
        The ``nn.RNN``-layout state to start from, ``(num_layers, 1, hidden_size)``
        each, as :meth:`CharLanguageModel.step` returns it; None for zeros (the
        start of a document).
    n_logits : int
        Number of leading logits :meth:`step` returns.

    Examples
    --------
    >>> import torch
    >>> from sklearn_rnn.modules import CharLanguageModel
    >>> lm = CharLanguageModel(6, 5, embedding_dim=3, hidden_size=4).eval()
    >>> logits, state = lm.step(torch.tensor([[1, 2]]))
    >>> stepper = RecurrentStepper(lm, state, n_logits=5)
    >>> expected, _ = lm.step(torch.tensor([[3]]), state)
    >>> bool(np.allclose(stepper.step(3), expected[0, -1].detach(), atol=1e-6))
    True
    """

    def __init__(self, module, state, n_logits):
        core = module.core
        self.mode = core.mode
        hidden = core.hidden_size
        embedding = _numpy(module.embedding.weight)
        self.layers = []
        for layer in range(core.num_layers):
            w_ih, w_hh, b_ih, b_hh = (
                _numpy(getattr(core, f"{name}_l{layer}"))
                for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
            )
            if self.mode == "LSTM":
                # Gate rows reordered from torch's (i, f, g, o) to (i, f, o, g):
                # one sigmoid call then covers i, f and o.
                w_ih, w_hh, b_ih, b_hh = map(_ifog, (w_ih, w_hh, b_ih, b_hh))
            if layer == 0:
                # The input is one embedding row: project every row once.
                w_ih, b_ih = embedding @ w_ih.T + b_ih, None
            if self.mode == "GRU":
                # The candidate gate needs W_hh @ h apart from W_ih @ x.
                self.layers.append((w_ih, b_ih, w_hh, b_hh))
            elif layer == 0:
                self.layers.append((w_ih + b_hh, w_hh))
            else:
                # One product over [x; h] instead of two.
                self.layers.append((np.hstack([w_ih, w_hh]), b_ih + b_hh))
        self.hidden = hidden
        self.head_weight = _numpy(module.head.weight)[:n_logits].copy()
        self.head_bias = _numpy(module.head.bias)[:n_logits].copy()
        if state is None:
            state = np.zeros((2 if self.mode == "LSTM" else 1, core.num_layers, hidden))
        elif self.mode == "LSTM":
            state = [_numpy(s)[:, 0] for s in state]
        else:
            state = [_numpy(state)[:, 0]]
        state = [[row.astype(np.float32) for row in part] for part in state]
        self.h, self.c = state[0], state[1] if self.mode == "LSTM" else None
        # The gate products of LSTM and GRU go into one reused buffer; a vanilla
        # cell's product is its new state, so it gets a fresh array.
        n_gates = {"LSTM": 4, "GRU": 3}.get(self.mode)
        self._gates = n_gates and np.empty(n_gates * hidden, dtype=np.float32)

    def step(self, token):
        """Logits ``(n_logits,)`` after one more id; the state moves on."""
        x = None
        for layer, weights in enumerate(self.layers):
            if self.mode == "GRU":
                x = self._gru(layer, token if layer == 0 else x, *weights)
            elif self.mode == "LSTM":
                x = self._lstm(layer, self._preactivation(layer, token, x, weights))
            else:
                pre = self._preactivation(layer, token, x, weights)
                x = np.tanh(pre) if self.mode == "RNN_TANH" else np.maximum(pre, 0)
                self.h[layer] = x
        return self.head_weight @ x + self.head_bias

    def _preactivation(self, layer, token, x, weights):
        """``W_ih x + b_ih + W_hh h + b_hh`` for LSTM and vanilla cells."""
        gates = self._gates
        if layer == 0:
            table, w_hh = weights
            gates = np.dot(w_hh, self.h[0], out=gates)
            gates += table[token]
            return gates
        w, b = weights
        gates = np.dot(w, np.concatenate([x, self.h[layer]]), out=gates)
        gates += b
        return gates

    def _lstm(self, layer, gates):
        n = self.hidden
        ifo = expit(gates[: 3 * n])
        c = ifo[n : 2 * n] * self.c[layer] + ifo[:n] * np.tanh(gates[3 * n :])
        h = ifo[2 * n :] * np.tanh(c)
        self.h[layer], self.c[layer] = h, c
        return h

    def _gru(self, layer, x, w_ih, b_ih, w_hh, b_hh):
        n = self.hidden
        gi = w_ih[x] if b_ih is None else w_ih @ x + b_ih
        gh = np.dot(w_hh, self.h[layer], out=self._gates)
        gh += b_hh
        rz = expit(gi[: 2 * n] + gh[: 2 * n])
        candidate = np.tanh(gi[2 * n :] + rz[:n] * gh[2 * n :])
        h = candidate + rz[n:] * (self.h[layer] - candidate)
        self.h[layer] = h
        return h


def make_step(module, ids, n_logits, device):
    """Read ``ids``; return their last logits and a function for the next id.

    The function maps one id to the next float64 logits, the state carried: on
    CPU through the numpy :class:`RecurrentStepper`, elsewhere through the
    module's own one-step kernels on its device. On CPU a seed of up to
    ``_SHORT_SEED`` ids is read by the stepper too, since ``nn.LSTM``'s
    sequence call has a fixed cost of about ten steps.
    """
    cpu = torch.device(device).type == "cpu"
    if cpu and len(ids) <= _SHORT_SEED:
        stepper = RecurrentStepper(module, None, n_logits)
        for token in ids:
            last = stepper.step(token)
        return last.astype(np.float64), lambda t: stepper.step(t).astype(np.float64)
    logits, state = module.step(torch.from_numpy(ids)[None].to(device))
    last = logits[0, -1, :n_logits].double().cpu().numpy()
    if cpu:
        stepper = RecurrentStepper(module, state, n_logits)
        return last, lambda token: stepper.step(token).astype(np.float64)
    states = module.layer_states(state)
    return (
        last,
        lambda token: module.one_step(token, states, n_logits).double().cpu().numpy(),
    )


_CONTROLLER = []


def blas_threads(n_threads):
    """Context manager capping numpy's BLAS at ``n_threads`` (torch's count).

    The controller that finds the BLAS libraries is built once: building it costs
    about a millisecond, using it microseconds.
    """
    if not _CONTROLLER:
        _CONTROLLER.append(ThreadpoolController())
    return _CONTROLLER[0].limit(limits=n_threads, user_api="blas")
