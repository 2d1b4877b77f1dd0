"""The JSON + tensors encoding behind :func:`sklearn_rnn.save` and ``load``.

:class:`Encoder` turns an estimator's parameters and fitted attributes into JSON,
moving numeric arrays into a dict of tensors; :class:`Decoder` is its inverse. Only
allow-listed classes are named or resolved, and nothing is ever unpickled. An
estimator nested in another (the members of a :class:`SeedEnsembleForecaster`) is
encoded the same way, its tensors under its own key prefix.
"""

import numpy as np
import torch
from skorch import NeuralNet
from skorch.history import History

from . import _trusted as trusted
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
# The classes a parameter (an optimizer class) or a net's parameters (its batch
# iterators and dataset) may hold, by exact name; modules and losses are looked up
# in their own tables, with the arguments they take.
_PARAM_CLASSES = trusted.OPTIMIZERS
_NET_CLASSES = trusted.ITERATORS | trusted.DATASETS
# skorch net parameters rebuilt from the estimator and the load device, not stored.
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
        outer, self.classes = self.classes, _NET_CLASSES
        overrides = {
            k: self(v, f"{key}.{k}") for k, v in params if _stored(k, v, simple)
        }
        self.classes = outer
        weights = net.module_.state_dict().items()
        return {
            "type": "net",
            "module": _class_ref(net.module, trusted.MODULES, f"{key}.module"),
            "criterion": _class_ref(
                net.criterion, trusted.CRITERIA, f"{key}.criterion"
            ),
            "module_kwargs": self(net.get_params_for("module"), f"{key}.module"),
            "overrides": overrides,
            "state_dict": {
                n: self.array(t.numpy(force=True), f"{key}/{n}") for n, t in weights
            },
        }


# Where a numpy scalar or string array read from a file may come from.
_SCALAR_KINDS = "biufU"
_JSON_SCALARS = bool | int | float | str
# The kinds of value a decoder accepts: plain data everywhere; a net, a nested
# estimator or a training history only where an estimator keeps one.
_DATA = frozenset({"scalar", "tuple", "dict", "ndarray", "class", "random_state"})
_ARGUMENTS = frozenset({"scalar", "tuple", "dict", "class"})
_WHERE = {"net_": {"net"}, "history_": {"history"}, "estimators_": {"estimator"}}
# A string array may be wider than its average item by this factor (numpy stores
# every item at the width of the longest), plus a MiB: beyond, a file would make
# load allocate far more than it holds.
_STRING_SLACK = 16
_MAX_LAYERS = 1024
_MAX_ESTIMATORS = 1000


def _dtype(name, kinds):
    dtype = np.dtype(str(name))
    if dtype.kind not in kinds:
        raise ValueError(f"the file holds a value of numpy dtype {name!r}")
    return dtype


def _names(names):
    shown = ", ".join(map(repr, names[:5]))
    return f"[{shown}{', ...' if len(names) > 5 else ''}]"


class TensorStore:
    """The file's tensors, each handed out once: a tensor named twice would let
    a small file fill many weights, or many nets, with one array. It also counts
    the estimators a file builds (each costs time, whatever its size)."""

    def __init__(self, tensors):
        self._tensors, self._taken, self.estimators = tensors, set(), 0

    def count_estimator(self):
        self.estimators += 1
        if self.estimators > _MAX_ESTIMATORS:
            raise ValueError(
                f"it holds more than {_MAX_ESTIMATORS} estimators; a saved model "
                "(an ensemble and its members) holds far fewer"
            )

    def take(self, key):
        if not isinstance(key, str) or key not in self._tensors:
            raise ValueError(f"it refers to a tensor {key!r} that it does not hold")
        if key in self._taken:
            raise ValueError(
                f"it uses the tensor {key!r} twice; a saved model uses each once"
            )
        self._taken.add(key)
        return self._tensors[key]


