"""What network a fitted :class:`~sklearn_rnn.RNNForecaster` trains.

Its module's arguments, read off the encoded windows and the fitted horizon and
quantiles, its loss, and the callback that sets the module's linear highway
before the first epoch (``_highway``): the forecaster's training spec, kept apart
so that the estimator reads as its fit and predict.
"""

from functools import partial

from .._training.callbacks import ModuleSetup
from .._training.spec import TrainingSpec
from ..modules import ForecastLoss, ForecastModule
from ._highway import set_highway


def training_spec(forecaster, X, weight_unit):
    """The :class:`~sklearn_rnn._training.spec.TrainingSpec` of ``forecaster``
    (horizon, quantiles and future steps fitted) on encoded windows ``X``.

    ``weight_unit`` is how many windows a normalised loss weight of 1 stands for
    (see :func:`~sklearn_rnn.forecasting._highway.ridge_highway`).
    """
    quantiles = () if forecaster.quantiles_ is None else tuple(forecaster.quantiles_)
    module_kwargs = {
        "input_size": X.shape[2],  # the encoded windows: with the future flag
        "horizon": forecaster.horizon_,
        "n_quantiles": len(quantiles),
        "patch_length": forecaster.patch_length or 1,
        "future_steps": forecaster.n_future_steps_,
        "past_steps": X.shape[1] - forecaster.n_future_steps_,
        **forecaster._core_kwargs(),
    }
    highway = ModuleSetup(partial(set_highway, weight_unit=weight_unit))
    return TrainingSpec(
        ForecastModule,
        module_kwargs,
        ForecastLoss,
        {"point_loss": forecaster.loss, "quantiles": quantiles},
        callbacks=(("highway", highway),),
    )
