"""The JSON + tensors encoding behind :func:`sklearn_rnn.save` (decoding it:
``decoding.py``).

:class:`Encoder` turns an estimator's parameters and fitted attributes into JSON,
moving numeric arrays into a dict of tensors; ``decoding.Decoder`` is its inverse.
Only the classes of ``trusted.py``'s table are named, and nothing is pickled. An
estimator nested in another (the members of a :class:`SeedEnsembleForecaster`) is
encoded the same way, its tensors under its own key prefix.
"""

import numpy as np

from .._training import engine
from ..ensemble import SeedEnsembleForecaster, SeedEnsembleTagger
from ..forecasting._conformal import ConformalForecaster
from ..forecasting._estimator import RNNForecaster
from ..generation._estimator import CharRNNGenerator
from ..tagging._estimator import SequenceTagger
from . import trusted

ESTIMATORS = {
    c.__name__: c
    for c in (
        CharRNNGenerator,
        ConformalForecaster,
        RNNForecaster,
        SeedEnsembleForecaster,
        SeedEnsembleTagger,
        SequenceTagger,
    )
}
_ARRAY_DTYPES = {"bool", "float16", "float32", "float64"}
_ARRAY_DTYPES |= {f"{sign}int{bits}" for sign in ("", "u") for bits in (8, 16, 32, 64)}
# The classes a parameter (an optimizer class) or a net's parameters (its batch
# iterators and dataset) may hold, by exact name; modules and losses are looked up
# in their own tables, with the arguments they take.
_PARAM_CLASSES = trusted.OPTIMIZERS
_NET_CLASSES = trusted.ITERATORS | trusted.DATASETS
# skorch net parameters rebuilt from the spec, the shared parameters and the load
# device, not stored.
_NET_REBUILT = {"module", "criterion", "optimizer", "callbacks", "device"}


def _class_ref(cls, classes, key):
    """``"module:qualname"`` of a class ``classes`` holds, else a TypeError."""
    for ref, known in classes.items():
        if cls is (known[0] if isinstance(known, tuple) else known):
            return ref
    raise TypeError(
        f"Cannot save {key}={cls!r}: not one of the classes a saved model may name "
        "(torch.optim's optimizers and sklearn_rnn's own modules, losses and batch "
        "iterators), which load resolves by exact name."
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
        if engine.is_history(value):
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
        if engine.is_net(value):
            return self.net(value, key)
        if type(value) in ESTIMATORS.values():
            return {"type": "estimator", **encode_estimator(self, value, key + "/")}
        raise TypeError(
            f"Cannot save {key}: a value of type {type(value).__name__} has no safe "
            "representation (numbers, strings, arrays; lists, tuples, dicts of these)."
        )

    def net(self, net, key):
        """What rebuilds a trained skorch net: its spec (classes, arguments),
        net parameters and weights."""
        module, module_kwargs, criterion, params, weights = engine.describe_net(net)
        # Other objects (a split, callbacks) are not stored: a loaded net predicts.
        simple = bool | int | float | str | type | None
        outer, self.classes = self.classes, _NET_CLASSES
        overrides = {
            k: self(v, f"{key}.{k}") for k, v in params.items() if _stored(k, v, simple)
        }
        self.classes = outer
        return {
            "type": "net",
            "module": _class_ref(module, trusted.MODULES, f"{key}.module"),
            "criterion": _class_ref(criterion, trusted.CRITERIA, f"{key}.criterion"),
            "module_kwargs": self(module_kwargs, f"{key}.module"),
            "overrides": overrides,
            "state_dict": {
                n: self.array(t.numpy(force=True), f"{key}/{n}")
                for n, t in weights.items()
            },
        }


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
    encoder.classes = _PARAM_CLASSES
    config = {"estimator": f"sklearn_rnn.{cls.__name__}"}
    config["params"] = {k: encoder(v, f"{prefix}params/{k}") for k, v in params.items()}
    encoder.classes = {}
    config["attributes"] = {
        k: encoder(v, f"{prefix}{k}")
        for k, v in vars(estimator).items()
        if k not in params
    }
    encoder.classes = outer
    return config
