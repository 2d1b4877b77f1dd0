"""ForecastDisplay: a series' history, its forecast, the actual future values."""

import numpy as np
from sklearn.utils.validation import check_is_fitted

from .._validation import check_int, show
from ._utils import (
    as_1d,
    check_ax,
    check_coverage,
    check_index,
    check_matplotlib,
    draw,
    get_axes,
    style,
)


class ForecastDisplay:
    """Forecast visualization: the history, the forecast and what really followed.

    Build it with :meth:`from_estimator` (which calls the estimator's
    ``forecast``) or :meth:`from_predictions`; both draw at once. All parameters
    are stored as attributes.

    The x axis holds time-step positions: the history at ``0 .. n_history - 1``
    and the future at ``n_history .. n_history + steps - 1``, unless ``index``
    gives the x values (dates, for instance).

    Parameters
    ----------
    history : ndarray of shape (n_history,)
        Past values of the series, oldest first.
    y_pred : ndarray of shape (steps,)
        Forecast of the values that follow the history.
    y_true : ndarray of shape (steps,) or None, default=None
        The values that actually followed, when known.
    lower, upper : ndarray of shape (steps,) or None, default=None
        Bounds of a prediction interval around ``y_pred``.
    coverage : float or None, default=None
        Nominal coverage of the interval, used in its legend label.
    index : array-like of shape (n_history + steps,) or None, default=None
        x values of the history followed by the future; None uses positions.

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
        history, y_pred, y_true, lower, upper = _check_series(
            self.history, self.y_pred, self.y_true, self.lower, self.upper
        )
        coverage = check_coverage(self.coverage, lower)
        n_history, steps = len(history), len(y_pred)
        x = np.arange(n_history + steps)
        if self.index is not None:
            x = check_index(self.index, n_history, steps)
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
        ax.set(xlabel="Time step" if self.index is None else "", ylabel="Value")
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
        history : array-like of shape (n_history,)
            One series' past values, at least the estimator's window length.
        y_true : array-like of shape (steps,) or None, default=None
            The values that actually followed the history, when known.
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
            x values of the history followed by the future; None uses positions.
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
        """
        check_matplotlib(f"{cls.__name__}.from_estimator")
        _check_forecaster(estimator, steps, y_true)
        history = as_1d(history, "history")
        check_ax(ax)
        if y_true is not None:
            y_true = as_1d(y_true, "y_true", allow_nan=True)
        if steps is None:
            steps = estimator.horizon_ if y_true is None else len(y_true)
        steps = check_int(steps, "steps")
        if coverage is None:
            y_pred, lower, upper = estimator.forecast(history, steps), None, None
        else:
            y_pred, lower, upper = estimator.forecast(
                history, steps, coverage=coverage, random_state=random_state
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
        history : array-like of shape (n_history,)
            One series' past values, oldest first.
        y_pred : array-like of shape (steps,)
            The forecast of the values following the history.
        y_true : array-like of shape (steps,) or None, default=None
            The values that actually followed, when known.
        lower, upper : array-like of shape (steps,) or None, default=None
            Bounds of a prediction interval; give both or neither.
        coverage : float or None, default=None
            Nominal coverage of the interval, shown in its legend label.
        index : array-like of shape (n_history + steps,) or None, default=None
            x values of the history followed by the future; None uses positions.
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


def _check_forecaster(estimator, steps, y_true):
    """What from_estimator needs of ``estimator``: forecast, fitted, horizon_."""
    needs = (
        "estimator must be a fitted forecaster with a forecast(history, steps) "
        "method, such as a fitted sklearn_rnn RNNForecaster"
    )
    if isinstance(estimator, type):
        raise TypeError(f"{needs}; got the class {estimator.__name__}, not one.")
    if not callable(getattr(estimator, "forecast", None)):
        got = "None" if estimator is None else f"{show(estimator)}, which has none"
        raise TypeError(f"{needs}; got {got}.")
    check_is_fitted(
        estimator,
        msg=f"{needs}; this %(name)s is not fitted yet: call fit first.",
    )
    if steps is None and y_true is None and not hasattr(estimator, "horizon_"):
        raise TypeError(
            f"estimator ({type(estimator).__name__}) has no horizon_, which gives "
            "the number of steps when neither steps nor y_true is given: pass steps."
        )


def _check_series(history, y_pred, y_true, lower, upper):
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
