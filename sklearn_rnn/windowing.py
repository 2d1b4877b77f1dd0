"""Turn a time series into fixed-length windows, without copying it.

Two forms of the same operation:

- :func:`make_windows` turns one series into many ``(window, target)`` training pairs.
  It changes the number of rows, so it is a function, not a transformer.
- :class:`SlidingWindowTransformer` keeps one output row per input row (the window
  that ends at that row), so it can sit inside a :class:`~sklearn.pipeline.Pipeline`
  where ``y`` must stay aligned with ``X``.
"""

import warnings
from numbers import Integral

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy.sparse import issparse
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils._param_validation import Interval, InvalidParameterError
from sklearn.utils._set_output import _get_output_config
from sklearn.utils.validation import (
    _check_feature_names_in,
    check_is_fitted,
    validate_data,
)

__all__ = ["SlidingWindowTransformer", "make_panel_windows", "make_windows"]


def _check_positive_int(value, name):
    # bool is an Integral subclass, but window_length=True is always a mistake.
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Integral):
        shown = value.item() if isinstance(value, np.generic) else value
        raise TypeError(
            f"{name} must be a positive integer; got {shown!r} of type "
            f"{type(value).__name__}."
        )
    if value < 1:
        raise ValueError(f"{name} must be a positive integer; got {int(value)}.")
    return int(value)


# What numpy reads values of each non-real dtype kind as, in words.
_KINDS = {
    "U": "strings",
    "S": "bytes",
    "O": "Python objects (dtype object: None, strings or mixed types)",
    "c": "complex numbers",
    "b": "booleans",
    "M": "datetimes",
    "m": "timedeltas",
}


def _check_container(data, name, shape):
    """Refuse None, a str or a dict, and pandas categories, naming ``name``."""
    # A scipy dok sparse matrix is a dict; scikit-learn names sparse input itself.
    if data is None or isinstance(data, (str, bytes, dict)) and not issparse(data):
        got = "None" if data is None else f"a {type(data).__name__}"
        raise TypeError(f"{name} must be an array-like of shape {shape}; got {got}.")
    # Duck-typed (pandas is optional): a Series' dtypes is one dtype, a frame's many.
    dtypes = getattr(data, "dtypes", [])
    if any(str(d) == "category" for d in np.atleast_1d(np.asarray(dtypes, object))):
        raise TypeError(
            f"{name} must hold real numbers, not pandas categories; convert them "
            "with .astype(float) if the categories are numbers."
        )


def _check_real(data, name, shape):
    """``np.asarray(data)`` (no copy of an array or a single-dtype pandas object),
    or a clear error when it would not hold real numbers."""
    _check_container(data, name, shape)
    try:
        arr = np.asarray(data)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be an array-like of shape {shape}; got a ragged nested "
            "sequence (rows of different lengths)."
        ) from None
    if arr.dtype.kind not in "iuf":
        what = _KINDS.get(arr.dtype.kind, f"values of dtype {arr.dtype}")
        raise TypeError(
            f"{name} must hold real numbers (an integer or floating dtype); got "
            f"{what}. Convert them to numbers first."
        )
    return arr


def _check_finite(arr, name):
    # Checked on the array itself: check_array would copy to a new dtype or layout.
    # A finite sum proves every value finite without allocating a mask of the
    # series' size; only a non-finite sum (NaN/inf, or overflow) needs the full test.
    if arr.dtype.kind != "f":
        return
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(arr.sum()) or np.isfinite(arr).all():
            return
    first = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
    where = first[0] if len(first) == 1 else first
    raise ValueError(
        f"{name} must not contain NaN or infinity; found {float(arr[first])!r} at "
        f"index {where!r}."
    )


def _as_series_array(series, name="series", ndims=(1, 2)):
    # np.asarray returns the input itself for numpy arrays and a view of the data of
    # most pandas objects, so windows stay views of the caller's memory.
    shape = "(n_timesteps,)" + (" or (n_timesteps, n_features)" if 2 in ndims else "")
    arr = _check_real(series, name, shape)
    if arr.ndim not in ndims:
        raise ValueError(
            f"{name} must be {' or '.join(f'{n}-D' for n in ndims)} {shape}; got an "
            f"array of shape {arr.shape!r}."
        )
    if arr.ndim == 2 and arr.shape[1] == 0:
        raise ValueError(
            f"{name} must have at least one feature; got shape {arr.shape!r}."
        )
    _check_finite(arr, name)
    return arr


