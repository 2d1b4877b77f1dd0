"""One fitted model, predicting from several threads at once, gives the serial
results (a web service shares one model between its request threads)."""

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from _bad_inputs import fitted, history

N_THREADS = 8


def _calls(kind):
    """Prediction calls of one model, each a function of no arguments."""
    model = fitted(kind)
    series = history()
    if kind == "forecaster":
        X = np.lib.stride_tricks.sliding_window_view(series, 8)
        return [
            lambda: model.predict(X),
            lambda: model.forecast(series, steps=7),
            lambda: model.forecast([series[:30], series[:50]], steps=3),
        ]
    if kind == "interval_forecaster":
        return [
            lambda: model.forecast(series, steps=5, coverage=0.8, random_state=0),
            lambda: model.predict_interval(series[None, -8:], coverage=0.8),
        ]
    if kind == "tagger":
        sentences = [["the", "dog", "sat"], ["a", "cat"], ["the", "unseen", "ran"]]
        return [
            lambda: model.predict(sentences),
            lambda: model.predict_proba(sentences),
        ]
    return [
        lambda: model.generate(30, seed_text="the ", random_state=1),
        lambda: model.predict_proba(["the c", "on th"]),
        lambda: model.score("the cat sat on the mat."),
    ]


def _same(a, b):
    if isinstance(a, tuple | list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, np.ndarray):
        return np.array_equal(a, b)
    return a == b


@pytest.mark.parametrize(
    "kind", ["forecaster", "interval_forecaster", "tagger", "generator"]
)
def test_concurrent_predictions_match_serial_ones(kind):
    calls = _calls(kind)
    serial = [call() for call in calls]
    jobs = [i % len(calls) for i in range(N_THREADS * len(calls))]
    with ThreadPoolExecutor(max_workers=N_THREADS) as pool:
        results = list(pool.map(lambda i: calls[i](), jobs))
    for i, result in zip(jobs, results, strict=True):
        assert _same(result, serial[i])
