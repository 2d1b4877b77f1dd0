"""Checks that a loaded estimator's fitted attributes agree with its network.

A file that passes every check of ``decoding.py`` can still pair a network with
fitted attributes that do not match it (a tag set longer than the network's
output, vocabulary ids beyond its embeddings): the model would crash inside torch
or answer wrongly at predict time. :func:`check_restored` refuses it at load.
"""

import numpy as np

from ..tagging import _sentences


def _fail(why):
    raise ValueError(f"its fitted attributes do not match its network: {why}")


def _module_kwargs(estimator):
    net = vars(estimator).get("net_")
    if net is None or not hasattr(net, "get_params_for"):
        _fail("it holds no trained network (net_)")
    return net.get_params_for("module")


def _check_ids(index, name, low, high):
    if not isinstance(index, dict):
        _fail(f"{name} is not a dictionary")
    for key, value in index.items():
        if not isinstance(key, str) or not (
            isinstance(value, int) and not isinstance(value, bool)
        ):
            _fail(f"{name} maps {key!r} to {value!r}, not a string to an integer")
        if not low <= value < high:
            _fail(f"{name} maps {key!r} to {value}, outside [{low}, {high})")


def _check_tagger(tagger):
    kwargs = _module_kwargs(tagger)
    if len(tagger.classes_) != kwargs["n_tags"]:
        _fail(f"{len(tagger.classes_)} classes for {kwargs['n_tags']} tag scores")
    ids = _sentences
    _check_ids(tagger._word_index_, "_word_index_", ids.WORD_IDS, kwargs["n_words"])
    _check_ids(tagger._char_index_, "_char_index_", ids.CHAR_IDS, kwargs["n_chars"])
    if tagger._affix_index_ is not None:
        affixes = tagger._affix_index_
        _check_ids(affixes, "_affix_index_", ids.AFFIX_IDS, kwargs["n_affixes"])
    k = len(tagger.classes_) + 2
    matrix = kwargs.get("allowed_transitions")
    if matrix is not None and (not kwargs.get("crf") or len(matrix) != k):
        _fail(f"the CRF's allowed transitions are not ({k}, {k})")
    allowed = vars(tagger).get("_allowed_transitions_")
    if allowed is not None and (
        not isinstance(allowed, np.ndarray)
        or allowed.dtype != bool
        or allowed.shape != (k, k)
    ):
        _fail(f"_allowed_transitions_ is not a ({k}, {k}) boolean array")


def _check_generator(generator):
    kwargs = _module_kwargs(generator)
    n = len(generator.classes_)
    if not (n + 1 == kwargs["n_outputs"] and n + 2 == kwargs["n_inputs"]):
        _fail(f"{n} characters for a network of {kwargs['n_outputs']} outputs")
    if len(generator._vocabulary_) != n:
        _fail(f"_vocabulary_ holds {len(generator._vocabulary_)} characters, not {n}")


def _check_forecaster(forecaster):
    kwargs = _module_kwargs(forecaster)
    quantiles = forecaster.quantiles_
    expected = {
        "horizon": forecaster.horizon_,
        # Windows with a future part carry one more feature: the future flag.
        "input_size": forecaster.n_features_per_step_
        + bool(forecaster.n_future_steps_),
        "future_steps": forecaster.n_future_steps_,
        "n_quantiles": 0 if quantiles is None else len(quantiles),
    }
    for key, value in expected.items():
        if kwargs[key] != value:
            _fail(f"the network's {key} is {kwargs[key]}, the attributes' {value}")
    # The linear highway reads every past step; a network without one (0) reads
    # any window.
    past = forecaster.n_features_in_ - forecaster.n_future_steps_
    if kwargs.get("past_steps", 0) not in (0, past):
        _fail(
            f"the network's past_steps is {kwargs['past_steps']}, the windows' {past}"
        )
    for name in ("feature_loc_", "feature_scale_"):
        if np.shape(getattr(forecaster, name)) != (forecaster.n_features_per_step_,):
            _fail(f"{name} is not one value per feature")


def _check_ensemble(ensemble, member_check):
    members = vars(ensemble).get("estimators_")
    if not isinstance(members, list) or not members:
        _fail("estimators_ is not a non-empty list of members")
    kind = type(ensemble._bases()[0]) if hasattr(ensemble, "_bases") else None
    for member in members:
        if kind is not None and type(member) is not kind:
            _fail(f"a member is a {type(member).__name__}, not a {kind.__name__}")
        member_check(member)
    classes = vars(ensemble).get("classes_")
    if classes is not None and any(
        not np.array_equal(classes, m.classes_) for m in members
    ):
        _fail("classes_ differs from its members'")


def _check_conformal(conformal):
    model = vars(conformal).get("estimator_")
    if type(model).__name__ != "RNNForecaster":
        _fail(f"estimator_ is a {type(model).__name__}, not an RNNForecaster")
    _check_forecaster(model)
    for name in ("horizon_", "n_features_in_", "n_future_steps_"):
        if getattr(conformal, name) != getattr(model, name):
            _fail(f"{name} differs from its estimator_'s")
    residuals = conformal.residuals_
    if (
        not isinstance(residuals, np.ndarray)
        or residuals.ndim != 2
        or residuals.shape[1] != conformal.horizon_
        or not len(residuals)
    ):
        _fail(f"residuals_ is not a (n_calibration, {conformal.horizon_}) array")


def check_restored(estimator):
    """Refuse (ValueError) an estimator whose fitted attributes and network do not
    fit together; return it unchanged otherwise."""
    from ..ensemble import SeedEnsembleForecaster, SeedEnsembleTagger
    from ..forecasting._conformal import ConformalForecaster
    from ..forecasting._estimator import RNNForecaster
    from ..generation._estimator import CharRNNGenerator
    from ..tagging._estimator import SequenceTagger

    checks = {
        SequenceTagger: _check_tagger,
        CharRNNGenerator: _check_generator,
        RNNForecaster: _check_forecaster,
        ConformalForecaster: _check_conformal,
    }
    if type(estimator) in checks:
        checks[type(estimator)](estimator)
    elif isinstance(estimator, SeedEnsembleTagger):
        _check_ensemble(estimator, _check_tagger)
    elif isinstance(estimator, SeedEnsembleForecaster):
        _check_ensemble(estimator, _check_forecaster)
    return estimator
