"""RNNForecaster: time-series forecasting from windows of past values."""

import numpy as np
import torch
from sklearn.base import RegressorMixin, _fit_context
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from ._base import (
    SHARED_ATTRIBUTES_DOC,
    SHARED_PARAMS_DOC,
    BaseRNN,
    check_int,
    with_shared_defaults,
)
from ._skorch import TailSplit
from .modules import ForecastModule

# Floor for a window's spread, relative to the training data's, so that flat
# windows are not blown up by a near-zero divisor under per-window scaling.
_MIN_RELATIVE_SCALE = 1e-2


@with_shared_defaults
class RNNForecaster(RegressorMixin, BaseRNN):
    __doc__ = f"""Recurrent network that forecasts the values following a window.

    Each sample is a window of past values, oldest first. The network reads it one
    time step at a time and predicts the next value (``y`` 1-D) or the next
    ``horizon`` values at once (``y`` of shape ``(n_samples, horizon)``, a direct
    multi-horizon forecast). :meth:`forecast` extends a history recursively past
    the trained horizon. Build windows from a series with
    :func:`~sklearn_rnn.make_windows`.

    Inputs and targets are scaled internally (fitted on the training data only);
    predictions come back in the units of ``y``.

    Parameters
    ----------
    scaling : {{"window", "global"}}, default="window"
        How the target's history and ``y`` are scaled. ``"window"`` centres each
        window on its own mean and divides by its own standard deviation (floored
        at 1% of the training data's), then maps the prediction back: the model
        learns shapes rather than levels, serves many series of different levels,
        and extrapolates trends past the training range. ``"global"`` uses one
        mean and standard deviation fitted on the training windows, for stationary
        series whose level carries information. Covariates (features 1 and up of
        3-D input) are always standardised globally.
    {SHARED_PARAMS_DOC}

    Attributes
    ----------
    n_features_in_ : int
        Number of time steps per window (``X.shape[1]``), the window length.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names, when ``X`` is a DataFrame with string column names.
    n_features_per_step_ : int
        Number of features per time step: 1 for 2-D ``X``, ``X.shape[2]`` for 3-D
        ``X``.
    horizon_ : int
        Number of values predicted per window (``y.shape[1]``, or 1).
    feature_loc_, feature_scale_ : ndarray of shape (n_features_per_step_,)
        Mean and standard deviation of each feature over the training windows
        (the early-stopping tail excluded), used for global scaling.
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
        "scaling": [StrOptions({"window", "global"})],
    }

    def __init__(
        self,
        *,
        scaling="window",
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
            device=device,
            random_state=random_state,
            verbose=verbose,
            callbacks=callbacks,
        )
        self.scaling = scaling

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.target_tags.multi_output = True
        return tags

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Train the network on windows ``X`` and the values ``y`` that follow.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps) or \
(n_samples, n_timesteps, n_features)
            Windows, oldest value first. 2-D: univariate windows. 3-D: feature 0
            is the target's history, the others are covariates.
        y : array-like of shape (n_samples,) or (n_samples, horizon)
            The value(s) following each window.

        Returns
        -------
        self : RNNForecaster
            The fitted estimator.
        """
        # Checked before validate_data, whose message would not name y.
        y_shape = np.asarray(y).shape
        if len(y_shape) > 2:
            raise ValueError(
                "y must be 1-D (n_samples,) or 2-D (n_samples, horizon), got an array "
                f"of shape {y_shape}."
            )
        X, y = validate_data(
            self,
            X,
            y,
            allow_nd=True,
            multi_output=True,
            y_numeric=True,
            dtype=[np.float64, np.float32],
        )
        X = self._as_3d(X, "X")
        self.n_features_per_step_ = X.shape[2]
        self._y_1d_ = y.ndim == 1
        y = y.reshape(len(y), -1)
        self.horizon_ = y.shape[1]

        # The last horizon - 1 training windows' targets overlap the first
        # validation window's: leave them out so that validation stays unseen.
        split = TailSplit(self.validation_fraction, gap=self.horizon_ - 1)
        n_train = split.bounds(len(X))[0] if self.early_stopping else len(X)

        X64 = X.astype(np.float64, copy=False)
        # Scaling statistics come from the training part only (time safety).
        self.feature_loc_ = X64[:n_train].mean(axis=(0, 1))
        scale = X64[:n_train].std(axis=(0, 1))
        self.feature_scale_ = np.where(scale > 0, scale, 1.0)
        X_t, loc, scale = self._encode(X64)
        y_t = torch.from_numpy(((y - loc) / scale).astype(np.float32))
        return self._fit_net(
            X_t, y_t, **({"train_split": split} if self.early_stopping else {})
        )

    def _module_spec(self, X, y):
        kwargs = {
            "input_size": X.shape[2],
            "horizon": y.shape[1],
            **self._core_kwargs(),
        }
        return ForecastModule, torch.nn.MSELoss, kwargs

    @staticmethod
    def _as_3d(X, name):
        if X.ndim == 2:
            return X[:, :, np.newaxis]
        if X.ndim != 3 or X.shape[2] == 0:
            raise ValueError(
                f"{name} must be 2-D (n_samples, n_timesteps) or 3-D (n_samples, "
                f"n_timesteps, n_features) with n_features >= 1, got an array of "
                f"shape {X.shape}."
            )
        return X

    def _encode(self, X):
        """Scale float64 windows; return a float32 tensor and the target's stats."""
        target = X[:, :, 0]
        if self.scaling == "window":
            loc = target.mean(axis=1, keepdims=True)
            floor = _MIN_RELATIVE_SCALE * self.feature_scale_[0]
            scale = np.maximum(target.std(axis=1, keepdims=True), floor)
        else:
            loc = np.full((len(X), 1), self.feature_loc_[0])
            scale = np.full((len(X), 1), self.feature_scale_[0])
        Xs = (X - self.feature_loc_) / self.feature_scale_
        Xs[:, :, 0] = (target - loc) / scale
        return torch.from_numpy(Xs.astype(np.float32)), loc, scale

    def _predict_windows(self, X, module=None):
        """Predict ``(n_samples, horizon)`` for validated float64 3-D windows."""
        X_t, loc, scale = self._encode(X)
        out = self._forward(X_t, module).numpy().astype(np.float64)
        return out * scale + loc

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
        check_is_fitted(self)
        X = validate_data(
            self, X, reset=False, allow_nd=True, dtype=[np.float64, np.float32]
        )
        X = self._as_3d(X, "X")
        if X.shape[2] != self.n_features_per_step_:
            raise ValueError(
                f"X has {X.shape[2]} features per time step, but {type(self).__name__}"
                f" was fitted with {self.n_features_per_step_}."
            )
        y_pred = self._predict_windows(X.astype(np.float64, copy=False))
        return y_pred[:, 0] if self._y_1d_ else y_pred

    def forecast(self, history, steps):
        """Forecast ``steps`` values past the end of each history, recursively.

        The last ``n_features_in_`` values of each history form a window; each
        prediction (``horizon_`` values at a time) is appended and the window
        slides forward until ``steps`` values are produced. Only for models fitted
        on univariate windows (future covariates are unknown).

        Parameters
        ----------
        history : array-like of shape (n_timesteps,) or (n_series, n_timesteps), \
or list of 1-D arrays
            Past values of one series, of a batch of series of equal length, or of
            series of different lengths. Each needs at least ``n_features_in_``
            values.
        steps : int
            Number of future values to produce, at least 1.

        Returns
        -------
        forecast : ndarray of shape (steps,) or (n_series, steps)
            ``(steps,)`` for a 1-D history, else one row per series.
        """
        check_is_fitted(self)
        check_int(steps, "steps", minimum=1)
        if self.n_features_per_step_ != 1:
            raise ValueError(
                "forecast needs a model fitted on univariate windows; this one was "
                f"fitted with {self.n_features_per_step_} features per time step, "
                "whose future values are unknown. Use predict on windows instead."
            )
        windows, single = _last_windows(history, self.n_features_in_)
        module = self._inference_module()
        produced = []
        n_done = 0
        while n_done < steps:
            pred = self._predict_windows(windows[:, :, np.newaxis], module)
            produced.append(pred)
            n_done += pred.shape[1]
            windows = np.concatenate([windows, pred], axis=1)[:, -self.n_features_in_ :]
        out = np.concatenate(produced, axis=1)[:, :steps]
        return out[0] if single else out


def _last_windows(history, window_length):
    """Validate histories; return their last windows ``(n, window_length)``."""
    if isinstance(history, list) and history and np.ndim(history[0]) == 1:
        series = [np.asarray(h, dtype=np.float64) for h in history]
        single = False
    else:
        arr = np.asarray(history, dtype=np.float64)
        if arr.ndim not in (1, 2):
            raise ValueError(
                "history must be 1-D (one series), 2-D (n_series, n_timesteps) or a "
                f"list of 1-D series, got an array of shape {arr.shape}."
            )
        single = arr.ndim == 1
        series = [arr] if single else list(arr)
    if not series:
        raise ValueError("history holds no series: pass at least one history.")
    for i, s in enumerate(series):
        if s.ndim != 1 or len(s) < window_length:
            raise ValueError(
                f"history {i} has shape {s.shape}; each history needs at least "
                f"window_length={window_length} values (the model's n_features_in_)."
            )
        if not np.all(np.isfinite(s)):
            raise ValueError(f"history {i} contains NaN or infinity.")
    return np.stack([s[-window_length:] for s in series]), single
