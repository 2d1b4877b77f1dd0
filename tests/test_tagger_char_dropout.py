"""SequenceTagger's character dropout: what it hides, when, and its validation."""

import pytest
import torch
from _grammar import TINY, grammar

from sklearn_rnn import SequenceTagger
from sklearn_rnn.modules import TaggerModule
from sklearn_rnn.tagging._sentences import BOW, EOW


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
