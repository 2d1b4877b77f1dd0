"""SequenceTagger (``sklearn_rnn/tagging``): learning (unseen words too), padding,
auxiliary tags, the sklearn API, errors."""

import os
import pickle
import tempfile

import numpy as np
import pytest
import torch
from _grammar import TINY, determined_grammar, grammar
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV
from torch.nn.utils.rnn import pack_padded_sequence

from sklearn_rnn import SeedEnsembleTagger, SequenceTagger, load, save
from sklearn_rnn.modules import SequenceCrossEntropy, TaggerModule, TaggingLoss
from sklearn_rnn.tagging._sentences import augment_case, fit_affixes, make_batches


@pytest.fixture(scope="module")
def data():
    return grammar(300, seed=0), grammar(100, seed=1)


@pytest.fixture(scope="module")
def fitted(data):
    (X, y), _ = data
    return SequenceTagger(**TINY).fit(X, y)


@pytest.mark.slow
def test_learns_the_grammar_including_unseen_words(fitted, data):
    (X, _), (X_test, y_test) = data
    seen = {t.lower() for s in X for t in s}
    unseen = [
        (p, t)
        for s, ps, ts in zip(X_test, fitted.predict(X_test), y_test, strict=True)
        for w, p, t in zip(s, ps, ts, strict=True)
        if w.lower() not in seen
    ]
    assert len(unseen) > 200
    assert fitted.score(X_test, y_test) > 0.98
    assert np.mean([p == t for p, t in unseen]) > 0.98


def _unseen_accuracy(tagger, X, y, X_test, y_test):
    seen = {w for s in X for w in s}
    pairs = [
        (p, t)
        for s, ps, ts in zip(X_test, tagger.predict(X_test), y_test, strict=True)
        for w, p, t in zip(s, ps, ts, strict=True)
        if w not in seen
    ]
    assert len(pairs) > 600
    return np.mean([p == t for p, t in pairs])


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 1])
def test_unseen_words_in_a_determining_context_get_its_tag(seed):
    # Spelling says nothing (random strings): the context must carry the tag.
    X, y = determined_grammar(400, seed, lexicon_seed=100 + seed)
    X_test, y_test = determined_grammar(300, 50 + seed, lexicon_seed=200 + seed)
    tagger = SequenceTagger(**{**TINY, "random_state": seed}).fit(X, y)
    assert _unseen_accuracy(tagger, X, y, X_test, y_test) >= 0.99


@pytest.mark.slow
def test_without_affix_features_context_outweighs_a_misleading_suffix():
    # Training words end in their class's suffix; the unseen test words end in
    # another class's. Affix features make the tagger follow the suffix (43-62%
    # on three seeds); without them the determining context wins.
    right = {"NOUN": "ion", "VERB": "ed", "ADJ": "ous"}
    wrong = {"NOUN": "ed", "VERB": "ous", "ADJ": "ion"}
    X, y = determined_grammar(400, 0, lexicon_seed=100, suffixes=right)
    X_test, y_test = determined_grammar(300, 50, lexicon_seed=200, suffixes=wrong)
    tagger = SequenceTagger(**{**TINY, "affix_embedding_dim": 0}).fit(X, y)
    assert _unseen_accuracy(tagger, X, y, X_test, y_test) >= 0.99


def test_context_decides_ambiguous_words(fitted):
    tags = fitted.predict([["the", "fish", "run", "and", "a", "run", "fish"]])
    assert tags == [["DET", "NOUN", "VERB", "CONJ", "DET", "NOUN", "VERB"]]


def test_shapes_and_classes(fitted, data):
    _, (X_test, _) = data
    assert fitted.classes_.tolist() == ["ADJ", "ADV", "CONJ", "DET", "NOUN", "VERB"]
    proba = fitted.predict_proba(X_test[:3] + [[]])
    assert [p.shape for p in proba] == [(len(s), 6) for s in X_test[:3]] + [(0, 6)]
    np.testing.assert_allclose(np.concatenate(proba).sum(axis=1), 1.0)
    pred = fitted.predict(X_test[:3] + [[]])
    assert [len(p) for p in pred] == [len(s) for s in X_test[:3]] + [0]


