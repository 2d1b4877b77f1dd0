"""Conformal prediction intervals around a forecaster: :class:`ConformalForecaster`.

The public path of ``sklearn_rnn.forecasting._conformal``.
"""

from .forecasting._conformal import ConformalForecaster

__all__ = ["ConformalForecaster"]
