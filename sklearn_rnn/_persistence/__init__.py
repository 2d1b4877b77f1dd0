"""Safe persistence: :func:`save` and :func:`load` (``file.py``).

``codec.py`` encodes an estimator as JSON and tensors, ``decoding.py`` decodes it
against the allow-list of ``trusted.py``, ``restore_checks.py`` checks that what
was decoded fits together.
"""

from .file import load, save

__all__ = ["load", "save"]