def make_windows(series, window_length, horizon=1, step=1):
    """Cut a series into overlapping input windows and the values that follow them.

    Window ``i`` starts at time step ``i * step`` and covers ``window_length`` steps;
    its target is the next ``horizon`` values of the series (of column 0 for a 2-D
    series). Only windows whose whole target lies inside the series are returned.

    Parameters
    ----------
    series : array-like of shape (n_timesteps,) or (n_timesteps, n_features)
        The series, oldest value first. A 2-D series holds the target in column 0
        and covariates in the other columns. Lists, pandas Series and DataFrames are
        read with :func:`numpy.asarray`. Values must be finite real numbers.
    window_length : int
        Number of time steps in each input window.
    horizon : int, default=1
        Number of values to forecast after each window.
    step : int, default=1
        Distance in time steps between the starts of consecutive windows.

    Returns
    -------
    X : ndarray of shape (n_windows, window_length) or \
            (n_windows, window_length, n_features)
        The windows, oldest value first. 2-D for a 1-D series, 3-D for a 2-D series.
    y : ndarray of shape (n_windows,) or (n_windows, horizon)
        The values of column 0 that follow each window; 1-D when ``horizon == 1``.
        ``n_windows = (n_timesteps - window_length - horizon) // step + 1``.

    Notes
    -----
    ``X`` and ``y`` are read-only strided views of ``series`` when it is a numpy
    array (or a pandas object backed by one): no data is copied, so windowing a
    million points takes well under a millisecond. Call ``.copy()`` on them to get
    writeable arrays. Changing ``series`` afterwards changes the windows.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rnn.windowing import make_windows
    >>> X, y = make_windows(np.arange(6.0), window_length=3)
    >>> X
    array([[0., 1., 2.],
           [1., 2., 3.],
           [2., 3., 4.]])
    >>> y
    array([3., 4., 5.])
    >>> X, y = make_windows(np.arange(10.0), window_length=4, horizon=2, step=3)
    >>> X.shape, y.shape
    ((2, 4), (2, 2))
    >>> y
    array([[4., 5.],
           [7., 8.]])
    """
    arr = _as_series_array(series)
    window_length = _check_positive_int(window_length, "window_length")
    horizon = _check_positive_int(horizon, "horizon")
    step = _check_positive_int(step, "step")
    n_timesteps = arr.shape[0]
    if n_timesteps == 0:
        raise ValueError("series is empty: it must hold at least one time step.")
    if window_length + horizon > n_timesteps:
        raise ValueError(
            f"window_length + horizon = {window_length + horizon} is longer than the "
            f"series ({n_timesteps} time steps); use a shorter window_length or "
            "horizon, or a longer series."
        )
    # Windows starting at 0 .. n_timesteps - window_length - horizon have a full target.
    n_starts = n_timesteps - window_length - horizon + 1

    # sliding_window_view appends the window axis last: (n, w) or (n, n_features, w).
    X = sliding_window_view(arr, window_length, axis=0)[:n_starts:step]
    if arr.ndim == 2:
        X = X.transpose(0, 2, 1)
    target = arr if arr.ndim == 1 else arr[:, 0]
    y = sliding_window_view(target[window_length:], horizon)[::step]
    if horizon == 1:
        y = y[:, 0]
    return X, y


