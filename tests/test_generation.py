"""CharRNNGenerator: learning, carried state, the sklearn workflow, errors."""

import pickle

import numpy as np
import pytest
import torch
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV

from sklearn_rnn import CharRNNGenerator
from sklearn_rnn.generation import _stepper
from sklearn_rnn.generation._stepper import RecurrentStepper
from sklearn_rnn.generation._text import IGNORE, encode, fit_vocabulary, tbptt_layout
from sklearn_rnn.modules import CharLanguageModel

TEXT = "the cat sat on the mat. the dog sat on the log. " * 20
TINY = {
    "hidden_size": 32,
    "num_layers": 1,
    "seq_length": 24,
    "batch_size": 8,
    "lr": 0.01,
    "max_epochs": 12,
    "random_state": 0,
}


@pytest.fixture(scope="module")
def fitted():
    return CharRNNGenerator(**TINY).fit(TEXT)


def test_learns_a_repeated_text(fitted):
    assert fitted.loss_curve_[-1] < 0.3 * fitted.loss_curve_[0]
    assert fitted.bits_per_char("the dog sat on the mat. the cat sat on the log.") < 1.0
    words = fitted.generate(300, seed_text="the ", random_state=0).split()
    real = {"the", "cat", "sat", "on", "mat.", "dog", "log."}
    assert np.mean([w in real for w in words[1:-1]]) > 0.8


def test_classes_and_predictions(fitted):
    assert "".join(fitted.classes_) == " .acdeghlmnost"
    proba = fitted.predict_proba(["the ca", "", "x"])
    assert proba.shape == (3, len(fitted.classes_))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
    assert fitted.predict(["the ca", "the cat s"]).tolist() == ["t", "a"]


def test_score_is_minus_bits_per_char(fitted):
    text = "the cat sat on the log."
    assert fitted.score(text) == pytest.approx(-fitted.bits_per_char(text))
    assert fitted.score(text) > fitted.score("tac eht tas no eht gol.")


def test_score_reads_documents_with_state_carried(fitted, monkeypatch):
    # Each character's log-probability given its whole prefix (predict_proba,
    # which leaves out the unknown slot's ~0.1% mass, hence the tolerance) ...
    text = "the dog sat on the mat."
    proba = fitted.predict_proba([text[:i] for i in range(len(text))])
    columns = np.searchsorted(fitted.classes_, list(text))
    expected = np.log2(proba[np.arange(len(text)), columns]).mean()
    assert fitted.score(text) == pytest.approx(expected, abs=5e-3)
    # ... is what score gives when it reads the text in chunks of 5 characters.
    whole = fitted.score(text)
    monkeypatch.setattr("sklearn_rnn.generation._inference._SCORE_CHUNK", 5)
    assert fitted.score(text) == pytest.approx(whole, rel=1e-5)


def test_state_is_carried_across_training_chunks():
    # "c" + "abac" repeated, read in chunks of 2: every chunk's first target is a
    # "b" or a "c" after an "a", which only the chunk before can tell apart.
    # Without the carried state half the targets cost 1 bit (loss >= 0.35 nats);
    # with it, near 0.
    gen = CharRNNGenerator(**{**TINY, "seq_length": 2, "max_epochs": 30})
    gen.fit("c" + "abac" * 200)
    assert gen.loss_curve_[-1] < 0.1


def test_module_carries_and_resets_state():
    torch.manual_seed(0)
    lm = CharLanguageModel(5, 4, embedding_dim=3, cell="lstm", hidden_size=6)
    ids = torch.randint(0, 5, (2, 10))
    whole = lm(ids, reset=torch.ones(2, dtype=torch.bool))
    lm(ids[:, :4], reset=torch.ones(2, dtype=torch.bool))
    rest = lm(ids[:, 4:], reset=torch.tensor([False, True]))
    torch.testing.assert_close(rest[0], whole[0, 4:])
    fresh = lm(ids[1:, 4:], reset=torch.ones(1, dtype=torch.bool))
    torch.testing.assert_close(rest[1], fresh[0])


def _tiny_lm(cell, nonlinearity, num_layers):
    """An untrained 10-symbol model in eval mode, seeded."""
    torch.manual_seed(0)
    return CharLanguageModel(
        10,
        8,
        embedding_dim=5,
        cell=cell,
        hidden_size=7,
        num_layers=num_layers,
        nonlinearity=nonlinearity,
    ).eval()


