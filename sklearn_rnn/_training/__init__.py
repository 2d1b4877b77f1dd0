"""The training layer: the one place that imports skorch.

``base.py`` holds what every estimator shares (parameters, the fit template,
inference); ``spec.py`` the description of a training run as data; ``engine.py``
builds and trains the skorch net from a spec; ``iterators.py``, ``splits.py``,
``callbacks.py`` and ``precision.py`` are the pieces it assembles.
"""
