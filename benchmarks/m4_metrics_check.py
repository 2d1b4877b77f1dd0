"""Check sklearn_rnn.metrics against the official M4 Hourly benchmark scores.

Recomputes sMAPE and MASE (seasonality 24) of the official benchmark forecasts on the
414 M4 Hourly series and prints them beside the official figures from
``M4-Evaluation-and-Ranks.xlsx``. Matching to three decimals shows that the metric
definitions (and the M4 aggregation over series) are right.

Usage, with the package installed (``pip install -e .``) or ``PYTHONPATH=.``::

    python benchmarks/m4_metrics_check.py [DATA_DIR]

``DATA_DIR`` defaults to ``../shared/data/m4_hourly`` beside the repository root.
"""

import csv
import sys
import time
from pathlib import Path

import numpy as np

from sklearn_rnn.metrics import (
    mean_absolute_scaled_error,
    symmetric_mean_absolute_percentage_error,
)

SEASONALITY = 24
# method: (file, official sMAPE, official MASE), from the M4 organisers' xlsx.
OFFICIAL = {
    "sNaive": ("benchmark-forecasts-sNaive-Hourly.csv", 13.912, 1.193),
    "Naive2": ("benchmark-forecasts-Naive2-Hourly.csv", 18.383, 2.395),
    "Naive": ("benchmark-forecasts-Naive-Hourly.csv", 43.003, 11.608),
}


def read_m4_csv(path):
    """Return ``{series_id: 1-D float array}``, trailing empty cells stripped.

    Shorter M4 series are right-padded with empty cells; reading them as 0 or NaN
    would change the MASE scale, so they are dropped.
    """
    with open(path, newline="") as f:
        reader = csv.reader(f)
        next(reader)
        rows = {}
        for row in reader:
            values = row[1:]
            while values and values[-1] == "":
                values.pop()
            rows[row[0]] = np.array(values, dtype=np.float64)
    return rows


def score(data_dir, forecast_file):
    """M4 sMAPE and MASE (seasonality 24) of one forecast file."""
    train = read_m4_csv(data_dir / "Hourly-train.csv")
    test = read_m4_csv(data_dir / "Hourly-test.csv")
    forecasts = read_m4_csv(data_dir / forecast_file)
    ids = list(test)
    y_true = np.stack([test[i] for i in ids])
    y_pred = np.stack([forecasts[i] for i in ids])
    smape = symmetric_mean_absolute_percentage_error(y_true, y_pred)
    mase = mean_absolute_scaled_error(
        y_true, y_pred, y_train=[train[i] for i in ids], seasonality=SEASONALITY
    )
    return smape, mase


def main(argv):
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "m4_hourly"
    data_dir = Path(argv[1]) if len(argv) > 1 else default
    if not data_dir.is_dir():
        sys.exit(f"M4 Hourly data not found at {data_dir}; pass its folder.")
    print(f"M4 Hourly, 414 series, horizon 48, MASE seasonality {SEASONALITY}")
    print(f"{'method':<8} {'sMAPE':>8} {'official':>9} {'MASE':>8} {'official':>9}")
    start = time.perf_counter()
    ok = True
    for method, (filename, official_smape, official_mase) in OFFICIAL.items():
        smape, mase = score(data_dir, filename)
        ok &= round(smape, 3) == official_smape and round(mase, 3) == official_mase
        print(
            f"{method:<8} {smape:8.3f} {official_smape:9.3f} "
            f"{mase:8.3f} {official_mase:9.3f}"
        )
    print(f"all match to 3 decimals: {ok} ({time.perf_counter() - start:.2f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
