"""Small classic series, default parameters: RNNForecaster against naive and ETS.

Measured: the MASE of forecasts from several origins per series (rolling-origin
evaluation), on twelve classic public series of four frequencies that ship inside
installed packages (nothing is downloaded). At each of ``--origins`` origins
(3 by default) a series holds out ``h`` values, with the M4 horizons (yearly 6,
quarterly 8, monthly 18, weekly 13); every method fits on the values before them
and forecasts ``h`` steps. The origins are ``h`` values apart, so the held-out
parts are the series' last ``origins * h`` values without overlap, the folds of
``TimeSeriesSplit(n_splits=origins, test_size=h)``; the last origin holds out
the series' last ``h`` values (``--origins 1`` is that single holdout, as in M4).
Each MASE is scaled by its training part's in-sample seasonal-naive error with
the series' season ``m`` (yearly 1, quarterly 4, monthly 12, weekly 52), as in M4
(``sklearn_rnn.metrics.mean_absolute_scaled_error``); a series' score is the mean
over origins, and the last origin's scores are printed apart as well.

Methods (``--methods``, all by default):

* ``snaive``: seasonal naive, the last ``m`` training values repeated (naive, the
  last value, for ``m = 1``);
* ``ets``: statsmodels' ``ETSModel`` (state-space ETS, additive errors, fitted by
  maximum likelihood), picked by AIC among: trend none / additive / additive
  damped, times season none / additive / multiplicative (a season only where
  ``m > 1`` and the training part holds at least two full seasons; multiplicative
  only for positive series). The chosen configuration is printed as ``A,Ad,M``
  (error, trend, season; ``N`` for none);
* ``direct``: ``RNNForecaster(random_state=seed)``, default parameters otherwise,
  fitted on ``make_windows(train, L, horizon=h)``; the forecast is
  ``model.predict(train[-L:])`` (direct multi-horizon);
* ``recursive``: the same on ``make_windows(train, L, horizon=1)``, forecast with
  ``model.forecast(train, steps=h)`` (one step at a time, fed back);
* ``ensemble``: ``SeedEnsembleForecaster(RNNForecaster(), n_seeds=3,
  random_state=seed)`` on the direct windows, the members' mean forecast.

Window length rule: ``L = max(2 m, 2 h)``, lowered where needed so that at least
30 direct windows remain (``L <= n_train - h - 29``), but not below ``max(m, 4)``;
``n_train`` is each origin's training length.

With ``--seeds N`` every RNN method runs with seeds 0 .. N-1 and the table shows
the mean MASE over seeds (and origins); the geometric mean per method is taken
over series of those means. Times are wall seconds per fit and forecast (mean
over seeds and origins), with one torch thread.

Series and their sources (all loaded locally; the licence notes are those of
statsmodels' dataset modules, ``statsmodels.datasets.<name>.COPYRIGHT``):

* ``nile`` (yearly, 1871-1970): Nile river flow at Aswan (Cobb 1978). Public domain.
* ``sunspots`` (yearly, 1700-2008): yearly sunspot activity, NOAA NGDC. Public
  domain.
* ``gdp``, ``unemp``, ``cpi`` (quarterly, 1959Q1-2009Q3): US real GDP,
  unemployment rate, consumer price index from statsmodels' ``macrodata`` (FRED and
  the Bureau of Labor Statistics). Public domain.
* ``interest`` (quarterly, 1972Q2-1998Q4): (West) German nominal long-term interest
  rate ``R`` from ``interest_inflation`` (JMulTi dataset e6). statsmodels gives no
  licence note (its COPYRIGHT field is "...").
* ``danish_money`` (quarterly, 1974Q1-1987Q3): Danish log real money ``lrm`` from
  ``danish_data`` (Johansen & Juselius 1990). Public domain.
* ``air_passengers`` (monthly, 1949-1960): Box & Jenkins' Series G, read from
  ``../shared/data/airpassengers`` (see its README: from R's ``datasets``, freely
  usable with attribution), or from ``sklearn_rnn.datasets`` if that is absent.
* ``co2_monthly`` (monthly, 1964-05 to 2001-12): Mauna Loa CO2 (Keeling & Whorf,
  SIO/CDIAC), statsmodels' weekly ``co2`` resampled to monthly means; the months
  before the last missing month (1964-04) are dropped, so that no month inside the
  series is missing. Public domain.
* ``elnino`` (monthly, 1950-2010): Nino 1+2 sea surface temperature (NOAA ERSST
  V3B), the year-by-month table flattened. Public domain.
* ``elec_equip`` (monthly, 1995-01 to 2016-05): Euro area turnover index of the
  manufacture of electrical equipment (Eurostat). Public domain.
* ``co2_weekly`` (weekly, 1985-08-10 to 2001-12-29): the same CO2 series, weekly,
  from the week after its last missing value, so that nothing is imputed.

Run from the repository root, with the package and statsmodels installed
(``pip install -e . statsmodels``)::

    python benchmarks/classic_series.py                 # 1 seed, 3 origins
    python benchmarks/classic_series.py --origins 1     # the last h values only
    python benchmarks/classic_series.py --seeds 3       # mean over seeds 0, 1, 2
    python benchmarks/classic_series.py --series nile sunspots --methods snaive ets
"""

