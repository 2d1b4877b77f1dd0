"""
==========================================================
Covariates known in advance: promotions, stores, the hour
==========================================================

Hourly sales of three stores follow a daily cycle, and jump when a promotion
runs; how much they jump depends on the store's type. Promotions are planned,
so they are known over the forecast horizon too. This example fits one
:class:`~sklearn_rnn.RNNForecaster` on a long-format frame with

* a future-known covariate (``promo``),
* a static covariate (``store``, one-hot: its input weights are an embedding),
* calendar features of the time stamps (the hour, as sine and cosine),

forecasts 24 hours past the end of each series, twice the trained horizon, from
a frame of the planned promotions, and draws the forecasts against the dates
with :class:`~sklearn_rnn.plotting.ForecastDisplay`, next to a model that reads
the sales alone. The guide :doc:`/covariates` explains the window layout.
"""

# %%
# A panel in long format
# ----------------------
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sklearn_rnn import RNNForecaster, make_panel_windows
from sklearn_rnn.plotting import ForecastDisplay

rng = np.random.default_rng(0)
parts = []
for sid, store in [("north", "big"), ("south", "small"), ("east", "big")]:
    ds = pd.date_range("2024-03-01", periods=24 * 14, freq="h")
    promo = np.repeat(rng.uniform(size=len(ds) // 6) < 0.25, 6).astype(float)
    lift = 6.0 if store == "big" else 1.5
    daily = 2 * np.sin(2 * np.pi * (ds.hour - 8) / 24)
    y = 20 + daily + lift * promo + 0.4 * rng.standard_normal(len(ds))
    parts.append(
        pd.DataFrame(
            {"unique_id": sid, "ds": ds, "y": y, "promo": promo, "store": store}
        )
    )
df = pd.concat(parts, ignore_index=True)
df["store"] = df["store"].astype("category")
history = df.groupby("unique_id").head(24 * 13)
test = df.groupby("unique_id").tail(24)

# %%
# Windows that reach into the horizon
# -----------------------------------
# 24 observed hours, then the 12 future hours forecast, in which the sales are
# unknown (NaN) and the covariates known.
known = {
    "future_covariates": ["promo"],
    "static_covariates": ["store"],
    "calendar": ["hour"],
}
X, y, _ = make_panel_windows(history, 24, horizon=12, **known)
X_plain, y_plain, _ = make_panel_windows(history, 24, horizon=12)
print("windows with covariates:", X.shape, " sales only:", X_plain.shape)

params = {"hidden_size": 16, "max_epochs": 15, "random_state": 0}
model = RNNForecaster(**params).fit(X, y)
plain = RNNForecaster(**params).fit(X_plain, y_plain)

# %%
# Forecast a day ahead from the planned promotions
# ------------------------------------------------
future = test[["unique_id", "ds", "promo"]]
out = model.forecast(history, steps=24, future=future, **known)
out_plain = plain.forecast(history, steps=24)
for name, frame in [("with covariates", out), ("sales only", out_plain)]:
    scored = frame.merge(test, on=["unique_id", "ds"])  # forecasts come sorted by id
    error = np.abs(scored["forecast"] - scored["y"]).mean()
    print(f"{name}: mean absolute error {error:.2f}")

# %%
# Draw them against the dates
# ---------------------------
fig, axes = plt.subplots(1, 3, figsize=(13, 3.8), sharey=True)
for ax, sid in zip(axes, ["north", "south", "east"], strict=True):
    past = history[history["unique_id"] == sid].set_index("ds")["y"].iloc[-72:]
    actual = test[test["unique_id"] == sid].set_index("ds")["y"]
    for frame, label in [(out_plain, "sales only"), (out, "with covariates")]:
        pred = frame[frame["unique_id"] == sid].set_index("ds")["forecast"]
        ForecastDisplay.from_predictions(
            history=past,
            y_pred=pred,
            y_true=actual if label == "sales only" else None,
            ax=ax,
            forecast_kwargs={"label": label},
        )
    ax.set_title(f"{sid} ({df[df.unique_id == sid].store.iloc[0]} store)")
    ax.tick_params(axis="x", labelrotation=30)
axes[0].legend(fontsize=8)
fig.suptitle("24 hours ahead: planned promotions, store type and hour as covariates")
fig.tight_layout()
if plt.get_backend().lower() != "agg":
    plt.show()