def make_panel_windows(series_list, window_length, horizon=1, step=1):
    """Cut many series of different lengths into windows for one global model.

    Each series is windowed as by :func:`make_windows`, but anchored at its end: its
    last window's target is its last ``horizon`` values, and earlier windows start
    ``step``, ``2 * step``, ... steps before. The windows of all series are
    gathered into one array in **time order, series aligned at their ends**: first
    the windows furthest from their series' end, last those whose target ends
    the series. A tail of the samples (early stopping's validation part,
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
    window_length = _check_positive_int(window_length, "window_length")
    horizon = _check_positive_int(horizon, "horizon")
    step = _check_positive_int(step, "step")
    _check_series_list(series_list)
    arrays = [
        _as_series_array(series, f"series_list[{i}]", ndims=(1,))
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
    if series_list is None or isinstance(series_list, (str, bytes)):
        raise TypeError(
            f"{expected}; got {'None' if series_list is None else 'a str'}."
        )
    if not hasattr(series_list, "__iter__"):
        raise TypeError(
            f"{expected}; got a value of type {type(series_list).__name__}."
        )


_X_SHAPE = "(n_samples, n_features), one row per time step"


def _explain_bad_X(X, exc):
    """The error to raise when scikit-learn's validation refused ``X``."""
    if issparse(X):
        return exc  # scikit-learn's message names X and says to densify it
    try:
        arr = np.asarray(X)
    except (TypeError, ValueError):
        return ValueError(
            f"X must be an array-like of shape {_X_SHAPE}; got a ragged nested "
            "sequence (rows of different lengths)."
        )
    kind = arr.dtype.kind
    if kind == "c":  # scikit-learn's checks expect this ValueError and phrase
        return ValueError("Complex data not supported: X must hold real numbers.")
    if kind in "USmM":
        return TypeError(f"X must hold real numbers; got {_KINDS[kind]}.")
    if kind == "O":  # scikit-learn's checks expect numpy's words on a dict
        return TypeError(f"X must hold real numbers; got {_KINDS[kind]}: {exc}")
    if arr.ndim != 2:
        return ValueError(
            f"X must be 2-D {_X_SHAPE}; got an array of shape {arr.shape!r}. "
            "Reshape your data: pass one series x as x.reshape(-1, 1)."
        )
    if arr.size == 0:  # scikit-learn's checks expect its own words here
        return ValueError(f"X must have at least one row and one column: {exc}")
    return exc if "X" in str(exc) else type(exc)(f"X is not valid: {exc}")


