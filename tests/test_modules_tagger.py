"""TaggerModule and TaggingLoss (``modules/_tagger.py``): the language-modelling
loss (Rei, 2017) and character dropout, and what they do for the tagger."""

import numpy as np
import pytest
import torch
from _grammar import TINY, grammar

from sklearn_rnn import SequenceTagger
from sklearn_rnn.modules import TaggerModule, TaggingLoss
from sklearn_rnn.modules._tagger import lm_targets
from sklearn_rnn.tagging._sentences import BOW, EOW, make_batches


def batch_tensors(tagger, X, batch_size=64):
    batches = make_batches(
        X,
        tagger._word_index_,
        tagger._char_index_,
        batch_size,
        affix_index=tagger._affix_index_,
    )
    return [{k: torch.from_numpy(v) for k, v in X_b.items()} for X_b, _, _ in batches]


def unigram_entropy(targets):
    """Cross-entropy of the best context-free guess: the targets' own frequencies."""
    _, counts = np.unique(targets[targets != -100], return_counts=True)
    p = counts / counts.sum()
    return float(-(p * np.log(p)).sum())


def test_lm_targets_are_the_next_and_previous_words():
    words = torch.tensor([[7, 2, 30, 4], [5, 6, 0, 0], [9, 0, 0, 0]])
    next_words, previous_words = lm_targets(words, torch.tensor([4, 2, 1]), 10)
    # 30 is not among the 10 predicted ids: the unknown word (1); 10 marks the
    # sentence's ends; padding is ignored (-100).
    assert next_words.tolist() == [
        [2, 1, 4, 10],
        [6, 10, -100, -100],
        [10] + [-100] * 3,
    ]
    assert previous_words.tolist() == [
        [10, 7, 2, 1],
        [10, 5, -100, -100],
        [10] + [-100] * 3,
    ]


def test_module_returns_the_lm_loss_in_training_mode_only():
    torch.manual_seed(0)
    module = TaggerModule(n_words=12, n_chars=8, n_tags=3, hidden_size=4, n_lm_words=6)
    words, chars = torch.tensor([[2, 3, 9]]), torch.randint(4, 8, (1, 3, 5))
    lengths = torch.tensor([3])
    scores, lm_loss = module(words, chars, lengths)
    assert scores.shape == (1, 3, 3)
    # Untrained: about log(7) per direction (6 word ids and the sentence end).
    assert float(lm_loss.detach()) == pytest.approx(2 * np.log(7), rel=0.1)
    module.eval()
    assert module(words, chars, lengths).shape == (1, 3, 3)


def test_unidirectional_core_predicts_the_next_word_only():
    module = TaggerModule(
        n_words=12,
        n_chars=8,
        n_tags=3,
        hidden_size=4,
        n_lm_words=6,
        bidirectional=False,
    )
    assert len(module.lm_heads) == 1
    _, lm_loss = module(
        torch.tensor([[2, 3]]), torch.randint(4, 8, (1, 2, 5)), torch.tensor([2])
    )
    assert float(lm_loss.detach()) == pytest.approx(np.log(7), rel=0.1)


def test_lm_loss_ignores_padding():
    # Without dropout the training-mode loss is deterministic: extra padding
    # columns (the sentence batched with longer ones) must not change it.
    torch.manual_seed(0)
    module = TaggerModule(n_words=12, n_chars=8, n_tags=3, hidden_size=4, n_lm_words=6)
    words, chars = torch.tensor([[2, 3, 9]]), torch.randint(4, 8, (1, 3, 5))
    padded_words = torch.cat([words, torch.zeros(1, 4, dtype=torch.long)], dim=1)
    padded_chars = torch.cat([chars, torch.zeros(1, 4, 5, dtype=torch.long)], dim=1)
    _, alone = module(words, chars, torch.tensor([3]))
    _, padded = module(padded_words, padded_chars, torch.tensor([3]))
    torch.testing.assert_close(alone, padded)


def test_tagging_loss_adds_the_weighted_lm_loss():
    scores, target = torch.randn(2, 3, 4), torch.tensor([[0, 1, 2], [3, 0, -100]])
    lm_loss = torch.tensor(1.7)
    loss = TaggingLoss(n_tags=4, lm_weight=0.25)
    torch.testing.assert_close(
        loss((scores, lm_loss), target), loss(scores, target) + 0.25 * lm_loss
    )


