"""What the displays share: the matplotlib check, axes, style merging and the
checks of their arguments."""

from numbers import Integral, Real

import numpy as np

# matplotlib's short aliases: a user's alias must replace our default's full name.
_ALIASES = {
    "c": "color",
    "ls": "linestyle",
    "lw": "linewidth",
    "fc": "facecolor",
    "ec": "edgecolor",
}


# What numpy reads values of each non-real dtype kind as, in words.
_KINDS = {
    "U": "strings",
    "S": "bytes",
    "O": "Python objects",
    "c": "complex numbers",
    "b": "booleans",
    "M": "datetimes",
    "m": "timedeltas",
}


def check_matplotlib(caller):
    """Import matplotlib's pyplot, or say how to install it.

    Parameters
    ----------
    caller : str
        Named in the error, e.g. ``"ForecastDisplay.plot"``.

    Returns
    -------
    pyplot : module
        ``matplotlib.pyplot``.

    Examples
    --------
    >>> check_matplotlib("ForecastDisplay.plot").__name__
    'matplotlib.pyplot'
    """
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError(
            f"{caller} requires matplotlib, which is not installed. Install it with "
            '`pip install "sklearn-rnn[plot]"` (or `pip install matplotlib`).'
        ) from exc
    return plt


def get_axes(ax, caller):
    """``ax`` itself, or the axes of a new figure when ``ax`` is None."""
    plt = check_matplotlib(caller)
    check_ax(ax)
    if ax is None:
        _, ax = plt.subplots()
    return ax


def check_ax(ax):
    """Refuse an ``ax`` that is neither None nor one matplotlib Axes."""
    from matplotlib.axes import Axes

    if ax is None or isinstance(ax, Axes):
        return
    hint = ""
    if isinstance(ax, np.ndarray):
        hint = " Pass one of them, e.g. axes[0]."
    elif hasattr(ax, "add_subplot"):
        hint = " Pass its axes, e.g. figure.gca()."
    raise TypeError(f"ax must be a matplotlib Axes or None; got {describe(ax)}.{hint}")


def describe(value):
    """``value`` in a few words: None, a repr of a short Python value, or its type.

    Examples
    --------
    >>> describe(None), describe(np.float64(0.5)), describe(np.zeros(3))
    ('None', '0.5', 'an array of shape (3,)')
    """
    if value is None:
        return "None"
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, (bool, int, float, str)) and len(repr(value)) < 40:
        return repr(value)
    name = "array" if isinstance(value, np.ndarray) else type(value).__name__
    name = f"{'an' if name[0] in 'aeiouAEIOU' else 'a'} {name}"
    if hasattr(value, "shape"):
        return f"{name} of shape {tuple(value.shape)}"
    return name


def style(defaults, kwargs, name):
    """``defaults`` updated by the user's ``kwargs`` (None means no change).

    Examples
    --------
    >>> style({"color": "tab:blue", "alpha": 0.5}, {"c": "red"}, "line_kwargs")
    {'alpha': 0.5, 'c': 'red'}
    """
    if kwargs is not None and not isinstance(kwargs, dict):
        raise TypeError(
            f"{name} must be a dict of matplotlib properties or None; got "
            f"{describe(kwargs)}."
        )
    kwargs = dict(kwargs or {})
    names = {_ALIASES.get(key, key) for key in kwargs}
    kept = {key: value for key, value in defaults.items() if key not in names}
    return {**kept, **kwargs}


def draw(name, user_kwargs, function, *args, **kwargs):
    """``function(*args, **kwargs)``; a property matplotlib does not know, which
    the user gave in ``name``, is a TypeError naming ``name``."""
    try:
        return function(*args, **kwargs)
    except AttributeError as exc:
        if not user_kwargs:
            raise
        raise TypeError(f"{name} holds a property matplotlib refused: {exc}") from None


def as_1d(values, name, *, allow_nan=False, allow_inf=False):
    """``values`` as a non-empty 1-D float array, or a clear error naming ``name``.

    NaN and infinity are refused unless allowed (NaN as a missing value, drawn as
    a gap).

    Examples
    --------
    >>> as_1d([1, 2], "y_pred")
    array([1., 2.])
    >>> as_1d([1.0, float("nan")], "y_pred")
    Traceback (most recent call last):
    ...
    ValueError: y_pred must hold finite numbers; found nan at index 1.
    """
    if values is None or isinstance(values, (str, bytes, dict)):
        raise TypeError(
            f"{name} must be a 1-D array-like of numbers; got {describe(values)}."
        )
    if str(getattr(values, "dtype", "")) == "category":
        raise TypeError(f"{name} must hold numbers, not pandas categories.")
    try:
        array = np.asarray(values)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be a 1-D array-like of numbers; got a ragged nested "
            "sequence (rows of different lengths)."
        ) from None
    if array.dtype.kind == "O":
        try:
            array = array.astype(np.float64)
        except (TypeError, ValueError):
            pass
    if array.dtype.kind not in "iuf":
        what = _KINDS.get(array.dtype.kind, f"values of dtype {array.dtype}")
        raise TypeError(f"{name} must hold real numbers; got {what}.")
    array = array.astype(np.float64, copy=False)
    if array.ndim != 1:
        raise ValueError(
            f"{name} must be 1-D (one series); got an array of shape {array.shape}."
        )
    if array.size == 0:
        raise ValueError(f"{name} is empty: it must hold at least one value.")
    bad = (np.isnan(array) & (not allow_nan)) | (np.isinf(array) & (not allow_inf))
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"{name} must hold finite numbers{' or NaN' if allow_nan else ''}; "
            f"found {float(array[first])!r} at index {first}."
        )
    return array


def check_integer(value, name, *, allow_none=False):
    """``value`` as an int >= 1 (not a bool), or a clear error naming ``name``."""
    if value is None and allow_none:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be a positive integer; got {describe(value)}.")
    if value < 1:
        raise ValueError(f"{name} must be a positive integer; got {int(value)}.")
    return int(value)


def check_real(value, name):
    """``value`` as a float (not a bool, not a str), or a TypeError naming ``name``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a real number; got {describe(value)}.")
    return float(value)


def check_coverage(coverage, lower):
    """``coverage`` as a float in (0, 1), given only with an interval, or None."""
    if coverage is None:
        return None
    coverage = check_real(coverage, "coverage")
    if not 0 < coverage < 1:
        raise ValueError(
            f"coverage must be a nominal coverage in (0, 1), e.g. 0.9; got "
            f"{coverage!r}."
        )
    if lower is None:
        raise ValueError(
            "coverage labels the prediction interval, but lower and upper are None: "
            "give them with it, or leave coverage None."
        )
    return coverage


def check_index(index, n_history, steps):
    """``index`` as an array of ``n_history + steps`` x values."""
    n = n_history + steps
    expected = (
        f"index must hold one x value per history value and forecast step "
        f"({n_history} + {steps} = {n})"
    )
    if isinstance(index, (str, bytes, dict)):
        raise TypeError(f"{expected}; got {describe(index)}.")
    try:
        x = np.asarray(index)
    except (TypeError, ValueError):
        raise ValueError(f"{expected}; got a ragged nested sequence.") from None
    if x.shape != (n,):
        raise ValueError(f"{expected}, got shape {x.shape}.")
    return x
