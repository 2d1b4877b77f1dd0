"""What the displays share: the matplotlib check, axes, style merging, the checks
of their arguments and the reading of pandas Series."""

import sys

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


def is_series(values):
    """Whether ``values`` is a pandas Series (pandas imported only if in use)."""
    pandas = sys.modules.get("pandas")
    return pandas is not None and isinstance(values, pandas.Series)


def _x_values(index):
    """A pandas index as x values matplotlib draws (periods as their start)."""
    if hasattr(index, "to_timestamp"):
        index = index.to_timestamp()
    return np.asarray(index)


def pandas_index(history, y_pred, y_true):
    """x values of the history then the future from pandas Series, or None.

    Both ``history`` and ``y_pred`` must be Series for their indexes to be used; a
    Series ``y_true`` must then be indexed by the forecast's dates.
    """
    if not (is_series(history) and is_series(y_pred)):
        return None
    future = y_pred.index
    if is_series(y_true) and len(y_true) == len(future):
        if not y_true.index.equals(future):
            raise ValueError(
                "y_true must be indexed by the forecast's future dates "
                f"({future[0]} to {future[-1]}), as y_pred is; got an index "
                f"from {y_true.index[0]} to {y_true.index[-1]}."
            )
    return np.concatenate([_x_values(history.index), _x_values(future)])


def is_frame(values):
    """Whether ``values`` is a pandas DataFrame (without importing pandas)."""
    pandas = sys.modules.get("pandas")
    return pandas is not None and isinstance(values, pandas.DataFrame)


def series_or_1d(values, name, *, allow_nan):
    """A 1-D pandas Series kept as it is (checked), anything else as_1d's array."""
    if is_series(values):
        as_1d(values, name, allow_nan=allow_nan)
        return values
    return as_1d(values, name, allow_nan=allow_nan)


def check_series(history, y_pred, y_true, lower, upper):
    """Validate the display's series; return them as 1-D float arrays.

    NaN in ``history`` and ``y_true`` is a missing value, drawn as a gap; the
    forecast and its interval must be finite.
    """
    history = as_1d(history, "history", allow_nan=True)
    y_pred = as_1d(y_pred, "y_pred")
    if (lower is None) != (upper is None):
        raise ValueError(
            "lower and upper bound the interval together: give both or neither, got "
            f"lower={'None' if lower is None else 'values'} and "
            f"upper={'None' if upper is None else 'values'}."
        )
    others = {"y_true": y_true, "lower": lower, "upper": upper}
    for name, values in others.items():
        if values is not None:
            others[name] = as_1d(values, name, allow_nan=name == "y_true")
            if len(others[name]) != len(y_pred):
                raise ValueError(
                    f"{name} must have one value per forecast step "
                    f"(len(y_pred)={len(y_pred)}), got {len(others[name])}."
                )
    lower, upper = others["lower"], others["upper"]
    if lower is not None and (lower > upper).any():
        i = int(np.flatnonzero(lower > upper)[0])
        raise ValueError(
            "lower must not exceed upper at any step; at step "
            f"{i}, lower={float(lower[i])!r} > upper={float(upper[i])!r}."
        )
    return history, y_pred, others["y_true"], lower, upper
