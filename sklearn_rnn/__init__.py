"""Recurrent neural networks as scikit-learn estimators, trained through skorch.

Submodules: :mod:`sklearn_rnn.metrics` (forecast and sequence metrics, scorers),
:mod:`sklearn_rnn.datasets` (embedded sample data), :mod:`sklearn_rnn.modules`
(the plain PyTorch modules).
"""

from ._persistence import load, save
from .backtesting import backtest
from .conformal import ConformalForecaster
from .ensemble import SeedEnsembleForecaster, SeedEnsembleTagger
from .forecasting import RNNForecaster
from .generation import CharRNNGenerator
from .tagging import SequenceTagger
from .windowing import SlidingWindowTransformer, make_panel_windows, make_windows

__version__ = "0.1.0"

__all__ = [
    "CharRNNGenerator",
    "ConformalForecaster",
    "RNNForecaster",
    "SeedEnsembleForecaster",
    "SeedEnsembleTagger",
    "SequenceTagger",
    "SlidingWindowTransformer",
    "__version__",
    "backtest",
    "load",
    "make_panel_windows",
    "make_windows",
    "save",
]
