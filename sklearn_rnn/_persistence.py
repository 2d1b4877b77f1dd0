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

import numpy as np
import safetensors.numpy
import torch
from sklearn.utils.validation import check_is_fitted

from ._codec import ESTIMATORS, Encoder, decode_estimator, encode_estimator
from ._skorch import resolve_device

FORMAT_VERSION = 1


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
    estimator : estimator of sklearn_rnn
        A fitted :class:`RNNForecaster`, :class:`SeedEnsembleForecaster` (its
        members saved with it), :class:`CharRNNGenerator` or
        :class:`SequenceTagger`, with ``callbacks=None`` (callbacks are objects
        only pickle can store) and ``optimizer`` a name or a ``torch.optim``
        class.
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
    if ESTIMATORS.get(cls.__name__) is not cls:
        raise TypeError(
            f"save stores sklearn_rnn's estimators ({', '.join(sorted(ESTIMATORS))}),"
            f" got an instance of {cls.__module__}.{cls.__qualname__}."
        )
    check_is_fitted(estimator)
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        why = f"the directory {folder!r} does not exist; create it first"
        raise FileNotFoundError(f"Cannot save to path={path!r}: {why}.")
    if os.path.isdir(path):
        why = "it is a directory; give a file path such as model.safetensors in it"
        raise IsADirectoryError(f"Cannot save to path={path!r}: {why}.")
    encoder = Encoder(None)
    config = {"format_version": FORMAT_VERSION}
    config.update(encode_estimator(encoder, estimator))
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
    estimator : estimator of sklearn_rnn
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
        version = config["format_version"]
        if version != FORMAT_VERSION:
            raise ValueError(f"its format version is {version!r}; this one reads 1")
        saved = config["attributes"].get("device_", "cpu")
        saved = saved if torch.cuda.is_available() else "cpu"
        device = resolve_device(saved if device is None else device)
        estimator = decode_estimator(config, tensors, device)
    except (KeyError, TypeError, ValueError, AttributeError, RuntimeError) as err:
        why = f"its entry {err} is missing" if isinstance(err, KeyError) else str(err)
        _fail(path, why.rstrip("."), err)
    return estimator
