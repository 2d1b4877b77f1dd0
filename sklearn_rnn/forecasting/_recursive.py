"""Forecasting from histories, recursively, with intervals: :class:`RNNForecaster`.

The functions are pure numpy: they take a ``predict(windows)`` function returning
the point forecast ``(n, horizon)`` and the sorted quantile forecasts
``(n, n_quantiles, horizon)`` (or None). :class:`HistoryForecastMixin` gives the
estimator its ``forecast`` method on top of them.
"""

import numpy as np
import pandas as pd
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from .._arrays import split_histories
from .._validation import check_int
from ..windowing._long_format import pandas_histories
from ._covariate_forecast import forecast_with_covariates
from ._input import check_log_domain
from ._levels import check_coverage, quantile_at

# forecast's bounds: beyond them a request is a mistake that would otherwise
# allocate (paths x series x steps values) and loop for hours.
MAX_STEPS = 1_000_000
MAX_PATHS = 100_000


_HISTORY_SHAPES = "(n_timesteps,) or (n_series, n_timesteps), or a list of 1-D series"


def last_windows(history, window_length):
    """Validate histories; return their last windows ``(n, window_length)``.

    Returns the windows and whether ``history`` was a single 1-D series.
    """
    series, names, single = split_histories(
        history, 1, _HISTORY_SHAPES, "(n_timesteps,)"
    )
    for name, s in zip(names, series, strict=True):
        if len(s) < window_length:
            raise ValueError(
                f"{name} has {len(s)} values; it needs at least "
                f"window_length={window_length} (the model's n_features_in_)."
            )
    return np.stack([s[-window_length:] for s in series]), single


def recursive_forecast(predict, windows, steps, first=None):
    """Feed point forecasts back as inputs until ``steps`` values are produced.

    ``first``, if given, is ``predict(windows)``, already computed.
    """
    window_length = windows.shape[1]
    produced, n_done = [], 0
    while n_done < steps:
        point, _ = predict(windows) if first is None else first
        first = None
        produced.append(point)
        n_done += point.shape[1]
        windows = np.concatenate([windows, point], axis=1)[:, -window_length:]
    return np.concatenate(produced, axis=1)[:, :steps]


def forecast_interval(
    predict, windows, steps, levels, quantiles, n_paths, rng, first=None
):
    """Central intervals of a recursive forecast, by sampling future paths.

    Within the first ``horizon`` steps the model's own quantiles give the bounds.
    Beyond, ``n_paths`` paths per series are simulated: at each recursive call a
    path draws one level ``u ~ U(0, 1)`` (clipped to the fitted range) and takes
    the quantile forecast at ``u`` for the whole horizon, so errors within a call
    move together; the paths' empirical quantiles give the bounds.

    ``first``, if given, is ``predict(windows)``, already computed. Returns
    ``(lower, upper)``, each ``(n_series, steps)``.
    """
    n_series, window_length = windows.shape
    _, qvalues = predict(windows) if first is None else first
    horizon = qvalues.shape[2]
    lower = [quantile_at(quantiles, qvalues, levels[0])]
    upper = [quantile_at(quantiles, qvalues, levels[1])]
    if steps > horizon:

        def draw(values):
            return quantile_at(quantiles, values, rng.uniform(size=len(values)))

        sample = draw(np.repeat(qvalues, n_paths, axis=0))
        paths = np.repeat(windows, n_paths, axis=0)
        for _ in range(horizon, steps, horizon):
            paths = np.concatenate([paths, sample], axis=1)[:, -window_length:]
            sample = draw(predict(paths)[1])
            by_series = sample.reshape(n_series, n_paths, horizon)
            lower.append(np.quantile(by_series, levels[0], axis=1))
            upper.append(np.quantile(by_series, levels[1], axis=1))
    return (
        np.concatenate(lower, axis=1)[:, :steps],
        np.concatenate(upper, axis=1)[:, :steps],
    )


