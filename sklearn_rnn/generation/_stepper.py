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
from threadpoolctl import ThreadpoolController

from ..modules._cells import MODES

# Seeds up to this many ids are read one step at a time on CPU.
_SHORT_SEED = 16


def _numpy(tensor):
    return tensor.detach().cpu().float().numpy()


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
        cell = MODES[core.mode]
        embedding = _numpy(module.embedding.weight)
        if state is None:
            state = np.zeros((cell.n_states, core.num_layers, core.hidden_size))
        else:
            state = [_numpy(s)[:, 0] for s in (state if cell.n_states > 1 else [state])]
        self.layers = []
        for layer in range(core.num_layers):
            weights = (
                _numpy(getattr(core, f"{name}_l{layer}"))
                for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
            )
            layer_state = [part[layer].astype(np.float32) for part in state]
            table = embedding if layer == 0 else None
            self.layers.append(cell.numpy_layer(*weights, table, layer_state))
        self.head_weight = _numpy(module.head.weight)[:n_logits].copy()
        self.head_bias = _numpy(module.head.bias)[:n_logits].copy()

    @property
    def h(self):
        """Each layer's hidden state."""
        return [layer.h for layer in self.layers]

    @property
    def c(self):
        """Each layer's cell state (LSTM), else None."""
        return (
            [layer.c for layer in self.layers] if hasattr(self.layers[0], "c") else None
        )

    def step(self, token):
        """Logits ``(n_logits,)`` after one more id; the state moves on."""
        x = token
        for layer in self.layers:
            x = layer.step(x)
        return self.head_weight @ x + self.head_bias


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
