"""The shared scalar checks of ``sklearn_rnn._validation``, called directly."""

import numpy as np
import pandas as pd
import pytest

from sklearn_rnn._validation import check_fraction, check_int, describe, show


@pytest.mark.parametrize(
    "value, words",
    [
        (None, "None"),
        ("abc", "a str"),
        (3, "an int"),
        (True, "a bool"),
        (np.float64(0.5), "a float64"),
        ([1.0], "a list"),
        ({"a": 1}, "a dict"),
        (np.zeros((3, 2)), "an array of shape (3, 2)"),
        (np.array(["a", "b"]), "strings"),
        (np.array([1j]), "complex numbers"),
        (np.array([None], dtype=object), "an array of shape (1,)"),
        (pd.DataFrame({"x": [1.0, 2.0]}), "a DataFrame of shape (2, 1)"),
        (int, "the class int"),
    ],
)
def test_describe(value, words):
    assert describe(value) == words


@pytest.mark.parametrize(
    "value, text",
    [
        (np.float64(0.5), "0.5"),
        (np.int64(3), "3"),
        (np.True_, "True"),
        ("left", "'left'"),
        (None, "None"),
        ("x" * 100, "'" + "x" * 56 + "..."),
        (np.zeros(3), "an array of shape (3,)"),
        ([1, 2], "a list"),
    ],
)
def test_show(value, text):
    assert show(value) == text


@pytest.mark.parametrize("value", [3, np.int64(3), np.uint8(3)])
def test_check_int_accepts_integers(value):
    result = check_int(value, "horizon")
    assert result == 3 and type(result) is int


@pytest.mark.parametrize(
    "value, minimum, error, match",
    [
        (True, 1, TypeError, r"^horizon must be an integer, got True of type bool\.$"),
        (np.True_, 1, TypeError, r"^horizon must .*, got True of type bool_?\.$"),
        (2.0, 1, TypeError, r"^horizon must .*, got 2\.0 of type float\.$"),
        (np.float64(2), 1, TypeError, r"^horizon .*, got 2\.0 of type float64\.$"),
        ("3", 1, TypeError, r"^horizon .*, got '3' of type str\.$"),
        (None, 1, TypeError, r"^horizon .*, got None of type NoneType\.$"),
        (np.array([3]), 1, TypeError, r"^horizon .*, got an array of shape \(1,\)\.$"),
        (0, 1, ValueError, r"^horizon must be an integer >= 1, got 0\.$"),
        (np.int64(-1), 0, ValueError, r"^horizon must be an integer >= 0, got -1\.$"),
        (2, 3, ValueError, r"^horizon must be an integer >= 3, got 2\.$"),
    ],
)
def test_check_int_errors(value, minimum, error, match):
    with pytest.raises(error, match=match):
        check_int(value, "horizon", minimum)


def test_check_int_maximum():
    assert check_int(np.int64(10), "steps", maximum=10) == 10
    assert check_int(10**6, "steps", maximum=None) == 10**6
    with pytest.raises(ValueError, match=r"^steps must be an integer <= 10, got 11\.$"):
        check_int(11, "steps", maximum=10)
    with pytest.raises(
        ValueError, match=r"^n must be an integer <= 5, got 6\. Ask for less\.$"
    ):
        check_int(np.uint8(6), "n", minimum=0, maximum=5, advice=" Ask for less.")
    with pytest.raises(ValueError, match=r"^n must be an integer >= 0, got -1\.$"):
        check_int(-1, "n", minimum=0, maximum=5, advice=" Ask for less.")


@pytest.mark.parametrize("value", [0.1, np.float64(0.1), np.float32(0.1)])
def test_check_fraction_accepts_numpy_floats(value):
    result = check_fraction(value, "alpha")
    assert result == pytest.approx(0.1) and type(result) is float


@pytest.mark.parametrize(
    "value, error, match",
    [
        (True, TypeError, r"^alpha must be a float in \(0, 1\); got True of type bool"),
        ("5%", TypeError, r"^alpha must be a float in \(0, 1\); got '5%' of type str"),
        (None, TypeError, r"^alpha must be .*; got None of type NoneType\.$"),
        (np.float64(np.nan), ValueError, r"^alpha must be in \(0, 1\); got nan\.$"),
        (0, ValueError, r"^alpha must be in \(0, 1\); got 0\.0\.$"),
        (1, ValueError, r"^alpha must be in \(0, 1\); got 1\.0\.$"),
        (
            np.float64(95),
            ValueError,
            r"^alpha must be in \(0, 1\); got 95\.0\. Give a fraction, not a "
            r"percentage: 0\.95 for 95%\.$",
        ),
    ],
)
def test_check_fraction_errors(value, error, match):
    with pytest.raises(error, match=match):
        check_fraction(value, "alpha")
