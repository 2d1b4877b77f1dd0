"""The inputs of :func:`sklearn_rnn.backtesting.backtest`, checked at the boundary.

Every error names the argument, says what was expected and what was received.
"""

import numpy as np
import pandas as pd

from .._arrays import real_array
from .._validation import check_int, describe
from ..windowing._long_format import is_frame, is_series, split_frame


def check_estimator(estimator):
    if isinstance(estimator, type):
        raise TypeError(
            f"estimator must be an estimator instance with fit and predict; got "
            f"{describe(estimator)}: call it, e.g. {estimator.__name__}()."
        )
    missing = [
        m for m in ("fit", "predict") if not callable(getattr(estimator, m, None))
    ]
    if missing:
        raise TypeError(
            f"estimator must be a regressor with fit(X, y) and predict(X), such as "
            f"RNNForecaster(); got {describe(estimator)}, which has no "
            f"{' or '.join(missing)}."
        )


def check_refit_every(refit_every):
    if refit_every is None:
        return None
    refit_every = check_int(refit_every, "refit_every", minimum=-(2**63))
    if refit_every < 1:
        raise ValueError(
            "refit_every must be an integer >= 1, or None to fit once on the first "
            f"fold; got {refit_every}."
        )
    return refit_every


def panel(series, id_col, time_col, target_col, freq):
    """The ids, float64 values, last time stamps (None: positions) and step."""
    if is_series(series) and isinstance(series.index, pd.DatetimeIndex):
        name = 0 if series.name is None else series.name
        series = pd.DataFrame(
            {id_col: name, time_col: series.index, target_col: series.to_numpy()}
        )
    if is_frame(series):
        ids, values, last, step = split_frame(
            series, "series", id_col, time_col, target_col, freq=freq
        )
        return ids, values, last, step
    expected = "series must be one 1-D series, a list of 1-D series or a long-format "
    expected += "DataFrame"
    if isinstance(series, dict):
        raise TypeError(f"{expected}, not a dict: pass list(d.values()).")
    if isinstance(series, str | bytes) or not hasattr(series, "__iter__"):
        raise TypeError(f"{expected}; got {describe(series)}.")
    if isinstance(series, np.ndarray | pd.Series):
        if series.ndim > 2:
            raise ValueError(
                f"{expected} (an array of shape (n_timesteps,) or (n_series, "
                f"n_timesteps)); got an array of shape {series.shape}."
            )
        one = series.ndim == 1
    else:
        one = all(np.ndim(v) == 0 for v in series)
    shapes = "(n_timesteps,)"
    if one:
        values = [real_array(series, "series", (1,), shapes=shapes, allow_nan=True)]
    else:
        # An empty series is kept, to be reported as too short for every fold.
        values = [
            real_array(
                s, f"series[{i}]", (1,), shapes=shapes, allow_nan=True, allow_empty=True
            )
            for i, s in enumerate(series)
        ]
    values = [v.astype(np.float64, copy=False) for v in values]
    return np.arange(len(values)), values, [len(v) - 1 for v in values], None


def check_lengths(values, span, first_after, n_folds):
    longest = max(len(v) for v in values)
    if longest < span + first_after:
        raise ValueError(
            f"series is too short for n_folds={n_folds}: the first fold's training "
            f"part needs window_length + horizon = {span} values, and "
            f"horizon + (n_folds - 1) * fold_step = {first_after} values follow "
            f"it, so {span + first_after} values in all; the longest series has "
            f"{longest}. Lower n_folds, fold_step, window_length or horizon."
        )
