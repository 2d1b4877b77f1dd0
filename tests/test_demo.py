"""``python -m sklearn_rnn demo``: the quick run end to end, its options and plots."""

import contextlib
import importlib.util
import io
import re

import pytest
import torch

from sklearn_rnn.__main__ import main
from sklearn_rnn._demo import _plots
from sklearn_rnn._demo._generate import unigram_bits_per_char
from sklearn_rnn._demo._tag import MostFrequentTag

PNG = b"\x89PNG\r\n\x1a\n"


def _run(argv):
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        code = main(argv)
    return code, stdout.getvalue()


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    """One ``demo --quick`` run, shared by the tests that read its output."""
    out = tmp_path_factory.mktemp("demo") / "plots"
    threads = torch.get_num_threads()
    code, text = _run(["demo", "--quick", "--out", str(out)])
    return {
        "code": code,
        "text": text,
        "out": out,
        "threads": (threads, torch.get_num_threads()),
    }


def _number(pattern, text):
    return [float(x) for x in re.search(pattern, text).groups()]


def test_quick_demo_prints_the_three_jobs_and_a_summary(quick):
    text = quick["text"]
    assert quick["code"] == 0
    for heading in (
        "== 1. Forecasting: RNNForecaster on AirPassengers ==",
        "== 2. Text generation: CharRNNGenerator on Tiny Shakespeare ==",
        "== 3. Part-of-speech tagging: SequenceTagger on UD English EWT ==",
        "== Summary ==",
    ):
        assert heading in text
    assert text.index("== 1.") < text.index("== 2.") < text.index("== 3.")
    assert "seasonal naive (last year again)" in text
    assert "mean of the 2 forecasts" in text
    assert "unigram (training character frequencies)" in text
    assert "most frequent tag (unseen: NOUN)" in text
    assert re.search(r"Total time: \d+ min \d+ s\.", text)


def test_quick_demo_beats_each_baseline(quick):
    text = quick["text"]
    mase, naive = _number(r"MASE (\d+\.\d+) against seasonal naive's (\d+\.\d+)", text)
    assert mase < naive and naive == pytest.approx(2.494, abs=1e-3)
    bpc, unigram = _number(r"(\d+\.\d+) bits/char .* unigram model's (\d+\.\d+)", text)
    assert bpc < unigram < 5.0
    acc, base = _number(
        r"(\d+\.\d+)% token accuracy .* most-frequent-tag's (\d+\.\d+)%", text
    )
    assert acc > base > 75.0


def test_quick_demo_shows_generated_text_and_tagged_sentences(quick):
    text = quick["text"]
    sample = text.split("random_state=0)\n")[1].split("\n== 3.")[0]
    lines = sample.strip("-\n").splitlines()
    assert lines[0] == "KING RICHARD III:"
    assert len("\n".join(lines[1:])) >= 350  # 400 characters, minus blank lines
    tagged = text.split("right one in brackets):\n")[1].split("\n\n")[0].splitlines()
    assert len(tagged) == 3
    for line in tagged:
        assert re.fullmatch(r"  (\S+/[A-Z]+(\[[A-Z]+\])? ?)+", line)


def test_quick_demo_saves_the_plots(quick):
    out = quick["out"]
    names = sorted(path.name for path in out.iterdir())
    assert names == ["forecast_air_passengers.png", "training_curves.png"]
    for name in names:
        content = (out / name).read_bytes()
        assert content.startswith(PNG) and len(content) > 10_000
    assert f"Plots saved in {out.resolve()}:" in quick["text"]


def test_quick_demo_restores_torch_threads(quick):
    # The demo trains on one thread by default and puts the caller's count back.
    # (Its speed, under a minute, is measured, not asserted: timings on a shared
    # machine are no test.)
    before, after = quick["threads"]
    assert before == after


def test_jobs_and_seeds_select_what_runs(tmp_path):
    code, text = _run(
        [
            "demo",
            "--quick",
            "--jobs",
            "forecast",
            "--seeds",
            "1",
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 0
    assert "== 1. Forecasting" in text and "Text generation" not in text
    assert "seed 1" not in text and "mean of the" not in text
    assert "Single seeds vary: average a few (--seeds)." in text
    summary = text.split("== Summary ==")[1]
    assert "forecast" in summary and "generate" not in summary
    assert (tmp_path / "forecast_air_passengers.png").read_bytes().startswith(PNG)


def test_help_explains_every_option(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "--help"])
    assert exit_info.value.code == 0
    help_text = capsys.readouterr().out
    for option in ("--quick", "--jobs", "--seeds", "--threads", "--out"):
        assert option in help_text
    for word in ("forecast", "generate", "tag", "sklearn_rnn_demo", "seasonal naive"):
        assert word in help_text
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "demo" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["demo", "--seeds", "0"], "expected a whole number >= 1, got 0"),
        (["demo", "--threads", "two"], "expected a whole number >= 1, got 'two'"),
        (["demo", "--jobs", "train"], "invalid choice: 'train'"),
        ([], "the following arguments are required: COMMAND"),
    ],
)
def test_bad_arguments_are_reported(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_no_plots_without_matplotlib(monkeypatch, tmp_path, capsys):
    real_find_spec = importlib.util.find_spec

    def find_spec(name, *args):
        return None if name == "matplotlib" else real_find_spec(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    assert _plots.save_plots({}, tmp_path / "plots") == []
    assert "No plots: matplotlib is not installed" in capsys.readouterr().out
    assert not (tmp_path / "plots").exists()


def test_unigram_bits_per_char_by_hand():
    # Add-one over {a, b} and the unknown slot: p(a) = 3/6, p(b) = 2/6, p(?) = 1/6.
    assert unigram_bits_per_char("aab", "ab?") == pytest.approx(
        (1 + 1.584962500721156 + 2.584962500721156) / 3
    )


def test_most_frequent_tag_baseline():
    X = [["the", "run"], ["a", "run"], ["we", "run"], ["the", "dog"]]
    y = [["DET", "NOUN"], ["DET", "NOUN"], ["PRON", "VERB"], ["DET", "NOUN"]]
    baseline = MostFrequentTag().fit(X, y)
    assert baseline.default_ == "DET"  # 3 DET, 3 NOUN: the first seen wins
    assert baseline.predict([["run", "cat"], []]) == [["NOUN", "DET"], []]
