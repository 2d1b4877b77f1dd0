"""SequenceTagger with auxiliary tags: a second head learned alongside the tags."""

import os
import pickle
import tempfile

import numpy as np
import pytest
import torch
from _grammar import TINY, grammar
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV

from sklearn_rnn import SeedEnsembleTagger, SequenceTagger, load, save
from sklearn_rnn.modules import TaggingLoss
from sklearn_rnn.tagging._sentences import make_batches


def next_tags(y):
    """Auxiliary tags: each token's next tag (END for the last one)."""
    return [tags[1:] + ["END"] for tags in y]


def aux_accuracy(tagger, X, aux):
    """Share of tokens whose best auxiliary score is their auxiliary tag."""
    module = tagger._inference_module()
    n_tags, correct, total = len(tagger.classes_), 0, 0
    with torch.inference_mode():
        for X_b, _, rows in make_batches(
            X,
            tagger._word_index_,
            tagger._char_index_,
            64,
            affix_index=tagger._affix_index_,
        ):
            tensors = {k: torch.from_numpy(v) for k, v in X_b.items()}
            best = module(**tensors)[..., n_tags:].argmax(-1).numpy()
            for b, i in enumerate(rows):
                predicted = tagger.aux_classes_[best[b, : len(X[i])]]
                correct += int((predicted == np.array(aux[i])).sum())
                total += len(X[i])
    return correct / total


@pytest.fixture(scope="module")
def data():
    (X, y), (X_test, y_test) = grammar(300, seed=0), grammar(100, seed=1)
    return X, y, next_tags(y), X_test, y_test, next_tags(y_test)


@pytest.fixture(scope="module")
def fitted(data):
    X, y, aux, *_ = data
    return SequenceTagger(**TINY).fit(X, y, aux_tags=aux)


def test_auxiliary_head_learns_the_auxiliary_tags(fitted, data):
    X, y, aux, X_test, y_test, aux_test = data
    assert fitted.aux_classes_.tolist() == sorted({t for s in aux for t in s})
    assert aux_accuracy(fitted, X_test, aux_test) > 0.9
    assert fitted.score(X_test, y_test) > 0.95
    # Without weight, the auxiliary head is never trained: near chance.
    untrained = SequenceTagger(**TINY, aux_weight=0.0).fit(X, y, aux_tags=aux)
    assert aux_accuracy(untrained, X_test, aux_test) < 0.5


def test_predictions_are_of_the_main_tags_only(fitted, data):
    *_, X_test, _, _ = data
    proba = fitted.predict_proba(X_test[:3] + [[]])
    assert [p.shape for p in proba] == [(len(s), 6) for s in X_test[:3]] + [(0, 6)]
    np.testing.assert_allclose(np.concatenate(proba).sum(axis=1), 1.0)
    assert {t for s in fitted.predict(X_test) for t in s} <= set(fitted.classes_)


def test_without_auxiliary_tags_there_is_no_auxiliary_head(data):
    X, y, *_ = data
    tagger = SequenceTagger(**{**TINY, "max_epochs": 1}).fit(X[:50], y[:50])
    assert tagger.aux_classes_ is None
    assert tagger.net_.module_.head.out_features == len(tagger.classes_)


def test_validation_tail_takes_its_auxiliary_tags_along(data):
    X, y, aux, *_ = data
    aux = aux[:-1] + [["TAIL"] * len(X[-1])]  # only in the last sentence
    tagger = SequenceTagger(**{**TINY, "max_epochs": 2}, early_stopping=True)
    tagger.fit(X, y, aux_tags=aux)
    assert "TAIL" not in tagger.aux_classes_
    assert tagger.net_.module_.head.out_features == 6 + len(tagger.aux_classes_)


def test_clone_pickle_save_and_grid_search_with_auxiliary_tags(fitted, data):
    X, y, aux, X_test, *_ = data
    assert clone(fitted).get_params()["aux_weight"] == 1.0
    restored = pickle.loads(pickle.dumps(fitted))
    assert restored.predict(X_test) == fitted.predict(X_test)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "tagger.safetensors")
        save(fitted, path)
        loaded = load(path)
    assert loaded.aux_classes_.tolist() == fitted.aux_classes_.tolist()
    np.testing.assert_array_equal(
        np.concatenate(loaded.predict_proba(X_test)),
        np.concatenate(fitted.predict_proba(X_test)),
    )
    # The auxiliary tags are split with the sentences into the folds.
    search = GridSearchCV(
        SequenceTagger(**{**TINY, "max_epochs": 2}), {"aux_weight": [0.5, 1.0]}, cv=2
    ).fit(X[:80], y[:80], aux_tags=aux[:80])
    assert search.best_params_["aux_weight"] in (0.5, 1.0)


def test_seed_ensemble_passes_auxiliary_tags_to_its_members(data):
    X, y, aux, *_ = data
    ensemble = SeedEnsembleTagger(
        SequenceTagger(**{**TINY, "max_epochs": 1}), n_seeds=2, random_state=0
    ).fit(X[:60], y[:60], aux_tags=aux[:60])
    for member in ensemble.estimators_:
        assert member.aux_classes_.tolist() == sorted({t for s in aux[:60] for t in s})


@pytest.mark.parametrize(
    "aux, error, match",
    [
        ([["T"]] * 300, ValueError, "Sentence 0 has [0-9]+ tokens but 1 tags in aux_"),
        ([["T"]], ValueError, "X and aux_tags must hold as many sentences: got 300"),
        ("T", TypeError, "aux_tags must be a list of tag lists, got str"),
        (["T"] * 300, TypeError, "aux_tags\\[0\\] must be a list of tags, got str"),
    ],
)
def test_bad_auxiliary_tags_are_named(data, aux, error, match):
    X, y, *_ = data
    with pytest.raises(error, match=match):
        SequenceTagger(**TINY).fit(X, y, aux_tags=aux)


def test_invalid_aux_weight_is_named():
    with pytest.raises(ValueError, match="The 'aux_weight' parameter of SequenceT"):
        SequenceTagger(aux_weight=-1.0).fit([["a"]], [["T"]])


def test_tagging_loss_adds_the_weighted_auxiliary_loss():
    torch.manual_seed(0)
    scores = torch.randn(2, 3, 5, requires_grad=True)
    main = torch.tensor([[0, 1, 1], [1, -100, -100]])
    aux = torch.tensor([[2, 0, -100], [1, -100, -100]])
    ce = torch.nn.functional.cross_entropy
    expected = ce(scores[..., :2].reshape(-1, 2), main.reshape(-1)) + 0.3 * ce(
        scores[..., 2:].reshape(-1, 3), aux.reshape(-1)
    )
    loss = TaggingLoss(n_tags=2, aux_weight=0.3)
    torch.testing.assert_close(loss(scores, torch.stack([main, aux], -1)), expected)
    # Main tags alone (validation batches): the auxiliary scores do not count.
    only_main = ce(scores[..., :2].reshape(-1, 2), main.reshape(-1))
    torch.testing.assert_close(loss(scores, main), only_main)
