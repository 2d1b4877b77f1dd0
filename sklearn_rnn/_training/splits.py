"""The one time-ordered split: hold out the last part of the samples.

Early stopping validates on the tail of the training data (windows, documents,
characters of a single text, sentences), and conformal intervals calibrate on
it; a random split would let the model see the future it is judged on.
"""


def tail_bounds(
    n,
    fraction,
    *,
    gap=0,
    unit="samples",
    purpose="validation",
    parameter="early_stopping=True",
    fraction_name="validation_fraction",
):
    """``(train_end, held_start)``: train on ``[:train_end]``, hold out the rest.

    The held-out part is the last ``max(1, round(fraction * n))`` items, never
    empty and never the whole data; ``gap`` items between the two parts are left
    out of both (windows whose targets span ``horizon`` steps overlap their
    neighbours': a gap of ``horizon - 1`` keeps the held-out targets unseen).

    Parameters
    ----------
    n : int
        Number of items.
    fraction : float in (0, 1)
        Share held out, from the end.
    gap : int, default=0
        Items left out between the parts.
    unit : str, default="samples"
        What the items are, for the error message ("windows", "sentences", ...).
    purpose : str, default="validation"
        What the held-out part is for, for the error message.
    parameter, fraction_name : str
        The parameters that asked for the split, for the error message.

    Raises
    ------
    ValueError
        If no item would be left to train on.

    Examples
    --------
    >>> tail_bounds(10, 0.2, gap=1)
    (7, 8)
    >>> tail_bounds(2, 0.5, unit="sentences")
    (1, 1)
    """
    n_held = max(1, round(fraction * n))
    start = n - n_held
    if start - gap < 1:
        after = f" after a gap of {gap}" if gap else ""
        raise ValueError(
            f"{parameter} needs at least {n_held + gap + 1} {unit} to hold out "
            f"{n_held} for {purpose}{after}, got n_samples={n}. Pass more {unit} or a "
            f"smaller {fraction_name}."
        )
    return start - gap, start
