"""Windows across many series of different lengths: :func:`make_panel_windows`.

Public as :func:`sklearn_rnn.make_panel_windows` and
:func:`sklearn_rnn.windowing.make_panel_windows`; this module is private.
"""

import warnings

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .._arrays import real_array
from .._validation import check_int, describe
from ._future_steps import with_future
from ._long_format import is_frame
from ._panel_features import check_calendar, check_names, frame_features

__all__ = ["make_panel_windows"]


def make_panel_windows(
    series_list,
    window_length,
    horizon=1,
    step=1,
    *,
    id_col="unique_id",
    time_col="ds",
    target_col="y",
    covariates=None,
    future_covariates=None,
    static_covariates=None,
    calendar=None,
    freq=None,
):
    """Cut many series of different lengths into windows for one global model.

    Each series is windowed as by :func:`~sklearn_rnn.make_windows`, but anchored at
    its end: its last window's target is its last ``horizon`` values, and earlier
    windows start ``step``, ``2 * step``, ... steps before. The windows of all
    series are gathered into one array in **time order, series aligned at their
    ends**: first the windows furthest from their series' end, last those whose
    target ends the series. A tail of the samples (early stopping's validation part,
    :class:`~sklearn.model_selection.TimeSeriesSplit`) then holds the latest
    windows of every series, not the last series.

    Missing values (NaN) may occur: a window with one in its input is left out, as
    is a window whose targets are all missing; a window with some targets missing
    is kept, and :meth:`RNNForecaster.fit <sklearn_rnn.RNNForecaster.fit>` leaves
    those targets out of the loss. A warning counts the windows left out.

    Parameters
    ----------
    series_list : list of array-like of shape (n_timesteps_i,) or DataFrame
        The series, each 1-D, oldest value first, real numbers; lengths may
        differ. Or a long-format DataFrame, one row per series and time step,
        with the columns ``id_col``, ``time_col`` (datetimes or integers) and
        ``target_col``: each series is put on its regular time grid (``freq``),
        a time stamp absent from the frame being a missing value.
    window_length : int
        Number of time steps in each input window.
    horizon : int, default=1
        Number of values to forecast after each window.
    step : int, default=1
        Distance in time steps between consecutive windows of a series.
    id_col, time_col, target_col : str, default="unique_id", "ds", "y"
        The columns of a long-format ``series_list``.
    covariates : list of str or None, default=None
        Columns of a long-format ``series_list`` known up to each window's end
        (past covariates): the windows become 3-D, feature 0 the target's
        history, then these columns in order.
    future_covariates : list of str or None, default=None
        Columns of a long-format ``series_list`` known in advance (prices,
        promotions, holidays). With them, or with static covariates or calendar
        features, each window reaches ``horizon`` steps into the future it
        forecasts, as :func:`~sklearn_rnn.make_windows` with
        ``future_covariates`` does: the target and the past covariates NaN
        there, the known features given. Features follow the past covariates.
    static_covariates : list of str or None, default=None
        Columns of a long-format ``series_list`` holding one value per series
        (store type, region, size): numeric ones as they are, the others one-hot
        encoded (the categories of a categorical dtype, else those present, in
        sorted order), repeated at every time step. The network's input weights
        on a one-hot category are that category's learnt embedding. To forecast
        a frame holding only some of the series, give such a column a
        categorical dtype, so that it encodes to the same features. Features
        follow the future covariates.
    calendar : list of str or None, default=None
        Calendar features derived from datetime time stamps, among ``"hour"``,
        ``"dayofweek"``, ``"day"``, ``"month"`` and ``"dayofyear"``: the sine and
        cosine of each one's phase in its cycle (two features each, last).
    freq : str, pandas offset, int or None, default=None
        The step between time stamps of a long-format ``series_list`` (``"h"``,
        ``"MS"``, or an int for integer stamps); None infers it.

    Returns
    -------
    X : ndarray of shape (n_windows, window_length) or \
(n_windows, window_length, 1 + n_covariates)
        The windows, oldest value first; with known features, of shape
        ``(n_windows, window_length + horizon, n_features)``.
    y : ndarray of shape (n_windows,) or (n_windows, horizon)
        The values that follow each window; 1-D when ``horizon == 1``.
    series_index : ndarray of shape (n_windows,)
        The series each window comes from: its position in ``series_list``, or
        its ``id_col`` value for a DataFrame.

    Warns
    -----
    UserWarning
        When some series are shorter than ``window_length + horizon`` and so give
        no window (an error when none gives one), and when windows are left out
        for missing values.

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

    A long-format DataFrame, as statsforecast and neuralforecast take:

    >>> import pandas as pd
    >>> df = pd.DataFrame({
    ...     "unique_id": ["a"] * 4 + ["b"] * 3,
    ...     "ds": list(pd.date_range("2024-01-01", periods=4, freq="D")) * 1
    ...     + list(pd.date_range("2024-01-02", periods=3, freq="D")),
    ...     "y": [1.0, 2.0, 3.0, 4.0, 10.0, 20.0, 30.0]})
    >>> X, y, ids = make_panel_windows(df, window_length=2)
    >>> X.tolist(), y.tolist(), ids.tolist()
    ([[1.0, 2.0], [2.0, 3.0], [10.0, 20.0]], [3.0, 4.0, 30.0], ['a', 'a', 'b'])
    """
    window_length = check_int(window_length, "window_length")
    horizon = check_int(horizon, "horizon")
    step = check_int(step, "step")
    known = None
    if is_frame(series_list):
        ids, arrays, known, _, _ = frame_features(
            series_list,
            "series_list",
            id_col,
            time_col,
            target_col,
            check_names(covariates, "covariates"),
            check_names(future_covariates, "future_covariates"),
            check_names(static_covariates, "static_covariates"),
            check_calendar(calendar),
            freq,
        )
    else:
        given = {
            "covariates": covariates,
            "future_covariates": future_covariates,
            "static_covariates": static_covariates,
            "calendar": calendar,
        }
        for name, value in given.items():
            if value is not None:
                raise ValueError(
                    f"{name} names columns of a long-format DataFrame; for a list "
                    "of series, pass 3-D windows to RNNForecaster instead (see "
                    "make_windows' future_covariates)."
                )
        _check_series_list(series_list)
        arrays = [
            # dtype=None keeps each series' own dtype, for the result's.
            real_array(
                series,
                f"series_list[{i}]",
                (1,),
                shapes="(n_timesteps,)",
                dtype=None,
                allow_nan=True,
                allow_empty=True,
            )
            for i, series in enumerate(series_list)
        ]
        ids = None
    if not len(arrays):
        raise ValueError("series_list is empty: pass at least one series.")
    X, y, series_index = _gather(arrays, window_length, horizon, step, known)
    if ids is not None:
        series_index = ids[series_index]
    return X, (y[:, 0] if horizon == 1 else y), series_index


