"""Crafted files against ``load``: every attack route is refused, with no effect.

Each forgery is re-checksummed (anyone can recompute an unkeyed SHA-256), so the
checksum does not stop it: ``_trusted.py``'s exact class table and argument
schemas must. Payloads that would run a command create a marker file if they ran;
each test asserts that the marker is absent.
"""

import copy
import json
import os

import numpy as np
import pytest
import safetensors.numpy

from sklearn_rnn import RNNForecaster, load, make_windows, save
from sklearn_rnn._persistence.file import MAX_HEADER_BYTES, _checksum, _read


@pytest.fixture(scope="module")
def model():
    X, y = make_windows(np.sin(0.3 * np.arange(60)), window_length=6)
    return RNNForecaster(hidden_size=3, max_epochs=1, random_state=0).fit(X, y)


@pytest.fixture
def saved(model, tmp_path):
    path = tmp_path / "model.safetensors"
    save(model, path)
    return path


def _forge(path, edit_config=None, edit_tensors=None, edit_text=None):
    tensors, config = _read(os.fspath(path))
    tensors = dict(tensors)
    if edit_config:
        edit_config(config)
    if edit_tensors:
        edit_tensors(tensors)
    text = json.dumps(config)
    if edit_text:
        text = edit_text(text)
    metadata = {"sklearn_rnn": text, "sha256": _checksum(text, tensors)}
    safetensors.numpy.save_file(tensors, path, metadata=metadata)


def _shell(marker):
    """Arguments that make subprocess.Popen create ``marker``."""
    return ["touch", os.fspath(marker)]


def _net(config):
    return config["attributes"]["net_"]


def _set_module_kwarg(config, key, value):
    kwargs = _net(config)["module_kwargs"]
    kwargs["values"][kwargs["keys"].index(key)] = value