def test_padding_does_not_leak_into_predictions(fitted, data):
    _, (X_test, _) = data
    short = [["a", "fish", "run"]]
    longest = sorted(X_test, key=len)[-20:]
    alone = fitted.predict_proba(short)[0]
    batched = fitted.predict_proba(longest + short + longest)[len(longest)]
    np.testing.assert_allclose(alone, batched, rtol=0, atol=1e-12)


def test_padding_does_not_leak_into_loss_or_gradients():
    torch.manual_seed(0)
    module = TaggerModule(n_words=10, n_chars=12, n_tags=3, hidden_size=5)
    module.eval()  # no dropout, so that both passes see the same network
    index_w = {w: i for i, w in enumerate(["a", "b", "c", "d"], start=2)}
    index_c = {c: i for i, c in enumerate("abcd", start=4)}
    sentence, long = [["a", "b"]], [["c", "d", "c", "d", "c", "d", "d"]]

    def loss_and_grads(sentences, tags):
        (X, y, rows), *_ = make_batches(sentences, index_w, index_c, 8, tags)
        module.zero_grad()
        X = {k: torch.from_numpy(v) for k, v in X.items()}
        scores = module(**X)[list(rows).index(0)][None]
        loss = SequenceCrossEntropy()(
            scores, torch.from_numpy(y[list(rows).index(0)])[None]
        )
        loss.backward()
        return loss.item(), [
            p.grad.clone() for p in module.parameters() if p.grad is not None
        ]

    loss_a, grads_a = loss_and_grads(sentence, [[0, 1]])
    loss_b, grads_b = loss_and_grads(sentence + long, [[0, 1], [2] * 7])
    assert loss_a == pytest.approx(loss_b, abs=1e-6)
    for a, b in zip(grads_a, grads_b, strict=True):
        torch.testing.assert_close(a, b, rtol=1e-5, atol=1e-6)


def test_determinism_clone_and_pickle(fitted, data):
    (X, y), (X_test, _) = data
    again = SequenceTagger(**TINY).fit(X, y)
    np.testing.assert_array_equal(
        np.concatenate(again.predict_proba(X_test)),
        np.concatenate(fitted.predict_proba(X_test)),
    )
    assert not hasattr(clone(fitted), "net_")
    restored = pickle.loads(pickle.dumps(fitted))
    assert restored.predict(X_test) == fitted.predict(X_test)


def test_validation_data_and_early_stopping(data):
    (X, y), (X_test, y_test) = data
    tagger = SequenceTagger(**{**TINY, "early_stopping": True, "n_iter_no_change": 2})
    tagger.fit(X, y, validation_data=(X_test, y_test))
    valid = tagger.history_[:, "valid_acc"]
    assert len(valid) == tagger.n_iter_ == len(tagger.history_[:, "valid_loss"])
    # Early stopping keeps the epoch of best dev accuracy (the first, on ties).
    kept = [i for i, row in enumerate(tagger.history_) if row.get("event_best")][-1]
    assert kept == int(np.argmax(valid))
    assert tagger.score(X_test, y_test) == pytest.approx(valid[kept])
    tail = SequenceTagger(**{**TINY, "early_stopping": True, "max_epochs": 2}).fit(X, y)
    assert sum(tail.history_[0, "batches", :, "valid_batch_size"]) == 30


def test_validation_accuracy_counts_tags_unseen_in_training(data):
    (X, y), (X_test, y_test) = data
    # Every third validation token carries a tag that training never had.
    y_new = [["NEW" if i % 3 == 0 else t for i, t in enumerate(s)] for s in y_test]
    tagger = SequenceTagger(**{**TINY, "max_epochs": 2})
    tagger.fit(X, y, validation_data=(X_test, y_new))
    accuracy = tagger.score(X_test, y_new)
    assert tagger.history_[-1, "valid_acc"] == pytest.approx(accuracy)
    assert accuracy < tagger.score(X_test, y_test) - 0.2
    # Tags all unseen: accuracy 0 at every epoch, no crash, no defined loss.
    all_new = [["NEW"] * len(s) for s in X_test]
    tagger = SequenceTagger(**{**TINY, "max_epochs": 2, "early_stopping": True})
    tagger.fit(X, y, validation_data=(X_test, all_new))
    assert tagger.history_[:, "valid_acc"] == [0.0, 0.0]


