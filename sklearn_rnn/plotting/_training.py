"""TrainingCurveDisplay: training and validation loss per epoch."""

from numbers import Integral, Real

import numpy as np
from sklearn.utils.validation import check_is_fitted

from .._validation import show
from ._utils import as_1d, check_ax, check_matplotlib, draw, get_axes, style


class TrainingCurveDisplay:
    """Training curve visualization: the losses of each epoch.

    Build it with :meth:`from_estimator` (a fitted sklearn_rnn estimator) or
    :meth:`from_history` (a skorch history, or a list of per-epoch dicts); both
    draw at once. All parameters are stored as attributes.

    Parameters
    ----------
    epochs : ndarray of shape (n_epochs,)
        Epoch numbers (skorch counts from 1).
    train_loss : ndarray of shape (n_epochs,)
        Training loss of each epoch.
    valid_loss : ndarray of shape (n_epochs,) or None, default=None
        Validation loss of each epoch (NaN where missing), when the estimator
        validated.
    best_epoch : int or None, default=None
        The epoch whose weights early stopping kept, marked by a vertical line.

    Attributes
    ----------
    line_train_ : matplotlib Line2D
        The training loss.
    line_valid_ : matplotlib Line2D or None
        The validation loss; None without ``valid_loss``.
    line_best_ : matplotlib Line2D or None
        The vertical line at ``best_epoch``; None without it.
    ax_ : matplotlib Axes
        The axes drawn on.
    figure_ : matplotlib Figure
        The figure holding ``ax_``.

    See Also
    --------
    ForecastDisplay : A series' history, forecast and actual future values.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from sklearn_rnn.plotting import TrainingCurveDisplay
    >>> history = [
    ...     {"epoch": 1, "train_loss": 0.9, "valid_loss": 0.8, "event_best": True},
    ...     {"epoch": 2, "train_loss": 0.5, "valid_loss": 0.6, "event_best": True},
    ...     {"epoch": 3, "train_loss": 0.4, "valid_loss": 0.7},
    ... ]
    >>> display = TrainingCurveDisplay.from_history(history)
    >>> display.best_epoch
    2
    >>> plt.close(display.figure_)
    """

    def __init__(self, *, epochs, train_loss, valid_loss=None, best_epoch=None):
        self.epochs = epochs
        self.train_loss = train_loss
        self.valid_loss = valid_loss
        self.best_epoch = best_epoch

    def plot(self, ax=None, *, train_kwargs=None, valid_kwargs=None, best_kwargs=None):
        """Draw the display.

        Parameters
        ----------
        ax : matplotlib Axes or None, default=None
            Axes to draw on; None creates a figure and its axes.
        train_kwargs, valid_kwargs : dict or None, default=None
            Passed to matplotlib's ``plot`` for the training and validation
            losses, over our defaults.
        best_kwargs : dict or None, default=None
            Passed to matplotlib's ``axvline`` for the best epoch.

        Returns
        -------
        display : TrainingCurveDisplay
            This display, with the artists drawn.
        """
        check_matplotlib(f"{type(self).__name__}.plot")
        epochs = as_1d(self.epochs, "epochs")
        # A diverged epoch's loss (NaN, inf) is drawn as a gap, not refused.
        losses = {"allow_nan": True, "allow_inf": True}
        curves = {"train_loss": as_1d(self.train_loss, "train_loss", **losses)}
        if self.valid_loss is not None:
            curves["valid_loss"] = as_1d(self.valid_loss, "valid_loss", **losses)
        for name, values in curves.items():
            if len(values) != len(epochs):
                raise ValueError(
                    f"{name} must have one value per epoch (len(epochs)="
                    f"{len(epochs)}), got {len(values)}."
                )
        best = _check_best_epoch(self.best_epoch, epochs)
        ax = get_axes(ax, f"{type(self).__name__}.plot")
        defaults = {"color": "tab:blue", "marker": ".", "label": "training loss"}
        kwargs = style(defaults, train_kwargs, "train_kwargs")
        (self.line_train_,) = draw(
            "train_kwargs",
            train_kwargs,
            ax.plot,
            epochs,
            curves["train_loss"],
            **kwargs,
        )
        self.line_valid_ = None
        if "valid_loss" in curves:
            defaults = {"color": "tab:orange", "marker": "."}
            defaults["label"] = "validation loss"
            kwargs = style(defaults, valid_kwargs, "valid_kwargs")
            (self.line_valid_,) = draw(
                "valid_kwargs",
                valid_kwargs,
                ax.plot,
                epochs,
                curves["valid_loss"],
                **kwargs,
            )
        self.line_best_ = None
        if best is not None:
            defaults = {
                "color": "grey",
                "linestyle": ":",
                "label": f"weights kept (epoch {best})",
            }
            kwargs = style(defaults, best_kwargs, "best_kwargs")
            self.line_best_ = draw(
                "best_kwargs", best_kwargs, ax.axvline, best, **kwargs
            )
        ax.set(xlabel="Epoch", ylabel="Loss")
        # Epochs are whole numbers: no 1.5 ticks on short curves.
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend()
        self.ax_ = ax
        self.figure_ = ax.figure
        return self

    @classmethod
    def from_estimator(cls, estimator, *, ax=None, **plot_kwargs):
        """Draw the training curve of a fitted sklearn_rnn estimator.

        Parameters
        ----------
        estimator : fitted RNNForecaster, CharRNNGenerator or SequenceTagger
            Any fitted estimator with a skorch ``history_``.
        ax : matplotlib Axes or None, default=None
            Axes to draw on; None creates a figure and its axes.
        **plot_kwargs
            Style arguments of :meth:`plot` (``train_kwargs``, ...).

        Returns
        -------
        display : TrainingCurveDisplay
            The display, drawn.

        Examples
        --------
        >>> import numpy as np
        >>> import matplotlib.pyplot as plt
        >>> from sklearn_rnn import RNNForecaster, make_windows
        >>> from sklearn_rnn.plotting import TrainingCurveDisplay
        >>> X, y = make_windows(np.sin(0.3 * np.arange(200)), window_length=10)
        >>> model = RNNForecaster(hidden_size=8, max_epochs=5, early_stopping=True,
        ...                       random_state=0).fit(X, y)
        >>> display = TrainingCurveDisplay.from_estimator(model)
        >>> display.line_valid_.get_xdata().tolist()
        [1.0, 2.0, 3.0, 4.0, 5.0]
        >>> plt.close(display.figure_)
        """
        check_matplotlib(f"{cls.__name__}.from_estimator")
        _check_has_history(estimator)
        return cls.from_history(estimator.history_, ax=ax, **plot_kwargs)

    @classmethod
    def from_history(cls, history, *, ax=None, **plot_kwargs):
        """Draw the training curve recorded in a skorch history.

        Parameters
        ----------
        history : skorch.History or list of dict
            One dict per epoch, with ``"train_loss"`` and, optionally,
            ``"epoch"`` (else counted from 1), ``"valid_loss"`` and
            ``"event_best"`` (set by sklearn_rnn's early stopping on the epochs
            whose weights it kept; the last one is marked).
        ax : matplotlib Axes or None, default=None
            Axes to draw on; None creates a figure and its axes.
        **plot_kwargs
            Style arguments of :meth:`plot` (``train_kwargs``, ...).

        Returns
        -------
        display : TrainingCurveDisplay
            The display, drawn.

        Examples
        --------
        >>> import matplotlib.pyplot as plt
        >>> from sklearn_rnn.plotting import TrainingCurveDisplay
        >>> display = TrainingCurveDisplay.from_history(
        ...     [{"train_loss": 1.0}, {"train_loss": 0.5}])
        >>> display.line_train_.get_ydata().tolist(), display.line_valid_
        ([1.0, 0.5], None)
        >>> plt.close(display.figure_)
        """
        check_matplotlib(f"{cls.__name__}.from_history")
        check_ax(ax)
        rows = _check_rows(history)
        epochs = np.array(
            [_number(row, i, "epoch", Integral, i + 1) for i, row in enumerate(rows)]
        )
        train = np.array(
            [_number(row, i, "train_loss", Real) for i, row in enumerate(rows)],
            dtype=np.float64,
        )
        valid = None
        if any("valid_loss" in row for row in rows):
            valid = np.array(
                [
                    _number(row, i, "valid_loss", Real, np.nan)
                    for i, row in enumerate(rows)
                ],
                dtype=np.float64,
            )
        kept = [e for e, row in zip(epochs, rows, strict=True) if row.get("event_best")]
        display = cls(
            epochs=epochs,
            train_loss=train,
            valid_loss=valid,
            best_epoch=int(kept[-1]) if kept else None,
        )
        return display.plot(ax=ax, **plot_kwargs)


