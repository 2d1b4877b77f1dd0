"""Searches beyond one process: joblib's loky workers and a Dask cluster.

A search over any of the three estimators runs unchanged on a Dask cluster through
joblib (``joblib.parallel_backend("dask")``) and gives the scores of the sequential
run. Here the cluster is a ``LocalCluster`` of two worker processes on this machine;
``docs/distributed.md`` says how to point the same code at a real one.
"""

from contextlib import contextmanager

import joblib
import numpy as np
import pytest
import torch
from distributed import Client, LocalCluster, get_task_stream
from sklearn.model_selection import GridSearchCV, KFold, TimeSeriesSplit, cross_validate

from sklearn_rnn import CharRNNGenerator, RNNForecaster, SequenceTagger, make_windows
from sklearn_rnn.metrics import smape_scorer


@pytest.fixture(scope="module")
def client():
    """A local Dask cluster: two worker processes of one thread each."""
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


@contextmanager
def torch_threads(n):
    """Run the block with ``n`` torch threads (the workers run with one)."""
    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def _forecasting_case():
    t = np.arange(160)
    X, y = make_windows(np.sin(0.3 * t) + 0.01 * t, window_length=12)
    model = RNNForecaster(hidden_size=8, max_epochs=5, random_state=0)
    cv = TimeSeriesSplit(n_splits=2)
    return model, X, y, {"cell": ["gru", "lstm"]}, cv, smape_scorer


def _generation_case():
    docs = [
        "the cat sat on the mat.",
        "the dog sat on the log.",
        "a cat and a dog.",
    ] * 2
    model = CharRNNGenerator(
        hidden_size=8,
        num_layers=1,
        seq_length=8,
        batch_size=2,
        max_epochs=2,
        random_state=0,
    )
    return model, docs, None, {"hidden_size": [4, 8]}, KFold(n_splits=2), None


def _tagging_case():
    X = [["the", "cat", "sleeps"], ["a", "dog", "runs"], ["dogs", "run"]] * 4
    y = [["DET", "NOUN", "VERB"], ["DET", "NOUN", "VERB"], ["NOUN", "VERB"]] * 4
    model = SequenceTagger(
        word_embedding_dim=8,
        char_embedding_dim=4,
        char_hidden_size=4,
        hidden_size=8,
        max_epochs=3,
        random_state=0,
    )
    return model, X, y, {"cell": ["gru", "lstm"]}, KFold(n_splits=2), None


CASES = {
    "RNNForecaster": _forecasting_case,
    "CharRNNGenerator": _generation_case,
    "SequenceTagger": _tagging_case,
}


def _outputs(model, X):
    """What a fitted model computes on (the start of) its training input."""
    if isinstance(model, CharRNNGenerator):
        return model.predict_proba(X[:3])
    if isinstance(model, SequenceTagger):
        return np.concatenate(model.predict_proba(X[:3]))
    return model.predict(X[:3])


def _run(model, X, y, grid, cv, scoring):
    """A grid search and a cross-validation; the scores and fitted models."""
    search = GridSearchCV(model, grid, cv=cv, scoring=scoring).fit(X, y)
    validation = cross_validate(
        model, X, y, cv=cv, scoring=scoring, return_estimator=True
    )
    return search, validation


@pytest.mark.parametrize("name", list(CASES))
def test_search_on_dask_matches_sequential_run(client, name):
    model, X, y, grid, cv, scoring = CASES[name]()
    # The workers run one torch thread each; the reference does too, because
    # torch's parallel kernels can change the last bits with the thread count.
    with torch_threads(1):
        search, validation = _run(model, X, y, grid, cv, scoring)
    with get_task_stream(client) as tasks, joblib.parallel_backend("dask"):
        dask_search, dask_validation = _run(model, X, y, grid, cv, scoring)

    assert tasks.data  # the fits ran on the workers
    for key in ["mean_test_score", "split0_test_score", "split1_test_score"]:
        np.testing.assert_array_equal(
            dask_search.cv_results_[key], search.cv_results_[key]
        )
    assert dask_search.best_params_ == search.best_params_
    np.testing.assert_array_equal(
        dask_validation["test_score"], validation["test_score"]
    )
    # The fitted estimators came back from the workers (pickled) and give the
    # sequential run's outputs.
    for remote, local in zip(
        dask_validation["estimator"], validation["estimator"], strict=True
    ):
        np.testing.assert_array_equal(_outputs(remote, X), _outputs(local, X))


def test_dask_workers_run_one_torch_thread(client):
    # The nanny sets OMP_NUM_THREADS=1 (and MKL's, OpenBLAS's) before it starts a
    # worker process, and torch reads it when imported there.
    assert set(client.run(torch.get_num_threads).values()) == {1}
    assert client.submit(torch.get_num_threads, pure=False).result() == 1


def test_loky_workers_share_the_cores():
    # joblib's loky backend gives each of its n_jobs workers cpu_count // n_jobs
    # threads (through OMP_NUM_THREADS and kin), so a search with n_jobs=2 does not
    # run 2 x cpu_count torch threads.
    threads = joblib.Parallel(n_jobs=2)(
        joblib.delayed(torch.get_num_threads)() for _ in range(2)
    )
    assert max(threads) <= max(1, joblib.cpu_count() // 2)
