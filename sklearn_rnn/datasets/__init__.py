"""Small datasets embedded in the package, so that examples and tests run offline."""

from ._air_passengers import load_air_passengers
from ._conllu import load_conllu

__all__ = ["load_air_passengers", "load_conllu"]
