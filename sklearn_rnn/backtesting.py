"""Rolling-origin backtests of a forecaster: :func:`backtest`.

The public path of ``sklearn_rnn.forecasting._backtesting``.
"""

from .forecasting._backtesting import backtest

__all__ = ["backtest"]
