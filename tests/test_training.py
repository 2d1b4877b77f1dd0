"""The training layer (``sklearn_rnn/_training``): spec, engine, split, batching."""

import pathlib
import re

import numpy as np
import pytest
import torch
from skorch.callbacks import Callback

from sklearn_rnn import RNNForecaster, make_windows
from sklearn_rnn._training import engine
from sklearn_rnn._training.batching import length_batches, rows_per_batch
from sklearn_rnn._training.spec import TrainingParams, TrainingSpec
from sklearn_rnn._training.splits import tail_bounds

PACKAGE = pathlib.Path(__file__).parents[1] / "sklearn_rnn"
LINEAR = TrainingSpec(
    torch.nn.Linear, {"in_features": 3, "out_features": 1}, torch.nn.MSELoss
)


def _data(n=64):
    X = torch.randn(n, 3, generator=torch.Generator().manual_seed(0))
    return X, X.sum(dim=1, keepdim=True)


def test_only_the_training_layer_imports_skorch():
    importers = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if re.search(r"^\s*(from|import) skorch\b", path.read_text(), re.M)
        and path.parent.name != "_training"
    )
    assert importers == []


@pytest.mark.parametrize(
    ("n", "fraction", "gap", "expected"),
    [
        (10, 0.2, 0, (8, 8)),
        (10, 0.2, 1, (7, 8)),
        (10, 0.01, 0, (9, 9)),
        (4, 0.25, 1, (2, 3)),
    ],
)
def test_tail_bounds_hold_out_the_last_items(n, fraction, gap, expected):
    assert tail_bounds(n, fraction, gap=gap) == expected


def test_tail_bounds_name_what_is_missing():
    with pytest.raises(ValueError) as info:
        tail_bounds(3, 0.5, gap=1, unit="windows")
    assert str(info.value) == (
        "early_stopping=True needs at least 4 windows to hold out 2 for validation "
        "after a gap of 1, got n_samples=3. Pass more windows or a smaller "
        "validation_fraction."
    )


def test_length_batches_cover_every_item_once_within_the_budget():
    rng = np.random.default_rng(0)
    lengths = rng.integers(1, 50, size=300)
    groups = length_batches(lengths, max_steps=200)
    flat = np.concatenate(groups)
    assert sorted(flat.tolist()) == list(range(300))
    assert np.all(np.diff(lengths[flat]) >= 0)  # shortest first
    for group in groups:
        assert len(group) * lengths[group].max() <= 200


def test_length_batches_give_a_long_item_its_own_group_and_cap_chunked_ones():
    assert [g.tolist() for g in length_batches([500, 2], max_steps=100)] == [[1], [0]]
    # Read 10 steps a call, the 500-step item costs 10: both fit in 20 steps.
    assert [g.tolist() for g in length_batches([500, 2], 20, chunk=10)] == [[1, 0]]
    assert rows_per_batch(10**6) == 1


def test_spec_refuses_an_unknown_batch_layout():
    with pytest.raises(ValueError, match="batches must be one of"):
        TrainingSpec(torch.nn.Linear, {}, torch.nn.MSELoss, batches="streams")


def test_engine_trains_from_spec_and_params_alone():
    X, y = _data()
    net = engine.train(LINEAR, TrainingParams(max_epochs=30, lr=0.05), X, y, seed=0)
    losses = net.history[:, "train_loss"]
    assert len(losses) == 30 and losses[-1] < 0.1 * losses[0]
    assert net.train_split is None  # no dataset kept for pickling


def test_training_is_seeded_and_leaves_the_global_random_state_alone():
    X, y = _data()
    state = torch.random.get_rng_state()
    params = TrainingParams(max_epochs=3)
    first = engine.train(LINEAR, params, X, y, seed=7)
    second = engine.train(LINEAR, params, X, y, seed=7)
    assert torch.equal(torch.random.get_rng_state(), state)
    pairs = zip(first.module_.parameters(), second.module_.parameters(), strict=True)
    for a, b in pairs:
        assert torch.equal(a, b)


def test_early_stopping_watches_the_specs_monitor_only_with_early_stopping():
    def monitor(spec, params):
        net = engine.build_net(spec, params, "cpu").initialize()
        return dict(net.callbacks_)["early_stopping"].monitor

    spec = TrainingSpec(
        torch.nn.Linear, LINEAR.module_kwargs, torch.nn.MSELoss, monitor=("acc", False)
    )
    assert monitor(spec, TrainingParams(early_stopping=True)) == "acc"
    assert monitor(spec, TrainingParams()) == "train_loss"


def test_user_callbacks_are_copied_not_mutated():
    class Count(Callback):
        calls = 0

        def on_epoch_end(self, net, **kwargs):
            self.calls += 1

    mine = Count()
    X, y = _data()
    engine.train(LINEAR, TrainingParams(max_epochs=2, callbacks=[mine]), X, y)
    assert mine.calls == 0


def test_restored_net_predicts_as_the_trained_one():
    X, y = _data()
    params = TrainingParams(max_epochs=2)
    net = engine.train(LINEAR, params, X, y, seed=0)
    module, kwargs, criterion, _, state = engine.describe_net(net)
    spec = TrainingSpec(module, kwargs, criterion)
    restored = engine.restore_net(spec, params, "cpu", {}, state)
    assert np.array_equal(restored.predict(X), net.predict(X))


def test_the_early_stopping_tail_is_the_validation_data_it_replaces():
    # The fit template's split: early stopping validates on the last windows,
    # after a gap of horizon - 1, exactly as if they were passed as validation.
    X, y = make_windows(np.sin(0.3 * np.arange(200)), window_length=8, horizon=3)
    params = {"hidden_size": 4, "max_epochs": 3, "random_state": 0}
    stopped = RNNForecaster(early_stopping=True, **params).fit(X, y)
    end, start = tail_bounds(len(X), 0.1, gap=2)
    given = RNNForecaster(**params).fit(
        X[:end], y[:end], validation_data=(X[start:], y[start:])
    )
    assert np.array_equal(stopped.predict(X), given.predict(X))
    assert stopped.history_[:, "valid_loss"] == given.history_[:, "valid_loss"]
