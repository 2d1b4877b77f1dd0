"""Bad inputs of ``sklearn_rnn.datasets``: the loaders' arguments and bad files."""

import io
import os
import tempfile

import numpy as np
from _bad_inputs import Case

from sklearn_rnn.datasets import (
    load_air_passengers,
    load_conllu,
    load_sample_tagged,
    load_sample_text,
)

D = "sklearn_rnn.datasets."
TOKEN = "1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n"


def _file(name, content):
    """Write ``content`` (bytes) to a new file ``name``; return its path."""
    path = os.path.join(tempfile.mkdtemp(), name)
    with open(path, "wb") as f:
        f.write(content)
    return path


def _load_file(name, content, **kwargs):
    return load_conllu(_file(name, content), **kwargs)


def _load_closed():
    with open(_file("closed.conllu", TOKEN.encode()), "rb") as f:
        pass
    return load_conllu(f)


def _load_write_only():
    with open(os.path.join(tempfile.mkdtemp(), "out.conllu"), "w") as f:
        return load_conllu(f)


def _load_latin1_text_handle():
    path = _file("latin2.conllu", "1\tDéjà\t_\n".encode("latin-1"))
    with open(path, encoding="utf-8") as f:
        return load_conllu(f)


_PARSE = r"Could not parse '.*{}' as CoNLL-U: line {}"

