"""Safe persistence: a fitted estimator as one safetensors file, and back.

Arrays (weights, scalers, array vocabularies) are the file's tensors; the rest
(class, parameters, other fitted attributes, what rebuilds the skorch net, history)
is JSON in the safetensors header's metadata, with a SHA-256 of it and of every
tensor. One file is one artifact to copy, written atomically, that any safetensors
reader opens. Loading runs safetensors and :mod:`json` only (no pickle) and resolves
only allow-listed classes. All of ``vars(estimator)`` but the parameters is saved:
an attribute added later is saved too, or refused with a TypeError naming it.
"""

import hashlib
import json
import os
import secrets
import sys

import numpy as np
import safetensors.numpy
import torch
from sklearn.utils.validation import check_is_fitted
from skorch import NeuralNet
from skorch.history import History

from ._skorch import build_net, resolve_device
from .forecasting import RNNForecaster
from .generation import CharRNNGenerator
from .tagging import SequenceTagger

FORMAT_VERSION = 1
_ESTIMATORS = {c.__name__: c for c in (CharRNNGenerator, RNNForecaster, SequenceTagger)}
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


class _Encoder:
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


class _Decoder:
    """The inverse of :class:`_Encoder`; nets are rebuilt for ``estimator``."""

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


def _checksum(config, tensors):
    """SHA-256 of the JSON document and of each tensor's name, type, shape, bytes."""
    digest = hashlib.sha256(config.encode("utf-8"))
    for name in sorted(tensors):
        array = tensors[name]
        digest.update(json.dumps([name, array.dtype.str, array.shape]).encode())
        digest.update(np.ascontiguousarray(array).reshape(-1).view(np.uint8))
    return digest.hexdigest()


def _fspath(path):
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a str or os.PathLike, got {path!r}.")
    return os.fspath(path)


def save(estimator, path):
    """Save a fitted estimator to one safetensors file, without pickle.

    Arrays (the weights, copied to the CPU) become tensors, the rest JSON in the
    file's header, with a SHA-256 checksum. The optimizer's state is not stored:
    a loaded model predicts, scores and refits, but does not resume training.

    Parameters
    ----------
    estimator : RNNForecaster, CharRNNGenerator or SequenceTagger
        Fitted, with ``callbacks=None`` (callbacks are objects only pickle can
        store) and ``optimizer`` a name or a ``torch.optim`` class.
    path : str or os.PathLike
        The file to write (``.safetensors`` by convention) in an existing
        directory; an existing file is replaced atomically.

    Raises
    ------
    TypeError
        If ``estimator`` is not one of sklearn_rnn's estimators, or a parameter or
        fitted attribute has no safe representation (the message names it).

    Examples
    --------
    >>> import os, tempfile
    >>> import numpy as np
    >>> from sklearn_rnn import RNNForecaster, load, make_windows, save
    >>> X, y = make_windows(np.sin(0.3 * np.arange(80)), window_length=8)
    >>> model = RNNForecaster(hidden_size=4, max_epochs=2, random_state=0).fit(X, y)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "model.safetensors")
    ...     save(model, path)
    ...     loaded = load(path)
    >>> bool(np.array_equal(loaded.predict(X), model.predict(X)))
    True
    """
    path = _fspath(path)
    cls = type(estimator)
    if _ESTIMATORS.get(cls.__name__) is not cls:
        raise TypeError(
            f"save stores sklearn_rnn's estimators ({', '.join(sorted(_ESTIMATORS))}),"
            f" got an instance of {cls.__module__}.{cls.__qualname__}."
        )
    check_is_fitted(estimator)
    params = estimator.get_params(deep=False)
    if params.get("callbacks"):
        raise TypeError(
            "Cannot save an estimator with callbacks (arbitrary objects that only "
            f"pickle can store), got callbacks={params['callbacks']!r}. Set "
            "callbacks=None with set_params before saving."
        )
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        why = f"the directory {folder!r} does not exist; create it first"
        raise FileNotFoundError(f"Cannot save to path={path!r}: {why}.")
    if os.path.isdir(path):
        why = "it is a directory; give a file path such as model.safetensors in it"
        raise IsADirectoryError(f"Cannot save to path={path!r}: {why}.")
    encoder = _Encoder(_OPTIMIZERS)
    name = f"sklearn_rnn.{cls.__name__}"
    config = {"format_version": FORMAT_VERSION, "estimator": name}
    config["params"] = {k: encoder(v, f"params/{k}") for k, v in params.items()}
    encoder.classes = _CLASSES
    attrs = {k: v for k, v in vars(estimator).items() if k not in params}
    config["attributes"] = {k: encoder(v, k) for k, v in attrs.items()}
    config = json.dumps(config)
    metadata = {"sklearn_rnn": config, "sha256": _checksum(config, encoder.tensors)}
    data = safetensors.numpy.save(encoder.tensors, metadata=metadata)
    # Written beside the target, then renamed: a crash never leaves half a file.
    tmp = f"{path}.{secrets.token_hex(4)}.tmp"
    try:
        with open(tmp, "xb") as f:
            f.write(data)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def _fail(path, why, err=None):
    raise ValueError(f"Cannot load {path!r}: {why}.") from err


