"""Training progress: verbose output, Ctrl-C during fit, diverging training."""

import re
from types import SimpleNamespace

import numpy as np
import pytest
from skorch.callbacks import Callback
from skorch.history import History

from sklearn_rnn import (
    CharRNNGenerator,
    RNNForecaster,
    SequenceTagger,
    make_windows,
)
from sklearn_rnn._training.callbacks import DivergenceCheck

FAST = {"hidden_size": 4, "max_epochs": 3, "batch_size": 32, "random_state": 0}
SENTENCES = [["the", "cat", "sat"], ["a", "dog", "ran", "off"], ["it", "is"]] * 12
TAGS = [["DET", "NOUN", "VERB"], ["DET", "NOUN", "VERB", "ADP"], ["PRON", "AUX"]] * 12
TEXT = "the cat sat on the mat. the dog sat on the log. " * 6


@pytest.fixture(scope="module")
def windows():
    return make_windows(np.sin(0.2 * np.arange(200)), window_length=8)


def small_estimators():
    """One tiny configuration per estimator, each validating on held-out data."""
    return [
        (RNNForecaster(**FAST, early_stopping=True), "windows"),
        (
            SequenceTagger(
                **{**FAST, "batch_size": 5},
                char_hidden_size=4,
                word_embedding_dim=4,
                char_embedding_dim=4,
                early_stopping=True,
            ),
            (SENTENCES, TAGS),
        ),
        (
            CharRNNGenerator(
                **{**FAST, "batch_size": 4}, seq_length=10, early_stopping=True
            ),
            (TEXT, None),
        ),
    ]


def fit(estimator, data, windows):
    X, y = windows if data == "windows" else data
    return estimator.fit(X, y)


class InterruptAt(Callback):
    """Raise KeyboardInterrupt (as Ctrl-C does) at the end of ``epoch``, or in
    the middle of it (after its first training batch) with ``mid_epoch``."""

    def __init__(self, epoch, mid_epoch=False):
        self.epoch = epoch
        self.mid_epoch = mid_epoch

    def on_batch_end(self, net, training=False, **kwargs):
        if self.mid_epoch and training and len(net.history) == self.epoch:
            raise KeyboardInterrupt

    def on_epoch_end(self, net, **kwargs):
        if not self.mid_epoch and len(net.history) == self.epoch:
            raise KeyboardInterrupt


# --- verbose -------------------------------------------------------------------


@pytest.mark.parametrize("index", range(3), ids=["forecaster", "tagger", "generator"])
def test_verbose_0_prints_nothing(index, windows, capsys):
    estimator, data = small_estimators()[index]
    fit(estimator.set_params(verbose=0), data, windows)
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("index", range(3), ids=["forecaster", "tagger", "generator"])
def test_verbose_1_prints_one_row_per_epoch_and_no_bar(index, windows, capsys):
    estimator, data = small_estimators()[index]
    fitted = fit(estimator.set_params(verbose=1), data, windows)
    out, err = capsys.readouterr()
    lines = re.sub(r"\x1b\[[0-9;]*m", "", out).strip().splitlines()
    scores = ["valid_acc", "valid_loss"] if index == 1 else ["valid_loss"]  # tagger
    assert lines[0].split() == ["epoch", "train_loss", *scores, "best", "dur"]
    # After the table, early stopping may say which epoch's weights it restored.
    rows = [line.split() for line in lines[2:] if not line.startswith("Restoring")]
    assert [int(row[0]) for row in rows] == list(range(1, fitted.n_iter_ + 1))
    assert [float(row[1]) for row in rows] == pytest.approx(
        fitted.loss_curve_, abs=1e-4
    )
    assert err == ""


@pytest.mark.parametrize("index", range(3), ids=["forecaster", "tagger", "generator"])
def test_verbose_2_adds_a_bar_sized_to_the_batches_run(index, windows, capsys):
    estimator, data = small_estimators()[index]
    fitted = fit(estimator.set_params(verbose=2), data, windows)
    out, err = capsys.readouterr()
    assert "train_loss" in out
    totals = {int(total) for total in re.findall(r"\| *\d+/(\d+) \[", err)}
    row = fitted.history_[-1]
    # Our iterators' batches, training and validation, counted as they ran.
    assert totals == {row["train_batch_count"] + row["valid_batch_count"]}


# --- Ctrl-C --------------------------------------------------------------------


def test_interrupt_at_an_epoch_end_keeps_a_usable_model(windows):
    X, y = windows
    model = RNNForecaster(**{**FAST, "max_epochs": 5}, callbacks=[InterruptAt(2)])
    model.fit(X, y)
    assert model.n_iter_ == len(model.history_) == len(model.loss_curve_) == 2
    # The same as training for exactly those two epochs.
    two_epochs = RNNForecaster(**{**FAST, "max_epochs": 2}).fit(X, y)
    np.testing.assert_array_equal(model.predict(X), two_epochs.predict(X))


def test_interrupt_mid_epoch_keeps_the_updates_but_only_complete_epochs(
    windows, capsys
):
    X, y = windows
    callback = InterruptAt(3, mid_epoch=True)
    model = RNNForecaster(**{**FAST, "max_epochs": 5}, callbacks=[callback])
    model.fit(X, y)
    assert model.n_iter_ == len(model.history_) == len(model.loss_curve_) == 2
    assert all("train_loss" in row for row in model.history_)
    two_epochs = RNNForecaster(**{**FAST, "max_epochs": 2}).fit(X, y)
    # One batch of epoch 3 was applied: the weights moved on from epoch 2's.
    assert not np.allclose(model.predict(X), two_epochs.predict(X))
    assert np.isfinite(model.predict(X)).all()
    assert capsys.readouterr().out == ""


