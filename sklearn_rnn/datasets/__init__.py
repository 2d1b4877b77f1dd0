"""Small datasets embedded in the package, so that examples and tests run offline."""

from ._air_passengers import load_air_passengers

__all__ = ["load_air_passengers"]
