"""TrainingCurveDisplay: training and validation loss per epoch."""

import numpy as np
from sklearn.utils.validation import check_is_fitted

from ._utils import as_1d, check_matplotlib, get_axes, style


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
        curves = {"train_loss": as_1d(self.train_loss, "train_loss")}
        if self.valid_loss is not None:
            curves["valid_loss"] = as_1d(self.valid_loss, "valid_loss")
        for name, values in curves.items():
            if len(values) != len(epochs):
                raise ValueError(
                    f"{name} must have one value per epoch (len(epochs)="
                    f"{len(epochs)}), got {len(values)}."
                )
        ax = get_axes(ax, f"{type(self).__name__}.plot")
        defaults = {"color": "tab:blue", "marker": ".", "label": "training loss"}
        (self.line_train_,) = ax.plot(
            epochs, curves["train_loss"], **style(defaults, train_kwargs)
        )
        self.line_valid_ = None
        if "valid_loss" in curves:
            defaults = {"color": "tab:orange", "marker": "."}
            defaults["label"] = "validation loss"
            (self.line_valid_,) = ax.plot(
                epochs, curves["valid_loss"], **style(defaults, valid_kwargs)
            )
        self.line_best_ = None
        if self.best_epoch is not None:
            defaults = {
                "color": "grey",
                "linestyle": ":",
                "label": f"weights kept (epoch {self.best_epoch})",
            }
            best_kwargs = style(defaults, best_kwargs)
            self.line_best_ = ax.axvline(self.best_epoch, **best_kwargs)
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
        check_is_fitted(estimator, "history_")
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
        epochs = np.array([row.get("epoch", i + 1) for i, row in enumerate(rows)])
        train = np.array([row["train_loss"] for row in rows], dtype=np.float64)
        valid = None
        if any("valid_loss" in row for row in rows):
            valid = np.array([row.get("valid_loss", np.nan) for row in rows], float)
        kept = [e for e, row in zip(epochs, rows, strict=True) if row.get("event_best")]
        display = cls(
            epochs=epochs,
            train_loss=train,
            valid_loss=valid,
            best_epoch=int(kept[-1]) if kept else None,
        )
        return display.plot(ax=ax, **plot_kwargs)
