"""mg.save / mg.load: round trips, safety (no pickle), atomic writes, clear errors."""
import json
import os

import numpy as np
import pytest

import minigrad as mg
import minigrad.nn as nn
from minigrad import serialization
from tests.helpers import DEVICES, to_numpy


def _model():
    return nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2))


def test_state_dict_round_trip_keeps_keys_order_values_dtypes(tmp_path):
    model = _model()
    model(mg.randn(5, 3))
    path = tmp_path / "model.safetensors"
    mg.save(model.state_dict(), path)
    loaded = mg.load(path)
    assert list(loaded) == list(model.state_dict())
    for (k, a), b in zip(model.state_dict().items(), loaded.values()):
        assert a.dtype == b.dtype and np.array_equal(to_numpy(a), to_numpy(b)), k
    assert loaded["1.num_batches_tracked"].dtype == mg.int64
    fresh = _model()
    fresh.load_state_dict(loaded)
    fresh.eval(), model.eval()
    x = mg.randn(2, 3)
    assert np.array_equal(to_numpy(fresh(x)), to_numpy(model(x)))


def test_nested_optimizer_like_state_round_trip(tmp_path):
    state = {"state": {0: {"step": mg.tensor(3.0), "exp_avg": mg.randn(2, 2),
                           "momentum_buffer": None},
                       1: {"step": 7, "sum": mg.zeros(3, dtype=mg.float64)}},
             "param_groups": [{"lr": 0.01, "betas": (0.9, 0.999), "eps": 1e-8,
                               "amsgrad": False, "params": [0, 1], "name": "main",
                               "nan": float("nan"), "inf": float("-inf")}],
             "flags": (True, None, "x", [1, 2.5])}
    path = tmp_path / "optim.mg"
    mg.save(state, path)
    out = mg.load(path)
    assert set(out["state"]) == {0, 1}                     # integer keys stay integers
    assert out["state"][1]["step"] == 7 and out["state"][0]["momentum_buffer"] is None
    assert np.array_equal(to_numpy(out["state"][0]["exp_avg"]),
                          to_numpy(state["state"][0]["exp_avg"]))
    group = out["param_groups"][0]
    assert group["betas"] == (0.9, 0.999) and isinstance(group["betas"], tuple)
    assert group["params"] == [0, 1] and group["amsgrad"] is False and group["name"] == "main"
    assert np.isnan(group["nan"]) and group["inf"] == float("-inf")
    assert out["flags"] == (True, None, "x", [1, 2.5])


@pytest.mark.parametrize("device", DEVICES)
def test_devices_and_map_location(tmp_path, device):
    t = mg.randn(3, device=device)
    mg.save({"t": t}, tmp_path / "t")
    assert mg.load(tmp_path / "t")["t"].device == device
    assert mg.load(tmp_path / "t", map_location="cpu")["t"].device == "cpu"
    loaded = mg.load(tmp_path / "t", map_location=device)["t"]
    assert loaded.device == device and np.array_equal(to_numpy(loaded), to_numpy(t))


def test_file_is_plain_safetensors_without_pickle(tmp_path):
    from safetensors.numpy import load_file
    mg.save({"w": mg.ones(2)}, tmp_path / "f")
    data = (tmp_path / "f").read_bytes()
    assert b"pickle" not in data and not data.startswith(b"\x80")
    assert list(load_file(tmp_path / "f")) == ["w"]
    header = json.loads(data[8:8 + int.from_bytes(data[:8], "little")])
    assert "minigrad" in header["__metadata__"]


def test_unsupported_objects_are_refused(tmp_path):
    with pytest.raises(TypeError, match="cannot store an object of type object"):
        mg.save({"x": object()}, tmp_path / "f")
    assert not (tmp_path / "f").exists()


def test_crash_mid_save_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "ckpt"
    mg.save({"w": mg.ones(3)}, path)
    before = path.read_bytes()

    def crash(file, data):
        file.write(data[: len(data) // 2])
        raise OSError("disk full")
    monkeypatch.setattr(serialization, "_write_bytes", crash)
    with pytest.raises(OSError, match="disk full"):
        mg.save({"w": mg.zeros(3)}, path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["ckpt"]                # no temporary file left behind
    assert to_numpy(mg.load(path)["w"]).tolist() == [1.0, 1.0, 1.0]


def test_truncated_corrupted_and_foreign_files_raise_clear_errors(tmp_path):
    path = tmp_path / "ckpt"
    mg.save({"w": mg.ones(100)}, path)
    data = path.read_bytes()
    cases = {"empty": b"", "tiny": data[:5], "truncated": data[:-50],
             "header_cut": data[:40], "garbage": b"\x80\x04\x95 pickled junk" * 4,
             "bad_json": data[:8] + b"{" * (len(data) - 8)}
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
        with pytest.raises(RuntimeError, match="not a minigrad checkpoint|truncated|corrupted"):
            mg.load(tmp_path / name)
    from safetensors.numpy import save_file
    save_file({"a": np.zeros(2)}, tmp_path / "foreign")
    with pytest.raises(RuntimeError, match="not a minigrad checkpoint"):
        mg.load(tmp_path / "foreign")


def test_loading_into_a_model_with_a_wrong_shape_names_key_and_shapes(tmp_path):
    mg.save(nn.Linear(3, 5).state_dict(), tmp_path / "f")
    model = nn.Linear(3, 4)
    before = to_numpy(model.weight).copy()
    with pytest.raises(RuntimeError, match=r"size mismatch for weight.*\[5, 3\].*\[4, 3\]"):
        model.load_state_dict(mg.load(tmp_path / "f"))
    assert np.array_equal(before, to_numpy(model.weight))


def test_pytorch_reads_a_saved_state_dict_with_plain_safetensors(tmp_path):
    torch = pytest.importorskip("torch")
    from safetensors.torch import load_file
    ours = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 1))
    mg.save(ours.state_dict(), tmp_path / "w.safetensors")
    theirs = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4),
                                 torch.nn.Linear(4, 1))
    theirs.load_state_dict(load_file(tmp_path / "w.safetensors"))
    ours.eval(), theirs.eval()
    x = np.random.randn(2, 3).astype(np.float32)
    np.testing.assert_allclose(ours(mg.tensor(x)).detach().numpy(),
                               theirs(torch.tensor(x)).detach().numpy(), rtol=1e-6)


def test_file_objects_work_too():
    import io
    buffer = io.BytesIO()
    mg.save({"w": mg.arange(3)}, buffer)
    buffer.seek(0)
    assert to_numpy(mg.load(buffer)["w"]).tolist() == [0, 1, 2]
