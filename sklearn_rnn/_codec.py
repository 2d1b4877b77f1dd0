"""The JSON + tensors encoding behind :func:`sklearn_rnn.save` and ``load``.

:class:`Encoder` turns an estimator's parameters and fitted attributes into JSON,
moving numeric arrays into a dict of tensors; :class:`Decoder` is its inverse. Only
allow-listed classes are named or resolved, and nothing is ever unpickled. An
estimator nested in another (the members of a :class:`SeedEnsembleForecaster`) is
encoded the same way, its tensors under its own key prefix.
"""

import sys

import numpy as np
import torch
from skorch import NeuralNet
from skorch.history import History

from ._skorch import build_net
from .ensemble import SeedEnsembleForecaster, SeedEnsembleTagger
from .forecasting import RNNForecaster
from .generation import CharRNNGenerator
from .tagging import SequenceTagger

ESTIMATORS = {
    c.__name__: c
    for c in (
        CharRNNGenerator,
        RNNForecaster,
        SeedEnsembleForecaster,
        SeedEnsembleTagger,
        SequenceTagger,
    )
}
_ARRAY_DTYPES = {"bool", "float16", "float32", "float64"}
_ARRAY_DTYPES |= {f"{sign}int{bits}" for sign in ("", "u") for bits in (8, 16, 32, 64)}
# Where a class named in a file may come from, and what it must derive from.
_OPTIMIZERS = (("torch.optim", torch.optim.Optimizer),)
_MODULES = (("sklearn_rnn", torch.nn.Module),)
_CLASSES = (*_OPTIMIZERS, ("torch.nn", torch.nn.Module), ("sklearn_rnn", object))
_CLASSES += (("skorch.dataset", object),)
# skorch net parameters rebuilt from the estimator and the load device, not stored.
_NET_REBUILT = {"module", "criterion", "optimizer", "callbacks", "device"}


def _class_ref(cls, sources, key):
    """``"module:qualname"`` of an allowed class, else a TypeError naming ``key``."""
    module, name = getattr(cls, "__module__", ""), getattr(cls, "__qualname__", "")
    for root, base in sources:
        if module == root or module.startswith(root + "."):
            if isinstance(cls, type) and issubclass(cls, base) and "<" not in name:
                return f"{module}:{name}"
    roots = ", ".join(root for root, _ in sources)
    raise TypeError(f"Cannot save {key}={cls!r}: a class from outside {roots}.")


def _resolve_class(ref, sources, what):
    """The class ``ref`` names, if ``sources`` allow it; else a ValueError.

    Looked up among the modules already imported: loading imports nothing.
    """
    module, _, name = str(ref).partition(":")
    for root, base in sources:
        if module == root or module.startswith(root + "."):
            obj = sys.modules.get(module)
            for part in name.split("."):
                obj = getattr(obj, part, None)
            if isinstance(obj, type) and issubclass(obj, base):
                return obj
    raise ValueError(
        f"the file names {ref!r} as its {what}, which is not a class from "
        f"{', '.join(r for r, _ in sources)}; refusing to load it."
    )


def _stored(name, value=None, kinds=object):
    """Whether a skorch net's parameter is saved (the others are rebuilt)."""
    rebuilt = name in _NET_REBUILT or name.endswith("__device")
    prefixed = name.startswith(("module__", "callbacks__", "_"))
    return not (rebuilt or prefixed) and isinstance(value, kinds)


