"""PyTorch modules used by the estimators.

These modules know nothing of scikit-learn or skorch: the cell registry
(:data:`CELLS`, :func:`cell_mode`), a recurrent core factory and one head per
task. They can be used on their own in plain PyTorch code.
"""

from ._cells import CELLS, cell_mode
from ._charlm import CharLanguageModel, SequenceCrossEntropy
from ._core import make_recurrent_core
from ._crf import CRF
from ._forecast import ForecastLoss, ForecastModule
from ._tagger import TaggerModule, TaggingLoss

__all__ = [
    "CELLS",
    "CRF",
    "CharLanguageModel",
    "ForecastLoss",
    "ForecastModule",
    "SequenceCrossEntropy",
    "TaggerModule",
    "TaggingLoss",
    "cell_mode",
    "make_recurrent_core",
]