class SlidingWindowTransformer(TransformerMixin, BaseEstimator):
    """Replace each time step by the window of ``window_length`` steps ending there.

    The transformer form of :func:`make_windows` for use in a
    :class:`~sklearn.pipeline.Pipeline`. It keeps one output row per input row, so a
    target ``y`` aligned with the rows of ``X`` stays aligned.

    Each row of ``X`` is one time step, oldest first: column 0 is the target's history
    and other columns are covariates. Output row ``t`` holds rows
    ``t - window_length + 1`` to ``t`` of ``X`` (both included, oldest first), so it
    includes row ``t`` itself and never looks ahead of it.

    The first ``window_length - 1`` rows do not have a full history. Their windows
    are filled by repeating row 0 (edge padding, as :func:`numpy.pad` with
    ``mode="edge"``): output row ``t < window_length - 1`` starts with
    ``window_length - 1 - t`` copies of ``X[0]`` followed by ``X[0 : t + 1]``. Drop
    those rows from the output and from ``y`` (``[window_length - 1:]``) when the
    padding would bias a model.

    The transformer learns nothing from the data: ``fit`` only records the number
    of features, and ``transform`` windows the rows it is given, using those rows
    alone as history.

    Parameters
    ----------
    window_length : int, default=10
        Number of time steps in each window, including the current one.

    Attributes
    ----------
    n_features_in_ : int
        Number of columns of ``X`` seen in :meth:`fit`.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the columns of ``X`` seen in :meth:`fit`, when they are all strings.

    See Also
    --------
    make_windows : Many ``(window, target)`` pairs from one series.

    Notes
    -----
    The output is 2-D ``(n_samples, window_length)`` for one feature, which any
    scikit-learn regressor and :class:`~sklearn_rnn.RNNForecaster` read as univariate
    windows, and 3-D ``(n_samples, window_length, n_features)`` for several
    features, which :class:`~sklearn_rnn.RNNForecaster` reads as multivariate
    windows. It is a read-only strided view of an edge-padded copy of ``X`` (one
    copy of the input, not one per window); call ``.copy()`` to write to it.

    Because each row depends on the rows before it, the output changes when the rows
    of ``X`` are shuffled or split into batches: keep them in time order.

    With one feature, ``set_output(transform="pandas")`` gives a DataFrame whose
    columns :meth:`get_feature_names_out` names; a 3-D output has no columns, so
    several features need the default output.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rnn.windowing import SlidingWindowTransformer
    >>> X = np.array([[1.0], [2.0], [3.0], [4.0]])
    >>> SlidingWindowTransformer(window_length=3).fit_transform(X)
    array([[1., 1., 1.],
           [1., 1., 2.],
           [1., 2., 3.],
           [2., 3., 4.]])
    >>> X2 = np.column_stack([np.arange(5.0), 10 * np.arange(5.0)])
    >>> Xt = SlidingWindowTransformer(window_length=2).fit_transform(X2)
    >>> Xt.shape
    (5, 2, 2)
    >>> Xt[4]
    array([[ 3., 30.],
           [ 4., 40.]])
    """

    _parameter_constraints: dict = {
        "window_length": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(self, window_length=10):
        self.window_length = window_length

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Record the number of features of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The series, one row per time step, oldest first.
        y : None
            Ignored.

        Returns
        -------
        self : object
            The fitted transformer.
        """
        if isinstance(self.window_length, (bool, np.bool_)):
            raise InvalidParameterError(
                "The 'window_length' parameter of SlidingWindowTransformer must be "
                "an int in the range [1, inf), not a bool; got "
                f"{self.window_length!r}."
            )
        self._check_X(X, reset=True)
        return self

    def _check_X(self, X, reset):
        _check_container(X, "X", _X_SHAPE)
        try:
            X = validate_data(
                self, X, dtype="numeric", reset=reset, ensure_all_finite=False
            )
        except (TypeError, ValueError) as exc:
            raise _explain_bad_X(X, exc) from None
        _check_finite(X, "X")
        return X

    def transform(self, X):
        """Replace each row by the window of ``window_length`` rows ending at it.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The series, one row per time step, oldest first, with the same
            number of features as in :meth:`fit`.

        Returns
        -------
        X_windows : ndarray of shape (n_samples, window_length) or \
                (n_samples, window_length, n_features)
            2-D when ``n_features == 1``, 3-D otherwise. Row ``t`` holds rows
            ``t - window_length + 1 .. t`` of ``X``, oldest first; the first
            ``window_length - 1`` rows are edge-padded with row 0 (see the class
            docstring). A read-only view.
        """
        check_is_fitted(self)
        X = self._check_X(X, reset=False)
        output = _get_output_config("transform", self)["dense"]
        if X.shape[1] > 1 and output != "default":
            raise ValueError(
                f"set_output(transform={output!r}) needs a 2-D output, but X has "
                f"{X.shape[1]} features, so its windows are 3-D (n_samples, "
                "window_length, n_features), which no DataFrame holds. Keep the "
                'default output (set_output(transform="default")) or window one '
                "feature per transformer."
            )
        padded = np.pad(X, ((self.window_length - 1, 0), (0, 0)), mode="edge")
        # (n_samples, n_features, window_length) -> time-major windows per row.
        windows = sliding_window_view(padded, self.window_length, axis=0)
        if X.shape[1] == 1:
            return windows[:, 0, :]
        return windows.transpose(0, 2, 1)

    def get_feature_names_out(self, input_features=None):
        """Names of the output columns, for ``set_output(transform="pandas")``.

        Defined for one feature only: several give a 3-D output, without columns.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            The input column's name; None uses ``feature_names_in_``, else "x0".

        Returns
        -------
        feature_names_out : ndarray of str objects of shape (window_length,)
            ``"<name>_lag<k>"``, oldest first: ``lag0`` is the current row.

        Examples
        --------
        >>> import numpy as np
        >>> from sklearn_rnn.windowing import SlidingWindowTransformer
        >>> t = SlidingWindowTransformer(window_length=3).fit(np.zeros((4, 1)))
        >>> t.get_feature_names_out().tolist()
        ['x0_lag2', 'x0_lag1', 'x0_lag0']
        """
        check_is_fitted(self)
        (name,) = _check_feature_names_in(self, input_features)[:1]
        if self.n_features_in_ > 1:
            raise ValueError(
                "get_feature_names_out names the columns of a 2-D output; with "
                f"{self.n_features_in_} features the output is 3-D (n_samples, "
                "window_length, n_features) and has no columns."
            )
        lags = range(self.window_length - 1, -1, -1)
        return np.asarray([f"{name}_lag{k}" for k in lags], dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # Values are only rearranged, so any floating dtype comes out unchanged.
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