class Encoder:
    """JSON for values, numeric arrays moved to ``tensors`` under their ``key``."""

    def __init__(self, classes):
        self.tensors, self.classes = {}, classes

    def array(self, value, key):
        value = np.ascontiguousarray(value)
        if value.dtype.name not in _ARRAY_DTYPES:
            why = f"arrays of dtype {value.dtype} have no safetensors type"
            raise TypeError(f"Cannot save {key}: {why} (bool, int, uint or float).")
        self.tensors[key] = value.astype(value.dtype.newbyteorder("<"), copy=False)
        return key

    def __call__(self, value, key):
        if isinstance(value, np.generic) and value.dtype.kind in "biufU":
            return {"type": "scalar", "dtype": value.dtype.str, "value": value.item()}
        if value is None or isinstance(value, bool | int | float | str):
            return value
        if isinstance(value, History):
            return {"type": "history", "items": self(list(value), key)}
        # Exact types: a subclass (a namedtuple, a defaultdict) would lose its type.
        if type(value) in (list, tuple):
            items = [self(v, f"{key}/{i}") for i, v in enumerate(value)]
            return items if type(value) is list else {"type": "tuple", "items": items}
        if type(value) is dict:
            keys = self(list(value), f"{key}/keys")
            values = self(list(value.values()), key)
            return {"type": "dict", "keys": keys, "values": values}
        if isinstance(value, np.ndarray) and value.dtype.kind in "UO":
            items = value.ravel().tolist()
            items = self(items, key) if value.dtype.kind == "O" else items
            spec = {"dtype": value.dtype.str, "shape": list(value.shape)}
            return {"type": "ndarray", **spec, "items": items}
        if isinstance(value, np.ndarray):
            return {"type": "ndarray", "tensor": self.array(value, key)}
        if isinstance(value, type):
            return {"type": "class", "ref": _class_ref(value, self.classes, key)}
        if isinstance(value, np.random.RandomState):
            name, keys, pos, has_gauss, gauss = value.get_state()
            state = [name, keys.tolist(), pos, has_gauss, gauss]
            return {"type": "random_state", "state": state}
        if isinstance(value, NeuralNet):
            return self.net(value, key)
        if type(value) in ESTIMATORS.values():
            return {"type": "estimator", **encode_estimator(self, value, key + "/")}
        raise TypeError(
            f"Cannot save {key}: a value of type {type(value).__name__} has no safe "
            "representation (numbers, strings, arrays; lists, tuples, dicts of these)."
        )

    def net(self, net, key):
        """What rebuilds a trained skorch net: classes, kwargs, weights."""
        # Other objects (a split, callbacks) are rebuilt from the estimator.
        simple = bool | int | float | str | type | None
        params = net.get_params(deep=False).items()
        overrides = {
            k: self(v, f"{key}.{k}") for k, v in params if _stored(k, v, simple)
        }
        weights = net.module_.state_dict().items()
        return {
            "type": "net",
            "module": _class_ref(net.module, _MODULES, f"{key}.module"),
            "criterion": _class_ref(net.criterion, self.classes, f"{key}.criterion"),
            "module_kwargs": self(net.get_params_for("module"), f"{key}.module"),
            "overrides": overrides,
            "state_dict": {
                n: self.array(t.numpy(force=True), f"{key}/{n}") for n, t in weights
            },
        }


