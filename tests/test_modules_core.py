"""The recurrent core's unpacked runner: the packed core's results, faster on CPU."""

import pytest
import torch

from sklearn_rnn.modules._core import (
    make_recurrent_core,
    one_direction,
    run_packed,
    run_unpacked,
)


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
@pytest.mark.parametrize("num_layers", [1, 2])
@pytest.mark.parametrize("bidirectional", [True, False])
def test_run_unpacked_gives_the_packed_outputs(cell, num_layers, bidirectional):
    # On CPU, the tagger's recurrent cores run padded batches in fused calls:
    # outputs and gradients must be those of the packed core, zero on padding.
    torch.manual_seed(0)
    core = make_recurrent_core(
        cell, 5, 4, num_layers=num_layers, bidirectional=bidirectional
    )
    lengths = torch.tensor([7, 3, 1, 6])
    inputs = torch.randn(4, 7, 5, requires_grad=True)

    got = run_unpacked(core, inputs, lengths)
    expected = run_packed(core, inputs, lengths)
    torch.testing.assert_close(got, expected, rtol=1e-5, atol=1e-6)

    weights = torch.randn_like(expected)
    wrt = [inputs, *core.parameters()]
    grads = torch.autograd.grad((got * weights).sum(), wrt)
    expected_grads = torch.autograd.grad((expected * weights).sum(), wrt)
    for g, e in zip(grads, expected_grads, strict=True):
        torch.testing.assert_close(g, e, rtol=1e-5, atol=1e-6)


def test_run_unpacked_drops_out_between_layers_in_training_only():
    torch.manual_seed(0)
    core = make_recurrent_core("gru", 3, 4, num_layers=2, dropout=0.5)
    inputs, lengths = torch.randn(2, 5, 3), torch.tensor([5, 4])
    first, second = (
        run_unpacked(core, inputs, lengths),
        run_unpacked(core, inputs, lengths),
    )
    assert not torch.allclose(first, second)
    core.eval()
    expected, _ = core(inputs)
    got = run_unpacked(core, inputs, lengths)
    torch.testing.assert_close(got[0], expected[0], rtol=1e-5, atol=1e-6)


def test_one_direction_names_a_missing_layer():
    core = make_recurrent_core("lstm", 3, 4, num_layers=2, bidirectional=True)
    with pytest.raises(ValueError, match=r"layer in \[0, 2\); .*layer=2"):
        one_direction(core, torch.zeros(1, 2, 3), layer=2)
