"""Read tokens and part-of-speech tags from a CoNLL-U treebank file."""

import codecs
import io
import os
import re

_TAGS = ("upos", "xpos")
# Columns are positional, so parsing stops after XPOS: FEATS, HEAD, DEPS and MISC
# are never parsed, which halves the loading time of a large treebank.
_FIELDS = ("id", "form", "lemma", "upos", "xpos")
_N_COLUMNS = 10
# conllu splits a token line at tabs, or at runs of two or more spaces.
_SEPARATOR = re.compile(r"\t| {2,}")
_BOM = codecs.BOM_UTF8


def load_conllu(path, tag="upos"):
    """Load the words and their part-of-speech tags from a CoNLL-U file.

    The file is read with :func:`conllu.parse_incr`. Each sentence gives one list
    of tokens and one list of tags. The tokens are the *syntactic words* of
    Universal Dependencies:

    - comment lines (``# text = ...``) are skipped;
    - a multi-word token range (ID ``3-4``, for example English ``don't``) is
      skipped, and the syntactic words it spans (``do``, ``n't``, IDs 3 and 4) are
      kept, as they are the units that carry the tags;
    - empty nodes of enhanced dependencies (ID ``8.1``) are skipped;
    - a block of comment lines without token lines gives no sentence.

    So the number of tokens equals the ``words`` count of a treebank's
    ``stats.xml``.

    Parameters
    ----------
    path : str, os.PathLike or file object
        Path of a UTF-8 CoNLL-U file (a leading byte-order mark is allowed), or a
        file object opened in text mode or in binary mode (its bytes are decoded
        as UTF-8).
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
        If ``tag`` is not ``"upos"`` or ``"xpos"``, if the file is not UTF-8 (the
        error gives the byte offset of the first bad byte), or if it is not valid
        CoNLL-U: a token line without the 10 tab-separated columns, or a bad ID
        (the error gives the file name and the line number).
    TypeError
        If ``path`` is not a path or a file object, or ``tag`` is not a str.
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
    if not isinstance(tag, str):
        raise TypeError(
            f"tag must be one of {_TAGS!r}; got {_show(tag)} of type "
            f"{type(tag).__name__}."
        )
    if tag not in _TAGS:
        raise ValueError(f"tag must be one of {_TAGS!r}; got {str(tag)!r}.")
    if hasattr(path, "read"):
        name = getattr(path, "name", "<file object>")
        name = os.fsdecode(name) if isinstance(name, str | bytes) else str(name)
        if getattr(path, "closed", False):
            raise ValueError(
                f"path is a closed file object ({name!r}); pass an open file or the "
                "file's path."
            )
        return _read(path, tag, name)
    if not isinstance(path, str | os.PathLike):
        raise TypeError(
            "path must be a str, an os.PathLike or a file object; got "
            f"{_show(path)} of type {type(path).__name__}."
        )
    name = os.fsdecode(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(
            f"No CoNLL-U file at path {name!r}: it does not exist or is not a file."
        )
    # Binary, so that a decoding error can name its byte offset.
    with open(path, "rb") as f:
        return _read(f, tag, name)


def _show(value):
    """A short repr for a message; a numpy value as its Python equivalent."""
    if type(value).__module__ == "numpy":
        if getattr(value, "shape", None) != ():
            return f"<an array of shape {value.shape}>"
        value = value.item()
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _lines(file, name):
    """``(line number, text)`` of each line, bytes decoded as UTF-8 ("utf-8-sig")."""
    lines, offset, number = iter(file), 0, 0
    while True:
        try:
            line = next(lines)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            # A text file object decodes by chunks: the offset it knows is not the
            # file's, so only the line can be named.
            where = f"after line {number}" if number else "in its first lines"
            fix = (
                "convert it to UTF-8 (pass its path to learn the byte offset)."
                if codecs.lookup(exc.encoding).name == "utf-8"
                else "open it with encoding='utf-8'."
            )
            raise ValueError(
                f"Could not read {name!r}: it is not valid {exc.encoding} text "
                f"{where} ({exc.reason}). CoNLL-U files are UTF-8: {fix}"
            ) from None
        except io.UnsupportedOperation:
            raise ValueError(
                f"Could not read {name!r}: the file object is not open for reading."
            ) from None
        number += 1
        if isinstance(line, bytes):
            start = len(_BOM) if number == 1 and line.startswith(_BOM) else 0
            try:
                text = line[start:].decode("utf-8")
            except UnicodeDecodeError as exc:
                hint = (
                    "It looks gzip-compressed: pass gzip.open(path) instead."
                    if number == 1 and line.startswith(b"\x1f\x8b")
                    else "Convert the file to UTF-8 first."
                )
                raise ValueError(
                    f"Could not read {name!r} as UTF-8: the byte "
                    f"0x{line[start + exc.start]:02x} at byte offset "
                    f"{offset + start + exc.start} (line {number}) is invalid "
                    f"({exc.reason}). {hint}"
                ) from None
            offset += len(line)
        elif isinstance(line, str):
            text = line.removeprefix("\ufeff") if number == 1 else line
        else:
            raise TypeError(
                f"path must be a file object of text or bytes; reading {name!r} gave "
                f"a {type(line).__name__}."
            )
        yield number, text


def _read(file, tag, name):
    # Imported here so that the rest of sklearn_rnn.datasets works without conllu.
    try:
        from conllu.exceptions import ParseException
        from conllu.parser import DEFAULT_FIELD_PARSERS, parse_line
    except ImportError as exc:
        raise ImportError(
            "load_conllu needs the conllu package: pip install conllu"
        ) from exc
    parsers = dict(DEFAULT_FIELD_PARSERS)  # parse_line adds aliases to it
    fields, n_columns = _FIELDS, _N_COLUMNS
    sentences, tags = [], []
    words, labels, in_sentence = [], [], False
    for number, line in _lines(file, name):
        # As conllu does: surrounding whitespace is dropped.
        line = line.strip()
        if not line or line.startswith("#"):
            if line.startswith("# global.columns ="):
                # CoNLL-U Plus names its columns; conllu then reads them so.
                fields = tuple(line.split("=", 1)[1].lower().split())
                n_columns = len(fields)
                if tag not in fields:
                    raise ValueError(
                        f"{name!r} declares the columns {fields!r} (line {number}), "
                        f"without the {tag!r} column the tags come from."
                    )
            elif not line and in_sentence:
                sentences.append(words)
                tags.append(labels)
                words, labels, in_sentence = [], [], False
            continue
        columns = len(_SEPARATOR.split(line))
        if columns != n_columns:
            raise ValueError(
                f"Could not parse {name!r} as CoNLL-U: line {number} has {columns} "
                f"column{'s' * (columns != 1)}, but a token line needs {n_columns}, "
                f"separated by tabs; got {_show(line)}."
            )
        try:
            token = parse_line(line, fields, parsers)
        except ParseException as exc:
            raise ValueError(
                f"Could not parse {name!r} as CoNLL-U: line {number}: {exc}"
            ) from None
        in_sentence = True
        if token["id"] is None:
            raise ValueError(
                f"Could not parse {name!r} as CoNLL-U: line {number} has no ID (its "
                f"first column is '_'); got {_show(line)}."
            )
        # Integer IDs are the syntactic words; ranges ("3-4") and empty nodes
        # ("8.1") are parsed to tuples and left out.
        if isinstance(token["id"], int):
            words.append(token["form"])
            # conllu returns None for an XPOS of "_" but keeps a UPOS of "_".
            labels.append(token.get(tag) or "_")
    if in_sentence:
        sentences.append(words)
        tags.append(labels)
    return sentences, tags
