"""Text generation: :class:`CharRNNGenerator`, a character-level language model.

The estimator (``_estimator.py``) encodes texts (``_text.py``), reads them in
batches to score them (``_inference.py``), checks its prediction arguments
(``_input.py``) and writes new text one character at a time through a numpy copy
of the trained cells (``_stepper.py``).
"""

from ._estimator import CharRNNGenerator

__all__ = ["CharRNNGenerator"]
