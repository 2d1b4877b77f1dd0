"""The training layer: the one package that imports skorch.

``base.py`` holds what every estimator shares (parameters, the fit template,
inference); ``spec.py`` describes a training run as data; ``engine.py`` builds
and trains the skorch net from a spec, and restores a saved one; ``splits.py``
is the one time-ordered split, ``batching.py`` the one inference batching
policy, ``inference.py`` runs a module over windows; ``iterators.py``,
``callbacks.py`` and ``precision.py`` are the pieces the engine assembles.
"""
