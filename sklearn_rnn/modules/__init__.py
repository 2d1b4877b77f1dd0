"""PyTorch modules used by the estimators.

These modules know nothing of scikit-learn or skorch: a recurrent core factory and
one head per task. They can be used on their own in plain PyTorch code.
"""

from ._charlm import CharLanguageModel, SequenceCrossEntropy
from ._core import make_recurrent_core
from ._crf import CRF
from ._forecast import ForecastLoss, ForecastModule
from ._tagger import TaggerModule, TaggingLoss

__all__ = [
    "CRF",
    "CharLanguageModel",
    "ForecastLoss",
    "ForecastModule",
    "SequenceCrossEntropy",
    "TaggerModule",
    "TaggingLoss",
    "make_recurrent_core",
]
