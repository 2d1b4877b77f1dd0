"""Seed ensembles: members, averaging, intervals, parallel fitting, tagging."""

import pickle

import numpy as np
import pytest
from sklearn.base import clone

from sklearn_rnn import (
    RNNForecaster,
    SeedEnsembleForecaster,
    SeedEnsembleTagger,
    SequenceTagger,
    load,
    make_windows,
    save,
)

MEMBER = RNNForecaster(
    hidden_size=8, max_epochs=6, quantiles=(0.05, 0.5, 0.95), random_state=123
)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    series = np.sin(0.3 * np.arange(500)) + rng.normal(scale=0.1, size=500)
    X, y = make_windows(series, window_length=12, horizon=3)
    return X, y, series


@pytest.fixture(scope="module")
def ensemble(data):
    X, y, _ = data
    return SeedEnsembleForecaster(MEMBER, n_seeds=3, random_state=0).fit(X, y)


def test_members_differ_and_the_ensemble_averages_them(ensemble, data):
    X, _, series = data
    members = ensemble.estimators_
    assert len(members) == 3 and ensemble.horizon_ == 3
    seeds = {m.random_state for m in members}
    assert len(seeds) == 3 and 123 not in seeds
    preds = [m.predict(X[:20]) for m in members]
    assert not np.allclose(preds[0], preds[1])
    np.testing.assert_allclose(ensemble.predict(X[:20]), np.mean(preds, axis=0))
    forecasts = [m.forecast(series, 7) for m in members]
    np.testing.assert_allclose(ensemble.forecast(series, 7), np.mean(forecasts, 0))
    # The estimator given is left untouched.
    assert MEMBER.random_state == 123 and not hasattr(MEMBER, "net_")


def test_ensemble_intervals_are_mean_bounds(ensemble, data):
    X, _, series = data
    lower, upper = ensemble.predict_interval(X[:20], coverage=0.9)
    bounds = [m.predict_interval(X[:20], coverage=0.9) for m in ensemble.estimators_]
    np.testing.assert_allclose(lower, np.mean([b[0] for b in bounds], axis=0))
    assert np.all(lower <= upper)
    point, lo, hi = ensemble.forecast(series, 6, coverage=0.9, random_state=0)
    assert point.shape == lo.shape == hi.shape == (6,)
    again = ensemble.forecast(series, 6, coverage=0.9, random_state=0)
    np.testing.assert_array_equal(again[1], lo)


def test_same_random_state_same_ensemble_and_parallel_matches(ensemble, data):
    X, y, _ = data
    other = clone(ensemble).set_params(n_jobs=2).fit(X, y)
    np.testing.assert_array_equal(other.predict(X[:10]), ensemble.predict(X[:10]))


def test_fit_params_reach_the_members(data):
    X, y, _ = data
    member = RNNForecaster(hidden_size=4, max_epochs=2, early_stopping=True)
    ensemble = SeedEnsembleForecaster(member, n_seeds=2, random_state=0)
    ensemble.fit(X[:300], y[:300], validation_data=(X[400:], y[400:]))
    for m in ensemble.estimators_:
        np.testing.assert_allclose(m.feature_loc_, X[:300].mean())


def test_default_member_and_bad_parameters(data):
    X, y, _ = data
    with pytest.raises(ValueError, match="'n_seeds' parameter .* must be an int"):
        SeedEnsembleForecaster(n_seeds=0).fit(X, y)
    with pytest.raises(ValueError, match="'estimator' parameter"):
        SeedEnsembleForecaster(estimator="lstm").fit(X, y)


@pytest.fixture(scope="module")
def tagged():
    rng = np.random.default_rng(0)
    nouns, verbs = ["cat", "dog", "bird", "fish"], ["sleeps", "runs", "eats"]
    X = [["the", nouns[rng.integers(4)], verbs[rng.integers(3)]] for _ in range(60)]
    y = [["DET", "NOUN", "VERB"]] * 60
    return X, y


def test_tagger_ensemble_averages_probabilities(tagged, tmp_path):
    X, y = tagged
    member = SequenceTagger(hidden_size=8, max_epochs=10)
    ensemble = SeedEnsembleTagger(member, n_seeds=2, random_state=0).fit(
        X, y, validation_data=(X[:5], y[:5])
    )
    assert "valid_loss" in ensemble.estimators_[0].history_[-1]
    np.testing.assert_array_equal(ensemble.classes_, ["DET", "NOUN", "VERB"])
    sentences = [["the", "dog", "eats"], [], ["a", "zebra"]]
    probas = ensemble.predict_proba(sentences)
    members = [m.predict_proba(sentences) for m in ensemble.estimators_]
    for i, proba in enumerate(probas):
        np.testing.assert_allclose(proba, (members[0][i] + members[1][i]) / 2)
    assert [len(tags) for tags in ensemble.predict(sentences)] == [3, 0, 2]
    assert ensemble.score(X, y) > 0.9
    save(ensemble, tmp_path / "tagger.safetensors")
    loaded = load(tmp_path / "tagger.safetensors")
    assert loaded.predict(sentences) == ensemble.predict(sentences)
    assert pickle.loads(pickle.dumps(ensemble)).predict(X[:3]) == ensemble.predict(
        X[:3]
    )


def test_a_list_of_taggers_gives_the_members_in_turn(tagged, tmp_path):
    X, y = tagged
    kinds = [
        SequenceTagger(hidden_size=8, max_epochs=3),
        SequenceTagger(hidden_size=8, max_epochs=3, affix_embedding_dim=0),
    ]
    ensemble = SeedEnsembleTagger(kinds, n_seeds=3, random_state=0).fit(X, y)
    dims = [m.affix_embedding_dim for m in ensemble.estimators_]
    assert dims == [64, 0, 64]
    assert len({m.random_state for m in ensemble.estimators_}) == 3
    assert kinds[0].random_state is None  # the given taggers stay unfitted
    assert not hasattr(kinds[0], "net_")
    assert clone(ensemble).get_params()["estimator"][1].affix_embedding_dim == 0
    save(ensemble, tmp_path / "mixed.safetensors")
    loaded = load(tmp_path / "mixed.safetensors")
    assert loaded.predict(X[:5]) == ensemble.predict(X[:5])


@pytest.mark.parametrize(
    "estimator, error, match",
    [
        ([], ValueError, "estimator must not be an empty list"),
        ([SequenceTagger(), "tagger"], TypeError, r"estimator\[1\] must have"),
    ],
)
def test_bad_lists_of_taggers_are_named(tagged, estimator, error, match):
    X, y = tagged
    with pytest.raises(error, match=match):
        SeedEnsembleTagger(estimator, n_seeds=2).fit(X, y)
