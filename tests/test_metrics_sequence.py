import warnings
from collections import Counter

import numpy as np
import pytest
from sklearn.base import BaseEstimator
from sklearn.metrics import (
    accuracy_score,
    classification_report,
    f1_score,
    make_scorer,
)
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score

from sklearn_rnn.metrics import (
    entity_classification_report,
    entity_f1_score,
    entity_f1_scorer,
    entity_precision_score,
    entity_recall_score,
    flat_accuracy_score,
    flat_accuracy_scorer,
    flat_classification_report,
    flat_f1_score,
    flat_precision_score,
    flat_recall_score,
    make_flat_f1_scorer,
)

# seqeval's documented example: MISC is predicted one token too early.
SEQEVAL_TRUE = [
    ["O", "O", "O", "B-MISC", "I-MISC", "I-MISC", "O"],
    ["B-PER", "I-PER", "O"],
]
SEQEVAL_PRED = [
    ["O", "O", "B-MISC", "I-MISC", "I-MISC", "I-MISC", "O"],
    ["B-PER", "I-PER", "O"],
]


def _flat(y):
    return [label for labels in y for label in labels]


def test_flat_scores_hand_computed():
    y_true = [["DET", "NOUN"], ["VERB", "NOUN"]]
    y_pred = [["DET", "VERB"], ["VERB", "NOUN"]]
    assert flat_accuracy_score(y_true, y_pred) == pytest.approx(3 / 4)
    # per label DET, NOUN, VERB: precision 1, 1, 1/2; recall 1, 1/2, 1
    assert flat_precision_score(y_true, y_pred, average="macro") == pytest.approx(
        2.5 / 3
    )
    assert flat_recall_score(y_true, y_pred, average="macro") == pytest.approx(2.5 / 3)
    assert flat_f1_score(y_true, y_pred, average="macro") == pytest.approx(
        (1 + 2 / 3 + 2 / 3) / 3
    )
    assert flat_f1_score(y_true, y_pred, average="micro") == pytest.approx(3 / 4)


def test_flat_scores_agree_with_sklearn_on_flattened_labels():
    rng = np.random.default_rng(0)
    tags = np.array(["NOUN", "VERB", "DET", "ADJ"])
    lengths = rng.integers(1, 9, size=30)
    y_true = [list(rng.choice(tags, n)) for n in lengths]
    y_pred = [list(rng.choice(tags, n)) for n in lengths]
    flat_true, flat_pred = _flat(y_true), _flat(y_pred)
    assert flat_accuracy_score(y_true, y_pred) == accuracy_score(flat_true, flat_pred)
    for average in ("micro", "macro", "weighted", None):
        np.testing.assert_allclose(
            flat_f1_score(y_true, y_pred, average=average),
            f1_score(flat_true, flat_pred, average=average),
        )
    assert flat_classification_report(
        y_true, y_pred, digits=3
    ) == classification_report(flat_true, flat_pred, digits=3)


def test_flat_scores_accept_tuples_and_arrays():
    y_true = [("a", "b"), np.array(["a"])]
    y_pred = [["a", "a"], ("a",)]
    assert flat_accuracy_score(y_true, y_pred) == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    "metric",
    [
        flat_accuracy_score,
        flat_f1_score,
        flat_classification_report,
        entity_f1_score,
        entity_classification_report,
    ],
)
def test_length_mismatch_names_first_bad_sentence(metric):
    y_true = [["O", "O"], ["B-PER", "O", "O"], ["O"]]
    y_pred = [["O", "O"], ["B-PER", "O"], []]
    with pytest.raises(ValueError, match=r"Sentence 1 has 3 labels in y_true but 2"):
        metric(y_true, y_pred)
    with pytest.raises(ValueError, match=r"same number of sentences; got 3 and 2"):
        metric(y_true, y_pred[:2])


def test_flat_string_instead_of_label_lists_raises():
    with pytest.raises(TypeError, match=r"got the str 'O' at index 0"):
        flat_accuracy_score(["O", "O"], [["O"], ["O"]])
    with pytest.raises(TypeError, match=r"y_pred must be a list of label lists"):
        flat_accuracy_score([["O"]], "O")