@pytest.mark.slow
def test_language_model_heads_learn_the_sentence_context():
    (X, y), (X_test, y_test) = grammar(300, seed=0), grammar(100, seed=1)
    tagger = SequenceTagger(**{**TINY, "lm_weight": 1.0}).fit(X, y)
    assert tagger.score(X_test, y_test) > 0.98
    module = tagger.net_.module_
    module.train()
    torch.manual_seed(0)
    losses, targets = [], [[], []]
    with torch.no_grad():
        for tensors in batch_tensors(tagger, X):
            losses.append(float(module(**tensors)[1]))
            for store, t in zip(
                targets,
                lm_targets(tensors["words"], tensors["lengths"], module.n_lm_words),
                strict=True,
            ):
                store.append(t.flatten().numpy())
    context_free = sum(unigram_entropy(np.concatenate(t)) for t in targets)
    # "the" and "a" open clauses, "and" and the sentence end follow verbs and
    # adverbs: the heads read them off the context, far better than frequencies.
    assert np.mean(losses) < 0.8 * context_free


def test_lm_weight_zero_builds_no_language_model_heads():
    X, y = grammar(40, seed=0)
    tagger = SequenceTagger(**{**TINY, "max_epochs": 1, "lm_weight": 0}).fit(X, y)
    assert tagger.net_.module_.lm_heads is None
    with_lm = SequenceTagger(**{**TINY, "max_epochs": 1}).fit(X, y)
    assert with_lm.net_.module_.n_lm_words == len(with_lm._word_index_) + 2


def test_negative_lm_weight_is_refused():
    X, y = grammar(10, seed=0)
    with pytest.raises(ValueError, match="lm_weight"):
        SequenceTagger(lm_weight=-0.1).fit(X, y)


# -- Character dropout: what it hides, when, and its validation.


def spelling(*letters, width=6):
    """Character ids of a word between its markers, padded with 0 to ``width``."""
    ids = [BOW, *letters, EOW]
    return ids + [0] * (width - len(ids))


def features(module, spellings):
    chars = torch.tensor([spellings])
    return module.encode_words(chars)[0].detach()


def test_full_char_dropout_hides_the_letters_but_not_the_length():
    torch.manual_seed(0)
    module = TaggerModule(
        n_words=5, n_chars=12, n_tags=2, char_hidden_size=4, char_dropout=1.0
    )
    cat, dog, mice = spelling(5, 6, 7), spelling(8, 9, 10), spelling(5, 6, 7, 11)
    train = features(module, [cat, dog, mice])
    # Every letter reads as the unknown character: two words of the same length
    # look alike; the markers and the padding stay, so the length still shows.
    torch.testing.assert_close(train[0], train[1])
    assert not torch.allclose(train[0], train[2])
    module.eval()
    evaluated = features(module, [cat, dog, mice])
    assert not torch.allclose(evaluated[0], evaluated[1])


def test_char_dropout_changes_training_features_only():
    torch.manual_seed(0)
    kwargs = {"n_words": 5, "n_chars": 12, "n_tags": 2, "char_hidden_size": 4}
    plain = TaggerModule(**kwargs)
    dropped = TaggerModule(**kwargs, char_dropout=0.5)
    dropped.load_state_dict(plain.state_dict())
    words = [spelling(5, 6, 7), spelling(8, 9, 10, 11), spelling(5, 11)]
    torch.manual_seed(1)
    assert not torch.allclose(features(plain, words), features(dropped, words))
    plain.eval(), dropped.eval()
    torch.testing.assert_close(features(plain, words), features(dropped, words))


def test_tagger_with_char_dropout_learns_and_is_deterministic():
    (X, y), (X_new, y_new) = grammar(200, seed=0), grammar(60, seed=1)
    params = dict(TINY, char_dropout=0.1)
    first = SequenceTagger(**params).fit(X, y)
    second = SequenceTagger(**params).fit(X, y)
    assert first.predict(X_new) == second.predict(X_new)
    assert first.score(X_new, y_new) > 0.9


@pytest.mark.parametrize("value", [-0.1, 1.0])
def test_char_dropout_outside_0_1_is_refused(value):
    X, y = [["a", "b"]], [["A", "B"]]
    with pytest.raises(ValueError, match="char_dropout"):
        SequenceTagger(char_dropout=value).fit(X, y)