def test_weight_averaging_validates_and_predicts_with_the_average(data):
    (X, y), (X_val, y_val) = data
    params = {**TINY, "max_epochs": 3}
    trained = SequenceTagger(**params, ema_decay=0).fit(
        X, y, validation_data=(X_val, y_val)
    )
    averaged = SequenceTagger(**params, ema_decay=0.9).fit(
        X, y, validation_data=(X_val, y_val)
    )
    # The average is kept beside the optimisation, which it does not change ...
    np.testing.assert_allclose(
        averaged.history_[:, "train_loss"], trained.history_[:, "train_loss"], rtol=1e-6
    )
    # ... but it is what validation scores and what the fitted model holds.
    assert averaged.history_[-1, "valid_loss"] != trained.history_[-1, "valid_loss"]
    for tagger in (trained, averaged):
        assert tagger.score(X_val, y_val) == pytest.approx(
            tagger.history_[-1, "valid_acc"]
        )
    assert not np.allclose(
        np.concatenate(averaged.predict_proba(X_val)),
        np.concatenate(trained.predict_proba(X_val)),
    )


def test_weight_averaging_is_the_warmed_up_moving_average_of_the_steps():
    from skorch import NeuralNetRegressor
    from skorch.callbacks import Callback

    from sklearn_rnn._training.callbacks import WeightAveraging

    class Record(Callback):
        def on_batch_end(self, net, training=False, **kwargs):
            if training:
                steps.append(net.module_.weight.detach().clone())

    steps = []
    X = np.random.default_rng(0).normal(size=(64, 3)).astype(np.float32)
    y = X @ np.float32([[1.0], [-2.0], [0.5]])
    torch.manual_seed(0)
    net = NeuralNetRegressor(
        torch.nn.Linear(3, 1),
        max_epochs=3,
        batch_size=8,
        lr=0.05,
        train_split=None,
        callbacks=[Record(), WeightAveraging(0.5)],
    ).fit(X, y)
    expected = steps[0]
    for n, weight in enumerate(steps[1:], start=1):
        decay = min(0.5, (1 + n) / (10 + n))
        expected = decay * expected + (1 - decay) * weight
    assert len(steps) == 24
    torch.testing.assert_close(net.module_.weight.detach(), expected)
    assert not torch.allclose(expected, steps[-1])


def test_grid_search(data):
    (X, y), _ = data
    search = GridSearchCV(
        SequenceTagger(**{**TINY, "max_epochs": 2}), {"hidden_size": [8, 16]}, cv=2
    ).fit(X[:100], y[:100])
    assert 0 <= search.best_score_ <= 1
    assert search.best_params_["hidden_size"] in (8, 16)


@pytest.mark.parametrize(
    "X, y, error, match",
    [
        (
            [["a", "b"], ["c"]],
            [["T", "T"], ["T", "T"]],
            ValueError,
            "Sentence 1 has 1 tokens but 2 tags",
        ),
        (
            [["a", "b"]],
            [["T", "T"], ["T"]],
            ValueError,
            "got 1 sentences and 2 tag lists",
        ),
        (
            ["a b", ["c"]],
            [["T"], ["T"]],
            TypeError,
            "X\\[0\\] must be a list of token strings, got str",
        ),
        (
            [["a", 3]],
            [["T", "T"]],
            TypeError,
            "X\\[0\\]\\[1\\] must be a token string, got int",
        ),
        ([], [], ValueError, "X holds no token to learn from: got 0 sentences"),
        ([[], []], [[], []], ValueError, "got 2 sentences, all empty"),
        ("a b", [["T"]], TypeError, "X must be a list of sentences"),
        ([["a"]], ["T"], TypeError, "y\\[0\\] must be a list of tags, got str"),
    ],
)
def test_bad_input(X, y, error, match):
    with pytest.raises(error, match=match):
        SequenceTagger(**TINY).fit(X, y)


def test_sentences_as_tuples_arrays_and_a_pandas_column(fitted, data):
    import pandas as pd

    _, (X_test, y_test) = data
    X_test, y_test = X_test[:20], y_test[:20]
    expected = fitted.predict(X_test)
    frame = pd.DataFrame({"tokens": X_test, "tags": y_test})
    assert fitted.predict(frame["tokens"].values) == expected  # object ndarray
    assert fitted.predict(frame["tokens"]) == expected  # a Series
    assert fitted.predict(tuple(tuple(s) for s in X_test)) == expected
    assert fitted.predict([np.array(s) for s in X_test]) == expected  # str arrays
    assert fitted.score(frame["tokens"].values, frame["tags"].values) == (
        fitted.score(X_test, y_test)
    )
    small = SequenceTagger(**{**TINY, "max_epochs": 1})
    from_frame = clone(small).fit(frame["tokens"].values, frame["tags"].values)
    assert from_frame.predict(X_test) == clone(small).fit(X_test, y_test).predict(
        X_test
    )