@pytest.mark.parametrize(
    "metric", [flat_accuracy_score, entity_f1_score, entity_classification_report]
)
@pytest.mark.parametrize(
    "y_true, y_pred, match",
    [
        (None, [["O"]], r"y_true must be a list of label lists, .*; got None\.$"),
        ([["O"]], None, r"y_pred must be a list of label lists, .*; got None\.$"),
        ([["O"]], iter([["O"]]), r"y_pred must be .*; got a list_iterator\.$"),
        ([["O"], 5], [["O"], ["O"]], r"got the int 5 at index 1\.$"),
        ([{"O"}], [["O"]], r"got a set at index 0\.$"),
    ],
)
def test_sequence_metrics_refuse_non_lists(metric, y_true, y_pred, match):
    with pytest.raises(TypeError, match=match):
        metric(y_true, y_pred)


@pytest.mark.parametrize(
    "y_true, y_pred, match",
    [
        ([["O", None]], [["O", "O"]], r"strings or integers; got None at y_true\[0\]"),
        ([["O"]], [[np.float64("nan")]], r"got the float64 nan at y_pred\[0\]\[0\]"),
        ([["O", "O"]], [["O", 1]], r"all strings or all integers; got the int 1 at "),
        ([["O"]], [[b"O"]], r"strings or integers; got the bytes b'O' at y_pred"),
    ],
)
def test_flat_metrics_refuse_bad_labels(y_true, y_pred, match):
    with pytest.raises(TypeError, match=match):
        flat_accuracy_score(y_true, y_pred)


def test_flat_metrics_need_a_token():
    with pytest.raises(ValueError, match=r"y_true holds no labels \(it is empty\)"):
        flat_f1_score([], [], average="micro")
    assert flat_accuracy_score([[], [1, 2]], [[], [1, 3]]) == 0.5
    assert entity_f1_score([[]], [[]]) == 0.0  # documented: 0 without chunks


def test_entity_report_options_are_validated():
    with pytest.raises(TypeError, match=r"digits must be an integer, got 2\.0 of"):
        entity_classification_report(SEQEVAL_TRUE, SEQEVAL_PRED, digits=2.0)
    with pytest.raises(ValueError, match=r"digits must be an integer >= 0, got -1"):
        entity_classification_report(SEQEVAL_TRUE, SEQEVAL_PRED, digits=-1)
    with pytest.raises(TypeError, match=r"output_dict must be True or False; got 1"):
        entity_classification_report(SEQEVAL_TRUE, SEQEVAL_PRED, output_dict=1)


def test_make_flat_f1_scorer_validates_its_options():
    with pytest.raises(ValueError, match=r"as a scorer returns one number; got None"):
        make_flat_f1_scorer(average=None)
    with pytest.raises(TypeError, match=r"unexpected keyword arguments \['avg'\]"):
        make_flat_f1_scorer(avg="micro")
    with pytest.raises(TypeError, match=r"labels must be a list of labels; got the"):
        make_flat_f1_scorer(labels="B-PER")
    assert make_flat_f1_scorer("binary", pos_label="B") is not None


def test_entity_scores_seqeval_documented_example():
    assert entity_f1_score(SEQEVAL_TRUE, SEQEVAL_PRED) == pytest.approx(0.5)
    assert entity_precision_score(SEQEVAL_TRUE, SEQEVAL_PRED) == pytest.approx(0.5)
    assert entity_recall_score(SEQEVAL_TRUE, SEQEVAL_PRED) == pytest.approx(0.5)
    report = entity_classification_report(SEQEVAL_TRUE, SEQEVAL_PRED, output_dict=True)
    assert report["MISC"] == {
        "precision": 0.0,
        "recall": 0.0,
        "f1-score": 0.0,
        "support": 1,
    }
    assert report["PER"]["f1-score"] == 1.0
    assert list(report) == ["MISC", "PER", "micro avg", "macro avg", "weighted avg"]


