"""sklearn_rnn.save / load: exact round trips, safety, and their error messages."""

import copy
import json
import os
import pickle

import numpy as np
import pandas as pd
import pytest
import safetensors
import safetensors.numpy
import torch
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LinearRegression, Ridge
from skorch import NeuralNet
from skorch.callbacks import EpochTimer

from sklearn_rnn import (
    CharRNNGenerator,
    ConformalForecaster,
    RNNForecaster,
    SeedEnsembleForecaster,
    SequenceTagger,
    load,
    make_windows,
    save,
)
from sklearn_rnn._persistence.file import _checksum, _read

SERIES = np.sin(0.3 * np.arange(120)) + 0.1 * np.cos(1.7 * np.arange(120))
TEXT = "the cat sat on the mat. the dog sat on the log. " * 4
SENTENCES = [["the", "cat", "sleeps"], ["a", "dog", "runs", "fast"]] * 4
TAGS = [["DET", "NOUN", "VERB"], ["DET", "NOUN", "VERB", "ADV"]] * 4
CORE = {"hidden_size": 4, "max_epochs": 2, "random_state": 0}


def _forecaster_2d():
    X, y = make_windows(SERIES, window_length=8, horizon=2)
    X = pd.DataFrame(X, columns=[f"lag_{i}" for i in range(8, 0, -1)])
    est = RNNForecaster(early_stopping=True, validation_fraction=0.2, **CORE)
    return est.fit(X, y), (X, y)


def _forecaster_3d():
    series = np.column_stack([SERIES, np.cos(0.1 * np.arange(120))])
    X, y = make_windows(series, window_length=6)
    assert X.ndim == 3 and y.ndim == 1
    return RNNForecaster(scaling="global", cell="gru", **CORE).fit(X, y), (X, y)


def _generator():
    # With early stopping: its validation batches must not stop the file loading.
    est = CharRNNGenerator(
        num_layers=1, seq_length=12, batch_size=4, early_stopping=True, **CORE
    )
    return est.fit(TEXT), (TEXT,)


def _tagger():
    est = SequenceTagger(
        word_embedding_dim=4, char_embedding_dim=3, char_hidden_size=3, **CORE
    )
    return est.fit(SENTENCES, TAGS), (SENTENCES, TAGS)


def _outputs(est, data):
    """Everything the estimator computes, to compare bit for bit."""
    if isinstance(est, RNNForecaster):
        X, y = data
        out = [est.predict(X), est.score(X, y)]
        if est.n_features_per_step_ == 1:
            series = SERIES + 2.0 if est.scaling == "log" else SERIES
            out += [est.forecast(series[:50], steps=5), est.forecast([series[:30]], 3)]
        return out
    if isinstance(est, CharRNNGenerator):
        contexts = ["the c", "", "zq"]
        return [
            est.predict_proba(contexts),
            est.predict(contexts),
            est.generate(40, seed_text="the ", random_state=3),
            est.generate(20, temperature=0.7, random_state=np.random.RandomState(1)),
            est.score("the dog sat."),
        ]
    X, y = data
    unseen = [["the", "zebra", "sleeps"], []]
    return [est.predict_proba(X + unseen), est.predict(X + unseen), est.score(X, y)]


def _assert_same(a, b):
    """Equal values of the same types, arrays bit for bit with their dtype."""
    assert type(a) is type(b), (type(a), type(b))
    if isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and a.shape == b.shape
        assert np.array_equal(a, b)
    elif isinstance(a, dict):
        assert list(a) == list(b)
        for key in a:
            _assert_same(a[key], b[key])
    elif isinstance(a, list | tuple):
        assert len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            _assert_same(x, y)
    elif isinstance(a, NeuralNet):
        assert a.module is b.module and a.criterion is b.criterion
        assert a.get_params_for("module") == b.get_params_for("module")
        sa, sb = a.module_.state_dict(), b.module_.state_dict()
        assert list(sa) == list(sb)
        assert all(torch.equal(sa[k], sb[k]) for k in sa)
    elif isinstance(a, np.random.RandomState):
        _assert_same(list(a.get_state()), list(b.get_state()))
    else:
        assert a == b


@pytest.fixture(scope="module")
def fitted():
    return {
        "forecaster_2d": _forecaster_2d(),
        "forecaster_3d": _forecaster_3d(),
        "generator": _generator(),
        "tagger": _tagger(),
    }


@pytest.fixture
def path(tmp_path):
    return tmp_path / "model.safetensors"


