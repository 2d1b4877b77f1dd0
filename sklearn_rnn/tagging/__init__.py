"""Sequence labelling: :class:`SequenceTagger`, one tag per token.

The estimator (``_estimator.py``) validates, indexes and batches sentences
(``_sentences.py``), resolves span schemes (``_schemes.py``), describes its
network and callbacks (``_spec.py``) and decodes tag sequences (``_decoding.py``).
"""

from ._estimator import SequenceTagger

__all__ = ["SequenceTagger"]
