"""Decoding what ``codec.py`` encoded, for :func:`sklearn_rnn.load`.

Nothing here trusts the file: classes come only from ``trusted.py``'s exact
table, arguments only as its schemas list them, each tensor fills one weight or
attribute, and every estimator is checked against its own constraints.
"""

import numpy as np
import torch

from .._training import engine
from .._training.spec import TrainingSpec
from . import trusted
from .codec import _NET_CLASSES, _PARAM_CLASSES, ESTIMATORS

# Where a numpy scalar or string array read from a file may come from.
_SCALAR_KINDS = "biufU"
_JSON_SCALARS = bool | int | float | str
# The kinds of value a decoder accepts: plain data everywhere; a net, a nested
# estimator or a training history only where an estimator keeps one.
_DATA = frozenset({"scalar", "tuple", "dict", "ndarray", "class", "random_state"})
_ARGUMENTS = frozenset({"scalar", "tuple", "dict", "class"})
_WHERE = {
    "net_": {"net"},
    "history_": {"history"},
    "estimators_": {"estimator"},
    "estimator_": {"estimator"},
}
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
            rows = Decoder(self.tensors, {}, self.device)(value["items"])
            return engine.make_history(rows)
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
        training = TrainingSpec(module, module_kwargs, criterion, criterion_kwargs)
        params = self.estimator._training_params()
        return engine.restore_net(training, params, self.device, overrides, state)

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
    if engine.is_net(net) and engine.is_history(history):
        net.history_ = history  # one record, as after fit
    return estimator
