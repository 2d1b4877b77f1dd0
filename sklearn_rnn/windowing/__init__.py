"""Sequence windowing: series and panels into model inputs (numpy and pandas only).

:func:`make_windows` and :class:`SlidingWindowTransformer` window one series
(``_sliding.py``); :func:`make_panel_windows` windows many series, from arrays or
long-format DataFrames with covariates (``_panel.py``, ``_long_format.py``,
``_panel_features.py``); ``_future_steps.py`` lays out the future steps of
future-known covariates. Nothing here imports torch.
"""

from ._panel import make_panel_windows
from ._sliding import SlidingWindowTransformer, make_windows

__all__ = ["SlidingWindowTransformer", "make_panel_windows", "make_windows"]