class HistoryForecastMixin:
    """``forecast``: extend histories past the trained horizon, with intervals.

    For a fitted estimator with ``n_features_in_`` (the window length),
    ``n_features_per_step_``, ``quantiles_``, ``_inference_module()`` and
    ``_predict_windows(windows_3d, module)``.
    """

    def forecast(
        self,
        history,
        steps,
        *,
        future=None,
        coverage=None,
        n_paths=1000,
        random_state=None,
        id_col="unique_id",
        time_col="ds",
        target_col="y",
        covariates=None,
        future_covariates=None,
        static_covariates=None,
        calendar=None,
        freq=None,
    ):
        """Forecast ``steps`` values past the end of each history, recursively.

        The last ``n_features_in_`` values of each history form a window; each
        prediction (``horizon_`` values at a time) is appended and the window
        slides forward until ``steps`` values are produced.

        A model fitted on 3-D windows reads covariates: its histories are 2-D
        ``(n_timesteps, n_features)`` (the target, then the covariates). With
        past-only covariates it forecasts up to ``horizon_`` steps (their later
        values are unknown). With future-known covariates (windows ending in
        ``horizon_`` future steps), ``future`` gives their values over the
        ``steps`` to forecast, and the forecast goes on recursively as far as
        they reach, provided every covariate is future-known.

        Parameters
        ----------
        history : array-like of shape (n_timesteps,) or (n_series, n_timesteps), \
list of 1-D arrays, pandas Series or long-format DataFrame
            Past values of one series, of a batch of series of equal length, or of
            series of different lengths. Each needs at least ``n_features_in_``
            values. A Series with a DatetimeIndex (or an integer index) gives
            Series indexed by the future time stamps. A long-format DataFrame
            (one row per series and time step: ``id_col``, ``time_col``,
            ``target_col``) gives a long-format DataFrame of forecasts.
        steps : int
            Number of future values to produce, at least 1.
        future : array-like of shape (steps, n_known) or \
(n_series, steps, n_known), or None, default=None
            For a model with future-known covariates: their values over the
            forecast's steps (at least ``steps`` rows), in the order of their
            features, one block per history for several. For a long-format
            ``history``, a long-format DataFrame with ``id_col``, ``time_col``
            and the ``future_covariates`` at each series' next ``steps`` time
            stamps (statics and calendar features need none). None otherwise.
        coverage : float in (0, 1) or None, default=None
            Also return a central interval of this coverage (a model fitted with
            ``quantiles``). Within the first ``horizon_`` steps the bounds are the
            model's quantiles; beyond, they come from ``n_paths`` simulated paths
            per series, each feeding back its own draws (one quantile level per
            path and recursive step, within the fitted levels).
        n_paths : int, default=1000
            Number of simulated paths per series, when ``coverage`` is set and
            ``steps > horizon_``.
        random_state : int, RandomState instance or None, default=None
            Seeds the simulated paths.
        id_col, time_col, target_col : str, default="unique_id", "ds", "y"
            The columns of a long-format ``history``: series names, time stamps
            (datetimes or integers), values.
        covariates, future_covariates, static_covariates, calendar : \
list of str or None, default=None
            For a long-format ``history`` and a model fitted on
            :func:`~sklearn_rnn.make_panel_windows` windows with covariates: the
            same columns and calendar features as given there.
        freq : str, pandas offset, int or None, default=None
            The step between time stamps of pandas input (``"h"``, ``"MS"``, or
            an int for integer stamps); None infers it from the time stamps.

        Returns
        -------
        forecast : ndarray of shape (steps,) or (n_series, steps), Series or \
DataFrame
            ``(steps,)`` for a 1-D history, else one row per series; for a
            long-format ``history``, a DataFrame with ``id_col``, ``time_col``
            (the next ``steps`` time stamps of each series) and ``"forecast"``,
            plus ``"lower"`` and ``"upper"`` when ``coverage`` is set.
        lower, upper : ndarray or Series shaped like ``forecast``
            The interval's bounds; only returned when ``coverage`` is set and
            ``history`` is not a DataFrame.

        Examples
        --------
        >>> import numpy as np
        >>> from sklearn_rnn import RNNForecaster, make_windows
        >>> series = np.sin(0.3 * np.arange(300))
        >>> X, y = make_windows(series, window_length=12, horizon=4)
        >>> model = RNNForecaster(quantiles=(0.1, 0.9), hidden_size=8, max_epochs=5,
        ...                       random_state=0).fit(X, y)
        >>> point, lower, upper = model.forecast(series, steps=10, coverage=0.8,
        ...                                      random_state=0)
        >>> point.shape, lower.shape
        ((10,), (10,))
        >>> model.forecast([series[:50], series[:80]], steps=10).shape
        (2, 10)
        """
        check_is_fitted(self, "net_")
        steps = check_int(steps, "steps", minimum=1, maximum=MAX_STEPS)
        if coverage is not None:
            levels = check_coverage(coverage, self.quantiles_)
            n_paths = check_int(n_paths, "n_paths", minimum=1, maximum=MAX_PATHS)
        columns = {
            "id_col": id_col,
            "time_col": time_col,
            "target_col": target_col,
            "covariates": covariates,
            "future_covariates": future_covariates,
            "static_covariates": static_covariates,
            "calendar": calendar,
        }
        if self.n_features_per_step_ != 1:
            return forecast_with_covariates(
                self, history, steps, future, coverage, columns, freq
            )
        given = [k for k in list(columns)[3:] if columns[k] is not None]
        if given:
            raise ValueError(
                f"{given[0]} names covariates, but this model was fitted on "
                "univariate windows and reads none: leave it None."
            )
        if future is not None:
            raise ValueError(
                "future gives covariates, but this model was fitted on univariate "
                "windows and reads none: leave future=None."
            )
        history, framed = pandas_histories(
            history, self.n_features_in_, id_col, time_col, target_col, freq
        )
        windows, single = last_windows(history, self.n_features_in_)
        check_log_domain(self, windows, "history's last window (n_features_in_ values)")
        module = self._inference_module()

        def predict(windows):
            return self._predict_windows(windows[:, :, np.newaxis], module)

        first = predict(windows)  # shared by the point path and the interval
        out = [recursive_forecast(predict, windows, steps, first)]
        if coverage is not None:
            rng = check_random_state(random_state)
            out += forecast_interval(
                predict, windows, steps, levels, self.quantiles_, n_paths, rng, first
            )
        out = [a[0] for a in out] if single else out
        return frame_outputs(framed, steps, out)


def frame_outputs(framed, steps, outputs):
    """``forecast``'s return value: the arrays, or the pandas ``framed`` makes.

    One array (or Series) without an interval, else a tuple; a long-format
    DataFrame holds the interval as columns.
    """
    if framed is not None:
        outputs = framed(steps, outputs)
        if isinstance(outputs, pd.DataFrame):
            return outputs
    return outputs[0] if len(outputs) == 1 else tuple(outputs)
