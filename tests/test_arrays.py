"""The shared array checks of ``sklearn_rnn._arrays``, called directly."""

import re

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from sklearn_rnn._arrays import as_array, check_finite, explain_rejection, real_array

_NUMPY_REPR = re.compile(r"\bnp\.(float|int|uint|bool|str)\w*\(|array\(")


def test_real_array_keeps_arrays_and_converts_what_it_must():
    x32 = np.ones((3, 2), dtype=np.float32)
    assert real_array(x32, "X", (2,)) is x32
    x64 = np.ones(4)
    assert real_array(x64, "X", (1,)) is x64
    ints = np.arange(4)
    assert real_array(ints, "X", (1,)).dtype == np.float64
    assert real_array(ints, "X", (1,), dtype=None) is ints
    assert real_array(x32, "X", (2,), dtype=np.float64).dtype == np.float64
    objects = np.array([1, 2.5, np.float32(3)], dtype=object)
    np.testing.assert_array_equal(real_array(objects, "X", (1,)), [1.0, 2.5, 3.0])
    frame = pd.DataFrame({"a": [1, 2], "b": [0.5, 1.5]})
    np.testing.assert_array_equal(real_array(frame, "X", (2,)), frame.to_numpy())
    series = pd.Series([1.0, 2.0])
    assert np.shares_memory(real_array(series, "y", (1,)), series.to_numpy())
    nan = real_array([1.0, np.nan], "y", (1,), allow_nan=True)
    assert np.isnan(nan[1])
    assert real_array([], "y", (1,), allow_empty=True).shape == (0,)


_SHAPES = "(n_samples, n_features)"


@pytest.mark.parametrize(
    "values, error, match",
    [
        (None, TypeError, rf"^X must be an array-like of shape {re.escape(_SHAPES)}"),
        ("abc", TypeError, r"^X must be an array-like of shape .*; got a str\.$"),
        ({"a": [1.0]}, TypeError, r"^X must be an array-like .*; got a dict\.$"),
        ({1.0, 2.0}, TypeError, r"^X must be an array-like .*; got a set\.$"),
        (
            [[1.0, 2.0], [3.0]],
            ValueError,
            r"^X must be an array-like of shape \(n_samples, n_features\); got a "
            r"ragged nested sequence \(rows of different lengths\)\.$",
        ),
        ([["a", "b"]], TypeError, r"^X must hold real numbers; got strings\.$"),
        ([[1j, 2.0]], TypeError, r"^X must hold real numbers; got complex numbers\.$"),
        ([[True, False]], TypeError, r"^X must hold real numbers; got booleans\.$"),
        (
            np.array([["2020-01-01"]], dtype="datetime64[D]"),
            TypeError,
            r"^X must hold real numbers; got datetimes\.$",
        ),
        (
            np.array([[1.0, None]], dtype=object),
            TypeError,
            r"^X must hold real numbers; got None of type NoneType at index "
            r"\(0, 1\)\.$",
        ),
        (
            np.array([[1.0], [True]], dtype=object),
            TypeError,
            r"^X must hold real numbers; got True of type bool at index \(1, 0\)\.$",
        ),
        (
            np.array(None),
            TypeError,
            r"^X must be an array-like of shape .*; got None of type NoneType\.$",
        ),
        (
            pd.DataFrame({"c": pd.Series([1, 2], dtype="category")}),
            TypeError,
            r"^X must hold real numbers, not pandas categories; convert them with "
            r"\.astype\(float\) if the categories are numbers\.$",
        ),
        (
            pd.Series([1, 2], dtype="category"),
            TypeError,
            r"^X must hold real numbers, not pandas categories",
        ),
        (
            sp.csr_matrix(np.eye(2)),
            TypeError,
            r"^X must be an array-like of shape .*, not sparse; got a csr_matrix of "
            r"shape \(2, 2\)\. Convert it to a dense array first\.$",
        ),
        (
            np.zeros(3),
            ValueError,
            r"^X must be 2-D or 3-D \(n_samples, n_features\); got an array of shape "
            r"\(3,\)\.$",
        ),
        (
            np.zeros((0, 2)),
            ValueError,
            r"^X is empty: it must hold at least one value; got an array of shape "
            r"\(0, 2\)\.$",
        ),
        (
            [[1.0, 2.0], [np.nan, 1.0]],
            ValueError,
            r"^X must not contain NaN or infinity; found nan at index \(1, 0\)\.$",
        ),
    ],
)
def test_real_array_errors(values, error, match):
    with pytest.raises(error, match=match) as info:
        real_array(values, "X", (2, 3), shapes=_SHAPES)
    assert not _NUMPY_REPR.search(str(info.value))