def test_interrupt_with_early_stopping_restores_the_best_weights(windows, capsys):
    X, y = windows
    callback = InterruptAt(3, mid_epoch=True)
    params = {**FAST, "max_epochs": 5, "early_stopping": True, "verbose": 1}
    model = RNNForecaster(**params, callbacks=[callback]).fit(X, y)
    assert model.n_iter_ == 2
    kept = [row["epoch"] for row in model.history_ if row.get("event_best")]
    assert kept[-1] == 2
    out = capsys.readouterr().out
    assert "Restoring best model from epoch 2." in out
    assert "Training interrupted after 2 complete epochs." in out
    # Epoch 3's first batch is undone: the weights are those after epoch 2.
    two_epochs = RNNForecaster(**{**params, "max_epochs": 2, "verbose": 0}).fit(X, y)
    np.testing.assert_array_equal(model.predict(X), two_epochs.predict(X))


def test_early_stopping_marks_the_epoch_whose_weights_are_kept(windows):
    X, y = windows
    params = {**FAST, "max_epochs": 40, "lr": 0.05, "early_stopping": True}
    model = RNNForecaster(**params, n_iter_no_change=3).fit(X, y)
    kept = [row["epoch"] for row in model.history_ if row.get("event_best")]
    assert kept[-1] < model.n_iter_ < 40  # it stopped, and restored an earlier epoch
    best = RNNForecaster(**{**params, "max_epochs": kept[-1]}).fit(X, y)
    np.testing.assert_array_equal(model.predict(X), best.predict(X))


def test_no_event_best_without_early_stopping(windows):
    model = RNNForecaster(**FAST).fit(*windows)
    assert not any("event_best" in row for row in model.history_)


# --- diverging training ----------------------------------------------------------


def test_a_non_finite_loss_stops_training_with_advice(windows):
    X, y = windows
    model = RNNForecaster(**FAST, lr=1e10, optimizer="sgd", clip_grad_norm=None)
    with pytest.raises(
        ValueError,
        match=r"training loss became (nan|inf) \(not finite\) at epoch 1, batch \d+: "
        r"training diverged\. Try a lower learning rate \(lr=1e\+10 now\) or clip "
        r"the gradients",
    ):
        model.fit(X, y)
    assert not hasattr(model, "net_")


@pytest.mark.parametrize("kind", ["forecaster", "tagger", "generator"])
def test_an_exploding_loss_stops_training_naming_lr(windows, kind):
    # Adam with clipped gradients keeps the loss finite at lr=1e6: garbage that
    # only the loss's size against the untrained model's gives away.
    X, y = windows
    make = {
        "forecaster": lambda: RNNForecaster(**FAST, lr=1e6).fit(X, y),
        "tagger": lambda: SequenceTagger(**FAST, lr=1e6).fit(
            [["the", "cat", "sat"], ["a", "dog", "ran"]] * 8, [["D", "N", "V"]] * 16
        ),
        "generator": lambda: CharRNNGenerator(**FAST, lr=1e6, seq_length=10).fit(
            "the cat sat on the mat. " * 20
        ),
    }[kind]
    with pytest.raises(
        ValueError,
        match=r"training loss reached \S+ at epoch \d, \S+ times the first batch's "
        r"\(\S+\): training diverged\. Try a lower learning rate \(lr=1e\+06 now\)",
    ):
        make()


def _check_epochs(losses, first_batch):
    """Run DivergenceCheck's epoch check over mean training losses."""
    check = DivergenceCheck("Lower lr.")
    net = SimpleNamespace(history=History())
    check.on_train_begin(net)
    for loss in losses:
        net.history.new_epoch()
        net.history.record("train_loss", loss)
        net.history.new_batch()
        net.history.record_batch("train_loss", first_batch)
        check.on_batch_end(net, training=True)
        check.on_epoch_end(net)


def test_a_loss_rising_far_above_the_start_stops_training():
    _check_epochs([2.0, 1.5, 3.0, 1.0, 150.0], first_batch=2.0)  # one jump: kept
    _check_epochs([2.0, 50.0, 100.0, 150.0], first_batch=2.0)  # 75x: not far yet
    with pytest.raises(
        ValueError,
        match=r"loss has risen 3 epochs in a row to 250 at epoch 4, 125 times the "
        r"first batch's \(2\): training diverged\. Lower lr\.",
    ):
        _check_epochs([2.0, 50.0, 100.0, 250.0], first_batch=2.0)
    with pytest.raises(ValueError, match=r"reached 2001 at epoch 2, 1e\+03 times"):
        _check_epochs([1.0, 2001.0], first_batch=2.0)


class PoisonWeights(Callback):
    """Make a weight NaN after the last epoch, as an overflowing last step would."""

    def on_epoch_end(self, net, **kwargs):
        next(net.module_.parameters()).data[0] = float("nan")


def test_non_finite_weights_after_the_last_step_are_caught(windows):
    # The last step's loss is computed before the step, so only the weights show.
    model = RNNForecaster(**{**FAST, "max_epochs": 1}, callbacks=[PoisonWeights()])
    with pytest.raises(
        ValueError,
        match=r"non-finite \(NaN or infinite\) weights by epoch 1: training "
        r"diverged\. Try a lower learning rate \(lr=0\.005 now\)\.$",
    ):
        model.fit(*windows)
