"""Bad inputs of the text estimators: SequenceTagger (and its seed ensemble) and
CharRNNGenerator, in fit and after it."""

import numpy as np
from _bad_inputs import Case, fitted

from sklearn_rnn import CharRNNGenerator, SeedEnsembleTagger, SequenceTagger

X = [["the", "cat", "sat"], ["a", "dog"]]
Y = [["DET", "NOUN", "VERB"], ["DET", "NOUN"]]
TINY = {"hidden_size": 4, "max_epochs": 1, "random_state": 0}


def _tagger_fit(X=X, y=Y, **kwargs):
    params = {k: kwargs.pop(k) for k in list(kwargs) if k not in ("validation_data",)}
    return SequenceTagger(**{**TINY, **params}).fit(X, y, **kwargs)


def _tagger_cases(entry_prefix, make, fit):
    """The same bad inputs for SequenceTagger and SeedEnsembleTagger."""
    t = entry_prefix
    return [
        Case(f"{t}.fit", "X None", lambda: fit(None, Y), TypeError, "X must be a list"),
        Case(f"{t}.fit", "X a str", lambda: fit("the cat", Y), TypeError, "got str"),
        Case(
            f"{t}.fit",
            "token not a str",
            lambda: fit([["the", 3]], [["D", "N"]]),
            TypeError,
            r"X\[0\]\[1\] must be a token string, got int: 3",
        ),
        Case(
            f"{t}.fit",
            "numpy token",
            lambda: fit([["the", np.float64(1.5)]], [["D", "N"]]),
            TypeError,
            r"X\[0\]\[1\] must be a token string, got float64: 1\.5\.$",
        ),
        Case(
            f"{t}.fit",
            "y None",
            lambda: fit(X, None),
            TypeError,
            "y must be a list of tag lists, got NoneType",
        ),
        Case(
            f"{t}.fit",
            "None tag",
            lambda: fit(X, [["DET", None, "VERB"], ["DET", "NOUN"]]),
            TypeError,
            r"y\[0\]\[1\] must be a tag string, got NoneType: None\. Every token",
        ),
        Case(
            f"{t}.fit",
            "NaN tag",
            lambda: fit(X, [["DET", "NOUN", float("nan")], ["DET", "NOUN"]]),
            TypeError,
            r"y\[0\]\[2\] must be a tag string, got float: nan",
        ),
        Case(
            f"{t}.fit",
            "all tags None",
            lambda: fit(X, [[None] * 3, [None] * 2]),
            TypeError,
            r"y\[0\]\[0\] must be a tag string, got NoneType",
        ),
        Case(
            f"{t}.fit",
            "integer tags",
            lambda: fit(X, [[1, 2, 3], [1, 2]]),
            TypeError,
            r"y\[0\]\[0\] must be a tag string, got int: 1\. .*map missing or numeric",
        ),
        Case(
            f"{t}.fit",
            "tags shorter than the sentence",
            lambda: fit(X, [["DET"], ["DET", "NOUN"]]),
            ValueError,
            "Sentence 0 has 3 tokens but 1 tags in y",
        ),
        Case(
            f"{t}.fit",
            "fewer tag lists",
            lambda: fit(X, Y[:1]),
            ValueError,
            "X and y must hold as many sentences: got 2 sentences and 1 tag lists",
        ),
        Case(
            f"{t}.predict",
            "X None",
            lambda: make().predict(None),
            TypeError,
            "X must be a list of sentences, each a list of token strings; got None",
        ),
        Case(
            f"{t}.predict",
            "a sentence as a str",
            lambda: make().predict([["the"], "a dog"]),
            TypeError,
            r"X\[1\] must be a list of token strings, got str: 'a dog'\. Split",
        ),
        Case(
            f"{t}.predict_proba",
            "nested too deep",
            lambda: make().predict_proba([[["the"]]]),
            TypeError,
            r"X\[0\]\[0\] must be a token string, got list",
        ),
        Case(
            f"{t}.predict_proba",
            "X a dict",
            lambda: make().predict_proba({"a": ["the"]}),
            TypeError,
            "X must be a list of sentences, each a list of token strings; got dict",
        ),
        Case(
            f"{t}.score",
            "y None",
            lambda: make().score([["the"]], None),
            TypeError,
            "y must be a list of tag lists, got NoneType",
        ),
        Case(
            f"{t}.score",
            "NaN tag",
            lambda: make().score([["the"]], [[float("nan")]]),
            TypeError,
            r"y\[0\]\[0\] must be a tag string, got float: nan",
        ),
        Case(
            f"{t}.score",
            "tag count",
            lambda: make().score([["the"]], [["DET", "NOUN"]]),
            ValueError,
            "Sentence 0 has 1 tokens but 2 tags in y",
        ),
    ]


