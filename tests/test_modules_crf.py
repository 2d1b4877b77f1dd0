"""The CRF layer (modules/_crf.py) against brute force, and SequenceTagger's
decoders: learned with a CRF, spans never ill-formed under a scheme."""

import itertools

import numpy as np
import pytest
import torch

from sklearn_rnn import SeedEnsembleTagger, SequenceTagger, load, save
from sklearn_rnn.modules import CRF
from sklearn_rnn.tagging._decoding import decode_proba
from sklearn_rnn.tagging._schemes import allowed_transitions

TAGS = ["B-ORG", "B-PER", "I-ORG", "I-PER", "O"]


def _brute_force(crf, emissions, n):
    transitions, start, end = crf.potentials()
    scores = {}
    for path in itertools.product(range(crf.n_tags), repeat=n):
        score = start[path[0]] + end[path[-1]]
        score = score + sum(emissions[t, path[t]] for t in range(n))
        score = score + sum(transitions[path[t - 1], path[t]] for t in range(1, n))
        scores[path] = score
    log_z = torch.logsumexp(torch.stack(list(scores.values())), 0)
    marginals = torch.zeros(n, crf.n_tags)
    for path, score in scores.items():
        for t, tag in enumerate(path):
            marginals[t, tag] += torch.exp(score - log_z)
    return scores, log_z, marginals


@pytest.mark.parametrize("constrained", [False, True])
def test_crf_algorithms_match_brute_force(constrained):
    torch.manual_seed(0)
    allowed = None
    if constrained:
        allowed = torch.tensor(allowed_transitions(["B-X", "I-X", "O"], "bio"))
    crf = CRF(3, allowed)
    with torch.no_grad():
        for p in (crf.transitions, crf.start, crf.end):
            p.normal_()
    emissions = torch.randn(2, 4, 3)
    mask = torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]], dtype=torch.bool)
    paths = crf.decode(emissions, mask)
    marginals = crf.marginals(emissions, mask)
    for b, n in enumerate([4, 3]):
        scores, log_z, expected = _brute_force(crf, emissions[b], n)
        best = max(scores, key=scores.get)
        assert paths[b] == list(best)
        tags = torch.zeros(1, 4, dtype=torch.long)
        tags[0, :n] = torch.tensor(best)
        nll = crf.neg_log_likelihood(emissions[b : b + 1], tags, mask[b : b + 1])
        torch.testing.assert_close(nll[0], log_z - scores[best])
        torch.testing.assert_close(marginals[b, :n], expected, atol=1e-5, rtol=0)
        assert not marginals[b, n:].any()
        if constrained:  # I-X (1) never after O (2) nor first
            assert best[0] != 1 and (2, 1) not in zip(best, best[1:], strict=False)


def _names(n_sentences, seed):
    """Sentences with two-word PER and ORG spans among filler words."""
    rng = np.random.RandomState(seed)
    first, last = ["ivan", "maria", "john", "anna"], ["petrov", "smith", "chen"]
    orgs, filler = ["acme", "globex", "initech"], ["met", "saw", "the", "a", "left"]
    X, y = [], []
    for _ in range(n_sentences):
        tokens, tags = [], []
        for _ in range(rng.randint(2, 6)):
            r = rng.rand()
            if r < 0.3:
                tokens += [rng.choice(first), rng.choice(last)]
                tags += ["B-PER", "I-PER"]
            elif r < 0.5:
                tokens += [rng.choice(orgs), "corp"]
                tags += ["B-ORG", "I-ORG"]
            else:
                tokens.append(rng.choice(filler))
                tags.append("O")
        X.append(tokens)
        y.append(tags)
    return X, y


SMALL = dict(
    hidden_size=16,
    word_embedding_dim=16,
    char_embedding_dim=8,
    char_hidden_size=8,
    affix_embedding_dim=8,
    max_epochs=8,
    lr=0.01,
    random_state=0,
)


@pytest.fixture(scope="module")
def crf_tagger():
    X, y = _names(200, seed=0)
    return SequenceTagger(decoder="crf", **SMALL).fit(X, y)


def _valid_bio(tags):
    previous = "O"
    for tag in tags:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            return False
        previous = tag
    return True


def test_crf_tagger_learns_spans_and_gives_marginals(crf_tagger):
    X, y = _names(60, seed=1)
    assert crf_tagger.tag_scheme_ == "bio"
    assert crf_tagger.score(X, y) > 0.95
    assert crf_tagger.net_.module_.crf is not None
    proba = crf_tagger.predict_proba(X[:5])
    for p, sentence in zip(proba, X[:5], strict=True):
        assert p.shape == (len(sentence), len(crf_tagger.classes_))
        np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-6)
    # The transitions learned: O -> I-PER is forbidden, B-PER -> I-PER likely.
    transitions, _, _ = crf_tagger.net_.module_.crf.potentials()
    o, b_per, i_per = (TAGS.index(t) for t in ("O", "B-PER", "I-PER"))
    assert transitions[b_per, i_per] > transitions[o, o] - 10 > -1e3
    assert transitions[o, i_per] <= -1e4


def test_crf_tagger_round_trips_through_save(crf_tagger, tmp_path):
    X, _ = _names(20, seed=2)
    save(crf_tagger, tmp_path / "crf.safetensors")
    loaded = load(tmp_path / "crf.safetensors")
    assert loaded.predict(X) == crf_tagger.predict(X)
    np.testing.assert_array_equal(
        np.concatenate(loaded.predict_proba(X)),
        np.concatenate(crf_tagger.predict_proba(X)),
    )


