"""The checks of :class:`~sklearn_rnn.CharRNNGenerator`'s prediction arguments."""

import math
from numbers import Real

from .._validation import check_int

# generate's bound on n_chars (ten million characters): a size far beyond it is
# a mistake that would otherwise allocate and loop for hours.
MAX_GENERATED = 10_000_000


def check_generate_args(n_chars, seed_text, temperature, top_k):
    """Raise a TypeError or ValueError naming the first bad argument of
    ``generate``; return ``n_chars`` as an int.

    Examples
    --------
    >>> check_generate_args(5, "the ", 0.8, None)
    5
    """
    n_chars = check_int(
        n_chars,
        "n_chars",
        minimum=0,
        maximum=MAX_GENERATED,
        advice=" Generate longer texts in pieces, each seeded with the end of "
        "the one before.",
    )
    if not isinstance(seed_text, str):
        raise TypeError(f"seed_text must be a string, got {type(seed_text).__name__}.")
    if isinstance(temperature, bool) or not isinstance(temperature, Real):
        raise TypeError(
            f"temperature must be a number > 0, got {type(temperature).__name__}."
        )
    if not (0 < temperature < math.inf):
        raise ValueError(
            f"temperature must be a finite number > 0, got {float(temperature)!r}."
        )
    if top_k is not None:
        check_int(top_k, "top_k", minimum=1)
    return n_chars


def check_contexts(X):
    """Raise a TypeError unless ``X`` is a list (or tuple) of context strings.

    Examples
    --------
    >>> check_contexts(["the ca", ""])
    """
    if isinstance(X, str) or not isinstance(X, list | tuple):
        raise TypeError(
            "X must be a list of context strings; wrap a single context in a "
            f"list, got {type(X).__name__}."
        )
    for i, context in enumerate(X):
        if not isinstance(context, str):
            raise TypeError(
                f"X must hold strings; context {i} is a {type(context).__name__}."
            )
