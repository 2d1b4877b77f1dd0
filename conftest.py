"""Test fixtures for the whole suite: tests/, the package's doctests and docs/."""

import numpy as np
import pytest
import torch


@pytest.fixture(autouse=True, scope="session")
def _one_thread():
    """Tiny models run fastest on one thread, and a loaded machine (another job on
    the second core) cannot then slow them down by oversubscription."""
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


@pytest.fixture(autouse=True)
def _seed():
    """Seed numpy and torch so that every test is reproducible on its own."""
    np.random.seed(0)
    torch.manual_seed(0)