ATTACKS = {
    "foreign criterion class": (
        lambda c, m: _net(c).update(
            criterion="subprocess:Popen",
            overrides={**_net(c)["overrides"], "criterion__args": _shell(m)},
        ),
        "names 'subprocess:Popen' as its loss, which is not one of the classes",
    ),
    "attribute chain to a class": (
        # subprocess reached through a module of the package's import graph
        lambda c, m: _net(c).update(
            criterion="sklearn_rnn._persistence.file:os.PathLike"
        ),
        "'sklearn_rnn._persistence.file:os.PathLike' as its loss, which is not one",
    ),
    "attribute chain in the module name": (
        lambda c, m: _net(c).update(module="sklearn_rnn.modules:torch.nn.Module"),
        "'sklearn_rnn.modules:torch.nn.Module' as its torch module, which is not",
    ),
    "foreign optimizer class": (
        lambda c, m: c["params"].update(
            optimizer={"type": "class", "ref": "subprocess:Popen"}
        ),
        "'subprocess:Popen' as its class, which is not one of the classes",
    ),
    "optimizer by attribute chain": (
        lambda c, m: c["params"].update(
            optimizer={"type": "class", "ref": "torch.optim:Adam.__class__"}
        ),
        "'torch.optim:Adam.__class__' as its class, which is not one",
    ),
    "extra criterion kwargs": (
        lambda c, m: _net(c)["overrides"].update(criterion__args=_shell(m)),
        "gives the ForecastLoss an argument 'args' that a saved model never has",
    ),
    "extra optimizer kwargs": (
        lambda c, m: _net(c)["overrides"].update(optimizer__foreach="x"),
        "gives the net an argument 'optimizer__foreach' that a saved model never",
    ),
    "extra iterator kwargs": (
        lambda c, m: _net(c)["overrides"].update(iterator_train__collate_fn="x"),
        "argument 'iterator_train__collate_fn' that a saved model never has",
    ),
    "torch.load kwargs": (
        lambda c, m: _net(c)["overrides"].update(
            torch_load_kwargs={"type": "dict", "keys": ["weights_only"], "values": [0]}
        ),
        "torch_load_kwargs=.*expected one of \\(None,\\)",
    ),
    "extra module kwargs": (
        lambda c, m: (
            _net(c)["module_kwargs"]["keys"].append("exec")
            or _net(c)["module_kwargs"]["values"].append("x")
        ),
        "gives the ForecastModule an argument 'exec' that a saved model never has",
    ),
    "module kwarg of the wrong type": (
        lambda c, m: _set_module_kwarg(c, "hidden_size", "4"),
        "gives the ForecastModule hidden_size='4'; expected an integer",
    ),
    "oversized module kwarg": (
        lambda c, m: _set_module_kwarg(c, "hidden_size", 10**12),
        "hidden_size=1000000000000; expected an integer in",
    ),
    "bool for a size": (
        lambda c, m: _set_module_kwarg(c, "hidden_size", True),
        "hidden_size=True; expected an integer",
    ),
    "unknown estimator parameter": (
        lambda c, m: c["params"].update(exploit=1),
        "gives RNNForecaster parameters it does not have: \\['exploit'\\]",
    ),
    "parameter of the wrong type": (
        lambda c, m: c["params"].update(hidden_size="big"),
        "'hidden_size' parameter of RNNForecaster must be",
    ),
    "dunder attribute": (
        lambda c, m: c["attributes"].update(__class__={"type": "tuple", "items": []}),
        "sets the attribute '__class__', which is not a fitted attribute",
    ),
    "attribute shadowing a method": (
        lambda c, m: c["attributes"].update(predict=1),
        "sets the attribute 'predict', which is not a fitted attribute",
    ),
    "object dtype scalar": (
        lambda c, m: c["attributes"].update(
            n_iter_={"type": "scalar", "dtype": "|O", "value": 1}
        ),
        "holds a value of numpy dtype '\\|O'",
    ),
    "huge string width": (
        lambda c, m: c["attributes"].update(
            names_={
                "type": "ndarray",
                "dtype": "<U9999999",
                "shape": [1],
                "items": ["a"],
            }
        ),
        "holds 1 strings of dtype '<U9999999', far wider than they are",
    ),
    "many empty strings beside a long one": (
        lambda c, m: c["attributes"].update(
            names_={
                "type": "ndarray",
                "dtype": "<U2000",
                "shape": [100_000],
                "items": ["x" * 2000] + [""] * 99_999,
            }
        ),
        "holds 100000 strings of dtype '<U2000', far wider than they are",
    ),
    "a zero-width string dtype": (
        lambda c, m: c["attributes"].update(
            names_={
                "type": "ndarray",
                "dtype": "<U0",
                "shape": [100_000],
                "items": ["x" * 2000] + [""] * 99_999,
            }
        ),
        "holds 100000 strings of dtype '<U0', far wider than they are",
    ),
    "string items that are lists": (
        lambda c, m: c["attributes"].update(
            names_={
                "type": "ndarray",
                "dtype": "<U4096",
                "shape": [64, 500],
                "items": [[""] * 500] * 64,
            }
        ),
        "holds 64 items for shape \\[64, 500\\]",
    ),
    "a module of no inputs": (
        lambda c, m: _net(c)["module_kwargs"]["values"].__setitem__(0, 0),
        "input_size=0; expected an integer in \\[1,",
    ),
    "a thousand and one estimators": (
        lambda c, m: c["attributes"].update(
            estimators_=[
                {
                    "type": "estimator",
                    "estimator": "sklearn_rnn.RNNForecaster",
                    "params": {},
                    "attributes": {},
                }
            ]
            * 1001
        ),
        "holds more than 1000 estimators",
    ),
    "a weight tensor named twice": (
        lambda c, m: _net(c)["state_dict"].update(
            {"head.bias": _net(c)["state_dict"]["head.weight"]}
        ),
        "uses the tensor 'net_/head.weight' twice",
    ),
    "a net repeated in another attribute": (
        lambda c, m: c["attributes"].update(copy_=[_net(c)]),
        "holds a value of type 'net' where none can be",
    ),
    "a net inside the net's parameters": (
        lambda c, m: _net(c)["overrides"].update(lr=copy.deepcopy(_net(c))),
        "holds a value of type 'net' where none can be",
    ),
    "thousands of layers": (
        lambda c, m: _set_module_kwarg(c, "num_layers", 10**6),
        "gives ForecastModule num_layers=1000000 for 8 weights",
    ),
    "torch.compile": (
        lambda c, m: _net(c)["overrides"].update(compile=True),
        "compile=True; expected one of \\(False,\\)",
    ),
    "an integer that overflows its dtype": (
        lambda c, m: c["attributes"].update(
            n_iter_={"type": "scalar", "dtype": "|u1", "value": 300}
        ),
        "Python integer 300 out of bounds for uint8",
    ),
    "a scalar holding a list": (
        lambda c, m: c["attributes"].update(
            n_iter_={"type": "scalar", "dtype": "<i8", "value": [1, 2, 3]}
        ),
        "holds a scalar that is not a number",
    ),
    "meta device": (
        lambda c, m: c["attributes"].update(device_="meta"),
        "records the device 'meta', not a real device",
    ),
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_crafted_file_is_refused_without_side_effect(saved, tmp_path, attack):
    edit, message = ATTACKS[attack]
    marker = tmp_path / "marker"
    _forge(saved, lambda config: edit(config, marker))
    with pytest.raises(ValueError, match=f"Cannot load .*{message}"):
        load(saved)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda t: t.update(
                {"net_/head.weight": t["net_/head.weight"].astype("f8")}
            ),
            "weight 'head.weight' is torch.float64 of shape .*needs torch.float32",
        ),
        (
            lambda t: t.update({"net_/head.weight": np.zeros((1, 4), np.float32)}),
            "weight 'head.weight' is torch.float32 of shape \\(1, 4\\); .* \\(1, 3\\)",
        ),
        (
            lambda t: t.update({"net_/head.weight": np.zeros((1, 3), np.int32)}),
            "weight 'head.weight' is torch.int32",
        ),
    ],
    ids=["dtype", "shape", "integer weights"],
)
def test_weights_must_fit_the_declared_module(saved, edit, message):
    _forge(saved, edit_tensors=edit)
    with pytest.raises(ValueError, match=f"Cannot load .*{message}"):
        load(saved)