@pytest.fixture
def saved_forecaster(fitted, path):
    save(fitted["forecaster_2d"][0], path)
    return path


@pytest.mark.parametrize(
    "case", ["forecaster_2d", "forecaster_3d", "generator", "tagger"]
)
def test_round_trip_is_exact(fitted, path, case):
    est, data = fitted[case]
    expected = _outputs(est, data)
    save(est, path)
    loaded = load(path)
    assert type(loaded) is type(est)
    _assert_same(loaded.get_params(), est.get_params())
    _assert_same(vars(loaded), vars(est))
    assert loaded.net_.history is loaded.history_
    assert str(loaded.net_.device) == loaded.device_ == "cpu"
    _assert_same(_outputs(loaded, data), expected)
    # The estimator saved is untouched, and still predicts the same.
    _assert_same(_outputs(est, data), expected)


@pytest.mark.parametrize("scaling", ["window", "log"])
def test_round_trip_with_quantiles_and_patches(path, scaling):
    X, y = make_windows(SERIES + 2.0, window_length=8, horizon=2)
    est = RNNForecaster(
        quantiles=(0.1, 0.9), patch_length=2, scaling=scaling, **CORE
    ).fit(X, y)
    save(est, path)
    loaded = load(path)
    _assert_same(vars(loaded), vars(est))
    _assert_same(loaded.get_params(), est.get_params())
    _assert_same(loaded.predict_interval(X, 0.8), est.predict_interval(X, 0.8))
    _assert_same(_outputs(loaded, (X, y)), _outputs(est, (X, y)))


def test_round_trip_of_a_seed_ensemble(path):
    X, y = make_windows(SERIES, window_length=8, horizon=2)
    member = RNNForecaster(quantiles=(0.1, 0.9), **CORE)
    est = SeedEnsembleForecaster(member, n_seeds=2, random_state=0).fit(X, y)
    save(est, path)
    loaded = load(path)
    assert type(loaded.estimator) is RNNForecaster
    assert loaded.estimator.get_params() == member.get_params()
    assert [m.random_state for m in loaded.estimators_] == [
        m.random_state for m in est.estimators_
    ]
    _assert_same(loaded.predict(X), est.predict(X))
    _assert_same(loaded.predict_interval(X, 0.8), est.predict_interval(X, 0.8))
    _assert_same(
        loaded.forecast(SERIES, 5, coverage=0.8, random_state=0),
        est.forecast(SERIES, 5, coverage=0.8, random_state=0),
    )

    # A member's class is checked like the top level's.
    def forge(config):
        config["attributes"]["estimators_"][1]["estimator"] = "os.system"

    _rewrite(path, forge)
    with pytest.raises(ValueError, match="names the estimator class 'os.system'"):
        load(path)


def test_round_trip_of_conformal_intervals(path):
    X, y = make_windows(SERIES, window_length=8, horizon=2)
    est = ConformalForecaster(RNNForecaster(**CORE)).fit(X, y)
    save(est, path)
    loaded = load(path)
    models = ("estimator", "estimator_")
    _assert_same(
        {k: v for k, v in vars(loaded).items() if k not in models},
        {k: v for k, v in vars(est).items() if k not in models},
    )
    _assert_same(vars(loaded.estimator_), vars(est.estimator_))
    assert loaded.estimator.get_params() == est.estimator.get_params()
    _assert_same(loaded.predict_interval(X, 0.8), est.predict_interval(X, 0.8))
    _assert_same(
        loaded.forecast(SERIES, 2, coverage=0.8), est.forecast(SERIES, 2, coverage=0.8)
    )

    # Calibration residuals that do not fit the horizon are refused at load.
    def forge(config):
        config["attributes"]["horizon_"] = 3

    _rewrite(path, forge)
    with pytest.raises(ValueError, match="horizon_ differs from its estimator_'s"):
        load(path)


def test_conformal_intervals_around_other_estimators_are_not_saved(path):
    X, y = make_windows(SERIES, window_length=8)
    est = ConformalForecaster(Ridge()).fit(X, y)
    with pytest.raises(
        TypeError, match="Cannot save params/estimator: a value of type Ridge"
    ):
        save(est, path)


def test_files_that_set_the_validation_batch_size_still_load(fitted, path):
    # Generators fitted with early stopping were saved with the validation batch
    # size of their streams; such files load and predict as saved.
    est, _ = fitted["generator"]
    save(est, path)

    def older(config):
        config["attributes"]["net_"]["overrides"]["iterator_valid__batch_size"] = 4

    _rewrite(path, older)
    loaded = load(path)
    _assert_same(loaded.predict_proba(["the c"]), est.predict_proba(["the c"]))