def test_real_array_without_shapes_names_the_dimensions():
    with pytest.raises(TypeError, match=r"^y must be a 1-D array-like; got None\.$"):
        real_array(None, "y", (1,))
    with pytest.raises(ValueError, match=r"^y must be 1-D; got an array of shape"):
        real_array([[1.0]], "y", (1,))
    with pytest.raises(TypeError, match=r"^y must be an array-like; got a str\.$"):
        real_array("abc", "y", None)


@pytest.mark.parametrize(
    "kwargs, values, match",
    [
        ({}, [1.0, np.inf], r"^y must not contain NaN or infinity; found inf at index"),
        ({"allow_nan": True}, [np.nan, -np.inf], r"^y must not contain infinity; "),
        ({"allow_inf": True}, [np.inf, np.nan], r"^y must not contain NaN; found nan"),
    ],
)
def test_check_finite(kwargs, values, match):
    with pytest.raises(ValueError, match=match):
        check_finite(np.array(values), "y", **kwargs)


def test_check_finite_passes_finite_huge_and_integer_arrays():
    check_finite(np.array([1e308, 1e308]), "y")  # the sum overflows, no value does
    check_finite(np.arange(3), "y")
    check_finite(np.array([np.nan, np.inf]), "y", allow_nan=True, allow_inf=True)


def test_as_array_returns_arrays_themselves():
    x = np.zeros((2, 2))
    assert as_array(x, "X", _SHAPES) is x
    with pytest.raises(TypeError, match=r"^X must be an array-like .*; got None\.$"):
        as_array(None, "X", _SHAPES)


@pytest.mark.parametrize(
    "values, exc, error, match",
    [
        (
            np.ones((2, 1)) * 1j,
            ValueError("complex"),
            ValueError,
            r"^Complex data not supported: X must hold real numbers\.$",
        ),
        ([["a"]], ValueError("x"), TypeError, r"^X must hold real numbers; got str"),
        (
            np.array([[{}]], dtype=object),
            TypeError("float() argument must be a string or a real number"),
            TypeError,
            r"^X must hold real numbers; got Python objects .*: float\(\) argument",
        ),
        (
            np.zeros(3),
            ValueError("Expected 2D array"),
            ValueError,
            r"^X must be 2-D \(n_samples, n_features\); got an array of shape "
            r"\(3,\)\. Reshape\.$",
        ),
        (
            np.zeros((0, 2)),
            ValueError("Found array with 0 sample(s)"),
            ValueError,
            r"^X is empty: Found array with 0 sample",
        ),
        (
            [[1.0, 2.0], [3.0]],
            ValueError("setting an array element"),
            ValueError,
            r"^X must be an array-like of shape .*; got a ragged nested sequence",
        ),
        (np.zeros((2, 2)), ValueError("odd"), ValueError, r"^X is not valid: odd$"),
    ],
)
def test_explain_rejection(values, exc, error, match):
    result = explain_rejection(values, exc, "X", (2,), _SHAPES, " Reshape.")
    assert isinstance(result, error)
    assert re.search(match, str(result))


def test_explain_rejection_keeps_sparse_and_named_errors():
    exc = TypeError("Sparse data was passed for X, but dense data is required.")
    assert explain_rejection(sp.csr_matrix(np.eye(2)), exc, "X", (2,), _SHAPES) is exc
    exc = ValueError("X has 3 features, but the model expects 2")
    assert explain_rejection(np.zeros((2, 3)), exc, "X", (2,), _SHAPES) is exc
