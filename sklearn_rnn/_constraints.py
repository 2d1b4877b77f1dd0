"""Parameter constraints for scikit-learn's validation that refuse booleans.

``True`` is an ``Integral`` (and a ``Real``) in Python, so scikit-learn's
``Interval(Integral, 1, None)`` accepts ``hidden_size=True`` as a size of one.
These intervals refuse bools, numpy's included, and read as scikit-learn's do
in its error messages.
"""

from numbers import Integral, Real

import numpy as np
from sklearn.utils._param_validation import Interval


class NotBoolInterval(Interval):
    """An :class:`~sklearn.utils._param_validation.Interval` that no bool meets.

    Examples
    --------
    >>> from numbers import Integral
    >>> size = NotBoolInterval(Integral, 1, None, closed="left")
    >>> size.is_satisfied_by(3), size.is_satisfied_by(True)
    (True, False)
    """

    def is_satisfied_by(self, val):
        return not isinstance(val, bool | np.bool_) and super().is_satisfied_by(val)


def count(minimum=1):
    """An integer at least ``minimum``, never a bool.

    Examples
    --------
    >>> str(count(1))
    'an int in the range [1, inf)'
    """
    return NotBoolInterval(Integral, minimum, None, closed="left")


def real(left, right, closed):
    """A real number in the interval, never a bool.

    Examples
    --------
    >>> real(0, 1, "neither").is_satisfied_by(False)
    False
    """
    return NotBoolInterval(Real, left, right, closed=closed)