def test_missing_and_extra_weights_are_refused(saved):
    def edit(tensors):
        tensors["net_/spare"] = tensors.pop("net_/head.bias")

    def rename(config):
        names = _net(config)["state_dict"]
        names["spare"] = names.pop("head.bias").replace("head.bias", "spare")

    _forge(saved, rename, edit)
    with pytest.raises(ValueError, match=r"missing \['head.bias'\], unexpected"):
        load(saved)


def test_oversized_header_is_refused_unread(tmp_path):
    path = tmp_path / "big.safetensors"
    path.write_bytes((MAX_HEADER_BYTES + 1).to_bytes(8, "little") + b"{}")
    with pytest.raises(ValueError, match="header claims 100000001 bytes, more than"):
        load(path)


def _tagger_file(tmp_path):
    from sklearn_rnn import SequenceTagger

    X, y = [["the", "cat"], ["a", "dog"]] * 4, [["DET", "NOUN"]] * 8
    tagger = SequenceTagger(hidden_size=3, max_epochs=1, random_state=0).fit(X, y)
    path = tmp_path / "tagger.safetensors"
    save(tagger, path)
    return path


def _items(config, name, value):
    entry = config["attributes"][name]
    entry["items" if "items" in entry else "values"] = value


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda c: c["attributes"].update(
                classes_={
                    "type": "ndarray",
                    "dtype": "<U4",
                    "shape": [3],
                    "items": ["DET", "NOUN", "VERB"],
                }
            ),
            "3 classes for 2 tag scores",
        ),
        (
            lambda c: _items(c, "_word_index_", [2, 3, 4, 99]),
            "_word_index_ maps 'the' to 99, outside \\[2, 6\\)",
        ),
        (
            lambda c: _items(c, "_char_index_", [-1, 5, 6, 7, 8, 9, 10, 11]),
            "_char_index_ maps 'a' to -1",
        ),
    ],
    ids=["classes", "word ids", "negative char id"],
)
def test_fitted_attributes_must_fit_the_network(tmp_path, edit, message):
    path = _tagger_file(tmp_path)
    _forge(path, edit)
    with pytest.raises(ValueError, match=f"do not match its network: {message}"):
        load(path)


