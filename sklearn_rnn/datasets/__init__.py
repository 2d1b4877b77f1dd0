"""Small datasets embedded in the package, so that examples and tests run offline."""

from ._air_passengers import load_air_passengers
from ._conllu import load_conllu
from ._samples import load_sample_tagged, load_sample_text

__all__ = [
    "load_air_passengers",
    "load_conllu",
    "load_sample_tagged",
    "load_sample_text",
]
