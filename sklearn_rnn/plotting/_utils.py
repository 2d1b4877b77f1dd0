"""What the displays share: the matplotlib check, axes and style merging."""

import numpy as np

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
    if ax is None:
        _, ax = plt.subplots()
    return ax


def style(defaults, kwargs):
    """``defaults`` updated by the user's ``kwargs`` (None means no change).

    Examples
    --------
    >>> style({"color": "tab:blue", "alpha": 0.5}, {"c": "red"})
    {'alpha': 0.5, 'c': 'red'}
    """
    kwargs = dict(kwargs or {})
    names = {_ALIASES.get(key, key) for key in kwargs}
    kept = {key: value for key, value in defaults.items() if key not in names}
    return {**kept, **kwargs}


def as_1d(values, name):
    """``values`` as a 1-D float array, or a ValueError naming ``name``."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must hold numbers, got {values!r}.") from exc
    if array.ndim != 1:
        raise ValueError(
            f"{name} must be 1-D (one series), got an array of shape {array.shape}."
        )
    return array