def test_feature_dicts_say_to_pass_tokens(fitted):
    crfsuite_style = [[{"word": "the", "bias": 1.0}, {"word": "cat"}]]
    with pytest.raises(TypeError, match=r"X\[0\]\[0\] is a dict of features"):
        fitted.predict(crfsuite_style)


def test_bad_predict_input_and_not_fitted(fitted):
    with pytest.raises(TypeError, match="X\\[1\\] must be a list of token strings"):
        fitted.predict([["a"], "b c"])
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        SequenceTagger().predict([["a"]])


def test_invalid_parameters_name_the_parameter():
    with pytest.raises(ValueError, match="The 'word_dropout' parameter of SequenceT"):
        SequenceTagger(word_dropout=-1.0).fit([["a"]], [["T"]])
    with pytest.raises(ValueError, match="The 'case_augmentation' parameter of Seq"):
        SequenceTagger(case_augmentation=1.5).fit([["a"]], [["T"]])


def test_empty_parts_after_the_validation_split_are_named():
    X, y = [[], [], ["a"]], [[], [], ["T"]]
    tagger = SequenceTagger(**TINY, early_stopping=True, validation_fraction=0.34)
    with pytest.raises(ValueError, match="the training part of X .* holds no token"):
        tagger.fit(X, y)
    with pytest.raises(ValueError, match="the validation sentences holds no token"):
        SequenceTagger(**TINY).fit([["a"]], [["T"]], validation_data=([[]], [[]]))


def test_fitted_tagger_pickles_without_its_validation_data(data):
    (X, y), (X_test, y_test) = data
    tagger = SequenceTagger(**{**TINY, "max_epochs": 1})
    tagger.fit(X[:20], y[:20], validation_data=(X_test, y_test))
    assert tagger.net_.train_split is None
    assert (
        b"validation" not in pickle.dumps(tagger) or len(pickle.dumps(tagger)) < 10**7
    )


def test_very_long_tokens_are_capped_for_the_character_encoder(fitted):
    url = "http://example.com/" + "x" * 5000
    assert fitted.predict([["the", url]])[0][0] == "DET"
    ((X_b, _, _),) = make_batches([["a", url]], {}, {}, 8)
    assert X_b["chars"].shape[-1] == 42


def test_word_dropout_zero_is_quiet(recwarn):
    SequenceTagger(**{**TINY, "max_epochs": 1, "word_dropout": 0.0}).fit(
        [["a", "b"]], [["T", "U"]]
    )
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_augment_case_adds_recased_copies_with_their_tags():
    X = [["Ann", "met", "Bo"], ["the", "CAT"], ["it", "rains"], ["Hi"]]
    y = [["PROPN", "VERB", "PROPN"], ["DET", "NOUN"], ["PRON", "VERB"], ["INTJ"]]
    X_aug, y_aug = augment_case(X, y, 0.5, np.random.RandomState(0))
    assert X_aug[:4] == X and y_aug[:4] == y  # the originals, untouched
    lowered, raised = X_aug[4:6], X_aug[6:]
    assert len(lowered) == 2 and len(raised) == 1
    for copies, change in ((lowered, str.lower), (raised, str.upper)):
        for copy in copies:
            i = [[change(t) for t in s] for s in X].index(copy)
            assert y_aug[X_aug.index(copy, 4)] == y[i]
    assert augment_case(X, y, 0.0, np.random.RandomState(0)) == (X, y)


