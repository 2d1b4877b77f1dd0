"""What the displays share: the matplotlib check, axes, style merging and the
checks of their arguments."""

import numpy as np

from .._arrays import real_array
from .._validation import check_fraction, show

# matplotlib's short aliases: a user's alias must replace our default's full name.
_ALIASES = {
    "c": "color",
    "ls": "linestyle",
    "lw": "linewidth",
    "fc": "facecolor",
    "ec": "edgecolor",
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
    raise TypeError(f"ax must be a matplotlib Axes or None; got {show(ax)}.{hint}")


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
            f"{show(kwargs)}."
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
    """``values`` as a non-empty 1-D float64 array, or a clear error naming ``name``.

    NaN and infinity are refused unless allowed (NaN as a missing value, drawn as
    a gap).

    Examples
    --------
    >>> as_1d([1, 2], "y_pred")
    array([1., 2.])
    >>> as_1d([1.0, float("nan")], "y_pred")
    Traceback (most recent call last):
    ...
    ValueError: y_pred must not contain NaN or infinity; found nan at index 1.
    """
    return real_array(
        values, name, (1,), dtype=np.float64, allow_nan=allow_nan, allow_inf=allow_inf
    )


def check_coverage(coverage, lower):
    """``coverage`` as a float in (0, 1), given only with an interval, or None."""
    if coverage is None:
        return None
    coverage = check_fraction(coverage, "coverage")
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
        raise TypeError(f"{expected}; got {show(index)}.")
    try:
        x = np.asarray(index)
    except (TypeError, ValueError):
        raise ValueError(f"{expected}; got a ragged nested sequence.") from None
    if x.shape != (n,):
        raise ValueError(f"{expected}, got shape {x.shape}.")
    return x