def _check_has_history(estimator):
    """What from_estimator needs: a fitted sklearn_rnn estimator with history_."""
    needs = (
        "estimator must be a fitted sklearn_rnn estimator with a history_ "
        "(RNNForecaster, SequenceTagger or CharRNNGenerator)"
    )
    if isinstance(estimator, type):
        raise TypeError(f"{needs}; got the class {estimator.__name__}, not one.")
    if hasattr(estimator, "history_"):
        return
    if not hasattr(estimator, "fit"):
        raise TypeError(
            f"{needs}; got {show(estimator)}. To draw a recorded history, use "
            "TrainingCurveDisplay.from_history."
        )
    if not type(estimator).__module__.startswith("sklearn_rnn"):
        raise TypeError(
            f"{needs}; a {type(estimator).__name__} records no training history."
        )
    if hasattr(estimator, "estimators_"):
        raise TypeError(
            f"{needs}; a {type(estimator).__name__} has no history_ of its own: "
            "draw one member's, e.g. from_estimator(estimator.estimators_[0])."
        )
    check_is_fitted(estimator, msg=f"{needs}; this %(name)s is not fitted yet.")
    raise TypeError(f"{needs}; this {type(estimator).__name__} has none.")


def _check_rows(history):
    expected = "history must be a skorch History or a list of dicts, one per epoch"
    if history is None or isinstance(history, (str, bytes, dict)):
        raise TypeError(f"{expected}; got {show(history)}.")
    if not hasattr(history, "__iter__"):
        raise TypeError(f"{expected}; got {show(history)}.")
    rows = list(history)
    if not rows:
        raise ValueError(
            "history holds no epoch: fit the estimator for at least one epoch."
        )
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            raise TypeError(
                "history must hold one dict per epoch; item "
                f"{i} is a {type(row).__name__}."
            )
        if "train_loss" not in row:
            raise ValueError(
                "history must record a 'train_loss' for every epoch; item "
                f"{i} has only {sorted(row)}."
            )
    return rows


def _number(row, i, key, kind, default=None):
    """``row[key]`` (``default`` when absent), checked to be a ``kind`` number."""
    value = row.get(key, default)
    if value is None and default is not None:
        return default
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, kind):
        what = "an integer" if kind is Integral else "a number"
        raise TypeError(f"history item {i}: {key!r} must be {what}; got {show(value)}.")
    return value.item() if isinstance(value, np.generic) else value


def _check_best_epoch(best_epoch, epochs):
    if best_epoch is None:
        return None
    if isinstance(best_epoch, (bool, np.bool_)) or not isinstance(best_epoch, Integral):
        raise TypeError(
            f"best_epoch must be an integer epoch or None; got {show(best_epoch)}."
        )
    if best_epoch not in epochs:
        raise ValueError(
            f"best_epoch must be one of the epochs ({epochs[0]:g} to "
            f"{epochs[-1]:g}); got {int(best_epoch)}."
        )
    return int(best_epoch)
