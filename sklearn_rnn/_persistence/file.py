"""Safe persistence: a fitted estimator as one safetensors file, and back.

Arrays (weights, scalers, array vocabularies) are the file's tensors; the rest
(class, parameters, other fitted attributes, what rebuilds the skorch net, history)
is JSON in the safetensors header's metadata, with a SHA-256 of it and of every
tensor, and optionally an HMAC-SHA256 signature under a key. One file is one
artifact to copy, written atomically, that any safetensors reader opens. Loading
runs safetensors and :mod:`json` only (no pickle), resolves classes only by exact
name from the fixed table of ``trusted.py`` and gives them only the arguments
that table lists (see ``docs/security.md``). All of ``vars(estimator)`` but the
parameters is saved: an attribute added later is saved too, or refused with a
TypeError naming it.
"""

import hashlib
import hmac
import json
import os
import re
import secrets
import stat

import numpy as np
import safetensors.numpy
import torch
from sklearn.utils.validation import check_is_fitted

from .._training.engine import resolve_device
from .codec import ESTIMATORS, Encoder, encode_estimator
from .decoding import decode_estimator
from .restore_checks import check_restored

FORMAT_VERSION = 1
# safetensors' own limit on the JSON header; a larger one is refused unread.
MAX_HEADER_BYTES = 100_000_000
# The JSON document of a model (vocabularies, history) is far smaller; parsing and
# decoding one this long already takes seconds and gigabytes.
MAX_CONFIG_CHARS = 32_000_000
_DEVICE = re.compile(r"cpu|auto|cuda(:[0-9]+)?")


def _checksum(config, tensors):
    """SHA-256 of the JSON document and of each tensor's name, type, shape, bytes."""
    digest = hashlib.sha256(config.encode("utf-8"))
    for name in sorted(tensors):
        array = tensors[name]
        digest.update(json.dumps([name, array.dtype.str, array.shape]).encode())
        digest.update(np.ascontiguousarray(array).reshape(-1).view(np.uint8))
    return digest.hexdigest()


def _signature(key, checksum):
    """HMAC-SHA256 of the checksum under ``key``: only a holder of the key can make
    a file whose signature matches."""
    if isinstance(key, str):
        key = key.encode("utf-8")
    if not isinstance(key, bytes | bytearray) or not key:
        raise TypeError(
            "key must be a non-empty bytes or str (a secret), got "
            f"{type(key).__name__}."
        )
    return hmac.new(bytes(key), checksum.encode("ascii"), hashlib.sha256).hexdigest()


def _fspath(path):
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a str or os.PathLike, got {path!r}.")
    return os.fspath(path)


