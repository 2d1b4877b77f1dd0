"""Static checks of the gallery scripts in ``examples/``.

The docs build (``tests/test_docs.py``) runs every ``examples/plot_*.py`` and
checks that each drew a figure; running them here again would double their
time in CI. These checks cover what the build does not: sphinx-gallery only
runs the scripts whose name starts with ``plot_`` (the others would be
published untested), and a user-facing example should use the public API only.
"""

import ast
from pathlib import Path

import pytest

EXAMPLES_DIR = Path(__file__).parents[1] / "examples"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.py"))


def _private_imports(source):
    """Return the private sklearn_rnn names (a part starting with "_") imported."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            paths = [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            paths = [alias.name for alias in node.names]
        else:
            continue
        found += [
            path
            for path in paths
            if path.split(".")[0] == "sklearn_rnn"
            and any(part.startswith("_") for part in path.split("."))
        ]
    return found


def test_every_example_is_run_by_the_gallery():
    assert EXAMPLES, "examples/ holds no script"
    assert (EXAMPLES_DIR / "GALLERY_HEADER.rst").is_file()
    not_run = [path.name for path in EXAMPLES if not path.name.startswith("plot_")]
    assert not not_run, (
        f"sphinx-gallery (filename_pattern '/plot_' in docs/conf.py) runs only the "
        f"scripts named plot_*.py, so these would be published untested: {not_run}."
    )


@pytest.mark.parametrize("path", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_example_uses_the_public_api_only(path):
    assert not _private_imports(path.read_text()), path.name


def test_private_imports_are_detected():
    source = (
        "import numpy as np\n"
        "from sklearn_rnn import RNNForecaster\n"
        "from sklearn_rnn.metrics import interval_coverage\n"
        "from sklearn_rnn._demo._tag import MostFrequentTag\n"
        "from sklearn_rnn.datasets import _samples\n"
        "import sklearn_rnn.generation._text\n"
    )
    assert _private_imports(source) == [
        "sklearn_rnn._demo._tag.MostFrequentTag",
        "sklearn_rnn.datasets._samples",
        "sklearn_rnn.generation._text",
    ]