@pytest.mark.parametrize(
    "cell, nonlinearity",
    [("lstm", "tanh"), ("gru", "tanh"), ("rnn", "tanh"), ("rnn", "relu")],
)
def test_one_step_generation_path_equals_the_sequence_path(cell, nonlinearity):
    lm = _tiny_lm(cell, nonlinearity, num_layers=2)
    _, state = lm.step(torch.tensor([[1, 2, 3]]))
    states = lm.layer_states(state)
    for token in (4, 5):
        logits, state = lm.step(torch.tensor([[token]]), state)
        torch.testing.assert_close(lm.one_step(token, states, 6), logits[0, -1, :6])
    for expected, got in zip(lm.layer_states(state), states, strict=True):
        torch.testing.assert_close(got, expected)


@pytest.mark.parametrize(
    "cell, nonlinearity, num_layers",
    [("lstm", "tanh", 3), ("gru", "tanh", 2), ("rnn", "tanh", 2), ("rnn", "relu", 1)],
)
def test_numpy_stepper_equals_the_sequence_path(cell, nonlinearity, num_layers):
    lm = _tiny_lm(cell, nonlinearity, num_layers)
    with torch.inference_mode():
        _, state = lm.step(torch.tensor([[1, 2, 3]]))
        stepper = RecurrentStepper(lm, state, n_logits=6)
        for token in (4, 5, 0, 9):
            logits, state = lm.step(torch.tensor([[token]]), state)
            np.testing.assert_allclose(
                stepper.step(token), logits[0, -1, :6].numpy(), rtol=1e-5, atol=1e-6
            )
    # The state carried is the model's own: h (and c) of every layer.
    expected = state if isinstance(state, tuple) else (state,)
    got = (stepper.h, stepper.c) if cell == "lstm" else (stepper.h,)
    for want, have in zip(expected, got, strict=True):
        np.testing.assert_allclose(np.stack(have), want[:, 0].numpy(), atol=1e-6)


def test_tbptt_layout_follows_each_stream():
    vocab = fit_vocabulary(["abcdefghij"])
    ids = [encode("abcdefghij" * 3, vocab), encode("abc", vocab)]
    inputs, targets, reset, n_streams = tbptt_layout(ids, 4, 2, start_id=99)
    assert n_streams == 2 and inputs.shape == (10, 4)
    # Rows k * n_streams + s are chunk k of stream s; stream 0 is the first
    # document's first 8 chunks... read in order, its targets are the text.
    stream0 = targets[0::2].ravel()
    assert stream0[:20].tolist() == ids[0][:20].tolist()
    # Every target is some character exactly once, padding is ignored.
    assert np.sort(targets[targets != IGNORE]).tolist() == sorted(
        np.concatenate(ids).tolist()
    )
    assert reset[0] and reset[1]  # each stream starts from a zero state
    assert inputs[0, 0] == 99  # each document starts with the start symbol


def test_documents_shorter_than_seq_length():
    docs = ["ab", "abc", "b", "", "abca"]
    gen = CharRNNGenerator(**{**TINY, "max_epochs": 2}).fit(docs)
    assert gen.classes_.tolist() == ["a", "b", "c"]
    assert np.isfinite(gen.score("a"))
    assert gen.predict_proba(["", "c"]).shape == (2, 3)
    assert len(gen.generate(5)) == 5


def test_unseen_characters_policy(fitted):
    # Read as the unknown slot: no error, and an unseen character costs bits.
    assert len(fitted.generate(10, seed_text="the zebra ", random_state=0)) == 10
    assert fitted.predict_proba(["the Zzz"]).shape == (1, len(fitted.classes_))
    assert fitted.bits_per_char("the cat sat on the Mat.") > fitted.bits_per_char(
        "the cat sat on the mat."
    )
    assert "Z" not in fitted.generate(200, random_state=0)


def test_generate_reproducible_and_temperature(fitted):
    a = fitted.generate(50, random_state=3)
    assert a == fitted.generate(50, random_state=3)
    assert a != fitted.generate(50, random_state=4)
    greedy = fitted.generate(30, seed_text="the d", top_k=1, random_state=1)
    assert greedy == fitted.generate(30, seed_text="the d", top_k=1, random_state=2)
    assert greedy.startswith("og sat on the")
    assert fitted.generate(0) == ""


