"""Bad arguments of ``save`` and ``load``.

Crafted files are in ``test_persistence_trusted.py``.
"""

import os
import tempfile

from _bad_inputs import Case, fitted
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LinearRegression

from sklearn_rnn import RNNForecaster, load, save


def _folder():
    return tempfile.mkdtemp()


def _saved():
    path = os.path.join(_folder(), "model.safetensors")
    save(fitted("forecaster"), path)
    return path


def _text_file():
    path = os.path.join(_folder(), "notes.txt")
    with open(path, "w") as f:
        f.write("not a model at all, but long enough to have a header")
    return path


def _model_path():
    return os.path.join(_folder(), "m.safetensors")


S, L = "sklearn_rnn.save", "sklearn_rnn.load"
CASES = [
    Case(S, "None", lambda: save(None, _model_path()), TypeError, "NoneType"),
    Case(
        S,
        "a scikit-learn model",
        lambda: save(LinearRegression().fit([[0], [1]], [0, 1]), _model_path()),
        TypeError,
        "save stores sklearn_rnn's estimators .*got an instance of sklearn",
    ),
    Case(
        S,
        "unfitted",
        lambda: save(RNNForecaster(), _model_path()),
        NotFittedError,
        "This RNNForecaster instance is not fitted yet",
    ),
    Case(
        S,
        "path an int",
        lambda: save(fitted("forecaster"), 3),
        TypeError,
        "path must be a str or os.PathLike, got 3",
    ),
    Case(
        S,
        "missing directory",
        lambda: save(fitted("forecaster"), os.path.join(_folder(), "no", "m.st")),
        FileNotFoundError,
        "Cannot save to path=.*: the directory .* does not exist",
    ),
    Case(
        S,
        "path a directory",
        lambda: save(fitted("forecaster"), _folder()),
        IsADirectoryError,
        "Cannot save to path=.*: it is a directory",
    ),
    Case(
        S,
        "empty key",
        lambda: save(fitted("forecaster"), _model_path(), key=b""),
        TypeError,
        "key must be a non-empty bytes or str",
    ),
    Case(L, "path None", lambda: load(None), TypeError, "path must be a str"),
    Case(
        L,
        "no such file",
        lambda: load(os.path.join(_folder(), "missing.safetensors")),
        FileNotFoundError,
        "Cannot load .*missing.safetensors': there is no such file",
    ),
    Case(
        L,
        "a directory",
        lambda: load(_folder()),
        IsADirectoryError,
        "Cannot load .*: it is a directory",
    ),
    Case(
        L,
        "a text file",
        lambda: load(_text_file()),
        ValueError,
        "Cannot load .*notes.txt': its header claims .* bytes, more than",
    ),
    Case(
        L,
        "device meta",
        lambda: load(_saved(), device="meta"),
        ValueError,
        "device must be 'cpu', 'cuda', 'cuda:N', 'auto' or None, got 'meta'",
    ),
    Case(
        L,
        "device an int",
        lambda: load(_saved(), device=0),
        TypeError,
        "device must be .* got 0 of type int",
    ),
    Case(
        L,
        "key an int",
        lambda: load(_saved(), key=3),
        TypeError,
        "key must be a non-empty bytes or str .*got int",
    ),
    Case(
        L,
        "key for an unsigned file",
        lambda: load(_saved(), key="secret"),
        ValueError,
        "it is not signed, and key was given",
    ),
]
