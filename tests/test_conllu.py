import io
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from _data import require_data

from sklearn_rnn.datasets import load_conllu

# Two sentences: comments, a multi-word token range (2-3) with its two words, an
# empty node (4.1), an XPOS of "_" and a UPOS of "_".
SNIPPET = """\
# sent_id = 1
# text = I don't know.
1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t_\t_
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_
2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_
3\tn't\tnot\tPART\t_\t_\t4\tadvmod\t_\t_
4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\t_
4.1\tknow\tknow\tVERB\tVB\t_\t_\t_\t4:conj\t_
5\t.\t.\t_\tPUNCT\t_\t4\tpunct\t_\tSpaceAfter=No

# sent_id = 2
# newpar
1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_
2\t!\t!\tPUNCT\t.\t_\t1\tpunct\t_\t_

"""

WORDS = [["I", "do", "n't", "know", "."], ["Hi", "!"]]


@pytest.fixture
def snippet_path(tmp_path):
    path = tmp_path / "snippet.conllu"
    path.write_text(SNIPPET, encoding="utf-8")
    return path


def test_load_conllu_upos(snippet_path):
    sentences, tags = load_conllu(snippet_path)
    assert sentences == WORDS
    # The range line is skipped, its words kept; the empty node 4.1 is skipped.
    assert tags == [["PRON", "AUX", "PART", "VERB", "_"], ["INTJ", "PUNCT"]]


def test_load_conllu_xpos(snippet_path):
    sentences, tags = load_conllu(snippet_path, tag="xpos")
    assert sentences == WORDS
    # conllu parses an XPOS of "_" to None; the loader returns "_".
    assert tags == [["PRP", "VBP", "_", "VB", "PUNCT"], ["UH", "."]]


def test_load_conllu_accepts_str_path_and_text_file(snippet_path):
    expected = load_conllu(snippet_path)
    assert load_conllu(str(snippet_path)) == expected
    with open(snippet_path, encoding="utf-8") as f:
        assert load_conllu(f) == expected
    assert load_conllu(io.StringIO(SNIPPET)) == expected


def test_load_conllu_non_ascii_and_no_final_blank_line(tmp_path):
    path = tmp_path / "fr.conllu"
    text = (
        "1\tDéjà\tdéjà\tADV\t_\t_\t0\troot\t_\t_\n"
        "2\tvu\tvoir\tVERB\t_\t_\t1\t_\t_\t_"  # no final newline
    )
    path.write_text(text, encoding="utf-8")
    assert load_conllu(path) == ([["Déjà", "vu"]], [["ADV", "VERB"]])


def test_load_conllu_empty_file(tmp_path):
    path = tmp_path / "empty.conllu"
    path.write_text("", encoding="utf-8")
    assert load_conllu(path) == ([], [])


def test_load_conllu_bad_tag(snippet_path):
    with pytest.raises(ValueError, match=r"tag must be one of \('upos', 'xpos'\)"):
        load_conllu(snippet_path, tag="deprel")


def test_load_conllu_missing_file(tmp_path):
    path = tmp_path / "nowhere.conllu"
    with pytest.raises(FileNotFoundError, match=r"No CoNLL-U file at path .*nowhere"):
        load_conllu(path)


def test_load_conllu_bad_path_type():
    with pytest.raises(TypeError, match=r"path must be a str, an os.PathLike"):
        load_conllu(42)


def test_load_conllu_invalid_content(tmp_path):
    path = tmp_path / "bad.conllu"
    path.write_text("1\tok\tok\tX\t_\t_\t0\troot\t_\t_\nx-y\tbad\n\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"Could not parse .*bad.conllu"):
        load_conllu(path)


UPOS = {
    *"ADJ ADP ADV AUX CCONJ DET INTJ NOUN NUM PART PRON PROPN".split(),
    *"PUNCT SCONJ SYM VERB X".split(),
}
SPLITS = ("train", "dev", "test")


@pytest.fixture(scope="module")
def ewt():
    """The UD English EWT folder, its stats.xml root, and each split loaded once."""
    folder = Path(require_data("ud_english_ewt"))
    splits = {}
    for split in SPLITS:
        splits[split] = load_conllu(folder / f"en_ewt-ud-{split}.conllu")
    return ET.parse(folder / "stats.xml").getroot(), splits


@pytest.mark.parametrize("split", SPLITS)
def test_load_conllu_ud_english_ewt_matches_stats(ewt, split):
    stats, splits = ewt
    sentences, tags = splits[split]
    size = stats.find(f"size/{split}")
    assert len(sentences) == len(tags) == int(size.find("sentences").text)
    # Syntactic words: ranges such as "don't" count as their two words.
    assert sum(map(len, sentences)) == int(size.find("words").text)
    assert all(len(s) == len(t) for s, t in zip(sentences, tags, strict=True))
    assert {tag for sentence in tags for tag in sentence} <= UPOS


def test_load_conllu_ud_english_ewt_upos_counts_match_stats(ewt):
    stats, splits = ewt
    expected = {tag.get("name"): int(tag.text) for tag in stats.find("tags")}
    counts = Counter(tag for _, tags in splits.values() for s in tags for tag in s)
    assert counts == expected
