import numpy as np
import pytest
import torch


@pytest.fixture(autouse=True)
def _seed():
    """Seed numpy and torch so that every test is reproducible on its own."""
    np.random.seed(0)
    torch.manual_seed(0)