@pytest.mark.parametrize(
    "y_true, y_pred, expected",
    [
        # I-X after O starts a chunk, so "O I-PER I-PER" is one PER chunk.
        ([["O", "I-PER", "I-PER"]], [["O", "B-PER", "I-PER"]], 1.0),
        # B-X after B-X starts a new chunk: two chunks against one.
        ([["B-PER", "I-PER"]], [["B-PER", "B-PER"]], 0.0),
        # A change of type ends a chunk: PER(0, 1) and LOC(1, 2).
        ([["B-PER", "B-LOC"]], [["B-PER", "I-LOC"]], 1.0),
        # No chunks anywhere: undefined, so 0.
        ([["O", "O"]], [["O", "O"]], 0.0),
        # Chunks never cross sentences.
        ([["B-PER"], ["I-PER"]], [["B-PER"], ["B-PER"]], 1.0),
        # 2 true chunks, 3 predicted, 1 correct: P 1/3, R 1/2, F1 2/5.
        (
            [["B-LOC", "I-LOC", "O", "B-ORG"]],
            [["B-LOC", "I-LOC", "B-ORG", "I-PER"]],
            0.4,
        ),
    ],
)
def test_entity_f1_hand_computed(y_true, y_pred, expected):
    assert entity_f1_score(y_true, y_pred) == pytest.approx(expected)


def test_entity_macro_and_weighted_hand_computed():
    y_true = [["B-PER", "O", "B-LOC", "B-LOC", "B-LOC"]]
    y_pred = [["B-PER", "O", "B-LOC", "O", "O"]]
    # PER: f1 1, support 1. LOC: precision 1, recall 1/3, f1 1/2, support 3.
    assert entity_f1_score(y_true, y_pred, average="macro") == pytest.approx(0.75)
    assert entity_f1_score(y_true, y_pred, average="weighted") == pytest.approx(
        (1 + 3 * 0.5) / 4
    )
    assert entity_f1_score(y_true, y_pred) == pytest.approx(2 * 0.5 / 1.5)


@pytest.mark.parametrize("tag", ["E-PER", "S-PER", "PER", "B-", "o", np.str_("X")])
def test_entity_scores_reject_non_bio_tags(tag):
    with pytest.raises(ValueError, match=rf"got {str(tag)!r} at y_pred\[0\]\[1\]"):
        entity_f1_score([["O", "O"]], [["O", tag]])


@pytest.mark.parametrize(
    "tag, shown", [(1, "1 of type int"), (None, "None"), (np.float64("nan"), "nan")]
)
def test_entity_scores_reject_non_string_tags(tag, shown):
    msg = rf"BIO \(IOB2\) tags, strings .*; got {shown}.* at y_pred\[0\]\[1\]\.$"
    with pytest.raises(TypeError, match=msg):
        entity_f1_score([["O", "O"]], [["O", tag]])


def test_entity_bad_average_raises():
    with pytest.raises(ValueError, match=r"average must be one of .*got 'binary'"):
        entity_f1_score(SEQEVAL_TRUE, SEQEVAL_PRED, average="binary")


def _random_bio(rng, lengths):
    tags = ["O", "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "I-ORG"]
    return [list(rng.choice(tags, n)) for n in lengths]


def test_entity_scores_match_seqeval_on_random_tags():
    seqeval_metrics = pytest.importorskip("seqeval.metrics")
    rng = np.random.default_rng(0)
    for _ in range(50):
        lengths = rng.integers(0, 12, size=rng.integers(1, 8))
        y_true, y_pred = _random_bio(rng, lengths), _random_bio(rng, lengths)
        with warnings.catch_warnings():
            # seqeval warns where a score is undefined; we return 0 silently.
            warnings.simplefilter("ignore")
            for average in ("micro", "macro", "weighted"):
                for ours, theirs in [
                    (entity_f1_score, seqeval_metrics.f1_score),
                    (entity_precision_score, seqeval_metrics.precision_score),
                    (entity_recall_score, seqeval_metrics.recall_score),
                ]:
                    # With no chunks at all seqeval's macro average is NaN; ours 0.
                    expected = np.nan_to_num(theirs(y_true, y_pred, average=average))
                    assert ours(y_true, y_pred, average=average) == pytest.approx(
                        expected
                    )
            ours = entity_classification_report(y_true, y_pred, digits=4)
            # seqeval's text report fails on data without any chunk.
            if set(_flat(y_true + y_pred)) - {"O"}:
                theirs = seqeval_metrics.classification_report(y_true, y_pred, digits=4)
                assert ours == theirs


def _random_invalid_bio(rng, lengths):
    # Many stray I- tags: sentence-initial, after O and after another type.
    tags = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "I-ORG", "B-ORG"]
    return [list(rng.choice(tags, n)) for n in lengths]


