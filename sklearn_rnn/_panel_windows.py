"""Windows across many series of different lengths: :func:`make_panel_windows`.

Public as :func:`sklearn_rnn.make_panel_windows` and
:func:`sklearn_rnn.windowing.make_panel_windows`; this module is private.
"""

import warnings

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ._arrays import real_array
from ._validation import check_int, describe

__all__ = ["make_panel_windows"]


def make_panel_windows(series_list, window_length, horizon=1, step=1):
    """Cut many series of different lengths into windows for one global model.

    Each series is windowed as by :func:`~sklearn_rnn.make_windows`, but anchored at
    its end: its last window's target is its last ``horizon`` values, and earlier
    windows start ``step``, ``2 * step``, ... steps before. The windows of all
    series are gathered into one array in **time order, series aligned at their
    ends**: first the windows furthest from their series' end, last those whose
    target ends the series. A tail of the samples (early stopping's validation part,
    :class:`~sklearn.model_selection.TimeSeriesSplit`) then holds the latest
    windows of every series, not the last series.

    Parameters
    ----------
    series_list : list of array-like of shape (n_timesteps_i,)
        The series, each 1-D, oldest value first, finite real numbers; lengths may
        differ.
    window_length : int
        Number of time steps in each input window.
    horizon : int, default=1
        Number of values to forecast after each window.
    step : int, default=1
        Distance in time steps between consecutive windows of a series.

    Returns
    -------
    X : ndarray of shape (n_windows, window_length)
        The windows, oldest value first.
    y : ndarray of shape (n_windows,) or (n_windows, horizon)
        The values that follow each window; 1-D when ``horizon == 1``.
    series_index : ndarray of shape (n_windows,)
        The position in ``series_list`` of the series each window comes from.

    Warns
    -----
    UserWarning
        When some series are shorter than ``window_length + horizon`` and so give
        no window (an error when none gives one).

    Notes
    -----
    One vectorised gather (no Python loop over windows) copies the windows into a
    single array of ``n_windows * (window_length + horizon)`` values of the
    series' dtype (float64 for integers): memory grows linearly with the number of
    windows. ``X`` and ``y`` are views of that array. A series of length ``n``
    gives ``(n - window_length - horizon) // step + 1`` windows.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rnn import make_panel_windows
    >>> X, y, series_index = make_panel_windows(
    ...     [np.arange(5.0), np.arange(100.0, 104.0)], window_length=2)
    >>> X
    array([[  0.,   1.],
           [  1.,   2.],
           [100., 101.],
           [  2.,   3.],
           [101., 102.]])
    >>> y
    array([  2.,   3., 102.,   4., 103.])
    >>> series_index
    array([0, 0, 1, 0, 1])
    """
    window_length = check_int(window_length, "window_length")
    horizon = check_int(horizon, "horizon")
    step = check_int(step, "step")
    _check_series_list(series_list)
    arrays = [
        # dtype=None keeps each series' own dtype, for the result's.
        real_array(
            series,
            f"series_list[{i}]",
            (1,),
            shapes="(n_timesteps,)",
            dtype=None,
            allow_empty=True,
        )
        for i, series in enumerate(series_list)
    ]
    if not arrays:
        raise ValueError("series_list is empty: pass at least one series.")
    lengths = np.array([len(a) for a in arrays])
    span = window_length + horizon
    counts = np.where(lengths >= span, (lengths - span) // step + 1, 0)
    if not counts.any():
        raise ValueError(
            f"No series has window_length + horizon = {span} values: the longest "
            f"has {lengths.max()}."
        )
    if not counts.all():
        warnings.warn(
            f"{np.count_nonzero(counts == 0)} of {len(arrays)} series are shorter "
            f"than window_length + horizon = {span} and give no window.",
            UserWarning,
            stacklevel=2,
        )
    dtype = np.result_type(*[a.dtype for a in arrays], np.float16)
    flat = np.concatenate(arrays).astype(dtype, copy=False)
    series_index = np.repeat(np.arange(len(arrays)), counts)
    # k: how many steps before its series' end a window's target ends.
    k = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    order = np.lexsort((series_index, -k))
    series_index, k = series_index[order], k[order]
    ends = np.cumsum(lengths)[series_index] - k * step
    block = sliding_window_view(flat, span)[ends - span]
    y = block[:, window_length:]
    return block[:, :window_length], (y[:, 0] if horizon == 1 else y), series_index


def _check_series_list(series_list):
    expected = "series_list must be a list of 1-D series (array-likes of shape "
    expected += "(n_timesteps_i,))"
    if hasattr(series_list, "columns"):
        raise TypeError(
            f"{expected}, not a DataFrame (iterating one gives its column names). "
            "For a long-format frame, one row per series and time step, pass "
            '[g["y"].to_numpy() for _, g in df.groupby("unique_id")].'
        )
    if isinstance(series_list, dict):
        raise TypeError(f"{expected}, not a dict: pass list(d.values()).")
    if getattr(series_list, "ndim", None) == 1:
        raise TypeError(
            f"{expected}; got one 1-D {type(series_list).__name__}: wrap it in a "
            "list, or use make_windows for a single series."
        )
    if isinstance(series_list, (str, bytes)) or not hasattr(series_list, "__iter__"):
        raise TypeError(f"{expected}; got {describe(series_list)}.")
