"""Command line: ``python -m sklearn_rnn demo`` (also installed as ``sklearn-rnn``)."""

import argparse
import os
import sys

_JOBS = ("forecast", "generate", "tag")

_DEMO_DESCRIPTION = """\
Run the three jobs of sklearn_rnn end to end on data embedded in the package
(no download), and print each one's score against a simple baseline:

  forecast  RNNForecaster on AirPassengers (monthly airline passengers): MASE of
            the last 24 months' forecast, against seasonal naive.
  generate  CharRNNGenerator on 300 kB of Tiny Shakespeare: bits per character
            of held-out text, against a unigram model (the training text's
            character frequencies), and a sample of generated text.
  tag       SequenceTagger on a sample of UD English EWT: part-of-speech
            accuracy on held-out sentences, against each word's most frequent
            training tag (unseen words: the most frequent tag overall), and
            tagged example sentences.

It takes about 3 minutes on 2 CPU cores (--quick: under a minute), and saves a
forecast plot and the training curves as PNG files in --out."""


def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a whole number >= 1, got {text!r}"
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text}")
    return value


def _parser():
    parser = argparse.ArgumentParser(
        prog="python -m sklearn_rnn",
        description="Recurrent neural networks as scikit-learn estimators.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo = commands.add_parser(
        "demo",
        help="run the forecasting, generation and tagging jobs on embedded data",
        description=_DEMO_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    demo.add_argument(
        "--quick",
        action="store_true",
        help="a short run (under a minute on 2 CPU cores): smaller models, fewer "
        "epochs and 2 forecasting seeds, so the scores are worse",
    )
    demo.add_argument(
        "--jobs",
        nargs="+",
        choices=_JOBS,
        default=list(_JOBS),
        metavar="JOB",
        help="which jobs to run, among forecast, generate and tag (default: all three)",
    )
    demo.add_argument(
        "--seeds",
        type=_positive_int,
        default=None,
        metavar="N",
        help="number of forecasting networks (random seeds) whose forecasts are "
        "averaged (default: 5, or 2 with --quick)",
    )
    demo.add_argument(
        "--threads",
        type=_positive_int,
        default=1,
        metavar="N",
        help="torch threads (default: 1, the fastest for these small models; two "
        "threads slow down badly when other programs keep the cores busy)",
    )
    demo.add_argument(
        "--out",
        default="sklearn_rnn_demo",
        metavar="DIR",
        help="folder where the plots are saved as PNG files, created if needed "
        "(default: ./sklearn_rnn_demo); they need matplotlib",
    )
    return parser


def main(argv=None):
    """Run the command line; ``argv`` defaults to ``sys.argv[1:]``.

    Examples
    --------
    >>> main(["--help"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    SystemExit: 0
    """
    args = _parser().parse_args(argv)
    if args.command == "demo":
        # Plots are only saved, never shown: no window, and no display needed.
        os.environ.setdefault("MPLBACKEND", "Agg")
        from ._demo import run_demo

        jobs = [job for job in _JOBS if job in args.jobs]
        run_demo(
            jobs,
            quick=args.quick,
            n_seeds=args.seeds,
            out=args.out,
            n_threads=args.threads,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
