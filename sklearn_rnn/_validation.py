"""Scalar input checks shared by windowing, the metrics, the displays, the models.

The array checks are :mod:`sklearn_rnn._arrays`'s. Every error names the argument,
says what was expected and what was received, a numpy scalar as the number the user
wrote (``0.5``, not ``np.float64(0.5)``). Only numpy is imported.
"""

from numbers import Integral, Real

import numpy as np

__all__ = ["check_fraction", "check_int", "describe", "show"]

# What numpy reads values of each non-real dtype kind as, in words.
_KINDS = {
    "U": "strings",
    "S": "bytes",
    "O": "Python objects (dtype object: None, strings or mixed types)",
    "c": "complex numbers",
    "b": "booleans",
    "M": "datetimes",
    "m": "timedeltas",
    "V": "structured records",
}
_SCALARS = (bool, int, float, complex, str, bytes)


def _article(noun):
    return f"{'an' if noun[0] in 'aeiouAEIOU' else 'a'} {noun}"


def describe(value):
    """What ``value`` is, in a few words: its type, an array's shape or contents.

    Parameters
    ----------
    value : object
        Whatever was received.

    Returns
    -------
    words : str
        ``"None"``, ``"a str"``, ``"an int"``, ``"an array of shape (3, 2)"``, or
        what an array of a non-real dtype (other than object) holds.

    Examples
    --------
    >>> import numpy as np
    >>> describe(None), describe("abc"), describe(3), describe(np.float64(0.5))
    ('None', 'a str', 'an int', 'a float64')
    >>> describe(np.zeros((3, 2))), describe(np.array(["a", "b"])), describe([1])
    ('an array of shape (3, 2)', 'strings', 'a list')
    """
    if value is None:
        return "None"
    if isinstance(value, type):
        return f"the class {value.__name__}"
    if isinstance(value, np.ndarray):
        if value.dtype.kind in _KINDS and value.dtype.kind != "O":
            return _KINDS[value.dtype.kind]
        return f"an array of shape {value.shape}"
    words = _article(type(value).__name__)
    shape = getattr(value, "shape", None)
    if isinstance(shape, tuple) and not isinstance(value, np.generic):
        return f"{words} of shape {shape}"
    return words


def show(value):
    """``value`` for a message: the Python repr of a scalar, else :func:`describe`.

    Parameters
    ----------
    value : object
        Whatever was received; a numpy scalar shows as its Python value, a long
        repr is cut to 60 characters.

    Returns
    -------
    text : str

    Examples
    --------
    >>> import numpy as np
    >>> show(np.float64(0.5)), show("left"), show(None), show(np.zeros(3))
    ('0.5', "'left'", 'None', 'an array of shape (3,)')
    """
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, _SCALARS):
        text = repr(value)
        return text if len(text) <= 60 else text[:57] + "..."
    return describe(value)


def _got(value):
    """``show(value)``, with its type when that is a repr (``True of type bool``)."""
    text = show(value)
    is_repr = value is None or isinstance(value, (*_SCALARS, np.generic))
    return f"{text} of type {type(value).__name__}" if is_repr else text


def check_int(value, name, minimum=1, maximum=None, advice=""):
    """``value`` as a Python int in ``[minimum, maximum]``; bools and floats refused.

    Parameters
    ----------
    value : object
        The received value; Python and numpy integers are accepted.
    name : str
        The argument's name, for the messages.
    minimum : int, default=1
        The smallest value allowed.
    maximum : int or None, default=None
        The largest value allowed; None sets no bound.
    advice : str, default=""
        Appended to the message when ``value`` is above ``maximum``.

    Returns
    -------
    value : int

    Examples
    --------
    >>> import numpy as np
    >>> check_int(np.int64(3), "horizon")
    3
    >>> check_int(True, "horizon")
    Traceback (most recent call last):
    ...
    TypeError: horizon must be an integer, got True of type bool.
    >>> check_int(20, "steps", maximum=10, advice=" Forecast in pieces.")
    Traceback (most recent call last):
    ...
    ValueError: steps must be an integer <= 10, got 20. Forecast in pieces.
    """
    # bool is an Integral subclass, but horizon=True is always a mistake.
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer, got {_got(value)}.")
    value = int(value)
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}.")
    if maximum is not None and value > maximum:
        raise ValueError(
            f"{name} must be an integer <= {maximum}, got {value!r}.{advice}"
        )
    return value


def _is_real(item):
    return isinstance(item, Real) and not isinstance(item, (bool, np.bool_))


def check_fraction(value, name):
    """``value`` as a Python float in the open interval (0, 1).

    Parameters
    ----------
    value : object
        The received value; Python and numpy reals are accepted, bools are not.
    name : str
        The argument's name, for the messages.

    Returns
    -------
    value : float

    Examples
    --------
    >>> import numpy as np
    >>> check_fraction(np.float32(0.5), "alpha")
    0.5
    >>> check_fraction(90, "coverage")
    Traceback (most recent call last):
    ...
    ValueError: coverage must be in (0, 1); got 90.0. Give a fraction, not a \
percentage: 0.9 for 90%.
    """
    if not _is_real(value):
        raise TypeError(f"{name} must be a float in (0, 1); got {_got(value)}.")
    value = float(value)
    if not 0 < value < 1:  # also True for NaN
        hint = ""
        if 1 < value <= 100:  # a percentage, e.g. coverage=90
            hint = (
                f" Give a fraction, not a percentage: {value / 100:g} for {value:g}%."
            )
        raise ValueError(f"{name} must be in (0, 1); got {value!r}.{hint}")
    return value


def check_validation_data(validation_data):
    """``(X_val, y_val)`` from ``validation_data``, or an error naming it.

    Examples
    --------
    >>> check_validation_data(([[0.0]], [1.0]))
    ([[0.0]], [1.0])
    """
    if not isinstance(validation_data, tuple | list):
        raise TypeError(
            "validation_data must be a tuple (X_val, y_val) or None, got "
            f"{type(validation_data).__name__}."
        )
    if len(validation_data) != 2:
        raise ValueError(
            "validation_data must be a tuple (X_val, y_val) or None, got a "
            f"{type(validation_data).__name__} of length {len(validation_data)}."
        )
    return validation_data