def save(estimator, path, *, key=None):
    """Save a fitted estimator to one safetensors file, without pickle.

    Arrays (the weights, copied to the CPU) become tensors, the rest JSON in the
    file's header, with a SHA-256 checksum. The checksum detects corruption, not
    tampering (anyone can recompute it); sign with ``key`` to detect tampering.
    The optimizer's state is not stored: a loaded model predicts, scores and
    refits, but does not resume training.

    Parameters
    ----------
    estimator : estimator of sklearn_rnn
        A fitted :class:`RNNForecaster`, :class:`SeedEnsembleForecaster` (its
        members saved with it), :class:`ConformalForecaster` around an
        ``RNNForecaster``, :class:`CharRNNGenerator` or :class:`SequenceTagger`,
        with ``callbacks=None`` (callbacks are objects only pickle can store) and
        ``optimizer`` a name or a ``torch.optim`` class.
    path : str or os.PathLike
        The file to write (``.safetensors`` by convention) in an existing
        directory; an existing file is replaced atomically.
    key : bytes or str, default=None
        A secret: the file is signed with HMAC-SHA256 under it, and
        ``load(path, key=key)`` then refuses a file that was not signed with the
        same key (modified, or written by someone else).

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
    if key is not None:
        _signature(key, "")
    encoder = Encoder(None)
    config = {"format_version": FORMAT_VERSION}
    config.update(encode_estimator(encoder, estimator))
    config = json.dumps(config)
    checksum = _checksum(config, encoder.tensors)
    metadata = {"sklearn_rnn": config, "sha256": checksum}
    if key is not None:
        metadata["hmac_sha256"] = _signature(key, checksum)
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


def _read(path, key=None):
    """The tensors and the checked JSON document of a file written by :func:`save`."""
    if not os.path.exists(path):
        raise FileNotFoundError(f"Cannot load {path!r}: there is no such file.")
    if os.path.isdir(path):
        why = "it is a directory; give the path of a file written by save"
        raise IsADirectoryError(f"Cannot load {path!r}: {why}.")
    if not stat.S_ISREG(os.stat(path).st_mode):
        # A device or a pipe (/dev/zero) could be read forever.
        _fail(path, "it is not a regular file")
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        head = f.read(8)
        n = int.from_bytes(head, "little")
        if len(head) < 8:
            _fail(path, "it is truncated or not a safetensors file (too short)")
        if n > MAX_HEADER_BYTES:
            why = f"its header claims {n} bytes, more than safetensors allows"
            _fail(path, f"{why} ({MAX_HEADER_BYTES}); it is not a model file")
        data = head + f.read(size - 8)
    if 8 + n > len(data):
        _fail(path, "it is truncated or not a safetensors file (too short)")
    try:
        metadata = json.loads(data[8 : 8 + n]).get("__metadata__") or {}
    except (ValueError, AttributeError, RecursionError) as err:
        _fail(path, f"its header is not valid JSON (corrupted or modified): {err}", err)
    if not isinstance(metadata, dict) or not {"sklearn_rnn", "sha256"} <= set(metadata):
        _fail(path, "it is not a file written by sklearn_rnn.save (no metadata)")
    try:
        tensors = safetensors.numpy.load(data)
    except Exception as err:  # safetensors raises its own SafetensorError
        _fail(path, f"its tensors cannot be read (truncated or corrupted): {err}", err)
    config = metadata["sklearn_rnn"]
    checksum = _checksum(config, tensors)
    if checksum != metadata["sha256"]:
        why = "its SHA-256 checksum does not match its content (corrupted or modified)"
        _fail(path, why)
    if key is not None:
        signature = metadata.get("hmac_sha256")
        if not isinstance(signature, str):
            _fail(path, "it is not signed, and key was given (save it with key=...)")
        if not hmac.compare_digest(signature, _signature(key, checksum)):
            why = "its signature does not match key: it was modified, or signed"
            _fail(path, f"{why} with another key")
    if not isinstance(config, str) or len(config) > MAX_CONFIG_CHARS:
        why = f"its JSON document is over {MAX_CONFIG_CHARS} characters"
        _fail(path, f"{why}, far more than a saved model's")
    try:
        return tensors, json.loads(config)
    except RecursionError as err:
        _fail(path, "its JSON document is nested too deeply", err)
    except ValueError as err:
        _fail(path, f"its JSON document is not valid (corrupted or modified): {err}")


def _check_device(device):
    if device is None:
        return
    if not isinstance(device, str):
        raise TypeError(
            "device must be 'cpu', 'cuda', 'cuda:N', 'auto' or None, got "
            f"{device!r} of type {type(device).__name__}."
        )
    if not _DEVICE.fullmatch(device):
        raise ValueError(
            f"device must be 'cpu', 'cuda', 'cuda:N', 'auto' or None, got {device!r}."
        )
    index = int(device.partition(":")[2] or 0)
    if device.startswith("cuda") and torch.cuda.is_available():
        if index >= torch.cuda.device_count():
            raise ValueError(
                f"device={device!r}: this machine has {torch.cuda.device_count()} "
                "CUDA device(s)."
            )


def load(path, *, device=None, key=None):
    """Load an estimator written by :func:`save`, without unpickling anything.

    Parameters
    ----------
    path : str or os.PathLike
        A file written by :func:`save`.
    device : {"cpu", "cuda", "cuda:N", "auto"} or None, default=None
        Where to put the network. None: where it was trained if a GPU is visible,
        else on the CPU (a model fitted on a GPU loads on a CPU-only machine).
        ``device_`` records the choice; the ``device`` parameter keeps its saved
        value (change it with ``set_params`` to refit elsewhere).
    key : bytes or str, default=None
        The secret the file was signed with (``save(..., key=key)``): a file
        that is unsigned, or whose signature does not match, is refused before
        anything in it is read further. Without a key the checksum is still
        checked, which detects corruption but not deliberate tampering.

    Returns
    -------
    estimator : estimator of sklearn_rnn
        The fitted estimator; on the CPU it predicts bit for bit as saved.

    Raises
    ------
    ValueError
        If the file is truncated, corrupted or modified, was not written by
        :func:`save`, fails the signature check, names a class or an argument that
        a saved model never has, or holds weights that do not fit its module.

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
    _check_device(device)
    if key is not None:
        _signature(key, "")
    tensors, config = _read(path, key)
    try:
        version = config["format_version"]
        if version != FORMAT_VERSION:
            raise ValueError(f"its format version is {version!r}; this one reads 1")
        saved = config["attributes"].get("device_", "cpu")
        if not isinstance(saved, str) or not _DEVICE.fullmatch(saved):
            raise ValueError(f"it records the device {saved!r}, not a real device")
        saved = saved if torch.cuda.is_available() else "cpu"
        device = resolve_device(saved if device is None else device)
        estimator = check_restored(decode_estimator(config, tensors, device))
    except RecursionError as err:
        _fail(path, "its JSON document is nested too deeply", err)
    except MemoryError as err:
        _fail(path, "it asks for more memory than this machine has", err)
    except (
        KeyError,
        TypeError,
        ValueError,
        AttributeError,
        RuntimeError,
        OverflowError,
        IndexError,
    ) as err:
        why = f"its entry {err} is missing" if isinstance(err, KeyError) else str(err)
        _fail(path, why.rstrip("."), err)
    return estimator
