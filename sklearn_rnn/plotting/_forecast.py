"""ForecastDisplay: a series' history, its forecast, the actual future values."""

import numpy as np

from .._validation import check_int
from ._estimator_forecast import (
    check_forecast_params,
    check_forecaster,
    forecast_parts,
    history_to_forecast,
)
from ._utils import (
    check_ax,
    check_coverage,
    check_index,
    check_matplotlib,
    check_series,
    draw,
    get_axes,
    is_frame,
    pandas_index,
    series_or_1d,
    style,
)


class ForecastDisplay:
    """Forecast visualization: the history, the forecast and what really followed.

    Build it with :meth:`from_estimator` (which calls the estimator's
    ``forecast``) or :meth:`from_predictions`; both draw at once. All parameters
    are stored as attributes.

    The x axis holds the dates of pandas data: when ``history`` and ``y_pred``
    are both Series, the history is drawn against its index and the forecast
    against its own (the future dates ``forecast`` returns; periods are drawn
    at their start). ``index`` gives the x values of arrays; without either,
    the x axis holds time-step positions: the history at
    ``0 .. n_history - 1`` and the future at ``n_history .. n_history + steps - 1``.

    Parameters
    ----------
    history : ndarray or pandas Series of shape (n_history,)
        Past values of the series, oldest first.
    y_pred : ndarray or pandas Series of shape (steps,)
        Forecast of the values that follow the history.
    y_true : ndarray or pandas Series of shape (steps,) or None, default=None
        The values that actually followed, when known; a Series beside Series
        ``history`` and ``y_pred`` must share ``y_pred``'s index.
    lower, upper : ndarray of shape (steps,) or None, default=None
        Bounds of a prediction interval around ``y_pred``.
    coverage : float or None, default=None
        Nominal coverage of the interval, used in its legend label.
    index : array-like of shape (n_history + steps,) or None, default=None
        x values of the history followed by the future; None uses the Series'
        indexes, or positions.

    Attributes
    ----------
    line_history_ : matplotlib Line2D
        The history.
    line_actual_ : matplotlib Line2D or None
        The actual future values; None without ``y_true``.
    line_forecast_ : matplotlib Line2D
        The forecast.
    fill_interval_ : matplotlib PolyCollection or None
        The prediction interval; None without ``lower`` and ``upper``.
    ax_ : matplotlib Axes
        The axes drawn on.
    figure_ : matplotlib Figure
        The figure holding ``ax_``.

    See Also
    --------
    sklearn_rnn.RNNForecaster.forecast : Recursive multi-step forecasts.
    TrainingCurveDisplay : Losses per epoch of a fitted estimator.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from sklearn_rnn.plotting import ForecastDisplay
    >>> display = ForecastDisplay.from_predictions(
    ...     history=[1.0, 2.0, 3.0], y_pred=[4.1, 4.9], y_true=[4.0, 5.0],
    ...     lower=[3.5, 4.0], upper=[4.6, 5.8], coverage=0.9)
    >>> display.line_forecast_.get_xdata().tolist()
    [3, 4]
    >>> plt.close(display.figure_)

    With pandas Series the x axis holds their dates:

    >>> import pandas as pd
    >>> dates = pd.date_range("2024-01-01", periods=5, freq="D")
    >>> display = ForecastDisplay.from_predictions(
    ...     history=pd.Series([1.0, 2.0, 3.0], index=dates[:3]),
    ...     y_pred=pd.Series([4.1, 4.9], index=dates[3:]))
    >>> [str(x)[:10] for x in display.line_forecast_.get_xdata()]
    ['2024-01-04', '2024-01-05']
    >>> plt.close(display.figure_)
    """

    def __init__(
        self,
        *,
        history,
        y_pred,
        y_true=None,
        lower=None,
        upper=None,
        coverage=None,
        index=None,
    ):
        self.history = history
        self.y_pred = y_pred
        self.y_true = y_true
        self.lower = lower
        self.upper = upper
        self.coverage = coverage
        self.index = index

    def plot(
        self,
        ax=None,
        *,
        history_kwargs=None,
        actual_kwargs=None,
        forecast_kwargs=None,
        interval_kwargs=None,
    ):
        """Draw the display.

        Parameters
        ----------
        ax : matplotlib Axes or None, default=None
            Axes to draw on; None creates a figure and its axes.
        history_kwargs, actual_kwargs, forecast_kwargs : dict or None, \
default=None
            Passed to matplotlib's ``plot`` for the history, the actual future
            values and the forecast, over our defaults.
        interval_kwargs : dict or None, default=None
            Passed to matplotlib's ``fill_between`` for the interval.

        Returns
        -------
        display : ForecastDisplay
            This display, with the artists drawn.
        """
        check_matplotlib(f"{type(self).__name__}.plot")
        history, y_pred, y_true, lower, upper = check_series(
            self.history, self.y_pred, self.y_true, self.lower, self.upper
        )
        coverage = check_coverage(self.coverage, lower)
        n_history, steps = len(history), len(y_pred)
        x = np.arange(n_history + steps)
        dated = pandas_index(self.history, self.y_pred, self.y_true)
        if self.index is not None:
            x = check_index(self.index, n_history, steps)
        elif dated is not None:
            x = dated
        x_past, x_future = x[:n_history], x[n_history:]
        ax = get_axes(ax, f"{type(self).__name__}.plot")

        defaults = {"color": "tab:blue", "label": "history"}
        kwargs = style(defaults, history_kwargs, "history_kwargs")
        (self.line_history_,) = draw(
            "history_kwargs", history_kwargs, ax.plot, x_past, history, **kwargs
        )
        self.line_actual_ = None
        if y_true is not None:
            defaults = {"color": "tab:blue", "linestyle": "--", "label": "actual"}
            kwargs = style(defaults, actual_kwargs, "actual_kwargs")
            (self.line_actual_,) = draw(
                "actual_kwargs", actual_kwargs, ax.plot, x_future, y_true, **kwargs
            )
        self.fill_interval_ = None
        if lower is not None:
            label = "interval"
            if coverage is not None:
                label = f"{coverage:.0%} interval"
            defaults = {"color": "tab:orange", "alpha": 0.25, "label": label}
            kwargs = style(defaults, interval_kwargs, "interval_kwargs")
            self.fill_interval_ = draw(
                "interval_kwargs",
                interval_kwargs,
                ax.fill_between,
                x_future,
                lower,
                upper,
                **kwargs,
            )
        defaults = {"color": "tab:orange", "label": "forecast"}
        kwargs = style(defaults, forecast_kwargs, "forecast_kwargs")
        (self.line_forecast_,) = draw(
            "forecast_kwargs", forecast_kwargs, ax.plot, x_future, y_pred, **kwargs
        )
        positions = self.index is None and dated is None
        ax.set(xlabel="Time step" if positions else "", ylabel="Value")
        ax.legend()
        self.ax_ = ax
        self.figure_ = ax.figure
        return self

    @classmethod
    def from_estimator(
        cls,
        estimator,
        history,
        y_true=None,
        *,
        steps=None,
        coverage=None,
        random_state=None,
        index=None,
        series_id=None,
        id_col="unique_id",
        time_col="ds",
        target_col="y",
        forecast_params=None,
        ax=None,
        **plot_kwargs,
    ):
        """Forecast past ``history`` with a fitted estimator and draw it.

        Parameters
        ----------
        estimator : fitted RNNForecaster
            Any fitted estimator with ``forecast(history, steps)`` (and, for
            intervals, ``forecast(history, steps, coverage=..., random_state=...)``
            returning ``(forecast, lower, upper)``).
        history : array-like, pandas Series or DataFrame
            One series' past values, of shape (n_history,), at least the
            estimator's window length, or (n_history, n_features) for a model
            fitted with covariates (its target, column 0, is drawn). A Series
            (with a DatetimeIndex, PeriodIndex or integer index) is drawn
            against its index and the
            forecast against the future dates ``forecast`` returns. A
            long-format DataFrame (columns ``id_col``, ``time_col``,
            ``target_col``) draws the series ``series_id`` against its dates.
        y_true : array-like or pandas Series of shape (steps,) or None, \
default=None
            The values that actually followed the history, when known; a Series
            must be indexed by the forecast's future dates.
        steps : int or None, default=None
            Number of values to forecast; None forecasts ``len(y_true)`` values,
            or the estimator's ``horizon_`` without ``y_true``.
        coverage : float in (0, 1) or None, default=None
            Also draw a prediction interval of this nominal coverage (needs an
            estimator fitted with quantiles).
        random_state : int, RandomState instance or None, default=None
            Seeds the simulated paths behind the interval; used with
            ``coverage`` only.
        index : array-like of shape (n_history + steps,) or None, default=None
            x values of the history followed by the future; None uses the
            dates of pandas input, or positions.
        series_id : object or None, default=None
            The series of a long-format ``history`` to draw; None is allowed
            only when the DataFrame holds one series.
        id_col, time_col, target_col : str, default="unique_id", "ds", "y"
            Column names of a long-format ``history``, passed on to
            ``forecast``.
        forecast_params : dict or None, default=None
            Further arguments of the estimator's ``forecast``: the ``future``
            values of future-known covariates, the covariate columns of a
            long-format ``history`` (``covariates``, ``future_covariates``,
            ``calendar``, ...).
        ax : matplotlib Axes or None, default=None
            Axes to draw on; None creates a figure and its axes.
        **plot_kwargs
            Style arguments of :meth:`plot` (``history_kwargs``, ...).

        Returns
        -------
        display : ForecastDisplay
            The display, drawn.

        Examples
        --------
        >>> import numpy as np
        >>> import matplotlib.pyplot as plt
        >>> from sklearn_rnn import RNNForecaster, make_windows
        >>> from sklearn_rnn.plotting import ForecastDisplay
        >>> series = np.sin(0.3 * np.arange(120))
        >>> model = RNNForecaster(hidden_size=8, max_epochs=5, random_state=0)
        >>> model = model.fit(*make_windows(series[:100], window_length=10))
        >>> display = ForecastDisplay.from_estimator(model, series[:100],
        ...                                          y_true=series[100:])
        >>> len(display.line_forecast_.get_ydata())
        20
        >>> plt.close(display.figure_)

        A dated Series gives dated forecasts:

        >>> import pandas as pd
        >>> dated = pd.Series(series[:100],
        ...                   index=pd.date_range("2024-01-01", periods=100))
        >>> display = ForecastDisplay.from_estimator(model, dated, steps=2)
        >>> [str(x)[:10] for x in display.line_forecast_.get_xdata()]
        ['2024-04-10', '2024-04-11']
        >>> plt.close(display.figure_)
        """
        check_matplotlib(f"{cls.__name__}.from_estimator")
        check_forecaster(estimator, steps, y_true)
        check_ax(ax)
        forecast_params = check_forecast_params(forecast_params)
        names = {"id_col": id_col, "time_col": time_col, "target_col": target_col}
        frame = is_frame(history)
        past, history = history_to_forecast(estimator, history, series_id, names)
        if not frame:
            names = {}
        if y_true is not None:
            y_true = series_or_1d(y_true, "y_true", allow_nan=True)
        if steps is None:
            steps = estimator.horizon_ if y_true is None else len(y_true)
        steps = check_int(steps, "steps")
        if coverage is not None:
            names.update(coverage=coverage, random_state=random_state)
        result = estimator.forecast(past, steps, **names, **forecast_params)
        y_pred, lower, upper = forecast_parts(
            result, history, frame, coverage, time_col
        )
        return cls.from_predictions(
            history,
            y_pred,
            y_true,
            lower=lower,
            upper=upper,
            coverage=coverage,
            index=index,
            ax=ax,
            **plot_kwargs,
        )

    @classmethod
    def from_predictions(
        cls,
        history,
        y_pred,
        y_true=None,
        *,
        lower=None,
        upper=None,
        coverage=None,
        index=None,
        ax=None,
        **plot_kwargs,
    ):
        """Draw a forecast made beforehand.

        Parameters
        ----------
        history : array-like or pandas Series of shape (n_history,)
            One series' past values, oldest first.
        y_pred : array-like or pandas Series of shape (steps,)
            The forecast of the values following the history. With Series
            ``history`` and ``y_pred`` their indexes give the x values.
        y_true : array-like or pandas Series of shape (steps,) or None, \
default=None
            The values that actually followed, when known; a Series must then
            share ``y_pred``'s index.
        lower, upper : array-like of shape (steps,) or None, default=None
            Bounds of a prediction interval; give both or neither.
        coverage : float or None, default=None
            Nominal coverage of the interval, shown in its legend label.
        index : array-like of shape (n_history + steps,) or None, default=None
            x values of the history followed by the future (for arrays); None
            uses the Series' indexes, or positions.
        ax : matplotlib Axes or None, default=None
            Axes to draw on; None creates a figure and its axes.
        **plot_kwargs
            Style arguments of :meth:`plot` (``history_kwargs``, ...).

        Returns
        -------
        display : ForecastDisplay
            The display, drawn.

        Examples
        --------
        >>> import matplotlib.pyplot as plt
        >>> from sklearn_rnn.plotting import ForecastDisplay
        >>> display = ForecastDisplay.from_predictions([5, 6, 7], [8.2, 8.8])
        >>> display.line_actual_ is None, display.fill_interval_ is None
        (True, True)
        >>> plt.close(display.figure_)
        """
        check_matplotlib(f"{cls.__name__}.from_predictions")
        display = cls(
            history=history,
            y_pred=y_pred,
            y_true=y_true,
            lower=lower,
            upper=upper,
            coverage=coverage,
            index=index,
        )
        return display.plot(ax=ax, **plot_kwargs)