def test_forecaster_horizon_must_fit_the_network(saved):
    _forge(saved, lambda c: c["attributes"].update(horizon_=5))
    with pytest.raises(ValueError, match="the network's horizon is 1, the attrib"):
        load(saved)


def test_forecaster_window_length_must_fit_the_highway(saved):
    _forge(saved, lambda c: c["attributes"].update(n_features_in_=5))
    with pytest.raises(ValueError, match="the network's past_steps is 6, the wind"):
        load(saved)


def test_a_forecaster_saved_without_the_highway_loads(saved, model):
    # Files written before the highway: no past_steps argument, no highway weights.
    def drop_kwarg(config):
        kwargs = _net(config)["module_kwargs"]
        i = kwargs["keys"].index("past_steps")
        del kwargs["keys"][i], kwargs["values"][i]
        state = _net(config)["state_dict"]
        for name in ("highway.weight", "highway.bias"):
            state.pop(name)

    _forge(saved, drop_kwarg)
    loaded = load(saved)
    assert loaded.net_.module_.highway is None
    assert loaded.predict(np.zeros((2, 6))).shape == (2,)


def test_invalid_json_document_is_refused(saved):
    _forge(saved, edit_text=lambda text: text.replace('"n_iter_": ', '"n_iter_" '))
    with pytest.raises(ValueError, match="its JSON document is not valid"):
        load(saved)


def test_only_regular_files_are_read():
    with pytest.raises(ValueError, match="'/dev/zero': it is not a regular file"):
        load("/dev/zero")


def test_deeply_nested_json_is_refused(saved):
    deep = '"deep_": ' + "[" * 100_000 + "]" * 100_000 + ", "
    _forge(
        saved, edit_text=lambda text: text.replace('"n_iter_": ', deep + '"n_iter_": ')
    )
    with pytest.raises(ValueError, match="nested too deeply"):
        load(saved)


def test_signed_file_round_trip_and_tampering(model, saved, tmp_path):
    signed = tmp_path / "signed.safetensors"
    save(model, signed, key=b"secret")
    X, _ = make_windows(np.sin(0.3 * np.arange(60)), window_length=6)
    assert np.array_equal(load(signed, key="secret").predict(X), model.predict(X))
    assert np.array_equal(load(signed).predict(X), model.predict(X))
    with pytest.raises(ValueError, match="signature does not match key"):
        load(signed, key=b"other")
    # A forger recomputes the checksum but cannot sign without the key.
    _forge(signed, lambda c: c["params"].update(lr=0.1))
    with pytest.raises(ValueError, match="it is not signed, and key was given"):
        load(signed, key=b"secret")
    with pytest.raises(ValueError, match="it is not signed, and key was given"):
        load(saved, key=b"secret")


@pytest.mark.parametrize(
    ("key", "error", "message"),
    [(b"", TypeError, "key must be a non-empty"), (3, TypeError, "got int")],
)
def test_bad_keys(model, saved, key, error, message):
    with pytest.raises(error, match=message):
        save(model, saved, key=key)
    with pytest.raises(error, match=message):
        load(saved, key=key)


@pytest.mark.parametrize("device", ["meta", "cuda:x", "gpu", "cpu:0", ""])
def test_load_accepts_only_real_devices(saved, device):
    with pytest.raises(ValueError, match="device must be 'cpu', 'cuda', 'cuda:N'"):
        load(saved, device=device)
