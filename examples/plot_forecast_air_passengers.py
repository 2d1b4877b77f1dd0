"""
==============================================
Forecasting AirPassengers with RNNForecaster
==============================================

This example forecasts the last two years of the classic AirPassengers series
(monthly international airline passengers, 1949 to 1960) with
:class:`~sklearn_rnn.RNNForecaster`, an LSTM wrapped as a scikit-learn regressor.

It shows the whole workflow:

1. cut the training part of the series into windows with
   :func:`~sklearn_rnn.make_windows`;
2. fit the forecaster for a few seeds and average their 24-month forecasts;
3. score them with the M4 competition's MASE and sMAPE against the seasonal naive
   forecast (the last year repeated);
4. tune the window length with ``GridSearchCV`` and ``TimeSeriesSplit`` over a
   ``Pipeline`` that starts with :class:`~sklearn_rnn.SlidingWindowTransformer`;
5. plot the history, the test months and the forecasts.

The series has a trend and a yearly season whose amplitude grows with the level,
a shape that a model trained on raw levels cannot extrapolate. The forecaster's
default ``scaling="window"`` normalises each window by its own mean and spread, so
it learns the *shape* of the next year rather than its level.
"""

# %%
# Load the data and split it in time
# ----------------------------------
# The series holds 144 monthly values. The first 120 months (1949 to 1958) are
# the training part, the last 24 months (1959 and 1960) are held out. Forecasting
# data is ordered: never shuffle it, and never let the model see the test months.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import make_pipeline

from sklearn_rnn import RNNForecaster, SlidingWindowTransformer, make_windows
from sklearn_rnn.datasets import load_air_passengers
from sklearn_rnn.metrics import (
    mean_absolute_scaled_error,
    smape_scorer,
    symmetric_mean_absolute_percentage_error,
)

series = load_air_passengers()
train, test = series[:120], series[120:]
print(f"{len(series)} months: {len(train)} for training, {len(test)} held out")

# %%
# Windows: 24 months in, the next 12 months out
# ---------------------------------------------
# :func:`~sklearn_rnn.make_windows` cuts the training part into every window of
# 24 consecutive months (``X``) paired with the 12 months that follow it (``y``).
# Both are read-only views of ``train``: no data is copied. With ``horizon=12``
# the network predicts a whole year at once (a *direct* multi-horizon forecast).
X, y = make_windows(train, window_length=24, horizon=12)
print(f"X: {X.shape} (windows x months), y: {y.shape} (windows x horizon)")

# %%
# Fit a few seeds and average their forecasts
# -------------------------------------------
# ``random_state`` fixes the result of a fit (weights, shuffling): the same seed
# gives the same forecast, bit for bit on CPU. A small network trained on 85
# windows still depends a lot on its seed, so we fit three and average their
# forecasts, which is cheaper and steadier than tuning one seed.
#
# :meth:`~sklearn_rnn.RNNForecaster.forecast` takes the history (here the whole
# training part), reads its last 24 months and predicts 12 months at a time,
# feeding each prediction back in until 24 months are produced.
forecasts = []
for seed in range(3):
    model = RNNForecaster(max_epochs=200, random_state=seed).fit(X, y)
    forecasts.append(model.forecast(train, 24))
    print(f"seed {seed}: {model.n_iter_} epochs")
rnn_forecast = np.mean(forecasts, axis=0)

# %%
# Compare with seasonal naive
# ---------------------------
# The seasonal naive forecast repeats the last observed year. It is the baseline
# every monthly forecaster must beat.
#
# * **MASE** divides the mean absolute error by the in-sample error of the
#   seasonal naive forecast on the training part (``seasonality=12``): below 1
#   beats that in-sample error.
# * **sMAPE** is the symmetric mean absolute percentage error, in percent.
#
# Lower is better for both.
naive_forecast = np.tile(train[-12:], 2)


def scores(forecast):
    mase = mean_absolute_scaled_error(test, forecast, y_train=train, seasonality=12)
    smape = symmetric_mean_absolute_percentage_error(test, forecast)
    return mase, smape


