"""Where the shared (not packaged) test data lives, and how tests ask for it."""

import os
from pathlib import Path

import pytest


def shared_data_dir():
    """Return ``../shared/data`` beside the repository root."""
    return Path(__file__).resolve().parents[2] / "shared" / "data"


def require_data(subdir):
    """Return ``shared_data_dir() / subdir``, skipping the test when it is absent.

    With ``SKLEARN_RNN_REQUIRE_DATA=1`` in the environment a missing folder fails the
    test instead, so that CI cannot pass by silently skipping the data tests.
    """
    path = shared_data_dir() / subdir
    if not path.is_dir():
        reason = (
            f"Data folder {subdir!r} not found at {path}; set up ../shared/data beside "
            "the repository root to run this test."
        )
        if os.environ.get("SKLEARN_RNN_REQUIRE_DATA") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return path
