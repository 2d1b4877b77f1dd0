"""Plots, as scikit-learn's displays: ``from_estimator``, ``from_*`` and ``plot``.

matplotlib is an optional dependency (``pip install "sklearn-rnn[plot]"``); it is
imported only when a display draws.
"""

from ._forecast import ForecastDisplay
from ._training import TrainingCurveDisplay

__all__ = ["ForecastDisplay", "TrainingCurveDisplay"]