def test_case_augmentation_reads_known_words_through_unusual_case():
    # In training names are capitalised and nouns are not, so case alone would
    # tell them apart; the recased copies teach the model to read the word.
    names = ["Alice", "Bruno", "Clara", "Dmitri", "Elena", "Farid"]
    nouns = ["cat", "dog", "lamp", "tree", "boat", "chair"]
    words = np.random.default_rng(0).choice(names + nouns, 150)
    X = [["i", "saw", str(w)] for w in words]
    y = [["PRON", "VERB", "PROPN" if w in names else "NOUN"] for w in words]
    X_test = [["i", "saw", n.lower()] for n in names]
    X_test += [["i", "saw", n.upper()] for n in nouns]
    y_test = [["PRON", "VERB", "PROPN"]] * 6 + [["PRON", "VERB", "NOUN"]] * 6
    params = {**TINY, "random_state": 1}
    with_copies = SequenceTagger(**params).fit(X, y).score(X_test, y_test)
    without = SequenceTagger(**params, case_augmentation=0).fit(X, y)
    assert with_copies >= 35 / 36  # 12 recased words, 24 easy ones
    assert without.score(X_test, y_test) < with_copies


def test_affixes_kept_are_those_shared_by_two_distinct_tokens():
    X = [["Walked", "talked", "walked", "Paris"], ["01-Feb-02"]]
    index = fit_affixes(X)
    # "walked" twice is one token; "Walked" and "walked" share lowercased affixes
    # but not their shape.
    assert {"s2:ed", "s3:ked", "p1:w", "shape:x", "shape:Xx"} <= index.keys()
    assert not {"p1:p", "s4:aris", "shape:d-Xx-d", "p4:talk"} & index.keys()
    ((X_b, _, _),) = make_batches([["talked", "Zed"]], {}, {}, 8, affix_index=index)
    talked, zed = X_b["affixes"][0]
    assert talked.tolist() == [
        index.get(key, 1)
        for key in ["p1:t", "p2:ta", "p3:tal", "p4:talk"]
        + ["s1:d", "s2:ed", "s3:ked", "s4:lked", "shape:x"]
    ]
    assert zed[4:6].tolist() == [index["s1:d"], index["s2:ed"]]  # a new word's suffix
    assert 1 in zed  # and the affixes never seen: the rare-affix id


def test_affix_features_can_be_turned_off(data):
    (X, y), (X_test, y_test) = data
    tagger = SequenceTagger(**{**TINY, "max_epochs": 3, "affix_embedding_dim": 0})
    tagger.fit(X[:100], y[:100])
    assert tagger._affix_index_ is None
    assert tagger.net_.module_.affix_embedding is None
    with_affixes = SequenceTagger(**{**TINY, "max_epochs": 3}).fit(X[:100], y[:100])
    assert with_affixes.net_.module_.affix_embedding.embedding_dim == 64
    assert [len(p) for p in tagger.predict(X_test)] == list(map(len, X_test))


def test_module_with_affix_features_names_missing_affixes():
    module = TaggerModule(n_words=10, n_chars=8, n_tags=3, hidden_size=4, n_affixes=5)
    words, chars = torch.tensor([[2, 3]]), torch.randint(4, 8, (1, 2, 5))
    with pytest.raises(ValueError, match=r"built with affix features .* pass affixes"):
        module(words, chars, lengths=torch.tensor([2]))
    affixes = torch.randint(0, 5, (1, 2, 9))
    assert module(words, chars, torch.tensor([2]), affixes).shape == (1, 2, 3)


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
def test_character_encoder_gives_the_packed_final_states(cell):
    # On CPU, encode_words runs length buckets unpacked for speed: it must give
    # exactly what the packed bidirectional core gives (the path CUDA takes), in
    # values and in gradients.
    torch.manual_seed(0)
    module = TaggerModule(
        n_words=10, n_chars=12, n_tags=3, char_hidden_size=6, cell=cell
    )
    chars = torch.randint(4, 12, (3, 7, 11))
    lengths = torch.randint(1, 12, (3, 7))
    chars[torch.arange(11) >= lengths[..., None]] = 0
    chars[2, 5:] = 0  # padding tokens: an all-zero spelling

    got = module.encode_words(chars)
    flat = chars.reshape(-1, 11)
    packed = pack_padded_sequence(
        module.char_embedding(flat),
        (flat != 0).sum(1).clamp(min=1),
        batch_first=True,
        enforce_sorted=False,
    )
    h_n = module.char_core(packed)[1]
    h_n = h_n[0] if isinstance(h_n, tuple) else h_n
    expected = torch.cat([h_n[0], h_n[1]], dim=-1).reshape(3, 7, 12)
    torch.testing.assert_close(got, expected, rtol=1e-5, atol=1e-6)

    weights = torch.randn_like(expected)
    parameters = list(module.char_core.parameters())
    grads = torch.autograd.grad((got * weights).sum(), parameters)
    expected_grads = torch.autograd.grad((expected * weights).sum(), parameters)
    for g, e in zip(grads, expected_grads, strict=True):
        torch.testing.assert_close(g, e, rtol=1e-5, atol=1e-6)


