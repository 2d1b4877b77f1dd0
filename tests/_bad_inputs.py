"""Building blocks of the bad-input table (``tests/test_bad_inputs.py``).

Every public entry point of the package has cases here: a call with a bad
argument, the exception it must raise and a regular expression its message must
match. The table is spread over ``tests/_bad_<area>.py`` modules, each with a
``CASES`` list; ``test_bad_inputs.py`` collects them all, runs each case, and
fails when a public entry point has no case (so a new entry point cannot be added
without its bad inputs).

Fitted models are built once per test session (``fitted``), tiny and seeded;
cases must not mutate them.
"""

import dataclasses
import functools
import inspect
from collections.abc import Callable

import numpy as np


@dataclasses.dataclass(frozen=True)
class Case:
    """One bad call of a public entry point.

    entry : the entry point's name, as :func:`entry_points` spells it
        ("sklearn_rnn.make_windows", "RNNForecaster.fit",
        "ForecastDisplay.from_estimator", ...).
    id : a short name of what is bad ("ragged list", "nan in y").
    call : a function of no arguments that makes the bad call.
    error : the exception type (or tuple of types) it must raise.
    match : a regular expression (``re.search``) the message must match; it
        should name the argument.
    """

    entry: str
    id: str
    call: Callable[[], object]
    error: type | tuple
    match: str


def _methods(cls):
    """Public methods a class defines or overrides: not scikit-learn's own, which
    scikit-learn checks (``get_params``, ``RegressorMixin.score``, ...)."""
    names = []
    for name in dir(cls):
        if name.startswith("_") or isinstance(
            inspect.getattr_static(cls, name), property
        ):
            continue
        method = getattr(cls, name)
        if callable(method) and getattr(method, "__module__", "").startswith(
            "sklearn_rnn"
        ):
            names.append(f"{cls.__name__}.{name}")
    return names


# Entry points without cases, each with the reason.
EXEMPT = {
    # Scorer objects call the estimator's predict and a metric, each in the table.
    "sklearn_rnn.metrics.entity_f1_scorer": "a scorer: its parts are in the table",
    "sklearn_rnn.metrics.flat_accuracy_scorer": "a scorer: its parts are in the table",
    "sklearn_rnn.metrics.smape_scorer": "a scorer: its parts are in the table",
}


def entry_points():
    """Every public entry point: the functions of the public ``__all__`` lists and
    the public methods of the public classes (their constructors are checked
    through ``fit``, as scikit-learn validates parameters there)."""
    import sklearn_rnn
    import sklearn_rnn.datasets
    import sklearn_rnn.metrics
    import sklearn_rnn.plotting

    names = []
    for module in (
        sklearn_rnn,
        sklearn_rnn.datasets,
        sklearn_rnn.metrics,
        sklearn_rnn.plotting,
    ):
        for name in module.__all__:
            obj = getattr(module, name)
            if isinstance(obj, type):
                names.extend(_methods(obj))
            elif callable(obj):
                names.append(f"{module.__name__}.{name}")
    return sorted(set(names) - set(EXEMPT))


@functools.cache
def fitted(kind):
    """A tiny fitted model of ``kind``, built once; cases must not mutate it.

    kind : "forecaster", "forecaster_3d", "interval_forecaster", "ensemble",
    "tagger", "tagger_ensemble" or "generator".
    """
    from sklearn_rnn import (
        CharRNNGenerator,
        RNNForecaster,
        SeedEnsembleForecaster,
        SeedEnsembleTagger,
        SequenceTagger,
        make_windows,
    )

    series = np.sin(0.3 * np.arange(80))
    X, y = make_windows(series, window_length=8)
    small = dict(hidden_size=4, max_epochs=2, random_state=0)
    if kind == "forecaster":
        return RNNForecaster(**small).fit(X, y)
    if kind == "forecaster_3d":
        X3 = np.stack([X, np.cos(X)], axis=-1)
        return RNNForecaster(**small).fit(X3, y)
    if kind == "interval_forecaster":
        return RNNForecaster(quantiles=(0.1, 0.9), **small).fit(X, y)
    if kind == "ensemble":
        return SeedEnsembleForecaster(RNNForecaster(**small), n_seeds=2).fit(X, y)
    sentences = [["the", "cat", "sat"], ["a", "dog", "ran"]] * 4
    tags = [["DET", "NOUN", "VERB"]] * 8
    tiny_tagger = dict(
        hidden_size=4,
        word_embedding_dim=4,
        char_embedding_dim=4,
        char_hidden_size=4,
        affix_embedding_dim=4,
        max_epochs=1,
        random_state=0,
    )
    if kind == "tagger":
        return SequenceTagger(**tiny_tagger).fit(sentences, tags)
    if kind == "tagger_ensemble":
        member = SequenceTagger(**tiny_tagger)
        return SeedEnsembleTagger(member, n_seeds=2).fit(sentences, tags)
    if kind == "generator":
        text = "the cat sat on the mat. " * 20
        return CharRNNGenerator(
            hidden_size=8, embedding_dim=4, seq_length=16, max_epochs=1, random_state=0
        ).fit([text])
    raise ValueError(f"unknown kind {kind!r}")


def history():
    """A series whose windows the tiny forecasters were fitted on."""
    return np.sin(0.3 * np.arange(80))