def _report_values(report):
    return {row: {k: float(v) for k, v in cols.items()} for row, cols in report.items()}


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_entity_strict_mode_matches_seqeval_strict_iob2(seed):
    seqeval_metrics = pytest.importorskip("seqeval.metrics")
    IOB2 = pytest.importorskip("seqeval.scheme").IOB2
    rng = np.random.default_rng(seed)
    n_differ = 0
    for _ in range(40):
        lengths = rng.integers(0, 12, size=rng.integers(1, 8))
        y_true = _random_invalid_bio(rng, lengths)
        y_pred = _random_invalid_bio(rng, lengths)
        strict = {"mode": "strict", "scheme": IOB2}
        with warnings.catch_warnings():
            # seqeval warns where a score is undefined; we return 0 silently.
            warnings.simplefilter("ignore")
            for average in ("micro", "macro", "weighted"):
                for ours, theirs in [
                    (entity_f1_score, seqeval_metrics.f1_score),
                    (entity_precision_score, seqeval_metrics.precision_score),
                    (entity_recall_score, seqeval_metrics.recall_score),
                ]:
                    expected = np.nan_to_num(
                        theirs(y_true, y_pred, average=average, **strict)
                    )
                    got = ours(y_true, y_pred, average=average, mode="strict")
                    assert got == pytest.approx(expected)
                    assert isinstance(got, float)
            n_differ += entity_f1_score(y_true, y_pred) != entity_f1_score(
                y_true, y_pred, mode="strict"
            )
            ours = entity_classification_report(
                y_true, y_pred, output_dict=True, mode="strict"
            )
            theirs = seqeval_metrics.classification_report(
                y_true, y_pred, output_dict=True, **strict
            )
        # Per type: the same types, scores and supports.
        types = [row for row in ours if not row.endswith(" avg")]
        assert types == sorted(row for row in theirs if not row.endswith(" avg"))
        ours, theirs = _report_values(ours), _report_values(theirs)
        for row in types:
            assert ours[row] == pytest.approx(theirs[row]), row
    # The random tags do exercise the difference between the modes.
    assert n_differ > 0


@pytest.mark.parametrize(
    "y_true, y_pred, default, strict",
    [
        # A sentence-initial I-X and an I-X after O start no chunk in strict mode.
        ([["I-PER", "I-PER", "O"]], [["B-PER", "I-PER", "O"]], 1.0, 0.0),
        ([["O", "I-PER"]], [["O", "I-PER"]], 1.0, 0.0),
        # An I-X after a chunk of another type is no entity: only PER(0, 1) left.
        ([["B-PER", "I-LOC"]], [["B-PER", "B-LOC"]], 1.0, 2 / 3),
        ([["B-PER", "I-LOC", "I-LOC"]], [["B-PER", "O", "O"]], 2 / 3, 1.0),
        # Valid IOB2 tags read the same in both modes.
        (
            [["B-PER", "I-PER", "O", "B-LOC"]],
            [["B-PER", "I-PER", "B-LOC", "I-LOC"]],
            0.5,
            0.5,
        ),
    ],
)
def test_entity_strict_mode_hand_computed(y_true, y_pred, default, strict):
    assert entity_f1_score(y_true, y_pred) == pytest.approx(default)
    assert entity_f1_score(y_true, y_pred, mode="default") == pytest.approx(default)
    assert entity_f1_score(y_true, y_pred, mode="strict") == pytest.approx(strict)


def test_entity_strict_report_drops_stray_chunks():
    y_true = [["B-PER", "I-PER", "O", "I-LOC"]]
    y_pred = [["B-PER", "I-PER", "O", "O"]]
    report = entity_classification_report(y_true, y_pred, output_dict=True)
    assert list(report)[:2] == ["LOC", "PER"]
    strict = entity_classification_report(
        y_true, y_pred, output_dict=True, mode="strict"
    )
    assert list(strict) == ["PER", "micro avg", "macro avg", "weighted avg"]
    assert strict["micro avg"]["f1-score"] == 1.0
    text = entity_classification_report(y_true, y_pred, mode="strict")
    assert "LOC" not in text


@pytest.mark.parametrize(
    "metric",
    [
        entity_precision_score,
        entity_recall_score,
        entity_f1_score,
        entity_classification_report,
    ],
)
@pytest.mark.parametrize("mode", ["STRICT", "conlleval", None, 1, np.str_("lenient")])
def test_entity_bad_mode_raises(metric, mode):
    msg = r"mode must be one of \('default', 'strict'\); got "
    with pytest.raises(ValueError, match=msg) as info:
        metric(SEQEVAL_TRUE, SEQEVAL_PRED, mode=mode)
    assert "np.str_" not in str(info.value)


