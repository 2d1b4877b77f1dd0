"""``forecast`` from long-format frames for models fitted with covariates.

The history frame gives each series' observed past, the ``future`` frame the
values of the future covariates over the forecast's time stamps; statics and
calendar features come from the history and the future time stamps. The
columns are named as for :func:`~sklearn_rnn.make_panel_windows`, so that the
features line up with the windows the model was fitted on.
"""

import numpy as np
import pandas as pd

from ..windowing._long_format import _plain, forecast_frame, grid
from ..windowing._panel_features import (
    calendar_features,
    check_calendar,
    check_names,
    frame_features,
    static_features,
)


def frame_inputs(model, history, future, steps, columns, freq):
    """Histories ``(n, past, n_features)``, future known values ``(n, steps,
    n_known)`` (or None) and a function framing the forecasts, from frames.

    ``columns`` maps id_col, time_col, target_col, covariates,
    future_covariates, static_covariates and calendar to their values.
    """
    id_col, time_col = columns["id_col"], columns["time_col"]
    past = check_names(columns["covariates"], "covariates")
    ahead = check_names(columns["future_covariates"], "future_covariates")
    statics = check_names(columns["static_covariates"], "static_covariates")
    calendar = check_calendar(columns["calendar"])
    ids, arrays, known, last, step = frame_features(
        history,
        "history",
        id_col,
        time_col,
        columns["target_col"],
        past,
        ahead,
        statics,
        calendar,
        freq,
    )
    n_features = arrays[0].shape[1] if arrays[0].ndim == 2 else 1
    model_known = model.future_known_
    expected_known = (
        None if model_known is None else np.flatnonzero(model_known).tolist()
    )
    got_known = None if known is None else known.tolist()
    if n_features != model.n_features_per_step_ or expected_known != got_known:
        raise ValueError(
            f"history gives {n_features} features per time step (target, "
            f"{len(past)} covariate(s), {len(ahead)} future covariate(s), "
            f"statics and calendar: features {got_known or []} known ahead), but "
            f"the model was fitted on {model.n_features_per_step_} (features "
            f"{expected_known or []} known ahead): pass forecast the same "
            "covariates, future_covariates, static_covariates and calendar as "
            "make_panel_windows."
        )
    past_length = model.n_features_in_ - model.n_future_steps_
    for key, values in zip(ids, arrays, strict=True):
        recent = values[-past_length:]
        if len(recent) < past_length or np.isnan(recent).any():
            raise ValueError(
                f"history: series {_plain(key)!r} has fewer than {past_length} "
                "time steps, or missing values among its last ones; forecast "
                f"reads the last {past_length} of each series."
            )
    histories = [values[-past_length:] for values in arrays]
    known_values = None
    if known is not None:
        stamps = [grid(t, steps + 1, step, periods=True)[1:] for t in last]
        given = _future_values(future, ids, stamps, ahead, columns)
        static_values, _ = static_features(history, ids, statics, "history", id_col)
        known_values = np.stack(
            [
                np.column_stack(
                    [
                        given[i],
                        np.repeat(static_values[i][None], steps, axis=0),
                        calendar_features(
                            pd.DatetimeIndex(stamps[i])
                            if not isinstance(step, int | np.integer)
                            else stamps[i],
                            calendar,
                            "future",
                            time_col,
                        ),
                    ]
                )
                for i in range(len(ids))
            ]
        )
    elif future is not None:
        raise ValueError(
            "future gives covariates, but the model reads none known ahead: "
            "leave future=None."
        )

    def frame(outputs):
        return forecast_frame(ids, last, step, steps, outputs, id_col, time_col)

    return histories, known_values, frame


def _future_values(future, ids, stamps, ahead, columns):
    """The future covariates of each series at its forecast time stamps."""
    id_col, time_col = columns["id_col"], columns["time_col"]
    if not ahead:
        return [np.empty((len(s), 0)) for s in stamps]
    if not isinstance(future, pd.DataFrame):
        raise TypeError(
            "future must be a long-format DataFrame (id_col, time_col and the "
            f"future covariates {ahead}) for a long-format history; got "
            f"{type(future).__name__}."
        )
    absent = [c for c in (id_col, time_col, *ahead) if c not in future.columns]
    if absent:
        raise ValueError(
            f"future has no column {absent[0]!r}; it needs {id_col!r}, "
            f"{time_col!r} and the future covariates {ahead}."
        )
    indexed = future.set_index([id_col, time_col])[ahead]
    if not indexed.index.is_unique:
        raise ValueError(f"future has two rows for one series and {time_col}.")
    out = []
    for key, times in zip(ids, stamps, strict=True):
        wanted = pd.MultiIndex.from_arrays([np.repeat(key, len(times)), times])
        rows = indexed.reindex(wanted).to_numpy(dtype=np.float64)
        missing = np.isnan(rows).any(axis=1)
        if missing.any():
            raise ValueError(
                f"future has no values for series {_plain(key)!r} at {time_col}="
                f"{pd.Index(times)[missing][0]!s} (nor missing values may stand "
                f"there): it needs the future covariates {ahead} at each of the "
                f"{len(times)} time stamps forecast."
            )
        out.append(rows)
    return out


def mean_frame_forecast(members, history, steps, **kwargs):
    """The mean of the members' long-format forecasts of a frame ``history``
    (each member reads the covariates from the frames itself)."""
    frames = [m.forecast(history, steps, **kwargs) for m in members]
    out = frames[0].copy()
    values = [c for c in ("forecast", "lower", "upper") if c in out]
    out[values] = np.mean([f[values].to_numpy() for f in frames], axis=0)
    return out
