"""mixed_precision="bf16": training under autocast, for every estimator.

The training forward passes must run in bfloat16 (else the option does nothing)
while validation and prediction stay in full precision, and the models must
learn as well as in float32. Every estimator validates each epoch here, so that
what training leaves behind (the generator's carried state) meets a float32
step.
"""

import numpy as np
import pytest
import torch
from _grammar import TINY, grammar
from sklearn.base import clone
from skorch.callbacks import Callback

from sklearn_rnn import (
    CharRNNGenerator,
    RNNForecaster,
    SequenceTagger,
    load,
    make_windows,
    save,
)

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
    # Close (bfloat16 keeps 8 bits of mantissa), not equal: autocast was on.
    np.testing.assert_allclose(mixed.loss_curve_, full.loss_curve_, rtol=0.05)
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
