"""mixed_precision="bf16": training under autocast, for every estimator.

The training forward passes must run in bfloat16 (else the option does nothing)
while validation and prediction stay in full precision, and the models must
learn as well as in float32. Every estimator validates each epoch here, so that
what training leaves behind (the generator's carried state) meets a float32
step. On CUDA the loss is also scaled (cuDNN's recurrent kernels run in float16
there); the scaling itself is tested on the CPU, through ``RecurrentNet``.
"""

import pickle

import numpy as np
import pytest
import torch
from _grammar import TINY, grammar
from sklearn.base import clone
from skorch.callbacks import Callback, GradientNormClipping

from sklearn_rnn import (
    CharRNNGenerator,
    RNNForecaster,
    SequenceTagger,
    load,
    make_windows,
    save,
)
from sklearn_rnn._training.engine import _FUSED_ADAM, build_net
from sklearn_rnn._training.precision import RecurrentNet
from sklearn_rnn._training.spec import TrainingSpec

TEXT = "the cat sat on the mat. the dog sat on the log. " * 20


class HeadDtypes(Callback):
    """Record the dtype of the module's ``head`` (its last layer), by mode."""

    def on_train_begin(self, net, **kwargs):
        self.seen_ = set()
        net.module_.head.register_forward_hook(
            lambda module, args, out: self.seen_.add((module.training, out.dtype))
        )


def _windows():
    return make_windows(np.sin(np.arange(400.0) / 6), window_length=12)


ESTIMATORS = [
    (
        RNNForecaster(
            hidden_size=16, max_epochs=3, early_stopping=True, random_state=0
        ),
        lambda est: est.fit(*_windows()),
    ),
    (
        CharRNNGenerator(
            hidden_size=16,
            seq_length=24,
            max_epochs=2,
            early_stopping=True,
            random_state=0,
        ),
        lambda est: est.fit(TEXT),
    ),
    (
        SequenceTagger(**{**TINY, "max_epochs": 2, "early_stopping": True}),
        lambda est: est.fit(*grammar(60, seed=0)),
    ),
]


@pytest.mark.parametrize(("estimator", "fit"), ESTIMATORS)
def test_training_runs_in_bfloat16_validation_in_full_precision(estimator, fit):
    est = clone(estimator).set_params(mixed_precision="bf16", callbacks=[HeadDtypes()])
    fit(est)
    seen = dict(est.net_.callbacks_)["HeadDtypes"].seen_
    assert (True, torch.bfloat16) in seen
    assert (False, torch.float32) in seen
    assert (False, torch.bfloat16) not in seen
    assert np.isfinite(est.loss_curve_).all()
    # The trained weights stay float32.
    assert {p.dtype for p in est.net_.module_.parameters()} == {torch.float32}


@pytest.mark.parametrize(("estimator", "fit"), ESTIMATORS)
def test_losses_follow_the_float32_ones(estimator, fit):
    full = fit(clone(estimator))
    mixed = fit(clone(estimator).set_params(mixed_precision="bf16"))
    # Close (bfloat16 keeps 8 bits of mantissa, which floors the forecaster's
    # small losses near 1e-4), not equal: autocast was on.
    np.testing.assert_allclose(
        mixed.loss_curve_, full.loss_curve_, rtol=0.05, atol=1e-4
    )
    assert mixed.loss_curve_ != full.loss_curve_


def test_tagger_learns_the_grammar_in_bfloat16():
    (X, y), (X_test, y_test) = grammar(300, seed=0), grammar(100, seed=1)
    tagger = SequenceTagger(**TINY, mixed_precision="bf16").fit(X, y)
    assert tagger.score(X_test, y_test) > 0.98
    # Prediction runs the float64 copy of the module, as without the option.
    proba = tagger.predict_proba(X_test[:3])
    assert all(p.dtype == np.float64 for p in proba)


def test_saved_and_pickled_taggers_keep_the_option(tmp_path):
    X, y = grammar(40, seed=0)
    tagger = SequenceTagger(**{**TINY, "max_epochs": 1}, mixed_precision="bf16")
    tagger.fit(X, y)
    save(tagger, tmp_path / "tagger")
    loaded = load(tmp_path / "tagger")
    assert loaded.mixed_precision == "bf16"
    assert loaded.net_.autocast_dtype == torch.bfloat16
    assert loaded.predict(X[:5]) == tagger.predict(X[:5])


@pytest.mark.parametrize("value", ["fp16", "bfloat16", True])
def test_unknown_values_name_the_parameter(value):
    X, y = grammar(10, seed=0)
    with pytest.raises(ValueError, match="'mixed_precision' parameter"):
        SequenceTagger(mixed_precision=value).fit(X, y)