def test_one_safetensors_file_readable_by_any_reader(saved_forecaster, tmp_path):
    assert os.listdir(tmp_path) == ["model.safetensors"]  # no temporary left
    with safetensors.safe_open(saved_forecaster, "np") as f:
        config = json.loads(f.metadata()["sklearn_rnn"])
        assert "net_/head.weight" in f.keys()
    assert config["estimator"] == "sklearn_rnn.RNNForecaster"
    assert config["params"]["hidden_size"] == 4


def test_loading_never_unpickles(saved_forecaster, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("load must not unpickle")

    for name in ("load", "loads", "Unpickler"):
        monkeypatch.setattr(pickle, name, refuse)
    monkeypatch.setattr(torch, "load", refuse)
    assert isinstance(load(saved_forecaster), RNNForecaster)


def test_loading_keeps_the_global_random_state(saved_forecaster):
    before = torch.get_rng_state()
    load(saved_forecaster)
    assert torch.equal(torch.get_rng_state(), before)


def test_loaded_model_refits_clones_and_pickles(fitted, saved_forecaster):
    est, (X, y) = fitted["forecaster_2d"]
    loaded = load(saved_forecaster)
    restored = pickle.loads(pickle.dumps(loaded))
    np.testing.assert_array_equal(restored.predict(X), est.predict(X))
    cloned = clone(loaded)
    assert cloned.get_params() == est.get_params()
    assert not hasattr(cloned, "net_")
    # Same parameters, same data, same seed: the refit gives the same model.
    np.testing.assert_array_equal(loaded.fit(X, y).predict(X), est.predict(X))


def test_model_saved_from_a_gpu_loads_on_the_cpu(fitted, path):
    est, (X, y) = fitted["forecaster_3d"]
    on_gpu = copy.deepcopy(est).set_params(device="cuda")
    on_gpu.device_ = "cuda"  # as fitted on a GPU; save copies weights to the CPU
    save(on_gpu, path)
    for device in ("cpu", "auto", None) if not torch.cuda.is_available() else ("cpu",):
        loaded = load(path, device=device)
        assert loaded.device_ == str(loaded.net_.device) == "cpu"
        assert loaded.get_params()["device"] == "cuda"  # parameters stay as saved
        assert all(p.device.type == "cpu" for p in loaded.net_.module_.parameters())
        np.testing.assert_array_equal(loaded.predict(X), est.predict(X))


@pytest.mark.skipif(torch.cuda.is_available(), reason="needs a machine without CUDA")
def test_load_on_cuda_without_a_gpu_is_a_clear_error(saved_forecaster):
    with pytest.raises(ValueError, match="device='cuda' was requested but no CUDA"):
        load(saved_forecaster, device="cuda")


def test_parameters_and_attributes_of_every_kind_round_trip(fitted, path):
    est = copy.deepcopy(fitted["forecaster_3d"][0])
    est.set_params(random_state=np.random.RandomState(7), optimizer=torch.optim.SGD)
    est.extra_ = {
        "tuple": (1, np.float32(2.5), np.int16(-3), np.bool_(True), "x", None),
        3: [np.arange(6, dtype=np.uint32).reshape(2, 3), np.zeros((0, 2), np.int8)],
        "strings": np.array([["a", "bc"], ["d", ""]]),
        "objects": np.array(["a", None, 1.5], dtype=object),
        "nan": float("nan"),
    }
    save(est, path)
    loaded = load(path)
    assert loaded.get_params()["optimizer"] is torch.optim.SGD
    _assert_same(loaded.random_state, est.random_state)
    extra = loaded.extra_
    assert np.isnan(extra.pop("nan"))
    _assert_same(extra, {k: v for k, v in est.extra_.items() if k != "nan"})


def _rewrite(path, edit):
    """Change a saved file's JSON and sign it again (a deliberate forgery)."""
    tensors, config = _read(os.fspath(path))
    edit(config)
    text = json.dumps(config)
    metadata = {"sklearn_rnn": text, "sha256": _checksum(text, tensors)}
    safetensors.numpy.save_file(tensors, path, metadata=metadata)


def _flip(path, position):
    data = bytearray(path.read_bytes())
    data[position] ^= 0x01
    path.write_bytes(bytes(data))


def test_flipped_weight_byte_is_detected(saved_forecaster):
    _flip(saved_forecaster, -1)
    with pytest.raises(ValueError, match="checksum does not match"):
        load(saved_forecaster)


def test_modified_json_is_detected(saved_forecaster):
    data = saved_forecaster.read_bytes()
    _flip(saved_forecaster, data.index(b"sklearn_rnn.RNNForecaster") + 13)
    with pytest.raises(ValueError, match="model.safetensors.*checksum does not match"):
        load(saved_forecaster)


def test_broken_header_is_detected(saved_forecaster):
    _flip(saved_forecaster, 8)  # the header's opening brace
    with pytest.raises(ValueError, match="header is not valid JSON"):
        load(saved_forecaster)


@pytest.mark.parametrize(
    ("keep", "message"),
    [(-5, "tensors cannot be read .truncated or corrupted"), (100, "is truncated")],
)
def test_truncated_file_is_detected(saved_forecaster, keep, message):
    saved_forecaster.write_bytes(saved_forecaster.read_bytes()[:keep])
    with pytest.raises(ValueError, match=message):
        load(saved_forecaster)


def test_foreign_safetensors_file_is_refused(path):
    safetensors.numpy.save_file({"w": np.zeros(2)}, path)
    with pytest.raises(ValueError, match="not a file written by sklearn_rnn.save"):
        load(path)


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        (("estimator",), "os.system", "names the estimator class 'os.system'"),
        (("estimator",), "sklearn_rnn.BaseRNN", "refusing to load it"),
        (("attributes", "net_", "module"), "os:system", "'os:system' as its torch"),
        (("attributes", "net_", "criterion"), "builtins:eval", "not one of the"),
        (
            ("params", "optimizer"),
            {"type": "class", "ref": "subprocess:Popen"},
            "Popen",
        ),
        (("attributes", "n_iter_"), {"type": "pickle"}, "unknown type 'pickle'"),
        (
            ("attributes", "net_", "overrides", "callbacks"),
            [],
            "argument 'callbacks' that a saved model never has",
        ),
        (("format_version",), 2, "its format version is 2; this one reads 1"),
    ],
)
def test_forged_files_are_refused(saved_forecaster, where, value, message):
    def edit(config):
        for key in where[:-1]:
            config = config[key]
        config[where[-1]] = value

    _rewrite(saved_forecaster, edit)
    with pytest.raises(ValueError, match=f"Cannot load .*{message}"):
        load(saved_forecaster)