def test_the_default_decoder_is_the_crf_for_spans_and_the_softmax_otherwise():
    X, y = _names(40, seed=0)
    spans = SequenceTagger(**{**SMALL, "max_epochs": 1}).fit(X, y)
    assert (spans.decoder_, spans.net_.module_.crf is not None) == ("crf", True)
    pos = [["O" if t == "O" else t[2:] for t in tags] for tags in y]
    plain = SequenceTagger(**{**SMALL, "max_epochs": 1}).fit(X, pos)
    assert (plain.decoder_, plain.net_.module_.crf) == ("softmax", None)
    forced = SequenceTagger(decoder="softmax", **{**SMALL, "max_epochs": 1})
    assert forced.fit(X, y).net_.module_.crf is None


# An undertrained tagger, whose token-wise argmax breaks spans.
UNDERTRAINED = {**SMALL, "max_epochs": 2, "case_augmentation": 0.0}


@pytest.mark.parametrize("decoder", ["softmax", "crf"])
def test_predictions_never_break_the_scheme(decoder):
    X, y = _names(100, seed=3)
    X_test, _ = _names(200, seed=4)
    tagger = SequenceTagger(decoder=decoder, **UNDERTRAINED).fit(X, y)
    assert all(_valid_bio(tags) for tags in tagger.predict(X_test))
    free = SequenceTagger(tag_scheme=None, **UNDERTRAINED).fit(X, y)
    assert free.tag_scheme_ is None
    assert sum(not _valid_bio(tags) for tags in free.predict(X_test)) > 20


def test_ensemble_decodes_its_average_within_the_scheme():
    X, y = _names(100, seed=3)
    member = SequenceTagger(**UNDERTRAINED)
    ensemble = SeedEnsembleTagger(member, n_seeds=2).fit(X, y)
    X_test, _ = _names(100, seed=4)
    assert all(_valid_bio(tags) for tags in ensemble.predict(X_test))


def test_marginals_are_zero_on_padding():
    emissions = torch.full((2, 60, 9), 3.0)
    mask = torch.arange(60) < torch.tensor([60, 2])[:, None]
    marginals = CRF(9).marginals(emissions, mask)
    assert torch.isfinite(marginals).all() and not marginals[~mask].any()


def test_softmax_decoding_stays_within_the_scheme_when_probabilities_round_to_0(
    monkeypatch,
):
    # Gaps of 2000 make float32 probabilities exactly 0: their logs would be
    # -inf, below a forbidden transition, and Viterbi would take it.
    tagger = SequenceTagger(**{**UNDERTRAINED, "max_epochs": 1}).fit(*_names(20, 0))
    classes = list(tagger.classes_)
    scores = torch.zeros(1, 2, len(classes))
    scores[0, 0, classes.index("O")] = 2000.0
    scores[0, 1, classes.index("I-PER")] = 2000.0
    scores[0, 0, classes.index("B-PER")] = 1990.0

    class Fixed(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.weight = torch.nn.Parameter(torch.zeros(1))

        def forward(self, **tensors):
            return scores

    monkeypatch.setattr(tagger, "_inference_module", lambda: Fixed())
    assert tagger.predict([["x", "y"]]) == [["B-PER", "I-PER"]]


def test_validation_accuracy_is_that_of_the_constrained_predictions():
    X, y = _names(100, seed=3)
    X_val, y_val = _names(40, seed=4)
    tagger = SequenceTagger(**{**UNDERTRAINED, "ema_decay": 0.0})
    tagger.fit(X, y, validation_data=(X_val, y_val))
    assert tagger.history_[-1, "valid_acc"] == pytest.approx(tagger.score(X_val, y_val))


def test_decode_proba_picks_the_best_allowed_sequence():
    allowed = allowed_transitions(["B-X", "I-X", "O"], "bio")
    # Token-wise best is O, I-X: not allowed; B-X, I-X is the best allowed path.
    proba = [np.array([[0.4, 0.0, 0.6], [0.1, 0.8, 0.1]])]
    assert decode_proba(proba, None)[0].tolist() == [2, 1]
    assert decode_proba(proba, allowed)[0].tolist() == [0, 1]


def test_crf_validation_counts_unseen_tags_and_all_unseen_does_not_crash():
    X, y = _names(80, seed=5)
    X_val, y_val = _names(20, seed=6)
    y_new = [["B-LOC" if t == "B-PER" else t for t in tags] for tags in y_val]
    tagger = SequenceTagger(decoder="crf", **{**SMALL, "max_epochs": 2})
    tagger.fit(X, y, validation_data=(X_val, y_new))
    assert tagger.history_[-1, "valid_acc"] == pytest.approx(tagger.score(X_val, y_new))
    all_new = [["B-LOC"] * len(s) for s in X_val]
    tagger.fit(X, y, validation_data=(X_val, all_new))
    assert tagger.history_[:, "valid_acc"] == [0.0, 0.0]


def test_a_given_scheme_that_the_training_tags_break_is_warned_about():
    X, y = _names(30, seed=0)  # BIO: single-token spans end without E-/S-
    with pytest.warns(
        UserWarning, match=r"training sentences break tag_scheme='bioes'"
    ):
        SequenceTagger(tag_scheme="bioes", **{**SMALL, "max_epochs": 1}).fit(X, y)


def test_a_given_scheme_must_fit_the_tags():
    with pytest.raises(ValueError, match="tag_scheme='bio' needs tags of the form"):
        SequenceTagger(tag_scheme="bio", **SMALL).fit([["a"]], [["NOUN"]])