def _read(path):
    """The tensors and the checked JSON document of a file written by :func:`save`."""
    with open(path, "rb") as f:
        data = f.read()
    n = int.from_bytes(data[:8], "little")
    if len(data) < 8 or 8 + n > len(data):
        _fail(path, "it is truncated or not a safetensors file (too short)")
    try:
        metadata = json.loads(data[8 : 8 + n]).get("__metadata__") or {}
    except (ValueError, AttributeError) as err:
        _fail(path, f"its header is not valid JSON (corrupted or modified): {err}", err)
    if "sklearn_rnn" not in metadata or "sha256" not in metadata:
        _fail(path, "it is not a file written by sklearn_rnn.save (no metadata)")
    try:
        tensors = safetensors.numpy.load(data)
    except Exception as err:  # safetensors raises its own SafetensorError
        _fail(path, f"its tensors cannot be read (truncated or corrupted): {err}", err)
    config = metadata["sklearn_rnn"]
    if _checksum(config, tensors) != metadata["sha256"]:
        why = "its SHA-256 checksum does not match its content (corrupted or modified)"
        _fail(path, why)
    return tensors, json.loads(config)


def load(path, *, device=None):
    """Load an estimator written by :func:`save`, without unpickling anything.

    Parameters
    ----------
    path : str or os.PathLike
        A file written by :func:`save`.
    device : {"cpu", "cuda", "auto"} or None, default=None
        Where to put the network. None: where it was trained if a GPU is visible,
        else on the CPU (a model fitted on a GPU loads on a CPU-only machine).
        ``device_`` records the choice; the ``device`` parameter keeps its saved
        value (change it with ``set_params`` to refit elsewhere).

    Returns
    -------
    estimator : RNNForecaster, CharRNNGenerator or SequenceTagger
        The fitted estimator; on the CPU it predicts bit for bit as saved.

    Raises
    ------
    ValueError
        If the file is truncated, corrupted or modified, was not written by
        :func:`save`, or names a class that is not allowed.

    Examples
    --------
    >>> import os, tempfile
    >>> from sklearn_rnn import SequenceTagger, load, save
    >>> X, y = [["the", "cat"], ["a", "dog"]], [["DET", "NOUN"], ["DET", "NOUN"]]
    >>> tagger = SequenceTagger(hidden_size=4, max_epochs=1, random_state=0).fit(X, y)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "tagger.safetensors")
    ...     save(tagger, path)
    ...     loaded = load(path, device="cpu")
    >>> loaded.predict(X) == tagger.predict(X)
    True
    """
    path = _fspath(path)
    if device is not None and not isinstance(device, str):
        raise TypeError(
            f"device must be 'cpu', 'cuda', 'auto' or None, got {device!r}."
        )
    tensors, config = _read(path)
    try:
        version, name = config["format_version"], str(config["estimator"])
        cls = _ESTIMATORS.get(name.removeprefix("sklearn_rnn."))
        if version != FORMAT_VERSION:
            raise ValueError(f"its format version is {version!r}; this one reads 1")
        if cls is None or not name.startswith("sklearn_rnn."):
            raise ValueError(
                f"it names the estimator class {name!r}, not one of sklearn_rnn's "
                f"({', '.join(_ESTIMATORS)}); refusing to load it"
            )
        attributes = config["attributes"]
        saved = attributes.get("device_", "cpu") if torch.cuda.is_available() else "cpu"
        device = resolve_device(saved if device is None else device)
        decoder = _Decoder(tensors, _OPTIMIZERS, device)
        estimator = cls(**{k: decoder(v) for k, v in config["params"].items()})
        decoder = _Decoder(tensors, _CLASSES, device, estimator)
        for attr, value in attributes.items():
            setattr(estimator, attr, decoder(value))
    except (KeyError, TypeError, ValueError, AttributeError, RuntimeError) as err:
        why = f"its entry {err} is missing" if isinstance(err, KeyError) else str(err)
        _fail(path, why.rstrip("."), err)
    if "device_" in attributes:
        estimator.device_ = device
    net, history = vars(estimator).get("net_"), vars(estimator).get("history_")
    if isinstance(net, NeuralNet) and isinstance(history, History):
        net.history_ = history  # one record, as after fit
    return estimator
