"""RNNForecaster: time-series forecasting from windows of past values."""

import numpy as np
import torch
from sklearn.base import RegressorMixin, _fit_context
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.validation import check_is_fitted

from .._constraints import count
from .._training.base import (
    SHARED_ATTRIBUTES_DOC,
    SHARED_PARAMS_DOC,
    BaseRNN,
    with_shared_defaults,
)
from ..windowing._future_steps import check_future_steps
from ._input import check_fit_data, check_validation_windows, check_windows
from ._levels import check_coverage, check_quantiles, quantile_at
from ._recursive import HistoryForecastMixin
from ._scaling import (
    decode,
    encode,
    feature_stats,
    standardize,
    target_values,
    to_float32,
)
from ._spec import training_spec
from ._target_weights import (
    fill_missing,
    target_weights,
    warn_if_other_units,
)


@with_shared_defaults
class RNNForecaster(HistoryForecastMixin, RegressorMixin, BaseRNN):
    __doc__ = f"""Recurrent network that forecasts the values following a window.

    Each sample is a window of past values, oldest first. The network reads it one
    time step at a time and predicts the next value (``y`` 1-D) or the next
    ``horizon`` values at once (``y`` of shape ``(n_samples, horizon)``, a direct
    multi-horizon forecast). :meth:`forecast` extends a history recursively past
    the trained horizon. Build windows from a series with
    :func:`~sklearn_rnn.make_windows`. Beside the recurrent core, a linear layer
    maps the window's scaled target values straight to the forecast (an
    autoregressive highway, as in LSTNet). Before the first epoch it is set to
    the ridge regression of the scaled targets on the scaled windows (the
    penalty chosen by generalised cross-validation) and then held fixed: the
    linear part of a forecast (the last value, the value one season back, a
    trend) is right from the start even with few windows, and the core learns
    what it misses.

    Inputs and targets are scaled internally (fitted on the training data only);
    predictions come back in the units of ``y``.

    Parameters
    ----------
    scaling : {{"window", "mean", "log", "global"}}, default="window"
        How the target's history and ``y`` are scaled. ``"window"`` centres each
        window on its own mean and divides by its own standard deviation
        (floored at 1% of its mean absolute value; a window of zeros falls back
        on the training data's), then maps the prediction back: the model learns
        shapes rather than levels, serves many series of different levels,
        and extrapolates trends past the training range. ``"mean"`` also centres
        each window on its mean but divides by its mean absolute value, so the
        model sees relative changes: for positive series whose swings grow with
        their level (sales, traffic, demand). ``"log"`` scales the logarithms
        of the target's values as ``"window"`` scales the values (floored at
        0.01, a 1% change) and maps forecasts back by ``exp``: the model sees
        ratios, so a trough of 10 under peaks of 5,000 is forecast as closely,
        relatively, as the peaks, and forecasts and quantiles stay positive. It
        needs positive targets. The point forecast is the exp of the log-scale
        one: a median under ``loss="absolute_error"``; under squared error it
        falls below the mean of the values. On M4 Hourly it took one model's
        OWA from 0.47-0.49 to 0.42. ``"global"`` uses one
        mean and standard deviation fitted on the training windows, for stationary
        series whose level carries information. Covariates (features 1 and up of
        3-D input) are always standardised globally.
    patch_length : int or None, default=None
        Feed the network ``patch_length`` consecutive time steps at once, as one
        recurrent step of ``patch_length * n_features`` values (non-overlapping
        patches; the window length must be a multiple). Long windows then cost
        ``patch_length`` times fewer recurrent steps, which speeds training
        roughly as much and often helps accuracy (e.g. 24 for hourly data with a
        daily cycle). None feeds one time step per recurrent step.
    loss : {{"squared_error", "absolute_error"}}, default="squared_error"
        Loss of the point forecast: squared error targets the mean, absolute error
        the median (more robust to outliers; suits MASE and sMAPE).
    quantiles : array-like of float in (0, 1) or None, default=None
        Also forecast these quantiles, trained with the pinball loss alongside the
        point loss, for :meth:`predict_interval` and interval forecasts in
        :meth:`forecast`. An interval of coverage ``c`` needs the levels
        ``(1 - c) / 2`` and ``(1 + c) / 2`` within the fitted range (read by
        linear interpolation between fitted levels), e.g. ``(0.025, 0.5, 0.975)``
        for 95% intervals.
    {SHARED_PARAMS_DOC}

    Attributes
    ----------
    n_features_in_ : int
        Number of time steps per window (``X.shape[1]``), the window length
        (with its future steps, if any).
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Column names, when ``X`` is a DataFrame with string column names.
    n_features_per_step_ : int
        Number of features per time step: 1 for 2-D ``X``, ``X.shape[2]`` for 3-D
        ``X``.
    horizon_ : int
        Number of values predicted per window (``y.shape[1]``, or 1).
    feature_loc_, feature_scale_ : ndarray of shape (`n_features_per_step_`,)
        Mean and standard deviation of each feature over the training windows
        (the early-stopping tail excluded), used for global scaling.
    quantiles_ : ndarray of shape (n_quantiles,) or None
        The fitted quantile levels, increasing; None without ``quantiles``.
    n_future_steps_ : int
        Number of future steps at the end of each window (``horizon_``, for
        windows with future-known covariates: the target NaN there, see
        :func:`~sklearn_rnn.make_windows`'s ``future_covariates``), else 0.
    future_known_ : ndarray of bool of shape (`n_features_per_step_`,) or None
        Which features are given over the future steps; None without them.
    {SHARED_ATTRIBUTES_DOC}

    See Also
    --------
    sklearn_rnn.make_windows : Cut a series into ``(X, y)`` windows.
    sklearn_rnn.SlidingWindowTransformer : Windows inside a ``Pipeline``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rnn import RNNForecaster, make_windows
    >>> t = np.arange(400)
    >>> X, y = make_windows(np.sin(0.2 * t), window_length=12)
    >>> model = RNNForecaster(hidden_size=16, max_epochs=20, random_state=0)
    >>> model.fit(X[:300], y[:300]).score(X[300:], y[300:]) > 0.9
    True
    >>> model.forecast(np.sin(0.2 * t[:50]), steps=3).shape
    (3,)
    """

    _parameter_constraints: dict = {
        **BaseRNN._parameter_constraints,
        "scaling": [StrOptions({"window", "mean", "log", "global"})],
        "patch_length": [count(1), None],
        "loss": [StrOptions({"squared_error", "absolute_error"})],
        "quantiles": ["array-like", None],
    }

    def __init__(
        self,
        *,
        scaling="window",
        patch_length=None,
        loss="squared_error",
        quantiles=None,
        cell="lstm",
        hidden_size=32,
        num_layers=1,
        dropout=0.0,
        nonlinearity="tanh",
        max_epochs=100,
        batch_size=64,
        lr=0.005,
        optimizer="adam",
        weight_decay=0.0,
        clip_grad_norm=1.0,
        early_stopping=False,
        validation_fraction=0.1,
        n_iter_no_change=10,
        tol=1e-4,
        mixed_precision=None,
        device="cpu",
        random_state=None,
        verbose=0,
        callbacks=None,
    ):
        super().__init__(
            cell=cell,
            hidden_size=hidden_size,
            num_layers=num_layers,
            dropout=dropout,
            nonlinearity=nonlinearity,
            max_epochs=max_epochs,
            batch_size=batch_size,
            lr=lr,
            optimizer=optimizer,
            weight_decay=weight_decay,
            clip_grad_norm=clip_grad_norm,
            early_stopping=early_stopping,
            validation_fraction=validation_fraction,
            n_iter_no_change=n_iter_no_change,
            tol=tol,
            mixed_precision=mixed_precision,
            device=device,
            random_state=random_state,
            verbose=verbose,
            callbacks=callbacks,
        )
        self.scaling = scaling
        self.patch_length = patch_length
        self.loss = loss
        self.quantiles = quantiles

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.target_tags.multi_output = True
        return tags

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None, *, validation_data=None):
        """Train the network on windows ``X`` and the values ``y`` that follow.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps) or \
(n_samples, n_timesteps, n_features)
            Windows, oldest value first. 2-D: univariate windows. 3-D: feature 0
            is the target's history, the others are covariates. Windows may end
            in ``horizon`` future steps for future-known covariates: the target
            NaN there, each covariate given or NaN over all of them
            (:func:`~sklearn_rnn.make_windows` with ``future_covariates``).
        y : array-like of shape (n_samples,) or (n_samples, horizon)
            The value(s) following each window. NaN marks a missing value: it is
            left out of the loss (training and validation), the window's other
            targets still count.
        sample_weight : array-like of shape (n_samples,) or None, default=None
            Weight of each window in the loss, training and early stopping's
            validation tail alike (e.g. more weight on recent windows, or 0 to
            leave a window out), and in the linear highway's ridge fit. Weights
            are normalised to a mean of 1, so ``lr`` keeps its meaning. None
            weighs every window alike.
        validation_data : tuple (X_val, y_val) or None, default=None
            Windows and targets to validate on each epoch (``valid_loss`` in
            ``history_``); with ``early_stopping=True`` they decide when to stop,
            instead of the last ``validation_fraction`` of ``X``. Pass them for
            panels (:func:`~sklearn_rnn.make_panel_windows`), e.g. the last
            window of each series, where a tail of the samples would not hold
            out the latest ``horizon`` values of every series.

        Returns
        -------
        self : RNNForecaster
            The fitted estimator.
        """
        X, y, sample_weight = check_fit_data(self, X, y, sample_weight)
        n_future = self.n_future_steps_
        self._y_1d_ = y.ndim == 1
        y = y.reshape(len(y), -1)
        weight = target_weights(y, sample_weight)
        self.horizon_ = y.shape[1]
        past = X.shape[1] - n_future
        warn_if_other_units(X[:, :past, 0], y)
        self.quantiles_ = check_quantiles(self.quantiles)
        check_future_steps(n_future, self.horizon_, X.shape[1], self.patch_length)

        validation = None
        if validation_data is not None:
            X_val, y_val = check_validation_windows(self, validation_data)
            val_weight = target_weights(y_val, None, "validation_data[1]")
            validation = _fit_data(X_val, y_val, val_weight, "validation_data[1]")
        # How many windows a normalised weight of 1 stands for: the highway's
        # cross-validation counts windows, so that integer weights act as
        # repeats. Held for the training spec during fit only.
        unit = 1.0 if sample_weight is None else sample_weight[:, None]
        self._weight_unit = float(np.mean(~np.isnan(y) * unit))
        try:
            return self._fit(_fit_data(X, y, weight, "y"), validation)
        finally:
            del self._weight_unit

    def _encode_xy(self, X, y, weight, y_name="y"):
        """Tensors of scaled windows and targets; the targets paired with their
        loss weights when some weight is not 1 (see ``_target_weights``)."""
        X_t, loc, scale = self._encode(X)
        scaled = fill_missing(standardize(target_values(y, self.scaling), loc, scale))
        y_t = torch.from_numpy(to_float32(scaled, y_name, self.scaling))
        if weight is None:
            return X_t, y_t
        return X_t, (y_t, torch.from_numpy(weight.astype(np.float32)))

    def _validation_gap(self):
        # The last horizon - 1 training windows' targets overlap the first
        # validation window's: leave them out so that validation stays unseen.
        return self.horizon_ - 1

    def _fit_encoding(self, data):
        # Scaling statistics come from the training part only (time safety), and
        # from the windows' observed past (no NaN).
        past = data["X"].shape[1] - self.n_future_steps_
        self.feature_loc_, scale = feature_stats(data["X"][:, :past])
        self.feature_scale_ = np.where(scale > 0, scale, 1.0)

    def _encode_fit(self, data, training):
        return self._encode_xy(data["X"], data["y"], data["weight"], data["y_name"])

    def _training_spec(self, X, y):
        return training_spec(self, X, self._weight_unit)

    def _encode(self, X):
        """Scale windows; return a float32 tensor and the target's float64 stats."""
        stats = (self.feature_loc_, self.feature_scale_)
        out, loc, scale = encode(X, self.n_future_steps_, self.scaling, *stats)
        return torch.from_numpy(out), loc, scale

    def _predict_windows(self, X, module=None):
        """Forecast validated float64 3-D windows.

        Returns the point forecast ``(n_samples, horizon)`` and the quantile
        forecasts ``(n_samples, n_quantiles, horizon)``, increasing along axis 1
        (sorted, so that they never cross), or None without quantiles.
        """
        X_t, loc, scale = self._encode(X)
        out = self._forward(X_t, module).numpy().astype(np.float64)
        if out.ndim == 2:
            return decode(out, loc, scale, self.scaling), None
        out = decode(out, loc[:, :, None], scale[:, :, None], self.scaling)
        return out[:, 0], np.sort(out[:, 1:], axis=1)

    def _check_windows(self, X):
        check_is_fitted(self, "net_")
        return check_windows(self, X)

    def _shape_like_y(self, a):
        return a[:, 0] if self._y_1d_ else a

    def predict(self, X):
        """Predict the value(s) following each window.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps) or \
(n_samples, n_timesteps, n_features)
            Windows shaped as in :meth:`fit`, with the same ``n_timesteps`` and
            ``n_features``.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, horizon)
            Shaped like the ``y`` given to :meth:`fit`.
        """
        point, _ = self._predict_windows(self._check_windows(X))
        return self._shape_like_y(point)

    def predict_interval(self, X, coverage=0.95):
        """Predict a central interval for the value(s) following each window.

        Needs a model fitted with ``quantiles`` covering the interval's levels.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps) or \
(n_samples, n_timesteps, n_features)
            Windows shaped as in :meth:`fit`.
        coverage : float in (0, 1), default=0.95
            Probability that the interval holds the true value: the bounds are the
            ``(1 - coverage) / 2`` and ``(1 + coverage) / 2`` quantiles.

        Returns
        -------
        lower, upper : ndarray of shape (n_samples,) or (n_samples, horizon)
            The bounds, each shaped like :meth:`predict`'s output.

        Examples
        --------
        >>> import numpy as np
        >>> from sklearn_rnn import RNNForecaster, make_windows
        >>> rng = np.random.default_rng(0)
        >>> X, y = make_windows(rng.normal(size=600), window_length=8)
        >>> model = RNNForecaster(quantiles=(0.05, 0.95), hidden_size=8,
        ...                       max_epochs=5, random_state=0).fit(X, y)
        >>> lower, upper = model.predict_interval(X[:3], coverage=0.9)
        >>> lower.shape, bool(np.all(lower < upper))
        ((3,), True)
        """
        check_is_fitted(self, "net_")
        levels = check_coverage(coverage, self.quantiles_)
        _, qvalues = self._predict_windows(self._check_windows(X))
        return tuple(
            self._shape_like_y(quantile_at(self.quantiles_, qvalues, level))
            for level in levels
        )


def _fit_data(X, y, weight, y_name):
    """Windows, targets and loss weights as ``BaseRNN._fit`` takes them."""
    return {"X": X, "y": y, "weight": weight, "y_name": y_name}
