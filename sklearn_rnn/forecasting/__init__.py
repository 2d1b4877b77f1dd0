"""Forecasting: :class:`RNNForecaster` and what serves it.

The estimator (``_estimator.py``) validates windows (``_input.py``), scales them
(``_scaling.py``), weights and masks targets (``_target_weights.py``), and
forecasts histories recursively (``_recursive.py``, ``_covariate_forecast.py``,
``_frame_forecast.py``) with quantile levels (``_levels.py``). Built on it:
conformal intervals (``_conformal.py``, public as :mod:`sklearn_rnn.conformal`) and
rolling-origin backtests (``_backtesting.py``, public as
:mod:`sklearn_rnn.backtesting`).
"""

from ._estimator import RNNForecaster

__all__ = ["RNNForecaster"]
