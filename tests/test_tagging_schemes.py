"""Span schemes (_tag_schemes.py): detection and allowed transitions."""

import pytest

from sklearn_rnn.tagging._schemes import allowed_transitions, detect_scheme


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ([["B-PER", "I-PER", "O", "B-LOC"]], "bio"),
        ([["O", "I-PER", "I-PER", "B-PER"]], "iob1"),
        ([["I-PER", "O"]], "iob1"),  # a span starting a sentence with I-
        ([["O", "I-PER"], ["I-PER", "I-LOC"]], "iob1"),  # I- of another type
        ([["B-PER", "I-LOC"]], "bio"),  # spans start with B-: a stray I- is an error
        ([["B-PER", "I-PER", "O", "B-LOC"]] * 99 + [["O", "I-LOC"]], "bio"),
        ([["B-PER", "E-PER", "S-LOC", "O"]], "bioes"),
        ([["B-PER", "L-PER", "U-LOC", "O"]], "bioes"),  # BILOU
        ([["DET", "NOUN"]], None),
        ([["O", "O"]], None),
        ([["B-PER", "NOUN"]], None),
    ],
)
def test_detect_scheme(tags, expected):
    classes = sorted({t for sentence in tags for t in sentence})
    assert detect_scheme(classes, tags) == expected


def _allowed(classes, scheme):
    allowed = allowed_transitions(classes, scheme)
    k = len(classes)
    names = [*classes, "^"]
    pairs = {
        (names[i], ([*classes, None, "$"])[j])
        for i in range(k + 1)
        for j in range(k + 2)
        if allowed[i, j]
    }
    return pairs


def test_bio_forbids_an_i_that_does_not_continue_its_span():
    pairs = _allowed(["B-A", "B-B", "I-A", "I-B", "O"], "bio")
    assert ("B-A", "I-A") in pairs and ("I-A", "I-A") in pairs
    assert ("O", "I-A") not in pairs and ("B-B", "I-A") not in pairs
    assert ("^", "I-A") not in pairs and ("^", "B-A") in pairs
    assert ("I-A", "$") in pairs


def test_iob1_allows_b_only_between_spans_of_one_type():
    pairs = _allowed(["B-A", "I-A", "I-B", "O"], "iob1")
    assert ("O", "I-A") in pairs and ("I-A", "B-A") in pairs
    assert ("O", "B-A") not in pairs and ("I-B", "B-A") not in pairs


def test_bioes_closes_every_span():
    pairs = _allowed(["B-A", "E-A", "I-A", "O", "S-A"], "bioes")
    assert ("B-A", "E-A") in pairs and ("B-A", "I-A") in pairs
    assert ("B-A", "O") not in pairs and ("B-A", "$") not in pairs
    assert ("E-A", "O") in pairs and ("O", "E-A") not in pairs
    assert ("^", "S-A") in pairs and ("^", "I-A") not in pairs