def _ensemble_fit(X, y):
    return SeedEnsembleTagger(SequenceTagger(**TINY), n_seeds=2).fit(X, y)


def _generator(**params):
    return CharRNNGenerator(**{**TINY, "seq_length": 8, **params})


G = "CharRNNGenerator"
S = "SequenceTagger"

CASES = [
    *_tagger_cases(S, lambda: fitted("tagger"), lambda X, y: _tagger_fit(X, y)),
    *_tagger_cases(
        "SeedEnsembleTagger", lambda: fitted("tagger_ensemble"), _ensemble_fit
    ),
    Case(
        f"{S}.fit",
        "early stopping on one sentence",
        lambda: _tagger_fit(X[:1], Y[:1], early_stopping=True),
        ValueError,
        r"early_stopping=True needs at least 2 sentences to hold out 1 for "
        r"validation, got n_samples=1\. Pass more sentences or a smaller "
        r"validation_fraction\.",
    ),
    Case(
        f"{G}.fit",
        "early stopping on one character",
        lambda: _generator(early_stopping=True).fit("a"),
        ValueError,
        r"early_stopping=True needs at least 2 characters to hold out 1 for "
        r"validation, got n_samples=1\.",
    ),
    Case(
        f"{S}.fit",
        "hidden_size True",
        lambda: _tagger_fit(hidden_size=True),
        ValueError,
        "The 'hidden_size' parameter of SequenceTagger must be an int in the range "
        r"\[1, inf\)\. Got True instead",
    ),
    Case(
        f"{S}.fit",
        "lr a bool",
        lambda: _tagger_fit(lr=True),
        ValueError,
        "The 'lr' parameter of SequenceTagger must be a float",
    ),
    Case(
        f"{S}.fit",
        "validation_data of one part",
        lambda: _tagger_fit(validation_data=(X,)),
        ValueError,
        r"validation_data must be a tuple \(X_val, y_val\) or None, got a tuple of "
        "length 1",
    ),
    Case(
        f"{S}.fit",
        "validation_data an int",
        lambda: _tagger_fit(validation_data=3),
        TypeError,
        r"validation_data must be a tuple \(X_val, y_val\) or None, got int",
    ),
    Case(
        f"{S}.fit",
        "validation tag None",
        lambda: _tagger_fit(validation_data=([["the"]], [[None]])),
        TypeError,
        r"validation_data\[1\]\[0\]\[0\] must be a tag string, got NoneType",
    ),
    Case(
        f"{S}.fit",
        "validation sentences and tags of different counts",
        lambda: _tagger_fit(validation_data=(X, Y[:1])),
        ValueError,
        r"validation_data\[0\] and validation_data\[1\] must hold as many sentences",
    ),
    Case(
        f"{S}.fit",
        "validation X a str",
        lambda: _tagger_fit(validation_data=("the cat", Y)),
        TypeError,
        r"validation_data\[0\] must be a list of sentences",
    ),
    Case(
        f"{S}.fit",
        "unknown decoder",
        lambda: _tagger_fit(decoder="viterbi"),
        ValueError,
        "The 'decoder' parameter of SequenceTagger must be a str among",
    ),
    Case(
        f"{S}.fit",
        "unknown tag_scheme",
        lambda: _tagger_fit(tag_scheme="bilou"),
        ValueError,
        "The 'tag_scheme' parameter of SequenceTagger must be",
    ),
    Case(
        f"{S}.fit",
        "a scheme the tags do not follow",
        lambda: _tagger_fit(tag_scheme="bio"),
        ValueError,
        r"tag_scheme='bio' needs tags of the form 'O' or '<prefix>-<type>', got "
        r"\['DET', 'NOUN', 'VERB'\]",
    ),
    Case(
        "SeedEnsembleTagger.fit",
        "n_seeds True",
        lambda: SeedEnsembleTagger(SequenceTagger(**TINY), n_seeds=True).fit(X, Y),
        ValueError,
        "The 'n_seeds' parameter of SeedEnsembleTagger must be an int",
    ),
    # CharRNNGenerator
    Case(
        f"{G}.fit",
        "X None",
        lambda: _generator().fit(None),
        TypeError,
        "X must be a string or a list of strings",
    ),
    Case(
        f"{G}.fit",
        "document not a str",
        lambda: _generator().fit(["abc", 3]),
        TypeError,
        "X must hold strings; document 1 is a int",
    ),
    Case(
        f"{G}.fit",
        "only empty documents",
        lambda: _generator().fit(["", ""]),
        ValueError,
        "X holds no characters: got 2 empty document",
    ),
    Case(
        f"{G}.fit",
        "seq_length True",
        lambda: _generator(seq_length=True).fit("abc abc"),
        ValueError,
        "The 'seq_length' parameter of CharRNNGenerator must be an int",
    ),
    Case(
        f"{G}.fit",
        "max_epochs True",
        lambda: _generator(max_epochs=True).fit("abc abc"),
        ValueError,
        "The 'max_epochs' parameter of CharRNNGenerator must be an int",
    ),
    Case(
        f"{G}.generate",
        "absurd n_chars",
        lambda: fitted("generator").generate(10**13),
        ValueError,
        r"n_chars must be an integer <= 10000000, got 10000000000000\. Generate "
        "longer texts in pieces",
    ),
    Case(
        f"{G}.generate",
        "n_chars True",
        lambda: fitted("generator").generate(True),
        TypeError,
        "n_chars must be an integer, got True of type bool",
    ),
    Case(
        f"{G}.generate",
        "n_chars a numpy float",
        lambda: fitted("generator").generate(np.float64(5.0)),
        TypeError,
        r"n_chars must be an integer, got 5\.0 of type float64",
    ),
    Case(
        f"{G}.generate",
        "negative n_chars",
        lambda: fitted("generator").generate(-1),
        ValueError,
        "n_chars must be an integer >= 0, got -1",
    ),
    Case(
        f"{G}.generate",
        "temperature 0",
        lambda: fitted("generator").generate(5, temperature=0),
        ValueError,
        r"temperature must be a finite number > 0, got 0\.0",
    ),
    Case(
        f"{G}.generate",
        "temperature NaN",
        lambda: fitted("generator").generate(5, temperature=np.float64("nan")),
        ValueError,
        "temperature must be a finite number > 0, got nan",
    ),
    Case(
        f"{G}.generate",
        "temperature a str",
        lambda: fitted("generator").generate(5, temperature="hot"),
        TypeError,
        "temperature must be a number > 0, got str",
    ),
    Case(
        f"{G}.generate",
        "seed_text an int",
        lambda: fitted("generator").generate(5, seed_text=3),
        TypeError,
        "seed_text must be a string, got int",
    ),
    Case(
        f"{G}.generate",
        "top_k 0",
        lambda: fitted("generator").generate(5, top_k=0),
        ValueError,
        "top_k must be an integer >= 1, got 0",
    ),
    Case(
        f"{G}.predict",
        "X None",
        lambda: fitted("generator").predict(None),
        TypeError,
        "X must be a list of context strings; wrap a single context in a list, got "
        "NoneType",
    ),
    Case(
        f"{G}.predict_proba",
        "context not a str",
        lambda: fitted("generator").predict_proba(["ab", 3]),
        TypeError,
        "X must hold strings; context 1 is a int",
    ),
    Case(
        f"{G}.score",
        "X None",
        lambda: fitted("generator").score(None),
        TypeError,
        "X must be a string or a list of strings",
    ),
    Case(
        f"{G}.bits_per_char",
        "empty text",
        lambda: fitted("generator").bits_per_char(""),
        ValueError,
        "X holds no characters",
    ),
    Case(
        f"{G}.bits_per_char",
        "an int",
        lambda: fitted("generator").bits_per_char(5),
        TypeError,
        "X must be a string or a list of strings",
    ),
]
