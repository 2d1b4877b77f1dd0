"""Sphinx configuration of the sklearn_rnn documentation.

The pages are Markdown (MyST); the API reference is generated from the numpydoc
docstrings by autosummary; the gallery is built by sphinx-gallery, which runs
``examples/plot_*.py``. Build it with::

    python -m sphinx -W --keep-going -b html docs docs/_build/html

The test suite builds it the same way (``tests/test_docs.py``), warnings as errors.
"""

import importlib
import inspect
import re
from pathlib import Path

import sklearn_rnn

HERE = Path(__file__).resolve().parent

project = "sklearn_rnn"
author = "sklearn_rnn developers"
copyright = "2026, sklearn_rnn developers"
release = version = sklearn_rnn.__version__

extensions = [
    "myst_parser",
    "numpydoc",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx_gallery.gen_gallery",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
templates_path = ["_templates"]
exclude_patterns = [
    "_build",
    "conftest.py",
    "auto_examples/*.ipynb",
    "auto_examples/*.py",
    "auto_examples/*.md5",
    "auto_examples/*.json",
]
# The guides link to each other's sections by heading ("forecasting.md#metrics").
myst_heading_anchors = 3
myst_enable_extensions = ["dollarmath"]

html_theme = "alabaster"
html_title = f"sklearn_rnn {release}"
html_theme_options = {
    "description": "Recurrent networks as scikit-learn estimators",
    "fixed_sidebar": True,
}
html_static_path = []

# --- API reference ---------------------------------------------------------------
autodoc_typehints = "none"  # the numpydoc Parameters sections are the contract
autodoc_default_options = {"member-order": "groupwise"}
# Methods are documented by autodoc (see _templates/autosummary/class.rst), so
# numpydoc must not add its own tables of them.
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
# Checks that catch wrong or broken docstrings (unknown or misordered sections,
# parameters documented that do not exist or in the wrong order, parameters left
# out, a missing summary) without asking for optional sections. The torch modules
# are plain PyTorch (their ``forward`` follows torch's conventions), so they are
# left out.
numpydoc_validation_checks = {
    "GL06",  # unknown section
    "GL07",  # sections in the wrong order
    "PR01",  # a parameter is not documented
    "PR02",  # a documented parameter does not exist
    "PR03",  # parameters documented in the wrong order
    "PR10",  # "name: type" without a space before the colon
    "SS01",  # no summary
    "SS03",  # the summary does not end with a period
    "YD01",  # a generator without a Yields section
}
numpydoc_validation_exclude = {r"^sklearn_rnn\.modules\.", r"\.__init__$"}

# The public names of each documented module, read from ``__all__`` when the docs
# are built, so that api.md lists every name a module exports, including new ones.
API_MODULES = [
    "sklearn_rnn",
    "sklearn_rnn.datasets",
    "sklearn_rnn.metrics",
    "sklearn_rnn.modules",
    "sklearn_rnn.plotting",
]


def public_names(module_name):
    """Return the documented public names of a module, or [] if it does not exist."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return []
    return [name for name in module.__all__ if not name.startswith("_")]


def _kind(module_name, name):
    obj = getattr(importlib.import_module(module_name), name)
    if inspect.isclass(obj):
        return "class"
    if inspect.isfunction(obj):
        return "function"
    return "object"


def _api_context():
    api = {module: public_names(module) for module in API_MODULES}
    kinds = {
        (module, name): _kind(module, name)
        for module, names in api.items()
        for name in names
    }
    listed = set()

    def take(module, names=None, kind=None):
        """Names of ``module`` (in ``names``' order, if given) not yet listed."""
        chosen = [
            name
            for name in (names if names is not None else api[module])
            if name in api[module]
            and (module, name) not in listed
            and (kind is None or kinds[module, name] == kind)
        ]
        listed.update((module, name) for name in chosen)
        return chosen

    return {"take": take}


def _render_api(app, text, toctree):
    """Render api.md, a Jinja template, with autosummary pages in ``toctree``."""
    return app.builder.templates.render_string(
        text, {**_api_context(), "toctree": toctree}
    )


def _render_api_page(app, docname, source):
    if docname == "api":
        source[0] = _render_api(app, source[0], toctree="generated")


def _write_api_stub_list(app):
    """Write the rendered API page where autosummary looks for names to document.

    autosummary finds the names to write pages for by reading the sources before
    they are rendered, so it is pointed at a rendered copy of api.md instead.
    """
    text = (HERE / "api.md").read_text()
    SCANNED_API.parent.mkdir(exist_ok=True)
    SCANNED_API.write_text(_render_api(app, text, toctree="."))


SCANNED_API = HERE / "generated" / "api_names.md"
autosummary_generate = [str(SCANNED_API.relative_to(HERE))]
exclude_patterns.append(autosummary_generate[0])


# --- Gallery ----------------------------------------------------------------------
# sphinx-gallery reads examples/ (its GALLERY_HEADER.rst is the gallery's index) and
# writes the pages into docs/auto_examples; unchanged examples are not re-run.
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "ignore_pattern": r"__init__\.py|conftest\.py",
    "doc_module": ("sklearn_rnn",),
    "backreferences_dir": "generated/backreferences",
    "reference_url": {"sklearn_rnn": None},
    # A failing example fails the build (and with it the test suite).
    "abort_on_example_error": True,
    "download_all_examples": False,
    "remove_config_comments": True,
    "show_memory": False,
    "image_scrapers": ("matplotlib",),
}

_SHAPE = re.compile(r"shape \(([^)]*)\)")
_FITTED_NAME = re.compile(r"(?<![`\w])([A-Za-z]\w*_)(?=[,)\s]|$)")


def _literal_shapes(app, what, name, obj, options, lines):
    """Write fitted attributes named in shapes as literals.

    In ``ndarray of shape (n_features_in_,)`` reStructuredText reads the trailing
    underscore as a link to a target ``n_features_in``, an error; scikit-learn
    writes such names between backquotes, and this does it for docstrings that
    do not.
    """

    def literal(match):
        return "shape (" + _FITTED_NAME.sub(r"``\1``", match.group(1)) + ")"

    lines[:] = [_SHAPE.sub(literal, line) for line in lines]


def _skip_foreign_members(app, what, name, obj, skip, options):
    """Leave out members inherited from scikit-learn or torch.

    Their docstrings are written for those projects' documentation (they link to
    its pages), and they are documented there: ``get_params``, ``set_params``,
    ``score`` (R² for the forecaster) and the metadata-routing methods.
    """
    module = getattr(obj, "__module__", None) or ""
    if what == "class" and not module.startswith("sklearn_rnn"):
        return True
    return None


def setup(app):
    app.connect("autodoc-skip-member", _skip_foreign_members)
    app.connect("autodoc-process-docstring", _literal_shapes)
    app.connect("source-read", _render_api_page)
    # Before autosummary's own handler (priority 500) reads the file.
    app.connect("builder-inited", _write_api_stub_list, priority=400)