import argparse
import ast
import csv
import time
import warnings

import numpy as np
import torch
from _shared import SHARED_DATA

from sklearn_rnn import RNNForecaster, SeedEnsembleForecaster, make_windows
from sklearn_rnn.metrics import mean_absolute_scaled_error

HORIZON = {"yearly": 6, "quarterly": 8, "monthly": 18, "weekly": 13}
SEASON = {"yearly": 1, "quarterly": 4, "monthly": 12, "weekly": 52}
MIN_WINDOWS = 30
METHODS = ["snaive", "ets", "direct", "recursive", "ensemble"]
RNN_METHODS = {"direct", "recursive", "ensemble"}


def _sm_data(name):
    import importlib

    return importlib.import_module(f"statsmodels.datasets.{name}").load_pandas().data


def _macro(column):
    return lambda: _sm_data("macrodata")[column].to_numpy(float)


def _co2():
    weekly = _sm_data("co2")["co2"]
    last_missing = weekly.index[weekly.isna()][-1]
    return weekly, last_missing


def load_co2_monthly():
    weekly, _ = _co2()
    monthly = weekly.resample("MS").mean()
    last_missing = monthly.index[monthly.isna()][-1]
    return monthly[monthly.index > last_missing].to_numpy(float)


def load_co2_weekly():
    weekly, last_missing = _co2()
    return weekly[weekly.index > last_missing].to_numpy(float)


def load_air_passengers():
    path = SHARED_DATA / "airpassengers" / "AirPassengers.csv"
    if not path.exists():
        from sklearn_rnn.datasets import load_air_passengers as load

        return load()
    with open(path, newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))[1:]  # header: "date","value"
    return np.array([float(value) for _, value in rows])


SERIES = {
    # name: (frequency, loader)
    "nile": ("yearly", lambda: _sm_data("nile")["volume"].to_numpy(float)),
    "sunspots": ("yearly", lambda: _sm_data("sunspots")["SUNACTIVITY"].to_numpy(float)),
    "gdp": ("quarterly", _macro("realgdp")),
    "unemp": ("quarterly", _macro("unemp")),
    "cpi": ("quarterly", _macro("cpi")),
    "interest": ("quarterly", lambda: _sm_data("interest_inflation")["R"].to_numpy()),
    "danish_money": ("quarterly", lambda: _sm_data("danish_data")["lrm"].to_numpy()),
    "air_passengers": ("monthly", load_air_passengers),
    "co2_monthly": ("monthly", load_co2_monthly),
    "elnino": (
        "monthly",
        lambda: _sm_data("elnino").drop(columns="YEAR").to_numpy(float).ravel(),
    ),
    "elec_equip": ("monthly", lambda: _sm_data("elec_equip").iloc[:, 0].to_numpy()),
    "co2_weekly": ("weekly", load_co2_weekly),
}


def window_length(n_train, m, h):
    """``max(2m, 2h)``, lowered so that >= 30 direct windows remain."""
    return max(min(max(2 * m, 2 * h), n_train - h - (MIN_WINDOWS - 1)), m, 4)


def seasonal_naive(train, m, h):
    return np.resize(train[-m:], h)