def _gather(arrays, window_length, horizon, step, known=None):
    """The windows of all series, series aligned at their ends; see above."""
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
            stacklevel=3,
        )
    dtype = np.result_type(*[a.dtype for a in arrays], np.float16)
    flat = np.concatenate(arrays).astype(dtype, copy=False)
    series_index = np.repeat(np.arange(len(arrays)), counts)
    # k: how many steps before its series' end a window's target ends.
    k = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    order = np.lexsort((series_index, -k))
    series_index, k = series_index[order], k[order]
    ends = np.cumsum(lengths)[series_index] - k * step
    # (windows, span) for 1-D series, (windows, span, features) with covariates.
    block = np.moveaxis(sliding_window_view(flat, span, axis=0), -1, 1)[ends - span]
    X, y = block[:, :window_length], block[:, window_length:]
    if y.ndim == 3:
        y = y[:, :, 0]
    if known is not None:
        # A missing value among the known features' future is a missing input;
        # the windows then carry their future part (see _future_steps).
        future = block[:, window_length:, known].reshape(len(block), -1)
        future_missing = np.isnan(future).any(axis=1)
        X = with_future(block, window_length, known)
    if dtype.kind == "f":
        bad = np.isnan(X[:, :window_length]).reshape(len(X), -1).any(axis=1)
        bad |= np.isnan(y).all(axis=1)
        if known is not None:
            bad |= future_missing
        if bad.any():
            warnings.warn(
                f"{np.count_nonzero(bad)} of {len(bad)} windows are left out for "
                "missing values (NaN in their input, or every target missing).",
                UserWarning,
                stacklevel=3,
            )
            if bad.all():
                raise ValueError(
                    "Every window has missing values (NaN) in its input or all its "
                    "targets: no window is left to train on."
                )
            keep = ~bad
            X, y, series_index = X[keep], y[keep], series_index[keep]
    return X, y, series_index


def _check_series_list(series_list):
    expected = "series_list must be a list of 1-D series (array-likes of shape "
    expected += "(n_timesteps_i,))"
    if hasattr(series_list, "columns"):
        raise TypeError(
            f"{expected} or a pandas DataFrame in long format; got "
            f"{describe(series_list)}."
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
