"""Rolling-origin backtests: folds, exact splits and metrics, refits, real models."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.model_selection import TimeSeriesSplit

from sklearn_rnn import RNNForecaster
from sklearn_rnn.backtesting import backtest
from sklearn_rnn.metrics import (
    mean_absolute_scaled_error,
    symmetric_mean_absolute_percentage_error,
)

COLUMNS = ["fold", "unique_id", "cutoff", "mae", "rmse", "smape", "mase"]


class LastValue(RegressorMixin, BaseEstimator):
    """The naive forecast: every step of the horizon repeats the window's last value.

    Each fit is recorded in the class attribute ``fits`` (clones share it) as the
    set of values the model saw, windows and targets together.
    """

    fits: list = []

    def fit(self, X, y):
        X, y = np.asarray(X), np.asarray(y)
        self.horizon_ = 1 if y.ndim == 1 else y.shape[1]
        self._y_1d_ = y.ndim == 1
        LastValue.fits.append(set(X.ravel().tolist()) | set(y.ravel().tolist()))
        return self

    def predict(self, X):
        last = np.asarray(X)[:, -1]
        return last if self._y_1d_ else np.repeat(last[:, None], self.horizon_, 1)


class MeanOfTargets(LastValue):
    """Forecasts the mean of the training targets, whatever the window."""

    def fit(self, X, y):
        super().fit(X, y)
        self.mean_ = float(np.mean(y))
        return self

    def predict(self, X):
        return np.full((len(X), self.horizon_), self.mean_)


@pytest.fixture(autouse=True)
def _no_fits():
    LastValue.fits.clear()


SERIES = np.array([1.0, 3.0, 2.0, 5.0, 4.0, 6.0, 8.0, 7.0, 9.0, 10.0])


def test_shapes_and_columns_of_a_panel():
    panel = [np.arange(30.0), np.arange(40.0) * 2, np.arange(25.0) + 5]
    scores, forecasts = backtest(
        LastValue(), panel, 4, horizon=3, n_folds=2, return_forecasts=True
    )
    assert scores.columns.tolist() == COLUMNS
    assert scores[["fold", "unique_id"]].values.tolist() == [
        [0, 0],
        [0, 1],
        [0, 2],
        [1, 0],
        [1, 1],
        [1, 2],
    ]
    # Aligned at their ends: each cutoff counts back from its own series' end.
    assert scores["cutoff"].tolist() == [23, 33, 18, 26, 36, 21]
    assert forecasts.columns.tolist() == ["fold", "unique_id", "ds", "y", "forecast"]
    assert len(forecasts) == 6 * 3
    last_fold = forecasts[forecasts["fold"] == 1]
    assert last_fold["ds"].tolist() == [27, 28, 29, 37, 38, 39, 22, 23, 24]
    assert last_fold["y"].tolist()[:3] == [27.0, 28.0, 29.0]
    assert last_fold["forecast"].tolist()[:3] == [26.0] * 3


def test_exact_split_and_metrics_by_hand():
    scores, forecasts = backtest(
        LastValue(), SERIES, 3, horizon=2, n_folds=2, return_forecasts=True
    )
    # Fold 0 trains on the first 6 values, forecasts 6, 6 for the actual 8, 7.
    assert LastValue.fits[0] == {1.0, 2.0, 3.0, 4.0, 5.0, 6.0}
    assert forecasts["y"].tolist() == [8.0, 7.0, 9.0, 10.0]
    assert forecasts["forecast"].tolist() == [6.0, 6.0, 7.0, 7.0]
    assert scores["cutoff"].tolist() == [5, 7]
    assert scores["mae"].tolist() == pytest.approx([1.5, 2.5])
    assert scores["rmse"].tolist() == pytest.approx([np.sqrt(2.5), np.sqrt(6.5)])
    smape = [(200 * 2 / 14 + 200 * 1 / 13) / 2, (200 * 2 / 16 + 200 * 3 / 17) / 2]
    assert scores["smape"].tolist() == pytest.approx(smape)
    # Naive in-sample errors: 2, 1, 3, 1, 2 (scale 9/5), then also 2, 1 (12/7).
    assert scores["mase"].tolist() == pytest.approx([1.5 / 1.8, 2.5 / (12 / 7)])


def test_metrics_agree_with_the_package_metrics():
    rng = np.random.default_rng(0)
    series = np.cumsum(rng.normal(size=60)) + 50
    scores, forecasts = backtest(
        LastValue(),
        series,
        5,
        horizon=4,
        n_folds=3,
        seasonality=3,
        return_forecasts=True,
    )
    for fold, row in scores.iterrows():
        part = forecasts[forecasts["fold"] == fold]
        train = series[: int(row["cutoff"]) + 1]
        assert row["mase"] == pytest.approx(
            mean_absolute_scaled_error(
                part["y"], part["forecast"], y_train=train, seasonality=3
            )
        )
        assert row["smape"] == pytest.approx(
            symmetric_mean_absolute_percentage_error(part["y"], part["forecast"])
        )


@pytest.mark.parametrize("n_folds", [2, 3, 5])
@pytest.mark.parametrize("horizon", [1, 4])
def test_folds_are_those_of_time_series_split(n_folds, horizon):
    series = np.arange(40.0)  # values are their positions
    _, forecasts = backtest(
        LastValue(),
        series,
        3,
        horizon=horizon,
        n_folds=n_folds,
        return_forecasts=True,
    )
    split = TimeSeriesSplit(n_splits=n_folds, test_size=horizon).split(series)
    for fold, (train, test) in enumerate(split):
        assert LastValue.fits[fold] == set(train.tolist())
        assert forecasts.loc[forecasts["fold"] == fold, "ds"].tolist() == test.tolist()


def test_fold_step_spaces_the_cutoffs():
    scores = backtest(LastValue(), np.arange(50.0), 4, horizon=3, fold_step=5)
    assert scores["cutoff"].tolist() == [36, 41, 46]
    overlapping = backtest(LastValue(), np.arange(50.0), 4, horizon=3, fold_step=1)
    assert overlapping["cutoff"].tolist() == [44, 45, 46]


@pytest.mark.parametrize(
    "refit_every, n_fits", [(1, 5), (2, 3), (3, 2), (5, 1), (None, 1)]
)
def test_refit_every_counts_fits(refit_every, n_fits):
    backtest(
        LastValue(), np.arange(40.0), 3, horizon=2, n_folds=5, refit_every=refit_every
    )
    assert len(LastValue.fits) == n_fits


def test_folds_between_refits_reuse_the_last_model():
    series = np.arange(40.0)
    _, forecasts = backtest(
        MeanOfTargets(),
        series,
        3,
        horizon=2,
        n_folds=4,
        refit_every=None,
        return_forecasts=True,
    )
    # One model, fitted on the first fold: the same forecast for every fold.
    assert forecasts["forecast"].nunique() == 1
    _, refitted = backtest(
        MeanOfTargets(), series, 3, horizon=2, n_folds=4, return_forecasts=True
    )
    assert refitted["forecast"].nunique() == 4


def test_reused_model_forecasts_from_the_longer_history():
    scores = backtest(LastValue(), SERIES, 3, horizon=2, n_folds=2, refit_every=None)
    # Fold 1 still forecasts from its own last window (last value 7).
    assert scores["mae"].tolist() == pytest.approx([1.5, 2.5])


def test_dated_frame_gives_dated_cutoffs():
    months = pd.date_range("2020-01-01", periods=24, freq="MS")
    df = pd.concat(
        [
            pd.DataFrame({"unique_id": "a", "ds": months, "y": np.arange(24.0)}),
            pd.DataFrame(
                {"unique_id": "b", "ds": months[:20], "y": np.arange(20.0) * 3}
            ),
        ],
        ignore_index=True,
    )
    scores, forecasts = backtest(
        LastValue(), df, 4, horizon=2, n_folds=2, return_forecasts=True
    )
    assert scores["unique_id"].tolist() == ["a", "b", "a", "b"]
    assert scores["cutoff"].tolist() == [
        pd.Timestamp("2021-08-01"),
        pd.Timestamp("2021-04-01"),
        pd.Timestamp("2021-10-01"),
        pd.Timestamp("2021-06-01"),
    ]
    first = forecasts[(forecasts["fold"] == 0) & (forecasts["unique_id"] == "a")]
    assert first["ds"].tolist() == [
        pd.Timestamp("2021-09-01"),
        pd.Timestamp("2021-10-01"),
    ]
    assert first["y"].tolist() == [20.0, 21.0]


def test_renamed_columns_and_a_dated_series():
    months = pd.date_range("2020-01-01", periods=24, freq="MS")
    df = pd.DataFrame({"store": "s", "month": months, "sales": np.arange(24.0)})
    scores, forecasts = backtest(
        LastValue(),
        df,
        4,
        n_folds=2,
        return_forecasts=True,
        id_col="store",
        time_col="month",
        target_col="sales",
    )
    assert scores.columns.tolist()[:3] == ["fold", "store", "cutoff"]
    assert forecasts.columns.tolist() == ["fold", "store", "month", "sales", "forecast"]
    series = pd.Series(np.arange(24.0), index=months, name="sales")
    same = backtest(LastValue(), series, 4, n_folds=2)
    assert same["cutoff"].tolist() == scores["cutoff"].tolist()
    assert same["unique_id"].tolist() == ["sales", "sales"]


def test_nan_actuals_are_left_out_of_the_metrics():
    series = SERIES.copy()
    series[-2] = np.nan  # the last fold's first actual
    scores = backtest(LastValue(), series, 3, horizon=2, n_folds=2)
    # Fold 1 is scored on its second value alone: actual 10, forecast 7.
    assert scores.loc[1, ["mae", "rmse"]].tolist() == pytest.approx([3.0, 3.0])
    series[-1] = np.nan
    scores = backtest(LastValue(), series, 3, horizon=2, n_folds=2)
    assert scores.loc[1, ["mae", "rmse", "smape", "mase"]].isna().all()
    assert scores.loc[0, "mae"] == pytest.approx(1.5)


def test_series_too_short_for_a_fold_are_reported():
    panel = [np.arange(30.0), np.arange(9.0)]
    with pytest.warns(
        UserWarning,
        match=r"left 2 \(fold, series\) pairs out.*"
        r"window_length \+ horizon = 6 values before the cutoff "
        r"\(series 1 in fold 0, series 1 in fold 1\)",
    ):
        scores = backtest(LastValue(), panel, 4, horizon=2, n_folds=3)
    assert scores[["fold", "unique_id"]].values.tolist() == [
        [0, 0],
        [1, 0],
        [2, 0],
        [2, 1],
    ]


def test_missing_last_window_is_reported():
    series = np.arange(30.0)
    series[26] = np.nan  # in the last window of the last fold only
    with pytest.warns(UserWarning, match="missing values in the last window"):
        scores = backtest(LastValue(), series, 3, horizon=2, n_folds=2)
    assert scores["fold"].tolist() == [0]


def test_constant_training_part_gives_nan_mase():
    with pytest.warns(UserWarning, match="MASE scale is 0"):
        scores = backtest(LastValue(), np.ones(20), 3, horizon=2, n_folds=1)
    assert np.isnan(scores.loc[0, "mase"]) and scores.loc[0, "mae"] == 0


@pytest.mark.slow
def test_rnn_forecaster_beats_the_naive_forecast():
    t = np.arange(160)
    noise = np.random.default_rng(0).normal(scale=0.05, size=160)
    series = 10 + np.sin(2 * np.pi * t / 12) + noise
    model = RNNForecaster(hidden_size=8, max_epochs=30, lr=0.01, random_state=0)
    rnn = backtest(model, series, 24, horizon=6, n_folds=2, seasonality=12)
    naive = backtest(LastValue(), series, 24, horizon=6, n_folds=2, seasonality=12)
    # The naive forecast scores a MASE near 20 here, the network near 1.
    assert (rnn["mase"] < naive["mase"] / 4).all()


def test_absent_time_stamps_are_missing_actuals():
    df = pd.DataFrame({"unique_id": "a", "ds": np.arange(10), "y": SERIES})
    scores = backtest(LastValue(), df.drop(index=8), 3, horizon=2, n_folds=2)
    # The gap at ds=8 is the last fold's first actual: scored on ds=9 alone.
    assert scores["cutoff"].tolist() == [5, 7]
    assert scores["mae"].tolist() == pytest.approx([1.5, 3.0])


def test_integer_time_stamps_with_a_step():
    df = pd.DataFrame({"unique_id": "a", "ds": np.arange(0, 100, 10), "y": SERIES})
    scores, forecasts = backtest(
        LastValue(), df, 3, horizon=2, n_folds=2, return_forecasts=True
    )
    assert scores["cutoff"].tolist() == [50, 70]
    assert forecasts["ds"].tolist() == [60, 70, 80, 90]
