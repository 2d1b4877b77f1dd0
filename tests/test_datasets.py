import builtins
import gzip
import hashlib
from importlib import resources

import numpy as np
import pytest
from _data import require_data, shared_data_dir

from sklearn_rnn.datasets import (
    load_air_passengers,
    load_conllu,
    load_sample_tagged,
    load_sample_text,
)


def test_load_air_passengers_array():
    y = load_air_passengers()
    assert isinstance(y, np.ndarray)
    assert y.shape == (144,) and y.dtype == np.float64
    assert y[0] == 112 and y[-1] == 432
    assert y.sum() == 40363 and y.min() == 104 and y.max() == 622


def test_load_air_passengers_frame():
    pd = pytest.importorskip("pandas")
    s = load_air_passengers(as_frame=True)
    assert isinstance(s, pd.Series)
    assert s.name == "passengers" and s.index.name == "date"
    assert isinstance(s.index, pd.DatetimeIndex)
    assert s.index.freqstr == "MS"
    assert s.index[0] == pd.Timestamp("1949-01-01")
    assert s.index[-1] == pd.Timestamp("1960-12-01")
    np.testing.assert_array_equal(s.to_numpy(), load_air_passengers())


def test_load_air_passengers_frame_without_pandas(monkeypatch):
    real_import = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas":
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(ImportError, match=r"as_frame=True\) needs pandas"):
        load_air_passengers(as_frame=True)
    assert load_air_passengers().shape == (144,)


def test_embedded_file_is_the_documented_copy():
    data = resources.files("sklearn_rnn.datasets").joinpath("data")
    content = data.joinpath("air_passengers.csv").read_bytes()
    digest = "f2c862a9f593454ffc2e561294af64ee76fa2b91fca806d9925327b57fc2a40b"
    assert hashlib.sha256(content).hexdigest() == digest
    assert digest in data.joinpath("README.md").read_text("utf-8")
    source = shared_data_dir() / "airpassengers" / "AirPassengers.csv"
    if source.is_file():
        assert source.read_bytes() == content


# sha256 of the decompressed content, as documented in datasets/data/README.md.
SAMPLES = {
    "tiny_shakespeare_300k.txt.gz": (
        "7bce277f2f9d6c2c5ebb6307101f7b5a6fe4ada24dd87971bd874d4bed8d503b"
    ),
    "en_ewt_sample_train.conllu.gz": (
        "47633df2a764f20a51994b589f3e1ba14c14f943c2add65afd9fb3eb29afa60c"
    ),
    "en_ewt_sample_test.conllu.gz": (
        "0497502bbd51aaa29c84e62a1f54f0ac86556175ae457ede33fae62be2163230"
    ),
}
UPOS = (
    "ADJ ADP ADV AUX CCONJ DET INTJ NOUN NUM PART PRON PROPN PUNCT SCONJ SYM VERB X"
).split()


@pytest.mark.parametrize("filename", sorted(SAMPLES))
def test_embedded_samples_are_the_documented_files(filename):
    data = resources.files("sklearn_rnn.datasets").joinpath("data")
    content = gzip.decompress(data.joinpath(filename).read_bytes())
    assert hashlib.sha256(content).hexdigest() == SAMPLES[filename]
    readme = data.joinpath("README.md").read_text("utf-8")
    assert SAMPLES[filename] in readme and filename in readme
    # CC BY-SA 4.0 travels with the treebank sample.
    licence = data.joinpath("ud_english_ewt_LICENSE.txt").read_text("utf-8")
    assert licence.startswith("Attribution-ShareAlike 4.0 International")


def test_load_sample_text():
    text = load_sample_text()
    assert isinstance(text, str) and len(text) == 299_868
    assert text.startswith("First Citizen:\nBefore we proceed any further")
    # Cut at the end of a speech: the last line is whole.
    assert text.endswith("What men of name resort to him?\n") and not text.endswith(
        "\n\n"
    )
    assert len(set(text)) == 62 and text.isascii()


def test_sample_text_is_a_prefix_of_tiny_shakespeare():
    source = require_data("tiny_shakespeare") / "input.txt"
    original = source.read_text("ascii")
    text = load_sample_text()
    assert original.startswith(text)
    assert original[len(text)] == "\n"  # the blank line after the last speech
    assert original.rfind("\n\n", 0, 300_000) == len(text) - 1


@pytest.mark.parametrize(
    "split, n_sentences, n_words", [("train", 1568, 26_023), ("test", 297, 3501)]
)
def test_load_sample_tagged(split, n_sentences, n_words):
    sentences, tags = load_sample_tagged(split)
    assert len(sentences) == len(tags) == n_sentences
    assert [len(s) for s in sentences] == [len(t) for t in tags]
    assert sum(map(len, sentences)) == n_words
    assert {tag for sentence in tags for tag in sentence} == set(UPOS)
    xpos = load_sample_tagged(split, tag="xpos")
    assert xpos[0] == sentences and xpos[1] != tags
    assert "NN" in {tag for sentence in xpos[1] for tag in sentence}


@pytest.mark.parametrize("split, every", [("train", 8), ("test", 7)])
def test_sample_tagged_is_every_kth_sentence_of_ewt(split, every):
    source = require_data("ud_english_ewt") / f"en_ewt-ud-{split}.conllu"
    sentences, tags = load_conllu(source)
    assert load_sample_tagged(split) == (sentences[::every], tags[::every])


def test_load_sample_tagged_rejects_a_bad_split():
    with pytest.raises(ValueError, match=r"split must be 'train' or 'test'; got 'dev'"):
        load_sample_tagged("dev")
    with pytest.raises(ValueError, match="tag must be one of"):
        load_sample_tagged("test", tag="deprel")


def test_load_air_passengers_rejects_a_non_bool_as_frame():
    with pytest.raises(TypeError, match=r"as_frame must be True or False; got 'no'"):
        load_air_passengers(as_frame="no")
    assert load_air_passengers(as_frame=np.False_).shape == (144,)


def test_load_sample_tagged_rejects_a_non_str_split():
    with pytest.raises(TypeError, match=r"split must be 'train' or 'test'; got None"):
        load_sample_tagged(None)
    with pytest.raises(TypeError, match=r"tag must be one of .*; got 1 of type int"):
        load_sample_tagged("test", tag=1)
