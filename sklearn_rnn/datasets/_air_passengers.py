"""Loader for the AirPassengers series embedded in ``datasets/data``."""

import csv
import io
from importlib import resources

import numpy as np

_FILENAME = "air_passengers.csv"


def _read_rows():
    text = resources.files(__package__).joinpath("data", _FILENAME).read_text("utf-8")
    # newline="" lets the csv module handle the file's CRLF line endings itself.
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)  # header: "date","value"
    return [(date, float(value)) for date, value in reader]


def load_air_passengers(*, as_frame=False):
    """Load the AirPassengers series: monthly airline passengers, 1949 to 1960.

    Monthly totals of international airline passengers, in thousands, from January
    1949 to December 1960 (Box & Jenkins, 1976, "Series G"; also R's
    ``AirPassengers``). 144 values with a trend and a multiplicative yearly
    season (seasonality 12). See ``sklearn_rnn/datasets/data/README.md`` for the
    source and licence.

    Parameters
    ----------
    as_frame : bool, default=False
        If True, return a :class:`pandas.Series` indexed by month (needs pandas).

    Returns
    -------
    passengers : ndarray of shape (144,) or pandas.Series
        float64 values, oldest first. With ``as_frame=True``, a Series named
        ``"passengers"`` with a monthly (month start) :class:`pandas.DatetimeIndex`
        named ``"date"``.

    Raises
    ------
    TypeError
        If ``as_frame`` is not a bool.

    Examples
    --------
    >>> from sklearn_rnn.datasets import load_air_passengers
    >>> y = load_air_passengers()
    >>> y.shape, y.dtype
    ((144,), dtype('float64'))
    >>> y[:4]
    array([112., 118., 132., 129.])
    """
    if not isinstance(as_frame, bool | np.bool_):
        shown = repr(as_frame) if type(as_frame).__module__ == "builtins" else "a value"
        raise TypeError(
            f"as_frame must be True or False; got {shown} of type "
            f"{type(as_frame).__name__}."
        )
    rows = _read_rows()
    values = np.array([value for _, value in rows], dtype=np.float64)
    if not as_frame:
        return values
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError(
            "load_air_passengers(as_frame=True) needs pandas, which is not "
            "installed; install it with `pip install pandas`, or call "
            "load_air_passengers() for a numpy array."
        ) from exc
    # freq="MS" also checks that the dates are contiguous month starts.
    index = pd.DatetimeIndex([date for date, _ in rows], freq="MS", name="date")
    return pd.Series(values, index=index, name="passengers")
