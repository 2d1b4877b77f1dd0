"""Turn a time series into fixed-length windows, without copying it.

Two forms of the same operation:

- :func:`make_windows` turns one series into many ``(window, target)`` training pairs.
  It changes the number of rows, so it is a function, not a transformer;
  :func:`make_panel_windows` (in ``windowing/_panel.py``) does it for many series.
- :class:`SlidingWindowTransformer` keeps one output row per input row (the window
  that ends at that row), so it can sit inside a :class:`~sklearn.pipeline.Pipeline`
  where ``y`` must stay aligned with ``X``.
"""

from numbers import Integral

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils._param_validation import Interval, InvalidParameterError
from sklearn.utils._set_output import _get_output_config
from sklearn.utils.validation import (
    _check_feature_names_in,
    check_is_fitted,
    validate_data,
)

from .._arrays import as_array, check_finite, explain_rejection, real_array
from .._validation import check_int
from ._future_steps import check_future_columns, with_future

__all__ = ["SlidingWindowTransformer", "make_windows"]


_SERIES_SHAPE = "(n_timesteps,) or (n_timesteps, n_features)"


def make_windows(series, window_length, horizon=1, step=1, *, future_covariates=None):
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
    future_covariates : list of int or None, default=None
        Columns of a 2-D series known in advance over the forecast horizon
        (calendar, prices, holidays). Each window then reaches ``horizon`` steps
        further, into the future it forecasts: there the target (column 0) and
        the other covariates are NaN (unknown) and these columns hold their
        values, which :class:`~sklearn_rnn.RNNForecaster` reads.

    Returns
    -------
    X : ndarray of shape (n_windows, window_length) or \
            (n_windows, window_length, n_features)
        The windows, oldest value first. 2-D for a 1-D series, 3-D for a 2-D series.
        With ``future_covariates``, ``(n_windows, window_length + horizon,
        n_features)``, a copy.
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

    A covariate known in advance (column 1), read over the horizon too:

    >>> series = np.column_stack([np.arange(5.0), 10 * np.arange(5.0)])
    >>> X, y = make_windows(series, window_length=2, future_covariates=[1])
    >>> X[0].tolist(), y[0]
    ([[0.0, 0.0], [1.0, 10.0], [nan, 20.0]], np.float64(2.0))
    """
    # dtype=None keeps the series' own dtype: windows stay views of its memory.
    arr = real_array(series, "series", (1, 2), shapes=_SERIES_SHAPE, dtype=None)
    window_length = check_int(window_length, "window_length")
    horizon = check_int(horizon, "horizon")
    step = check_int(step, "step")
    n_timesteps = arr.shape[0]
    if window_length + horizon > n_timesteps:
        raise ValueError(
            f"window_length + horizon = {window_length + horizon} is longer than the "
            f"series ({n_timesteps} time steps); use a shorter window_length or "
            "horizon, or a longer series."
        )
    # Windows starting at 0 .. n_timesteps - window_length - horizon have a full target.
    n_starts = n_timesteps - window_length - horizon + 1

    if future_covariates is not None:
        if arr.ndim != 2:
            raise ValueError(
                "future_covariates needs a 2-D series (n_timesteps, n_features): "
                f"the target in column 0, covariates after it; got shape "
                f"{arr.shape}."
            )
        known = check_future_columns(future_covariates, arr.shape[1])
    # sliding_window_view appends the window axis last: (n, w) or (n, n_features, w).
    span = window_length if future_covariates is None else window_length + horizon
    X = sliding_window_view(arr, span, axis=0)[:n_starts:step]
    if arr.ndim == 2:
        X = X.transpose(0, 2, 1)
    if future_covariates is not None:
        X = with_future(X, window_length, known)
    target = arr if arr.ndim == 1 else arr[:, 0]
    y = sliding_window_view(target[window_length:], horizon)[::step]
    if horizon == 1:
        y = y[:, 0]
    return X, y


_X_SHAPE = "(n_samples, n_features), one row per time step"
_RESHAPE = " Reshape your data: pass one series x as x.reshape(-1, 1)."


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
        as_array(X, "X", _X_SHAPE)  # None, str, dict, categories, ragged rows
        try:
            X = validate_data(
                self, X, dtype="numeric", reset=reset, ensure_all_finite=False
            )
        except (TypeError, ValueError) as exc:
            raise explain_rejection(X, exc, "X", (2,), _X_SHAPE, _RESHAPE) from None
        check_finite(X, "X")
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