class _Regressor(torch.nn.Module):
    """A small LSTM regressor (last step's output through a linear head)."""

    def __init__(self):
        super().__init__()
        self.rnn = torch.nn.LSTM(1, 8, batch_first=True)
        self.head = torch.nn.Linear(8, 1)

    def forward(self, X):
        return self.head(self.rnn(X)[0][:, -1])


def _scaled_net(loss_scaling, batch_size=16, optimizer=torch.optim.SGD, **kwargs):
    torch.manual_seed(0)
    net = RecurrentNet(
        _Regressor,
        criterion=torch.nn.MSELoss,
        optimizer=optimizer,
        lr=0.1,
        batch_size=batch_size,
        train_split=None,
        iterator_train__shuffle=False,
        callbacks=[GradientNormClipping(0.05)],
        autocast_dtype=torch.bfloat16,
        loss_scaling=loss_scaling,
        **kwargs,
    )
    return net.initialize()


def _sine_windows():
    X, y = _windows()
    return (
        torch.tensor(X[:64, :, None], dtype=torch.float32),
        torch.tensor(y[:64, None], dtype=torch.float32),
    )


def test_loss_scaling_leaves_the_updates_unchanged():
    # Scaling by a power of two and unscaling before clipping and the SGD step
    # is exact: the same weights as without it, where a missing or misplaced
    # unscale (clipping the scaled gradients, or stepping with them) is not.
    X, y = _sine_windows()
    plain = _scaled_net(False).partial_fit(X, y, epochs=3)
    scaled = _scaled_net(True).partial_fit(X, y, epochs=3)
    assert scaled.grad_scaler_.is_enabled()
    assert scaled.grad_scaler_.get_scale() == 2.0**16
    assert not plain.grad_scaler_.is_enabled()
    for p, q in zip(
        plain.module_.parameters(), scaled.module_.parameters(), strict=True
    ):
        torch.testing.assert_close(q, p, rtol=1e-6, atol=1e-7)
    assert [h["train_loss"] for h in scaled.history] == [
        h["train_loss"] for h in plain.history
    ]
    # A net that trained with a scaler pickles (and predicts) as before.
    loaded = pickle.loads(pickle.dumps(scaled))
    torch.testing.assert_close(loaded.predict(X), scaled.predict(X))


@pytest.mark.parametrize(
    "optimizer",
    [
        {"optimizer": torch.optim.SGD},
        # Fused Adam (the estimators' choice on CUDA) skips the step itself,
        # from the scaler's found_inf.
        pytest.param(
            {"optimizer": torch.optim.Adam, "optimizer__fused": True},
            marks=pytest.mark.skipif(
                not _FUSED_ADAM, reason="fused Adam on CPU needs torch >= 2.4"
            ),
        ),
    ],
    ids=["sgd", "fused-adam"],
)
def test_loss_scaling_skips_a_step_whose_gradients_overflow(optimizer):
    X, y = _sine_windows()
    net = _scaled_net(True, batch_size=64, **optimizer)
    before = [p.detach().clone() for p in net.module_.parameters()]
    overflow = net.module_.head.weight.register_hook(lambda g: g * float("inf"))
    net.partial_fit(X, y, epochs=1)
    overflow.remove()
    for p, q in zip(before, net.module_.parameters(), strict=True):
        assert torch.equal(p, q)
    assert net.grad_scaler_.get_scale() == 2.0**15  # halved
    net.partial_fit(X, y, epochs=1)  # a fresh scale, and a real step
    assert not torch.equal(before[0], next(net.module_.parameters()))


@pytest.mark.parametrize(
    ("mixed_precision", "device", "expected"),
    [("bf16", "cuda", True), ("bf16", "cpu", False), (None, "cuda", False)],
)
def test_loss_scaling_is_on_where_autocast_runs_float16_kernels(
    mixed_precision, device, expected
):
    # On CUDA, autocast runs cuDNN's recurrent kernels in float16 even in
    # "bf16": without loss scaling an H200 fit never learned (seed 1 of 3).
    est = RNNForecaster(mixed_precision=mixed_precision)
    spec = TrainingSpec(_Regressor, {}, torch.nn.MSELoss)
    net = build_net(spec, est._training_params(), device)
    assert net.loss_scaling is expected


class _HalfOutput(torch.nn.Module):
    """Returns float16, as cuDNN's recurrent kernels do under autocast on CUDA."""

    def __init__(self):
        super().__init__()
        self.head = torch.nn.Linear(3, 2)

    def forward(self, X):
        return self.head(X).half(), self.head(X)


def test_float16_outputs_reach_the_loss_as_float32():
    net = RecurrentNet(
        _HalfOutput, criterion=torch.nn.MSELoss, autocast_dtype=torch.bfloat16
    ).initialize()
    net.module_.train()
    half, mixed = net.infer(torch.ones(4, 3))
    assert half.dtype == mixed.dtype == torch.float32