class Decoder:
    """The inverse of :class:`Encoder`; nets are rebuilt for ``estimator``.

    ``tensors`` is a :class:`TensorStore`; ``classes`` maps the exact names of the
    classes a value may hold to them; ``kinds`` are the kinds of value allowed.
    """

    def __init__(self, tensors, classes, device, estimator=None, kinds=_DATA):
        self.tensors, self.classes = tensors, classes
        self.device, self.estimator, self.kinds = device, estimator, kinds

    def __call__(self, value):
        if isinstance(value, list):
            return [self(v) for v in value]
        if not isinstance(value, dict):
            return value
        kind = value["type"]
        if kind not in self.kinds:
            known = _DATA | {"net", "history", "estimator"}
            what = "unknown type" if kind not in known else "type"
            raise ValueError(
                f"the file holds a value of {what} {kind!r} where none can be"
            )
        if kind == "scalar":
            if not isinstance(value["value"], _JSON_SCALARS):
                raise ValueError("the file holds a scalar that is not a number")
            return _dtype(value["dtype"], _SCALAR_KINDS).type(value["value"])
        if kind == "tuple":
            return tuple(self(value["items"]))
        if kind == "dict":
            return dict(zip(self(value["keys"]), self(value["values"]), strict=True))
        if kind == "ndarray" and "tensor" in value:
            return self.tensors.take(value["tensor"])
        if kind == "ndarray":
            return self.object_array(value)
        if kind == "class":
            return trusted.resolve(value["ref"], self.classes, "class")
        if kind == "random_state":
            name, keys, pos, has_gauss, gauss = value["state"]
            state = np.random.RandomState()
            state.set_state((name, np.array(keys, np.uint32), pos, has_gauss, gauss))
            return state
        if kind == "history":
            return History(Decoder(self.tensors, {}, self.device)(value["items"]))
        if kind == "net":
            return self.net(value)
        return decode_estimator(value, self.tensors, self.device)

    def object_array(self, value):
        dtype, items, shape = (
            _dtype(value["dtype"], "UO"),
            value["items"],
            value["shape"],
        )
        if not isinstance(items, list) or not isinstance(shape, list):
            raise ValueError("the file holds an array without a list of items")
        if int(np.prod(shape, dtype=np.int64)) != len(items):
            raise ValueError(f"the file holds {len(items)} items for shape {shape}")
        if dtype.kind == "U":
            if not all(isinstance(item, str) for item in items):
                raise ValueError("the file holds a string array with non-strings")
            # numpy stores every string at the width of the longest (or of the
            # dtype): bound that by what the file holds.
            chars = sum(map(len, items))
            width = max(dtype.itemsize // 4, max(map(len, items), default=0))
            if (
                4 * width * len(items)
                > _STRING_SLACK * 4 * (chars + len(items)) + 2**20
            ):
                raise ValueError(
                    f"the file holds {len(items)} strings of dtype {dtype.str!r}, "
                    "far wider than they are"
                )
            return np.array(items, dtype=dtype).reshape(shape)
        out = np.empty(len(items), dtype=object)
        for i, item in enumerate(self(items)):
            if isinstance(item, list):
                raise ValueError("the file holds an object array of lists")
            out[i] = item
        return out.reshape(shape)

    def net(self, spec):
        module, module_schema = trusted.resolve(
            spec["module"], trusted.MODULES, "torch module"
        )
        criterion, criterion_schema = trusted.resolve(
            spec["criterion"], trusted.CRITERIA, "loss"
        )
        # Names first, against the schemas; then values, as plain arguments.
        plain = Decoder(self.tensors, {}, self.device, kinds=_ARGUMENTS)
        encoded = spec["module_kwargs"]
        if not isinstance(encoded, dict) or encoded.get("type") != "dict":
            raise ValueError("its module arguments are not a dictionary")
        names = plain(encoded["keys"])
        trusted.check_kwargs(
            dict.fromkeys(names), module_schema, module.__name__, False
        )
        module_kwargs = dict(zip(names, plain(encoded["values"]), strict=True))
        trusted.check_kwargs(module_kwargs, module_schema, module.__name__)
        if not isinstance(spec["overrides"], dict):
            raise ValueError("its net parameters are not a dictionary")
        criterion_names = {
            k.removeprefix("criterion__")
            for k in spec["overrides"]
            if k.startswith("criterion__")
        }
        net_names = [k for k in spec["overrides"] if not k.startswith("criterion__")]
        trusted.check_kwargs(
            dict.fromkeys(criterion_names), criterion_schema, criterion.__name__, False
        )
        trusted.check_kwargs(dict.fromkeys(net_names), trusted.NET_PARAMS, "net", False)
        plain.classes = _NET_CLASSES
        overrides = {k: plain(v) for k, v in spec["overrides"].items()}
        criterion_kwargs = {
            k.removeprefix("criterion__"): overrides.pop(k)
            for k in list(overrides)
            if k.startswith("criterion__")
        }
        trusted.check_kwargs(criterion_kwargs, criterion_schema, criterion.__name__)
        trusted.check_kwargs(overrides, trusted.NET_PARAMS, "net")
        state = self.state_dict(spec["state_dict"], module, module_kwargs)
        overrides.update({f"criterion__{k}": v for k, v in criterion_kwargs.items()})
        args = (self.estimator, module, criterion, self.device, module_kwargs)
        net = build_net(*args, **overrides)
        # Initialising draws random weights: keep the caller's random state intact.
        with torch.random.fork_rng(devices=[]):
            net.initialize()
        net.module_.load_state_dict(state)
        return net

    def state_dict(self, names, module, module_kwargs):
        """The weights the file holds, checked name by name against the shapes and
        dtypes of ``module`` built on the meta device (which allocates nothing),
        before the real module is built."""
        if not isinstance(names, dict):
            raise ValueError("its state_dict entry is not a dictionary")
        # Each layer has weights of its own: more layers than weights is a
        # forgery, and building them, even on the meta device, takes time.
        layers = module_kwargs.get("num_layers", 1)
        if layers > min(_MAX_LAYERS, len(names)):
            raise ValueError(
                f"it gives {module.__name__} num_layers={layers} for "
                f"{len(names)} weights"
            )
        try:
            with torch.device("meta"):
                expected = module(**module_kwargs).state_dict()
        except (ValueError, TypeError, IndexError, AssertionError, RuntimeError) as err:
            raise ValueError(
                f"its arguments for {module.__name__} do not build one: {err}"
            ) from err
        if set(names) != set(expected):
            missing = sorted(set(expected) - set(names))
            unexpected = sorted(set(names) - set(expected))
            raise ValueError(
                f"its weights do not fit {module.__name__}: missing {_names(missing)}, "
                f"unexpected {_names(unexpected)}"
            )
        state = {k: torch.from_numpy(self.tensors.take(v)) for k, v in names.items()}
        for name, tensor in state.items():
            want = expected[name]
            if tensor.shape != want.shape or tensor.dtype != want.dtype:
                raise ValueError(
                    f"its weight {name!r} is {tensor.dtype} of shape "
                    f"{tuple(tensor.shape)}; {module.__name__} built with the file's "
                    f"arguments needs {want.dtype} of shape {tuple(want.shape)}"
                )
        return state


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


def _check_attribute(cls, name):
    """A fitted attribute's name: ``name_`` or ``_name_``, never a dunder, a
    parameter, a method or anything else the class defines."""
    ok = isinstance(name, str) and name.isidentifier() and name.endswith("_")
    if not ok or name.startswith("__") or hasattr(cls, name):
        raise ValueError(
            f"it sets the attribute {name!r}, which is not a fitted attribute "
            f"of {cls.__name__}; refusing to load it"
        )


def decode_estimator(spec, tensors, device):
    """The estimator :func:`encode_estimator` described, its nets on ``device``.

    ``tensors`` is a :class:`TensorStore` (or a dict of the file's tensors). The
    parameters are checked by the estimator's own constraints (names and types)
    before any attribute, and any net, is decoded.
    """
    if not isinstance(tensors, TensorStore):
        tensors = TensorStore(tensors)
    tensors.count_estimator()
    name = str(spec["estimator"])
    cls = ESTIMATORS.get(name.removeprefix("sklearn_rnn."))
    if cls is None or not name.startswith("sklearn_rnn."):
        raise ValueError(
            f"it names the estimator class {name!r}, not one of sklearn_rnn's "
            f"({', '.join(ESTIMATORS)}); refusing to load it"
        )
    params, allowed = spec["params"], set(cls._get_param_names())
    if not isinstance(params, dict) or not set(params) <= allowed:
        unknown = sorted(set(params) - allowed) if isinstance(params, dict) else params
        raise ValueError(
            f"it gives {cls.__name__} parameters it does not have: {unknown}; "
            "refusing to load it"
        )

    def param(key, value):
        kinds = _DATA | ({"estimator"} if key == "estimator" else set())
        return Decoder(tensors, _PARAM_CLASSES, device, kinds=kinds)(value)

    estimator = cls(**{k: param(k, v) for k, v in params.items()})
    estimator._validate_params()
    for attr, value in spec["attributes"].items():
        _check_attribute(cls, attr)
        kinds = _DATA | _WHERE.get(attr, set())
        setattr(estimator, attr, Decoder(tensors, {}, device, estimator, kinds)(value))
    if "device_" in spec["attributes"]:
        estimator.device_ = device
    net, history = vars(estimator).get("net_"), vars(estimator).get("history_")
    if isinstance(net, NeuralNet) and isinstance(history, History):
        net.history_ = history  # one record, as after fit
    return estimator