CASES = [
    Case(
        D + "load_conllu",
        "tag not a column",
        lambda: load_conllu(io.StringIO(TOKEN), tag="deprel"),
        ValueError,
        r"tag must be one of \('upos', 'xpos'\); got 'deprel'\.",
    ),
    Case(
        D + "load_conllu",
        "tag upper case",
        lambda: load_conllu(io.StringIO(TOKEN), tag=np.str_("UPOS")),
        ValueError,
        r"tag must be one of \('upos', 'xpos'\); got 'UPOS'\.",
    ),
    Case(
        D + "load_conllu",
        "tag None",
        lambda: load_conllu(io.StringIO(TOKEN), tag=None),
        TypeError,
        r"tag must be one of \('upos', 'xpos'\); got None of type NoneType\.",
    ),
    Case(
        D + "load_conllu",
        "path None",
        lambda: load_conllu(None),
        TypeError,
        r"path must be a str, an os.PathLike or a file object; got None of type ",
    ),
    Case(
        D + "load_conllu",
        "path a list of lines",
        lambda: load_conllu([TOKEN]),
        TypeError,
        r"path must be a str, an os.PathLike or a file object; got \['1\\t.* list\.",
    ),
    Case(
        D + "load_conllu",
        "path an array",
        lambda: load_conllu(np.array(["a.conllu"])),
        TypeError,
        r"path must be .*; got <an array of shape \(1,\)> of type ndarray\.",
    ),
    Case(
        D + "load_conllu",
        "missing file",
        lambda: load_conllu(os.path.join(tempfile.mkdtemp(), "none.conllu")),
        FileNotFoundError,
        r"No CoNLL-U file at path '.*none\.conllu': it does not exist or is not a ",
    ),
    Case(
        D + "load_conllu",
        "a folder",
        lambda: load_conllu(tempfile.mkdtemp()),
        FileNotFoundError,
        r"No CoNLL-U file at path .*: it does not exist or is not a file\.",
    ),
    Case(
        D + "load_conllu",
        "closed file object",
        _load_closed,
        ValueError,
        r"path is a closed file object \('.*closed\.conllu'\); pass an open file",
    ),
    Case(
        D + "load_conllu",
        "write-only file object",
        _load_write_only,
        ValueError,
        r"Could not read '.*out\.conllu': the file object is not open for reading\.",
    ),
    Case(
        D + "load_conllu",
        "Latin-1 file",
        lambda: _load_file("latin.conllu", "# c\n1\tDéjà\t_".encode("latin-1")),
        ValueError,
        r"Could not read '.*latin\.conllu' as UTF-8: the byte 0xe9 at byte offset "
        r"7 \(line 2\) is invalid \(invalid continuation byte\)\.",
    ),
    Case(
        D + "load_conllu",
        "gzip file",
        lambda: _load_file("gz.conllu.gz", b"\x1f\x8b\x08\x00"),
        ValueError,
        r"as UTF-8: the byte 0x8b at byte offset 1 \(line 1\) is invalid .*It "
        r"looks gzip-compressed: pass gzip\.open\(path\) instead\.",
    ),
    Case(
        D + "load_conllu",
        "Latin-1 text file object",
        _load_latin1_text_handle,
        ValueError,
        r"Could not read '.*latin2\.conllu': it is not valid utf-8 text in its first "
        r"lines \(invalid continuation byte\)\. CoNLL-U files are UTF-8",
    ),
    Case(
        D + "load_conllu",
        "too few columns",
        lambda: _load_file("few.conllu", (TOKEN + "2\t!\t!\tPUNCT\n").encode()),
        ValueError,
        _PARSE.format(r"few\.conllu", 2)
        + r" has 4 columns, but a token line needs 10, separated by tabs; got '2\\t!",
    ),
    Case(
        D + "load_conllu",
        "space-separated columns",
        lambda: _load_file("spaces.conllu", TOKEN.replace("\t", " ").encode()),
        ValueError,
        _PARSE.format(r"spaces\.conllu", 1) + r" has 1 column, but a token line",
    ),
    Case(
        D + "load_conllu",
        "double space inside a form",
        lambda: _load_file("ds.conllu", TOKEN.replace("Hi", "Hi  there").encode()),
        ValueError,
        _PARSE.format(r"ds\.conllu", 1) + r" has 11 columns, but a token line needs",
    ),
    Case(
        D + "load_conllu",
        "bad ID",
        lambda: _load_file("id.conllu", ("# c\n\n" + TOKEN.replace("1", "x")).encode()),
        ValueError,
        _PARSE.format(r"id\.conllu", 3) + r": Failed parsing field 'id': 'x' is not",
    ),
    Case(
        D + "load_conllu",
        "no ID",
        lambda: _load_file("noid.conllu", TOKEN.replace("1", "_", 1).encode()),
        ValueError,
        _PARSE.format(r"noid\.conllu", 1) + r" has no ID \(its first column is '_'\)",
    ),
    Case(
        D + "load_conllu",
        "global.columns without the tag column",
        lambda: load_conllu(
            io.StringIO("# global.columns = ID FORM UPOS\n1\tHi\tINTJ\n"), tag="xpos"
        ),
        ValueError,
        r"'<file object>' declares the columns \('id', 'form', 'upos'\) \(line 1\), "
        r"without the 'xpos' column",
    ),
    Case(
        D + "load_sample_tagged",
        "split 'dev'",
        lambda: load_sample_tagged("dev"),
        ValueError,
        r"split must be 'train' or 'test'; got 'dev'\.",
    ),
    Case(
        D + "load_sample_tagged",
        "split None",
        lambda: load_sample_tagged(None),
        TypeError,
        r"split must be 'train' or 'test'; got None of type NoneType\.",
    ),
    Case(
        D + "load_sample_tagged",
        "split a list",
        lambda: load_sample_tagged(["train"]),
        TypeError,
        r"split must be 'train' or 'test'; got \['train'\] of type list\.",
    ),
    Case(
        D + "load_sample_tagged",
        "tag 'deprel'",
        lambda: load_sample_tagged("test", tag="deprel"),
        ValueError,
        r"tag must be one of \('upos', 'xpos'\); got 'deprel'\.",
    ),
    Case(
        D + "load_sample_tagged",
        "tag None",
        lambda: load_sample_tagged("test", tag=None),
        TypeError,
        r"tag must be one of \('upos', 'xpos'\); got None of type NoneType\.",
    ),
    Case(
        D + "load_air_passengers",
        "as_frame a str",
        lambda: load_air_passengers(as_frame="yes"),
        TypeError,
        r"as_frame must be True or False; got 'yes' of type str\.",
    ),
    Case(
        D + "load_air_passengers",
        "as_frame None",
        lambda: load_air_passengers(as_frame=None),
        TypeError,
        r"as_frame must be True or False; got None of type NoneType\.",
    ),
    Case(
        D + "load_air_passengers",
        "as_frame positional",
        lambda: load_air_passengers(True),
        TypeError,
        r"load_air_passengers\(\) takes 0 positional arguments but 1 was given",
    ),
    # load_sample_text takes no arguments: Python's own TypeError is the contract.
    Case(
        D + "load_sample_text",
        "an argument",
        lambda: load_sample_text(1000),
        TypeError,
        r"load_sample_text\(\) takes 0 positional arguments but 1 was given",
    ),
]
