"""The cell registry (``modules/_cells.py``): every entry's kernels and numpy step
agree with its torch class, and the names the estimators take map onto it."""

import numpy as np
import pytest
import torch

from sklearn_rnn._training.base import SHARED_PARAMS_DOC
from sklearn_rnn.generation._stepper import RecurrentStepper
from sklearn_rnn.modules import CELLS, CharLanguageModel, cell_mode
from sklearn_rnn.modules._cells import CELL_PARAM_DOC, MODES
from sklearn_rnn.modules._core import make_recurrent_core, one_direction

CHOICES = [
    (cell, nonlinearity)
    for cell, choice in CELLS.items()
    for nonlinearity in sorted(set(choice.modes))
]


@pytest.mark.parametrize(("cell", "nonlinearity"), CHOICES)
def test_each_cell_builds_its_torch_class(cell, nonlinearity):
    entry = cell_mode(cell, nonlinearity)
    core = make_recurrent_core(cell, 3, 4, nonlinearity=nonlinearity)
    assert type(core) is entry.torch_class and core.mode == entry.mode


@pytest.mark.parametrize("mode", sorted(MODES))
def test_sequence_and_step_kernels_agree_with_the_module(mode):
    entry = MODES[mode]
    torch.manual_seed(0)
    kwargs = {} if entry.nonlinearity is None else {"nonlinearity": entry.nonlinearity}
    core = entry.torch_class(3, 4, batch_first=True, **kwargs).eval()
    x = torch.randn(2, 5, 3)
    expected, _ = core(x)
    torch.testing.assert_close(one_direction(core, x), expected)
    # One step of the step kernel is the first output of the sequence.
    weights = [core.weight_ih_l0, core.weight_hh_l0, core.bias_ih_l0, core.bias_hh_l0]
    h = torch.zeros(2, 4)
    out = entry.step_kernel(x[:, 0], (h, h) if entry.n_states > 1 else h, *weights)
    first = out[0] if entry.n_states > 1 else out
    torch.testing.assert_close(first, expected[:, 0])


@pytest.mark.parametrize(("cell", "nonlinearity"), CHOICES)
def test_numpy_step_agrees_with_the_module(cell, nonlinearity):
    lm = CharLanguageModel(
        9,
        7,
        embedding_dim=4,
        cell=cell,
        hidden_size=6,
        num_layers=2,
        nonlinearity=nonlinearity,
    ).eval()
    with torch.inference_mode():
        _, state = lm.step(torch.tensor([[1, 2]]))
        stepper = RecurrentStepper(lm, state, n_logits=7)
        for token in (3, 0, 8):
            logits, state = lm.step(torch.tensor([[token]]), state)
            np.testing.assert_allclose(
                stepper.step(token), logits[0, -1].numpy(), rtol=1e-5, atol=1e-6
            )


def test_cell_mode_refuses_an_unknown_cell():
    with pytest.raises(
        ValueError, match=r"cell must be one of \['gru', 'lstm', 'rnn'\]"
    ):
        cell_mode("transformer")


def test_the_cell_parameter_is_documented_and_constrained_from_the_registry():
    assert CELL_PARAM_DOC == (
        'cell : {"lstm", "gru", "rnn"}, default="lstm"\n'
        "        Recurrent cell: long short-term memory, gated recurrent unit, or the "
        "vanilla\n        (Elman) RNN."
    )
    assert SHARED_PARAMS_DOC.startswith(CELL_PARAM_DOC)
    from sklearn_rnn import RNNForecaster

    options = RNNForecaster._parameter_constraints["cell"][0].options
    assert options == set(CELLS)


def test_gated_cells_ignore_the_nonlinearity_and_the_vanilla_one_checks_it():
    assert cell_mode("lstm", "relu").mode == "LSTM"
    with pytest.raises(ValueError, match="Unknown nonlinearity 'sigmoid'"):
        cell_mode("rnn", "sigmoid")