# -- Auxiliary tags: a second head learned alongside the tags.


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
def aux_data():
    (X, y), (X_test, y_test) = grammar(300, seed=0), grammar(100, seed=1)
    return X, y, next_tags(y), X_test, y_test, next_tags(y_test)


@pytest.fixture(scope="module")
def aux_fitted(aux_data):
    X, y, aux, *_ = aux_data
    return SequenceTagger(**TINY).fit(X, y, aux_tags=aux)


def test_auxiliary_head_learns_the_auxiliary_tags(aux_fitted, aux_data):
    X, y, aux, X_test, y_test, aux_test = aux_data
    assert aux_fitted.aux_classes_.tolist() == sorted({t for s in aux for t in s})
    assert aux_accuracy(aux_fitted, X_test, aux_test) > 0.9
    assert aux_fitted.score(X_test, y_test) > 0.95
    # Without weight, the auxiliary head is never trained: near chance.
    untrained = SequenceTagger(**TINY, aux_weight=0.0).fit(X, y, aux_tags=aux)
    assert aux_accuracy(untrained, X_test, aux_test) < 0.5


def test_predictions_are_of_the_main_tags_only(aux_fitted, aux_data):
    *_, X_test, _, _ = aux_data
    proba = aux_fitted.predict_proba(X_test[:3] + [[]])
    assert [p.shape for p in proba] == [(len(s), 6) for s in X_test[:3]] + [(0, 6)]
    np.testing.assert_allclose(np.concatenate(proba).sum(axis=1), 1.0)
    assert {t for s in aux_fitted.predict(X_test) for t in s} <= set(
        aux_fitted.classes_
    )


def test_without_auxiliary_tags_there_is_no_auxiliary_head(aux_data):
    X, y, *_ = aux_data
    tagger = SequenceTagger(**{**TINY, "max_epochs": 1}).fit(X[:50], y[:50])
    assert tagger.aux_classes_ is None
    assert tagger.net_.module_.head.out_features == len(tagger.classes_)


def test_validation_tail_takes_its_auxiliary_tags_along(aux_data):
    X, y, aux, *_ = aux_data
    aux = aux[:-1] + [["TAIL"] * len(X[-1])]  # only in the last sentence
    tagger = SequenceTagger(**{**TINY, "max_epochs": 2}, early_stopping=True)
    tagger.fit(X, y, aux_tags=aux)
    assert "TAIL" not in tagger.aux_classes_
    assert tagger.net_.module_.head.out_features == 6 + len(tagger.aux_classes_)


def test_clone_pickle_save_and_grid_search_with_auxiliary_tags(aux_fitted, aux_data):
    X, y, aux, X_test, *_ = aux_data
    assert clone(aux_fitted).get_params()["aux_weight"] == 1.0
    restored = pickle.loads(pickle.dumps(aux_fitted))
    assert restored.predict(X_test) == aux_fitted.predict(X_test)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "tagger.safetensors")
        save(aux_fitted, path)
        loaded = load(path)
    assert loaded.aux_classes_.tolist() == aux_fitted.aux_classes_.tolist()
    np.testing.assert_array_equal(
        np.concatenate(loaded.predict_proba(X_test)),
        np.concatenate(aux_fitted.predict_proba(X_test)),
    )
    # The auxiliary tags are split with the sentences into the folds.
    search = GridSearchCV(
        SequenceTagger(**{**TINY, "max_epochs": 2}), {"aux_weight": [0.5, 1.0]}, cv=2
    ).fit(X[:80], y[:80], aux_tags=aux[:80])
    assert search.best_params_["aux_weight"] in (0.5, 1.0)


def test_seed_ensemble_passes_auxiliary_tags_to_its_members(aux_data):
    X, y, aux, *_ = aux_data
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
def test_bad_auxiliary_tags_are_named(aux_data, aux, error, match):
    X, y, *_ = aux_data
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
