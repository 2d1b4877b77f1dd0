"""Loaders for the sample text and the sample tagged corpus in ``datasets/data``."""

import gzip
import io
from importlib import resources

from ._conllu import load_conllu

_TEXT_FILE = "tiny_shakespeare_300k.txt.gz"
_TAGGED_FILES = {
    "train": "en_ewt_sample_train.conllu.gz",
    "test": "en_ewt_sample_test.conllu.gz",
}


def _read_gzip(filename):
    data = resources.files(__package__).joinpath("data", filename).read_bytes()
    return gzip.decompress(data).decode("utf-8")


def load_sample_text():
    """Load the sample text: the first 299,868 characters of Tiny Shakespeare.

    *Coriolanus* and most of *Richard III* (speaker names on their own lines,
    speeches separated by blank lines): Karpathy's char-rnn "Tiny Shakespeare"
    file from its start to the end of the last speech that ends within its first
    300,000 characters. 62 distinct characters, all ASCII, LF line endings. There
    is no official split; the demo trains on the first 90% (``text[:int(0.9 *
    len(text))]``) and scores the rest, as nanoGPT splits the whole file.

    Licence: Shakespeare's plays are in the public domain; the file comes from
    the ``karpathy/char-rnn`` repository (declared MIT). See
    ``sklearn_rnn/datasets/data/README.md`` for the source and how the slice was
    cut.

    Returns
    -------
    text : str
        The text, 299,868 characters.

    See Also
    --------
    load_sample_tagged : The sample corpus for part-of-speech tagging.

    Examples
    --------
    >>> from sklearn_rnn.datasets import load_sample_text
    >>> text = load_sample_text()
    >>> len(text), len(set(text))
    (299868, 62)
    >>> print(text[:61])
    First Citizen:
    Before we proceed any further, hear me speak.
    """
    return _read_gzip(_TEXT_FILE)


def load_sample_tagged(split="train", *, tag="upos"):
    """Load a sample of UD English EWT: sentences and their part-of-speech tags.

    A systematic sample of the Universal Dependencies English Web Treebank
    (release 2.16; web text: weblogs, newsgroups, emails, reviews, answers), with
    the official split kept: every 8th sentence of the training file (1,568
    sentences, 26,023 words) and every 7th sentence of the test file (297
    sentences, 3,501 words). Tokens are the syntactic words, as
    :func:`load_conllu` reads them (``don't`` gives ``do`` and ``n't``).

    Licence: CC BY-SA 4.0 (the UD English EWT annotations; the texts come from
    LDC's English Web Treebank, LDC2012T13). Derived data must be shared under
    the same licence. See ``sklearn_rnn/datasets/data/README.md`` for the source,
    the attribution and how the sample was cut; the licence text ships as
    ``data/ud_english_ewt_LICENSE.txt``.

    Parameters
    ----------
    split : {"train", "test"}, default="train"
        Which part of the sample: from the treebank's training file or its test
        file.
    tag : {"upos", "xpos"}, default="upos"
        The universal part-of-speech tags (17 tags) or the English Penn Treebank
        ones.

    Returns
    -------
    sentences : list of list of str
        One list of tokens per sentence, in file order.
    tags : list of list of str
        The matching tags, one per token.

    Raises
    ------
    ValueError
        If ``split`` is not ``"train"`` or ``"test"``, or ``tag`` is not
        ``"upos"`` or ``"xpos"``.
    TypeError
        If ``split`` or ``tag`` is not a str.

    See Also
    --------
    load_conllu : Read the same from any CoNLL-U file, e.g. the whole treebank.

    Examples
    --------
    >>> from sklearn_rnn.datasets import load_sample_tagged
    >>> sentences, tags = load_sample_tagged("test")
    >>> len(sentences), sum(len(s) for s in sentences)
    (297, 3501)
    >>> sentences[1]
    ['They', 'own', 'blogger', ',', 'of', 'course', '.']
    >>> tags[1]
    ['PRON', 'VERB', 'PROPN', 'PUNCT', 'ADP', 'NOUN', 'PUNCT']
    """
    if not isinstance(split, str):
        shown = repr(split) if type(split).__module__ == "builtins" else "a value"
        raise TypeError(
            f"split must be 'train' or 'test'; got {shown} of type "
            f"{type(split).__name__}."
        )
    if split not in _TAGGED_FILES:
        raise ValueError(f"split must be 'train' or 'test'; got {str(split)!r}.")
    text = _read_gzip(_TAGGED_FILES[split])
    file = io.StringIO(text)
    file.name = _TAGGED_FILES[split]
    return load_conllu(file, tag=tag)