@pytest.mark.parametrize("seed_text", ["", "the d", "the dog sat on the mat. the c"])
def test_seed_read_step_by_step_or_as_a_sequence_gives_the_same_text(
    fitted, seed_text, monkeypatch
):
    # Short seeds are read by the numpy stepper, long ones by nn.LSTM: both ways
    # must leave the same state.
    a = fitted.generate(60, seed_text=seed_text, random_state=0)
    monkeypatch.setattr(_stepper, "_SHORT_SEED", -1)
    assert fitted.generate(60, seed_text=seed_text, random_state=0) == a
    monkeypatch.setattr(_stepper, "_SHORT_SEED", 10**6)
    assert fitted.generate(60, seed_text=seed_text, random_state=0) == a


def test_determinism_clone_and_pickle(fitted):
    again = CharRNNGenerator(**TINY).fit(TEXT)
    assert again.score(TEXT[:100]) == fitted.score(TEXT[:100])
    assert again.generate(40, random_state=0) == fitted.generate(40, random_state=0)
    assert not hasattr(clone(fitted), "net_")
    restored = pickle.loads(pickle.dumps(fitted))
    assert restored.generate(40, random_state=0) == fitted.generate(40, random_state=0)
    assert restored.score(TEXT[:100]) == fitted.score(TEXT[:100])


def test_early_stopping_holds_out_the_last_documents():
    # 20 documents, validation_fraction 0.1: exactly the last two are held out, so
    # their characters ("x", "z") stay out of the vocabulary and the third-last's
    # ("q") is in it.
    docs = ["the cat sat. ", "the dog sat. "] * 8 + ["a cat. ", "q cat. ", "x", "z"]
    gen = CharRNNGenerator(
        **{**TINY, "max_epochs": 5, "early_stopping": True, "validation_fraction": 0.1}
    ).fit(docs)
    assert "q" in gen.classes_
    assert "x" not in gen.classes_ and "z" not in gen.classes_
    assert len(gen.history_[:, "valid_loss"]) == gen.n_iter_


def test_grid_search_over_documents():
    docs = ["the cat sat on the mat.", "the dog sat on the log."] * 6
    search = GridSearchCV(
        CharRNNGenerator(**{**TINY, "max_epochs": 3}), {"hidden_size": [8, 32]}, cv=2
    ).fit(docs)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert search.best_params_["hidden_size"] in (8, 32)


@pytest.mark.parametrize(
    "X, error, match",
    [
        ("", ValueError, "X holds no characters: got 1 empty document"),
        ([], ValueError, "X holds no characters: got 0 empty document"),
        (["", ""], ValueError, "got 2 empty document"),
        (["abc", 1], TypeError, "document 1 is a int"),
        (np.array(["abc"]), TypeError, "X must be a string or a list of strings"),
    ],
)
def test_bad_training_text(X, error, match):
    with pytest.raises(error, match=match):
        CharRNNGenerator(**TINY).fit(X)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"n_chars": -1}, "n_chars must be an integer >= 0, got -1"),
        ({"n_chars": 5, "temperature": 0}, "temperature must be a finite number > 0"),
        ({"n_chars": 5, "top_k": 0}, "top_k must be an integer >= 1, got 0"),
    ],
)
def test_bad_generate_arguments(fitted, kwargs, match):
    with pytest.raises(ValueError, match=match):
        fitted.generate(**kwargs)


def test_n_chars_must_be_an_integer(fitted):
    with pytest.raises(TypeError, match="n_chars must be an integer, got 2.0"):
        fitted.generate(2.0)


def test_bad_prediction_input(fitted):
    with pytest.raises(TypeError, match="seed_text must be a string, got int"):
        fitted.generate(5, seed_text=3)
    with pytest.raises(TypeError, match="wrap a single context in a list"):
        fitted.predict_proba("the")
    with pytest.raises(TypeError, match="context 1 is a bytes"):
        fitted.predict(["the", b"ca"])
    with pytest.raises(ValueError, match="X holds no characters"):
        fitted.score("")


def test_invalid_parameters_name_the_parameter():
    with pytest.raises(ValueError, match="The 'seq_length' parameter of CharRNNGen"):
        CharRNNGenerator(seq_length=0).fit("abc")
    with pytest.raises(ValueError, match="The 'embedding_dim' parameter of CharRNN"):
        CharRNNGenerator(embedding_dim=0).fit("abc")


def test_vocabulary_comes_from_the_training_part_only():
    gen = CharRNNGenerator(**{**TINY, "max_epochs": 1, "early_stopping": True})
    gen.fit(["abab abab", "abab", "zzz"])
    assert "z" not in gen.classes_


def test_lone_surrogates_are_read_not_crashed_on(fitted):
    text = b"the cat \xff sat".decode("utf-8", "surrogateescape")
    assert np.isfinite(fitted.score(text))
