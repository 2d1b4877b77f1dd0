"""pytest settings for docs/: its Markdown pages are doctests (``--doctest-glob``).

The Sphinx configuration and what a build writes here (the gallery's copies of the
examples, which would run on import, and the generated API pages) are not tests.
"""

collect_ignore = ["conf.py"]
collect_ignore_glob = [
    "_build/*",
    "auto_examples/*",
    "generated/*",
]
