"""The main job, end to end on embedded data: ``python -m sklearn_rnn demo``.

Three jobs, each against the baseline a user would try first: forecasting
(RNNForecaster against seasonal naive), text generation (CharRNNGenerator
against a unigram model) and part-of-speech tagging (SequenceTagger against
the most frequent tag of each word). The settings below were measured to finish
in about 3 minutes (``quick``: about 35 seconds) on 2 CPU cores.
"""

import time
from pathlib import Path

import torch

from ._forecast import forecasting_demo
from ._generate import generation_demo
from ._plots import save_plots
from ._tag import tagging_demo

JOBS = ("forecast", "generate", "tag")
DEFAULT_OUT = "sklearn_rnn_demo"

_GENERATOR = {"cell": "lstm", "num_layers": 1, "seq_length": 100}
_TAGGER = {
    "cell": "lstm",
    "hidden_size": 64,
    "char_embedding_dim": 32,
    "char_hidden_size": 64,
    "batch_size": 16,
}

# Measured on 2 shared CPU cores, one torch thread (CPU seconds of each job):
# full: forecast 7, generate 79 (2.29 bits/char), tag 72 (90% accuracy);
# quick: forecast 4, generate 7 (2.55 bits/char), tag 20 (88%). The tagger's
# case augmentation (its default) made the tag job about 40% slower.
SETTINGS = {
    "full": {
        "forecast": {"n_seeds": 5, "max_epochs": 200},
        "generate": {
            **_GENERATOR,
            "hidden_size": 256,
            "batch_size": 64,
            "dropout": 0.1,
            "lr": 0.008,
            "max_epochs": 10,
        },
        "tag": {**_TAGGER, "lr": 0.005, "max_epochs": 12},
    },
    "quick": {
        "forecast": {"n_seeds": 2, "max_epochs": 200},
        "generate": {
            **_GENERATOR,
            "hidden_size": 128,
            "batch_size": 32,
            "lr": 0.01,
            "max_epochs": 3,
        },
        "tag": {**_TAGGER, "lr": 0.008, "max_epochs": 3},
    },
}

_TITLES = {
    "forecast": "Forecasting: RNNForecaster on AirPassengers",
    "generate": "Text generation: CharRNNGenerator on Tiny Shakespeare",
    "tag": "Part-of-speech tagging: SequenceTagger on UD English EWT",
}
_RUNNERS = {
    "forecast": forecasting_demo,
    "generate": generation_demo,
    "tag": tagging_demo,
}


def run_demo(jobs=JOBS, *, quick=False, n_seeds=None, out=DEFAULT_OUT, n_threads=1):
    """Run the demo's jobs, print their results and save the plots in ``out``.

    Parameters
    ----------
    jobs : sequence of {"forecast", "generate", "tag"}, default=all three
        The jobs to run, in this order.
    quick : bool, default=False
        Use the short settings (smaller models, fewer epochs and seeds).
    n_seeds : int or None, default=None
        Networks averaged by the forecasting job; None uses the settings' number
        (5, or 2 when ``quick``).
    out : str, path or None, default="sklearn_rnn_demo"
        Folder for the PNG plots (created if needed); None saves no plot.
    n_threads : int or None, default=1
        Torch threads while the demo runs (restored after it); None keeps torch's
        setting. One thread is the fastest for these small models, and on a busy
        machine two threads wait for each other: they made the jobs 4 to 10
        times slower on 2 shared cores.

    Returns
    -------
    results : dict
        For each job run, its scores and fitted estimators.
    """
    previous = torch.get_num_threads()
    if n_threads is not None:
        torch.set_num_threads(n_threads)
    try:
        return _run(jobs, quick, n_seeds, out)
    finally:
        torch.set_num_threads(previous)


def _run(jobs, quick, n_seeds, out):
    start = time.perf_counter()
    mode = "quick" if quick else "full"
    settings = {job: dict(params) for job, params in SETTINGS[mode].items()}
    if n_seeds is not None:
        settings["forecast"]["n_seeds"] = n_seeds
    print(
        f"sklearn_rnn demo ({mode} run): recurrent networks as scikit-learn "
        "estimators, each\nscored against the baseline a user would try first, "
        "on data embedded in the package."
    )
    if quick:
        print(
            "Short settings, so the scores are worse: run without --quick for the "
            "full demo (about 3 minutes)."
        )
    results = {}
    for number, job in enumerate(jobs, 1):
        print(f"\n== {number}. {_TITLES[job]} ==\n")
        job_start = time.perf_counter()
        results[job] = _RUNNERS[job](**settings[job])
        results[job]["seconds"] = time.perf_counter() - job_start
    print("\n== Summary ==\n")
    for result in results.values():
        print(f"  {result['summary']}  ({result['seconds']:.0f} s)")
    if out is not None:
        paths = save_plots(results, Path(out))
        if paths:
            print(f"\nPlots saved in {Path(out).resolve()}:")
            for path in paths:
                print(f"  {path.name}")
    minutes, seconds = divmod(round(time.perf_counter() - start), 60)
    print(f"\nTotal time: {minutes} min {seconds} s.")
    return results
