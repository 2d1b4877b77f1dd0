"""Read tokens and part-of-speech tags from a CoNLL-U treebank file."""

import os

_TAGS = ("upos", "xpos")
# Columns are positional, so parsing stops after XPOS: FEATS, HEAD, DEPS and MISC
# are never parsed, which halves the loading time of a large treebank.
_FIELDS = ("id", "form", "lemma", "upos", "xpos")


def load_conllu(path, tag="upos"):
    """Load the words and their part-of-speech tags from a CoNLL-U file.

    The file is read with :func:`conllu.parse_incr`. Each sentence gives one list
    of tokens and one list of tags. The tokens are the *syntactic words* of
    Universal Dependencies:

    - comment lines (``# text = ...``) are skipped;
    - a multi-word token range (ID ``3-4``, for example English ``don't``) is
      skipped, and the syntactic words it spans (``do``, ``n't``, IDs 3 and 4) are
      kept, as they are the units that carry the tags;
    - empty nodes of enhanced dependencies (ID ``8.1``) are skipped.

    So the number of tokens equals the ``words`` count of a treebank's
    ``stats.xml``.

    Parameters
    ----------
    path : str, os.PathLike or file object
        Path of a UTF-8 CoNLL-U file, or a file object opened in text mode.
    tag : {"upos", "xpos"}, default="upos"
        Which column gives the tags: the universal part-of-speech tag (UPOS, 4th
        column) or the language-specific one (XPOS, 5th column).

    Returns
    -------
    sentences : list of list of str
        One list of word forms per sentence, in file order.
    tags : list of list of str
        The matching tags, one per word, so that ``len(tags[i]) ==
        len(sentences[i])``. A missing tag (``_`` in the file) is returned as the
        string ``"_"`` (not ``None``), which keeps the lists aligned.

    Raises
    ------
    ValueError
        If ``tag`` is not ``"upos"`` or ``"xpos"``, or if the file is not valid
        CoNLL-U.
    FileNotFoundError
        If ``path`` does not exist.

    Examples
    --------
    >>> import io
    >>> from sklearn_rnn.datasets import load_conllu
    >>> text = (
    ...     "# text = I don't know.\\n"
    ...     "1\\tI\\tI\\tPRON\\tPRP\\t_\\t4\\tnsubj\\t_\\t_\\n"
    ...     "2-3\\tdon't\\t_\\t_\\t_\\t_\\t_\\t_\\t_\\t_\\n"
    ...     "2\\tdo\\tdo\\tAUX\\tVBP\\t_\\t4\\taux\\t_\\t_\\n"
    ...     "3\\tn't\\tnot\\tPART\\tRB\\t_\\t4\\tadvmod\\t_\\t_\\n"
    ...     "4\\tknow\\tknow\\tVERB\\tVB\\t_\\t0\\troot\\t_\\t_\\n"
    ...     "5\\t.\\t.\\tPUNCT\\t.\\t_\\t4\\tpunct\\t_\\t_\\n"
    ...     "\\n"
    ... )
    >>> sentences, tags = load_conllu(io.StringIO(text))
    >>> sentences
    [['I', 'do', "n't", 'know', '.']]
    >>> tags
    [['PRON', 'AUX', 'PART', 'VERB', 'PUNCT']]
    >>> load_conllu(io.StringIO(text), tag="xpos")[1]
    [['PRP', 'VBP', 'RB', 'VB', '.']]
    """
    if tag not in _TAGS:
        raise ValueError(f"tag must be one of {_TAGS!r}; got {tag!r}.")
    if hasattr(path, "read"):
        return _read(path, tag, getattr(path, "name", "<file object>"))
    if not isinstance(path, str | os.PathLike):
        raise TypeError(
            "path must be a str, an os.PathLike or a text file object; got "
            f"{path!r} of type {type(path).__name__}."
        )
    if not os.path.isfile(path):
        raise FileNotFoundError(
            f"No CoNLL-U file at path {os.fspath(path)!r}: it does not exist or is "
            "not a file."
        )
    with open(path, encoding="utf-8") as f:
        return _read(f, tag, os.fspath(path))


def _read(file, tag, name):
    # Imported here so that the rest of sklearn_rnn.datasets works without conllu.
    try:
        import conllu
        from conllu.exceptions import ParseException
    except ImportError as exc:
        raise ImportError(
            "load_conllu needs the conllu package: pip install conllu"
        ) from exc
    sentences, tags = [], []
    try:
        for sentence in conllu.parse_incr(file, fields=_FIELDS):
            # Integer IDs are the syntactic words; ranges ("3-4") and empty nodes
            # ("8.1") are parsed to tuples and left out.
            words = [token for token in sentence if isinstance(token["id"], int)]
            sentences.append([token["form"] for token in words])
            # conllu returns None for an XPOS of "_" but keeps a UPOS of "_".
            tags.append([token.get(tag) or "_" for token in words])
    except ParseException as exc:
        raise ValueError(f"Could not parse {name!r} as CoNLL-U: {exc}") from exc
    return sentences, tags