def ets_forecast(train, m, h):
    """The lowest-AIC ETSModel among a few configurations; (forecast, label)."""
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    trends = [(None, False), ("add", False), ("add", True)]
    seasons = [None]
    if m > 1 and len(train) >= 2 * m:
        seasons += ["add", "mul"] if np.all(train > 0) else ["add"]
    best = None
    for trend, damped in trends:
        for season in seasons:
            model = ETSModel(
                train,
                error="add",
                trend=trend,
                damped_trend=damped,
                seasonal=season,
                seasonal_periods=m if season else None,
            )
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # ConvergenceWarning
                    fit = model.fit(disp=False)
            except (ValueError, np.linalg.LinAlgError):
                continue
            if not np.isfinite(fit.aic):
                continue
            if best is None or fit.aic < best[0]:
                label = ",".join(
                    [
                        "A",
                        "N" if trend is None else "Ad" if damped else "A",
                        "N" if season is None else season[0].upper(),
                    ]
                )
                best = (fit.aic, fit, label)
    _, fit, label = best
    return np.asarray(fit.forecast(h)), label


# RNNForecaster parameters set by --set, to measure a candidate default.
OVERRIDES = {}


def rnn_forecast(method, train, L, h, seed):
    if method == "recursive":
        X, y = make_windows(train, L, horizon=1)
        model = RNNForecaster(random_state=seed, **OVERRIDES).fit(X, y)
        return model.forecast(train, steps=h)
    X, y = make_windows(train, L, horizon=h)
    if method == "direct":
        model = RNNForecaster(random_state=seed, **OVERRIDES)
    else:
        member = RNNForecaster(**OVERRIDES)
        model = SeedEnsembleForecaster(member, n_seeds=3, random_state=seed)
    model.fit(X, y)
    return model.predict(train[-L:].reshape(1, -1))[0]


def run_series(name, methods, seeds, origins):
    """MASE of each method on one series, averaged over seeds and origins.

    Origin ``k`` (oldest first) holds out the ``h`` values that end
    ``(origins - 1 - k) * h`` values before the series' end: the folds of
    ``TimeSeriesSplit(n_splits=origins, test_size=h)``; the last origin holds out
    the series' last ``h`` values.
    """
    freq, load = SERIES[name]
    series = np.asarray(load(), dtype=float)
    h, m = HORIZON[freq], SEASON[freq]
    L = window_length(len(series) - h, m, h)
    row = {
        "name": name,
        "freq": freq,
        "n": len(series),
        "h": h,
        "m": m,
        "L": L,
        "windows": len(series) - h - L - h + 1,
        "mase": {},
        "last": {},
        "spread": {},
        "seconds": {},
        "ets": "",
    }
    for method in methods:
        start = time.perf_counter()
        per_origin = []
        for k in range(origins):
            end = len(series) - (origins - 1 - k) * h
            train, test = series[: end - h], series[end - h : end]
            L_k = window_length(len(train), m, h)
            if method == "snaive":
                scores = [mase(test, seasonal_naive(train, m, h), train, m)]
            elif method == "ets":
                forecast, label = ets_forecast(train, m, h)
                if k == origins - 1:
                    row["ets"] = label
                scores = [mase(test, forecast, train, m)]
            else:
                scores = [
                    mase(test, rnn_forecast(method, train, L_k, h, seed), train, m)
                    for seed in seeds
                ]
            per_origin.append(scores)
        per_origin = np.array(per_origin)  # (origins, seeds)
        row["seconds"][method] = (time.perf_counter() - start) / per_origin.size
        row["mase"][method] = float(per_origin.mean())
        row["last"][method] = float(per_origin[-1].mean())
        by_seed = per_origin.mean(axis=0)
        row["spread"][method] = (by_seed.min(), by_seed.max())
    return row


def mase(test, forecast, train, m):
    return mean_absolute_scaled_error(test, forecast, y_train=train, seasonality=m)


def geometric_mean(rows, method, key):
    return float(np.exp(np.mean([np.log(r[key][method]) for r in rows])))


def print_losses(rows, methods, key):
    for method in methods:
        if method == "snaive":
            continue
        lost = [r["name"] for r in rows if r[key][method] > r[key]["snaive"]]
        print(
            f"{method}: loses to seasonal naive on {len(lost)} of {len(rows)} series"
            + (f" ({', '.join(lost)})" if lost else "")
        )