print(f"{'method':<28}{'MASE':>7}{'sMAPE %':>9}")
for name, forecast in [
    ("seasonal naive", naive_forecast),
    *[(f"RNNForecaster, seed {s}", f) for s, f in enumerate(forecasts)],
    ("RNNForecaster, 3 averaged", rnn_forecast),
]:
    mase, smape = scores(forecast)
    print(f"{name:<28}{mase:>7.3f}{smape:>9.2f}")

# %%
# Tune the window length inside a Pipeline
# ----------------------------------------
# :func:`~sklearn_rnn.make_windows` changes the number of rows, so it cannot sit
# inside a ``Pipeline``. :class:`~sklearn_rnn.SlidingWindowTransformer` can: it
# replaces each row (one month) by the window of ``window_length`` months ending
# there, keeping one row per month, so the target stays aligned. Here the target
# of month ``t`` is month ``t + 1`` (one step ahead).
#
# ``TimeSeriesSplit`` always validates on months that come after the training
# months. ``smape_scorer`` returns *minus* the sMAPE, so that ``GridSearchCV``
# maximises it. The MASE scorer from ``make_mase_scorer`` needs windows as input,
# so it does not fit a pipeline fed with the raw series.
#
# Each validation fold is windowed from its own rows only: its first
# ``window_length - 1`` windows are filled by repeating the fold's first month,
# which handicaps long windows. Keep the folds much longer than the windows.
# The models are kept tiny (``hidden_size=16``, 40 epochs) so the search stays fast.
X_rows = train[:-1].reshape(-1, 1)  # month t, one row per month
y_next = train[1:]  # month t + 1
pipe = make_pipeline(
    SlidingWindowTransformer(),
    RNNForecaster(hidden_size=16, max_epochs=40, random_state=0),
)
search = GridSearchCV(
    pipe,
    {"slidingwindowtransformer__window_length": [6, 12, 18]},
    cv=TimeSeriesSplit(n_splits=2, test_size=36),
    scoring=smape_scorer,
).fit(X_rows, y_next)
for params, score in zip(
    search.cv_results_["params"], search.cv_results_["mean_test_score"], strict=True
):
    window = params["slidingwindowtransformer__window_length"]
    print(f"window_length={window:>2}: one-step sMAPE {-score:.2f} %")
print("best:", search.best_params_)

# %%
# The refitted pipeline's last step is an ordinary one-step-ahead
# :class:`~sklearn_rnn.RNNForecaster` (its ``n_features_in_`` is the window
# length), so it can forecast 24 months recursively from the training history.
tuned = search.best_estimator_[-1]
tuned_forecast = tuned.forecast(train, 24)
mase, smape = scores(tuned_forecast)
print(f"tuned one-step model, recursive: MASE {mase:.3f}, sMAPE {smape:.2f} %")

# %%
# This tiny one-step model, trained for 40 epochs, feeds its own errors back in
# over 24 recursive steps and does worse than the averaged 12-month models above:
# the search shows the mechanics, not a better model. To use its result, refit the
# chosen window length with the full settings (more epochs, several seeds).

# %%
# Plot the forecasts
# ------------------
months = np.arange(len(series))
fig, ax = plt.subplots(figsize=(9, 4.5))
ax.plot(months[:120], train, color="black", label="history (training part)")
ax.plot(months[120:], test, color="black", linestyle=":", label="held-out months")
ax.plot(months[120:], naive_forecast, label="seasonal naive")
ax.plot(months[120:], rnn_forecast, label="RNNForecaster, 3 seeds averaged")
ax.plot(months[120:], tuned_forecast, label="tuned pipeline, recursive")
ax.axvline(119.5, color="grey", linewidth=0.8)
ax.set_xticks(np.arange(0, len(series) + 1, 24), np.arange(1949, 1962, 2))
ax.set_xlabel("year")
ax.set_ylabel("passengers (thousands)")
ax.set_title("AirPassengers: 24-month forecasts from the first 120 months")
ax.legend(loc="upper left")
fig.tight_layout()

# sphinx-gallery and non-interactive backends (Agg, in tests) capture the figure
# without showing it; only an interactive session opens a window.
if plt.get_backend().lower() != "agg":
    plt.show()
