import builtins
import hashlib
from importlib import resources

import numpy as np
import pytest
from _data import shared_data_dir

from sklearn_rnn.datasets import load_air_passengers


def test_load_air_passengers_array():
    y = load_air_passengers()
    assert isinstance(y, np.ndarray)
    assert y.shape == (144,) and y.dtype == np.float64
    assert y[0] == 112 and y[-1] == 432
    assert y.sum() == 40363 and y.min() == 104 and y.max() == 622


def test_load_air_passengers_frame():
    pd = pytest.importorskip("pandas")
    s = load_air_passengers(as_frame=True)
    assert isinstance(s, pd.Series)
    assert s.name == "passengers" and s.index.name == "date"
    assert isinstance(s.index, pd.DatetimeIndex)
    assert s.index.freqstr == "MS"
    assert s.index[0] == pd.Timestamp("1949-01-01")
    assert s.index[-1] == pd.Timestamp("1960-12-01")
    np.testing.assert_array_equal(s.to_numpy(), load_air_passengers())


def test_load_air_passengers_frame_without_pandas(monkeypatch):
    real_import = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas":
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(ImportError, match=r"as_frame=True\) needs pandas"):
        load_air_passengers(as_frame=True)
    assert load_air_passengers().shape == (144,)


def test_embedded_file_is_the_documented_copy():
    data = resources.files("sklearn_rnn.datasets").joinpath("data")
    content = data.joinpath("air_passengers.csv").read_bytes()
    digest = "f2c862a9f593454ffc2e561294af64ee76fa2b91fca806d9925327b57fc2a40b"
    assert hashlib.sha256(content).hexdigest() == digest
    assert digest in data.joinpath("README.md").read_text("utf-8")
    source = shared_data_dir() / "airpassengers" / "AirPassengers.csv"
    if source.is_file():
        assert source.read_bytes() == content