def print_tables(rows, methods, n_seeds, origins):
    show_spread = n_seeds > 1
    cols = " | ".join(methods)
    print(f"\nMASE, mean over {origins} origin(s) and {n_seeds} seed(s):")
    print(f"\n| series | freq | n | h | m | L | windows | {cols} | ETS pick |")
    print("| --- " * (8 + len(methods)) + "|")
    for r in rows:
        cells = []
        for method in methods:
            cell = f"{r['mase'][method]:.3f}"
            lo, hi = r["spread"][method]
            if show_spread and method in RNN_METHODS:
                cell += f" ({lo:.2f}-{hi:.2f})"
            cells.append(cell)
        print(
            f"| {r['name']} | {r['freq']} | {r['n']} | {r['h']} | {r['m']} | "
            f"{r['L']} | {r['windows']} | " + " | ".join(cells) + f" | {r['ets']} |"
        )
    print(
        "| **geometric mean** | | | | | | | "
        + " | ".join(f"**{geometric_mean(rows, mt, 'mase'):.3f}**" for mt in methods)
        + " | |"
    )

    print("\nSeconds per fit and forecast (mean over seeds and origins):\n")
    print(f"| series | {cols} |")
    print("| --- " * (1 + len(methods)) + "|")
    for r in rows:
        cells = " | ".join(f"{r['seconds'][mt]:.1f}" for mt in methods)
        print(f"| {r['name']} | {cells} |")
    total = [sum(r["seconds"][mt] for r in rows) for mt in methods]
    print("| **total** | " + " | ".join(f"{t:.1f}" for t in total) + " |")

    if "snaive" not in methods:
        return
    print(f"\nOver {origins} origin(s):")
    print_losses(rows, methods, "mase")
    if origins > 1:
        print("\nLast origin only (the series' last h values held out):")
        print(
            "| series | "
            + cols
            + " |\n"
            + "| --- " * (1 + len(methods))
            + "|\n"
            + "\n".join(
                f"| {r['name']} | "
                + " | ".join(f"{r['last'][mt]:.3f}" for mt in methods)
                + " |"
                for r in rows
            )
        )
        print(
            "geometric mean: "
            + ", ".join(
                f"{mt} {geometric_mean(rows, mt, 'last'):.3f}" for mt in methods
            )
        )
        print_losses(rows, methods, "last")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=1, help="RNN seeds 0 .. N-1")
    parser.add_argument(
        "--series", nargs="+", choices=list(SERIES), default=list(SERIES)
    )
    parser.add_argument("--methods", nargs="+", choices=METHODS, default=METHODS)
    parser.add_argument(
        "--origins",
        type=int,
        default=3,
        help="forecast origins per series, h values apart (1: the last h only)",
    )
    parser.add_argument(
        "--set",
        nargs="+",
        default=[],
        metavar="NAME=VALUE",
        help="RNNForecaster parameters other than the defaults (e.g. batch_size=16)",
    )
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    args = parser.parse_args(argv)
    for item in args.set:
        name, _, value = item.partition("=")
        try:
            OVERRIDES[name] = ast.literal_eval(value)
        except (ValueError, SyntaxError):  # a bare string, such as gru
            OVERRIDES[name] = value
    torch.set_num_threads(args.threads)
    warnings.filterwarnings("ignore")  # statsmodels convergence, skorch notes

    methods = [m for m in METHODS if m in args.methods]
    seeds = list(range(args.seeds))
    print(
        f"Classic series: hold out h values (M4 horizons) at {args.origins} "
        f"origin(s), MASE scaled by the in-sample seasonal naive; RNNForecaster "
        f"defaults{' but ' + str(OVERRIDES) if OVERRIDES else ''}, seeds {seeds}, "
        f"torch threads {torch.get_num_threads()}"
    )
    rows = []
    for name in args.series:
        row = run_series(name, methods, seeds, args.origins)
        took = sum(
            row["seconds"][mt] * args.origins * (len(seeds) if mt in RNN_METHODS else 1)
            for mt in methods
        )
        print(
            f"{name}: "
            + ", ".join(f"{mt} {row['mase'][mt]:.3f}" for mt in methods)
            + f" ({took:.0f} s)",
            flush=True,
        )
        rows.append(row)
    print_tables(rows, methods, len(seeds), args.origins)


if __name__ == "__main__":
    main()
