"""Command line: ``python -m sklearn_rnn demo``."""

import argparse
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m sklearn_rnn",
        description="Recurrent networks as scikit-learn estimators.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser(
        "demo", help="run the forecasting job end to end on embedded data"
    )
    demo.add_argument(
        "--seeds", type=int, default=5, help="networks averaged (default: 5)"
    )
    args = parser.parse_args(argv)
    if args.command == "demo":
        from ._demo import run_demo

        run_demo(n_seeds=args.seeds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