def test_save_errors(fitted, path, tmp_path):
    est = fitted["tagger"][0]
    with pytest.raises(NotFittedError):
        save(SequenceTagger(), path)
    with pytest.raises(TypeError, match="got an instance of sklearn.linear_model"):
        save(LinearRegression().fit([[0], [1]], [0, 1]), path)
    with pytest.raises(TypeError, match=r"callbacks.*got callbacks=\[<skorch"):
        save(clone(est).set_params(callbacks=[EpochTimer()]).fit(SENTENCES, TAGS), path)
    with pytest.raises(FileNotFoundError, match="directory .*missing' does not exist"):
        save(est, tmp_path / "missing" / "model.safetensors")
    with pytest.raises(IsADirectoryError, match="it is a directory"):
        save(est, tmp_path)
    with pytest.raises(TypeError, match="path must be a str or os.PathLike, got 3"):
        save(est, 3)
    assert os.listdir(tmp_path) == []


class _MyOptimizer(torch.optim.SGD):
    pass


@pytest.mark.parametrize(
    ("attribute", "value", "message"),
    [
        ("extra_", object(), "Cannot save extra_: a value of type object"),
        ("extra_", torch.zeros(2), "extra_: a value of type Tensor has no safe"),
        ("extra_", {"a": [set()]}, "Cannot save extra_/0/0: a value of type set"),
        ("extra_", np.ones(2, dtype=complex), "arrays of dtype complex128"),
        ("extra_", _MyOptimizer, "Cannot save extra_=.*not one of the classes"),
        (
            "optimizer",
            _MyOptimizer,
            "Cannot save params/optimizer=.*torch.optim's optimizers",
        ),
    ],
)
def test_values_without_a_safe_representation(fitted, path, attribute, value, message):
    est = copy.deepcopy(fitted["forecaster_3d"][0])
    setattr(est, attribute, value)
    with pytest.raises(TypeError, match=message):
        save(est, path)


def test_load_argument_errors(saved_forecaster):
    with pytest.raises(
        TypeError, match="device must be 'cpu', 'cuda', 'cuda:N', 'auto' or None"
    ):
        load(saved_forecaster, device=0)
    with pytest.raises(TypeError, match="path must be a str or os.PathLike"):
        load(None)