def test_strict_entity_f1_scorer_built_with_make_scorer():
    X, y = _tagging_data()
    y = [["O", "I-PER", "I-PER", "O", "O"] for _ in y]
    scorer = make_scorer(entity_f1_score, mode="strict")
    tagger = MostFrequentTagTagger().fit(X, y)
    # Both y and the predictions hold no strict chunks, only stray I-PER.
    assert entity_f1_scorer(tagger, X, y) == 1.0
    assert scorer(tagger, X, y) == 0.0


class MostFrequentTagTagger(BaseEstimator):
    """Tags each known word with its most frequent training tag, others with a default.

    ``default`` is the parameter searched over: a plain estimator over ragged lists.
    """

    def __init__(self, default="O"):
        self.default = default

    def fit(self, X, y):
        counts = {}
        for words, tags in zip(X, y, strict=True):
            for word, tag in zip(words, tags, strict=True):
                counts.setdefault(word, Counter())[tag] += 1
        self.tags_ = {w: c.most_common(1)[0][0] for w, c in counts.items()}
        return self

    def predict(self, X):
        return [[self.tags_.get(w, self.default) for w in words] for words in X]


def _tagging_data(n_sentences=40):
    # Names cycle, so every name of a test fold is also in its training folds.
    names = ["alice", "bob", "carol", "dave", "erin", "frank"]
    X, y = [], []
    for i in range(n_sentences):
        name = names[i % len(names)]
        X.append(["hello", name, "smith", "and", "bye"])
        y.append(["O", "B-PER", "I-PER", "O", "O"])
    return X, y


@pytest.mark.parametrize(
    "scoring", [flat_accuracy_scorer, make_flat_f1_scorer(), entity_f1_scorer]
)
def test_scorers_in_cross_val_score(scoring):
    X, y = _tagging_data()
    scores = cross_val_score(MostFrequentTagTagger(), X, y, scoring=scoring, cv=4)
    assert scores.shape == (4,)
    assert np.all(scores == 1.0)
    # Called directly, a scorer matches its metric on the estimator's predictions.
    tagger = MostFrequentTagTagger().fit(X[:10], y[:10])
    X_new = [["hello", "zoe", "smith"]]
    assert scoring(tagger, X_new, [["O", "B-PER", "I-PER"]]) < 1.0


def test_scorers_select_the_better_default_in_grid_search():
    X, y = _tagging_data()
    # Unseen words only at test time: the default tag decides the score.
    X_test = [["hello", "zoe", "smith"], ["bye", "yves", "smith"]]
    y_test = [["O", "B-PER", "I-PER"], ["O", "B-PER", "I-PER"]]
    X_all, y_all = X + X_test * 20, y + y_test * 20
    cv = [(np.arange(40), np.arange(40, 80))]
    scoring = {
        "accuracy": flat_accuracy_scorer,
        "f1": make_flat_f1_scorer(average="micro"),
        "entity_f1": entity_f1_scorer,
    }
    search = GridSearchCV(
        MostFrequentTagTagger(),
        {"default": ["O", "B-PER"]},
        scoring=scoring,
        refit="entity_f1",
        cv=cv,
    )
    search.fit(X_all, y_all)
    assert search.best_params_ == {"default": "B-PER"}
    results = search.cv_results_
    np.testing.assert_allclose(results["mean_test_accuracy"], [2 / 3, 1.0])
    np.testing.assert_allclose(results["mean_test_f1"], [2 / 3, 1.0])
    # default "O": "O I-PER" is a chunk at "smith" that differs from the true one.
    np.testing.assert_allclose(results["mean_test_entity_f1"], [0.0, 1.0])


def test_cross_val_score_with_shuffled_kfold_on_ragged_lists():
    X, y = _tagging_data()
    X = [words[: 2 + i % 4] for i, words in enumerate(X)]
    y = [tags[: 2 + i % 4] for i, tags in enumerate(y)]
    cv = KFold(3, shuffle=True, random_state=0)
    scores = cross_val_score(
        MostFrequentTagTagger(), X, y, scoring=flat_accuracy_scorer, cv=cv
    )
    np.testing.assert_allclose(scores, 1.0)