class Decoder:
    """The inverse of :class:`Encoder`; nets are rebuilt for ``estimator``."""

    def __init__(self, tensors, classes, device, estimator=None):
        self.tensors, self.classes = tensors, classes
        self.device, self.estimator = device, estimator

    def __call__(self, value):
        if isinstance(value, list):
            return [self(v) for v in value]
        if not isinstance(value, dict):
            return value
        kind = value["type"]
        if kind == "scalar":
            return np.dtype(value["dtype"]).type(value["value"])
        if kind == "tuple":
            return tuple(self(value["items"]))
        if kind == "dict":
            return dict(zip(self(value["keys"]), self(value["values"]), strict=True))
        if kind == "ndarray" and "tensor" in value:
            return self.tensors[value["tensor"]]
        if kind == "ndarray":
            dtype, items = np.dtype(value["dtype"]), value["items"]
            if dtype.kind == "U":
                return np.array(items, dtype=dtype).reshape(value["shape"])
            out = np.empty(len(items), dtype=object)
            for i, item in enumerate(self(items)):
                out[i] = item
            return out.reshape(value["shape"])
        if kind == "class":
            return _resolve_class(value["ref"], self.classes, "class")
        if kind == "random_state":
            name, keys, pos, has_gauss, gauss = value["state"]
            state = np.random.RandomState()
            state.set_state((name, np.array(keys, np.uint32), pos, has_gauss, gauss))
            return state
        if kind == "history":
            return History(self(value["items"]))
        if kind == "net":
            return self.net(value)
        if kind == "estimator":
            return decode_estimator(value, self.tensors, self.device)
        raise ValueError(f"the file holds a value of unknown type {kind!r}.")

    def net(self, spec):
        module = _resolve_class(spec["module"], _MODULES, "torch module")
        criterion = _resolve_class(spec["criterion"], self.classes, "loss")
        args = (self.estimator, module, criterion, self.device)
        if not all(_stored(k) for k in spec["overrides"]):
            raise ValueError("its net overrides parameters that are rebuilt on load")
        overrides = {k: self(v) for k, v in spec["overrides"].items()}
        net = build_net(*args, self(spec["module_kwargs"]), **overrides)
        # Initialising draws random weights: keep the caller's random state intact.
        with torch.random.fork_rng(devices=[]):
            net.initialize()
        state = {k: self.tensors[v] for k, v in spec["state_dict"].items()}
        net.module_.load_state_dict({k: torch.from_numpy(v) for k, v in state.items()})
        return net


def encode_estimator(encoder, estimator, prefix=""):
    """JSON of an allow-listed estimator: its class, parameters and attributes.

    Tensors go into ``encoder.tensors`` under ``prefix`` + the attribute's name.
    """
    cls = type(estimator)
    if ESTIMATORS.get(cls.__name__) is not cls:
        raise TypeError(
            f"save stores sklearn_rnn's estimators ({', '.join(sorted(ESTIMATORS))}),"
            f" got an instance of {cls.__module__}.{cls.__qualname__}."
        )
    params = estimator.get_params(deep=False)
    if params.get("callbacks"):
        raise TypeError(
            "Cannot save an estimator with callbacks (arbitrary objects that only "
            f"pickle can store), got callbacks={params['callbacks']!r}. Set "
            "callbacks=None with set_params before saving."
        )
    outer = encoder.classes
    encoder.classes = _OPTIMIZERS
    config = {"estimator": f"sklearn_rnn.{cls.__name__}"}
    config["params"] = {k: encoder(v, f"{prefix}params/{k}") for k, v in params.items()}
    encoder.classes = _CLASSES
    config["attributes"] = {
        k: encoder(v, f"{prefix}{k}")
        for k, v in vars(estimator).items()
        if k not in params
    }
    encoder.classes = outer
    return config


def decode_estimator(spec, tensors, device):
    """The estimator :func:`encode_estimator` described, its nets on ``device``."""
    name = str(spec["estimator"])
    cls = ESTIMATORS.get(name.removeprefix("sklearn_rnn."))
    if cls is None or not name.startswith("sklearn_rnn."):
        raise ValueError(
            f"it names the estimator class {name!r}, not one of sklearn_rnn's "
            f"({', '.join(ESTIMATORS)}); refusing to load it"
        )
    decoder = Decoder(tensors, _OPTIMIZERS, device)
    estimator = cls(**{k: decoder(v) for k, v in spec["params"].items()})
    decoder = Decoder(tensors, _CLASSES, device, estimator)
    for attr, value in spec["attributes"].items():
        setattr(estimator, attr, decoder(value))
    if "device_" in spec["attributes"]:
        estimator.device_ = device
    net, history = vars(estimator).get("net_"), vars(estimator).get("history_")
    if isinstance(net, NeuralNet) and isinstance(history, History):
        net.history_ = history  # one record, as after fit
    return estimator
