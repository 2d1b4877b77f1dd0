"""The documentation builds as CI builds it: Sphinx, warnings as errors.

The build runs the gallery (``examples/plot_*.py``), generates the API reference
from the docstrings and validates them with numpydoc (see ``docs/conf.py``).
"""

import importlib
import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).parents[1] / "docs"
API_MODULES = [
    "sklearn_rnn",
    "sklearn_rnn.datasets",
    "sklearn_rnn.metrics",
    "sklearn_rnn.modules",
    "sklearn_rnn.plotting",
]
# Public classes and functions whose docstring has no runnable example yet. Add an
# Examples section to the docstring, then remove the name from this set.
LACKING_EXAMPLES: set = set()


def _public_objects():
    for module_name in API_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            if not name.startswith("_"):
                yield f"{module_name}.{name}", getattr(module, name)


@pytest.fixture(scope="module")
def built_docs(tmp_path_factory):
    """Build the HTML once for the tests of this module; return its directory."""
    out = tmp_path_factory.mktemp("docs")
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html"]
    command += ["-d", str(out / "doctrees"), str(DOCS), str(out / "html")]
    # One torch thread for the gallery's fits, unless told otherwise: on a busy
    # shared machine a second OpenMP thread stalls the first (see benchmarks.md).
    env = {**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    assert result.returncode == 0, (
        f"sphinx-build exited with status {result.returncode}:\n"
        f"{result.stderr[-6000:]}\n{result.stdout[-2000:]}"
    )
    return out / "html"


def test_docs_build_without_warnings(built_docs):
    # Sphinx fails a -W build on a page left out of every toctree, so each page
    # of docs/ has its HTML.
    for page in DOCS.glob("*.md"):
        assert (built_docs / f"{page.stem}.html").is_file(), page.name
    assert (built_docs / "auto_examples" / "index.html").is_file()


def test_every_public_name_has_an_api_page(built_docs):
    api = (built_docs / "api.html").read_text()
    for qualname, _ in _public_objects():
        assert (built_docs / "generated" / f"{qualname}.html").is_file(), qualname
        assert f"generated/{qualname}.html" in api, qualname


def test_gallery_examples_ran(built_docs):
    examples = sorted((DOCS.parent / "examples").glob("plot_*.py"))
    assert examples
    for example in examples:
        page = built_docs / "auto_examples" / f"{example.stem}.html"
        assert page.is_file(), example.name
        # Each example draws at least one figure, which the gallery captured.
        assert f"sphx_glr_{example.stem}_001.png" in page.read_text(), example.name


def test_public_docstrings_have_runnable_examples():
    lacking = set()
    for qualname, obj in _public_objects():
        if not (inspect.isclass(obj) or inspect.isfunction(obj)):
            continue  # instances, such as scorers, carry their class's docstring
        doc = inspect.getdoc(obj) or ""
        if "Examples\n--------" not in doc or ">>>" not in doc:
            lacking.add(qualname)
    assert not lacking - LACKING_EXAMPLES, (
        f"Public names whose docstring has no Examples section with a doctest: "
        f"{sorted(lacking - LACKING_EXAMPLES)}."
    )
    assert not LACKING_EXAMPLES - lacking, (
        f"These names have an example now; remove them from LACKING_EXAMPLES: "
        f"{sorted(LACKING_EXAMPLES - lacking)}."
    )
