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


GOOD = "1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n2\t!\t!\tPUNCT\t.\t_\t1\tpunct\t_\t_\n"
HI = ([["Hi", "!"]], [["INTJ", "PUNCT"]])


def _write(tmp_path, content, name="file.conllu"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize("first", ["", "# sent_id = 1\n"])
def test_load_conllu_accepts_a_utf8_bom(tmp_path, first):
    path = _write(tmp_path, b"\xef\xbb\xbf" + (first + GOOD).encode())
    assert load_conllu(path) == HI
    with open(path, encoding="utf-8") as f:  # the BOM reaches a text handle too
        assert load_conllu(f) == HI
    with open(path, "rb") as f:
        assert load_conllu(f) == HI


def test_load_conllu_accepts_binary_file_objects(snippet_path):
    expected = load_conllu(snippet_path)
    with open(snippet_path, "rb") as f:
        assert load_conllu(f) == expected
    assert load_conllu(io.BytesIO(SNIPPET.encode())) == expected
    crlf = io.BytesIO(SNIPPET.replace("\n", "\r\n").encode())
    assert load_conllu(crlf) == expected


def test_load_conllu_comment_only_blocks_give_no_sentence():
    text = "# newdoc id = a\n\n" + GOOD + "\n# newdoc id = b\n# trailing comment\n"
    assert load_conllu(io.StringIO(text)) == HI


def test_load_conllu_non_utf8_file_names_the_byte_offset(tmp_path):
    content = "# c\n1\tDéjà\tdéjà\tADV\t_\t_\t0\troot\t_\t_\n".encode("latin-1")
    path = _write(tmp_path, content, "latin.conllu")
    msg = (
        r"Could not read '.*latin\.conllu' as UTF-8: the byte 0xe9 at byte offset 7 "
        r"\(line 2\) is invalid \(invalid continuation byte\)\. Convert the file"
    )
    with pytest.raises(ValueError, match=msg):
        load_conllu(path)
    # The offset counts the BOM: it is the file's.
    in_memory = msg.replace("offset 7", "offset 10").replace(".*latin", "<file object")
    with pytest.raises(ValueError, match=in_memory.replace(r"\.conllu", ">")):
        load_conllu(io.BytesIO(b"\xef\xbb\xbf" + content))
    with (
        open(path, encoding="utf-8") as f,
        pytest.raises(ValueError, match=r"it is not valid utf-8 text in its first"),
    ):
        load_conllu(f)


@pytest.mark.parametrize(
    "line, columns",
    [("2\t!\t!\tPUNCT", "4 columns"), ("2 ! ! PUNCT . _ 1 punct _ _", "1 column")],
)
def test_load_conllu_malformed_line_names_file_and_line(tmp_path, line, columns):
    path = _write(tmp_path, ("# c\n" + GOOD.splitlines()[0] + "\n" + line).encode())
    msg = (
        rf"Could not parse '.*file\.conllu' as CoNLL-U: line 3 has {columns}, but a "
        r"token line needs 10, separated by tabs; got '2"
    )
    with pytest.raises(ValueError, match=msg):
        load_conllu(path)


def test_load_conllu_refuses_a_token_without_id():
    with pytest.raises(ValueError, match=r"line 1 has no ID \(its first column is"):
        load_conllu(io.StringIO("_" + GOOD[1:]))


def test_load_conllu_reads_conllu_plus_columns():
    text = "# global.columns = ID FORM UPOS\n1\tHi\tINTJ\n2\t!\tPUNCT\n"
    assert load_conllu(io.StringIO(text)) == HI
    with pytest.raises(ValueError, match=r"without the 'xpos' column the tags come"):
        load_conllu(io.StringIO(text), tag="xpos")


def test_load_conllu_bad_tag_type_and_closed_file(snippet_path):
    with pytest.raises(TypeError, match=r"tag must be one of .*; got None of type"):
        load_conllu(snippet_path, tag=None)
    with open(snippet_path, "rb") as f:
        pass
    with pytest.raises(ValueError, match=r"path is a closed file object \('.*snip"):
        load_conllu(f)
