"""mg.save / mg.load: round trips, safety (no pickle), atomic writes, file modes and
symlinks, checksums, and a clear CheckpointError for every malformed file."""
import io
import json
import os
import subprocess
import sys
import textwrap
import time

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import minigrad as mg
import minigrad.nn as nn
from minigrad import serialization
from minigrad.serialization import CheckpointError
from minigrad.utils import files
from tests.helpers import DEVICES, to_numpy


def _model():
    return nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2))


def _same(a, b):
    """Equal in structure, types, order and bits (tensors: dtype, shape and bytes)."""
    if isinstance(a, dict):
        return isinstance(b, dict) and list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, mg.Tensor):
        return (isinstance(b, mg.Tensor) and a.dtype == b.dtype and a.shape == b.shape and
                to_numpy(a).tobytes() == to_numpy(b).tobytes())
    if isinstance(a, float) and a != a:
        return isinstance(b, float) and b != b
    return type(a) is type(b) and a == b


def _round_trip(obj):
    buffer = io.BytesIO()
    mg.save(obj, buffer)
    return mg.load(io.BytesIO(buffer.getvalue()))


def _checkpoint():
    """A training checkpoint: a model's and an optimizer's state, numbers, a tuple, inf."""
    model = _model()
    model(mg.randn(5, 3))
    return {"model": model.state_dict(),
            "optim": {"state": {0: {"step": mg.tensor(3.0), "exp_avg": mg.randn(2, 2)}},
                      "param_groups": [{"lr": 0.1, "betas": (0.9, 0.99), "params": [0]}]},
            "epoch": 7, "best": float("inf")}


# -- round trips ------------------------------------------------------------------------------

def test_state_dict_round_trip_keeps_keys_order_values_dtypes(tmp_path):
    model = _model()
    model(mg.randn(5, 3))
    path = tmp_path / "model.safetensors"
    mg.save(model.state_dict(), path)
    loaded = mg.load(path)
    assert _same(model.state_dict(), loaded)
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
             "flags": (True, None, "x", [1, 2.5]), "scalar": mg.tensor(5)}
    path = tmp_path / "optim.mg"
    mg.save(state, path)
    out = mg.load(path)
    assert _same(state, out)
    assert set(out["state"]) == {0, 1}                     # integer keys stay integers
    assert isinstance(out["param_groups"][0]["betas"], tuple)
    assert _same(_round_trip(mg.tensor([1.5])), mg.tensor([1.5]))     # a bare tensor


def test_user_names_are_never_taken_by_generated_ones():
    """Issue 9 item 6: "a" -> "b" has the path "a.b", which another key holds; its tensor
    gets a generated name, and that name must not be "#2", which the user wrote."""
    obj = {"#2": mg.tensor([1.0]), "a.b": mg.tensor([2.0]), "a": {"b": mg.tensor([3.0])},
           "__metadata__": mg.tensor([4.0]), "#0": mg.tensor([5.0])}
    assert _same(_round_trip(obj), obj)


_KEYS = st.sampled_from(["a", "b", "a.b", "b.a", "0", "1", "#0", "#1", "#2", "", "__metadata__"])
_LEAVES = st.integers(-3, 3).map(lambda v: mg.tensor([float(v)])) | st.integers(0, 2)
_NESTED = st.recursive(_LEAVES, lambda inner: st.dictionaries(_KEYS | st.integers(0, 2), inner,
                                                              max_size=4) |
                       st.lists(inner, max_size=3), max_leaves=12)


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(obj=_NESTED)
def test_any_nesting_with_clashing_dotted_paths_round_trips(obj):
    assert _same(_round_trip(obj), obj)


@pytest.mark.parametrize("device", DEVICES)
def test_devices_and_map_location(tmp_path, device):
    t = mg.randn(3, device=device)
    mg.save({"t": t}, tmp_path / "t")
    assert mg.load(tmp_path / "t")["t"].device == device
    assert mg.load(tmp_path / "t", map_location="cpu")["t"].device == "cpu"
    loaded = mg.load(tmp_path / "t", map_location=device)["t"]
    assert loaded.device == device and np.array_equal(to_numpy(loaded), to_numpy(t))
    moved = mg.load(tmp_path / "t", map_location=lambda t, saved: (t * 2, saved))["t"]
    assert mg.device(moved[1]) == mg.device(device)
    assert np.array_equal(to_numpy(moved[0]), 2 * to_numpy(t))


def test_unsupported_objects_are_refused(tmp_path):
    with pytest.raises(TypeError, match="cannot store an object of type object"):
        mg.save({"x": object()}, tmp_path / "f")
    deep = mg.ones(1)
    for _ in range(serialization.MAX_DEPTH):
        deep = [deep]
    assert _same(_round_trip(deep), deep)            # 100 containers deep: stored
    with pytest.raises(ValueError, match="nested more than 100 deep"):
        mg.save([deep], tmp_path / "f")                # 101: refused
    assert os.listdir(tmp_path) == []


def test_file_objects_work_too():
    buffer = io.BytesIO()
    mg.save({"w": mg.arange(3)}, buffer)
    buffer.seek(0)
    assert to_numpy(mg.load(buffer)["w"]).tolist() == [0, 1, 2]


# -- the format: plain safetensors, readable elsewhere; other safetensors files load ---------

def test_file_is_plain_safetensors_without_pickle(tmp_path):
    from safetensors.numpy import load_file
    mg.save({"w": mg.ones(2), "n": 3}, tmp_path / "f")
    data = (tmp_path / "f").read_bytes()
    assert b"pickle" not in data and not data.startswith(b"\x80")
    assert list(load_file(tmp_path / "f")) == ["w"]
    header = json.loads(data[8:8 + int.from_bytes(data[:8], "little")])
    assert set(header["__metadata__"]) == {"minigrad", "minigrad.sha256"}


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


def test_safetensors_files_of_other_programs_load_as_a_dict_of_tensors(tmp_path):
    from safetensors.numpy import save_file
    arrays = {"b": np.arange(3, dtype=np.int32), "a": np.ones((2, 2)), "s": np.array(True)}
    save_file(arrays, tmp_path / "foreign", metadata={"format": "np"})
    loaded = mg.load(tmp_path / "foreign")
    assert set(loaded) == set(arrays)
    for k, v in arrays.items():
        assert loaded[k].dtype == v.dtype and np.array_equal(to_numpy(loaded[k]), v)


def test_a_torch_save_file_converts_as_the_docs_say(tmp_path):
    """The recipe of docs/nn/checkpoints.md, and the message that points there."""
    torch = pytest.importorskip("torch")
    from safetensors.torch import save_file
    theirs = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Linear(4, 1))
    torch.save(theirs.state_dict(), tmp_path / "model.pt")
    with pytest.raises(CheckpointError, match=r"is a pickle \(torch.save\) file; minigrad "
                                              r"loads safetensors — see docs/nn/checkpoints.md"):
        mg.load(tmp_path / "model.pt")
    state = torch.load(tmp_path / "model.pt", weights_only=True)
    save_file({k: v.contiguous() for k, v in state.items()}, tmp_path / "model.safetensors")
    ours = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 1))
    ours.load_state_dict(mg.load(tmp_path / "model.safetensors"))
    x = np.random.randn(2, 3).astype(np.float32)
    np.testing.assert_allclose(ours(mg.tensor(x)).detach().numpy(),
                               theirs(torch.tensor(x)).detach().numpy(), rtol=1e-6)


def test_files_of_format_version_1_without_checksums_still_load(tmp_path):
    record = {"version": 1, "object": {"dict": [["w", {"tensor": "w", "device": "cpu",
                                                       "shape": [2]}], ["n", 4]]}}
    data = _craft({"__metadata__": {"minigrad": json.dumps(record)},
                   "w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}},
                  np.array([1.5, 2.5], np.float32).tobytes())
    assert _same(mg.load(io.BytesIO(data)), {"w": mg.tensor([1.5, 2.5]), "n": 4})


# -- writing: atomic, permissions, symlinks, temporaries --------------------------------------

def test_crash_mid_save_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "ckpt"
    mg.save({"w": mg.ones(3)}, path)
    before = path.read_bytes()

    def crash(file, data):
        file.write(data[: len(data) // 2])
        raise OSError("disk full")
    monkeypatch.setattr(files, "_write_bytes", crash)
    with pytest.raises(OSError, match="disk full"):
        mg.save({"w": mg.zeros(3)}, path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["ckpt"]                # no temporary file left behind
    assert to_numpy(mg.load(path)["w"]).tolist() == [1.0, 1.0, 1.0]


@pytest.fixture
def umask_027():
    old = os.umask(0o027)
    yield
    os.umask(old)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_new_file_gets_the_umask_mode_as_torch_save_gives(tmp_path, umask_027):
    mg.save({"w": mg.ones(2)}, tmp_path / "new")
    assert os.stat(tmp_path / "new").st_mode & 0o777 == 0o640
    torch = pytest.importorskip("torch")
    torch.save({"w": torch.ones(2)}, tmp_path / "theirs")
    assert os.stat(tmp_path / "theirs").st_mode & 0o777 == 0o640


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
@pytest.mark.parametrize("mode", [0o600, 0o644, 0o664, 0o755])
def test_an_existing_file_keeps_its_mode(tmp_path, mode):
    path = tmp_path / "ckpt"
    mg.save({"w": mg.ones(2)}, path)
    os.chmod(path, mode)
    mg.save({"w": mg.zeros(2)}, path)
    assert os.stat(path).st_mode & 0o777 == mode
    assert to_numpy(mg.load(path)["w"]).tolist() == [0, 0]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symlinks")
def test_saving_to_a_symlink_writes_its_target(tmp_path):
    (tmp_path / "runs").mkdir()
    target, link = tmp_path / "runs" / "epoch7", tmp_path / "latest"
    mg.save({"w": mg.ones(2)}, target)
    os.chmod(target, 0o640)
    os.symlink(os.path.join("runs", "epoch7"), link)     # a relative link
    mg.save({"w": mg.zeros(2)}, link)
    assert os.path.islink(link) and os.readlink(link) == os.path.join("runs", "epoch7")
    assert to_numpy(mg.load(target)["w"]).tolist() == [0, 0]
    assert os.stat(target).st_mode & 0o777 == 0o640
    os.symlink("missing", tmp_path / "dangling")         # as open(): creates the target
    mg.save({"w": mg.ones(1)}, tmp_path / "dangling")
    assert os.path.islink(tmp_path / "dangling") and (tmp_path / "missing").is_file()


def test_a_save_killed_half_way_leaves_a_temporary_the_next_save_removes(tmp_path):
    path = tmp_path / "ckpt"
    mg.save({"w": mg.ones(3)}, path)
    before = path.read_bytes()
    killed = subprocess.run([sys.executable, "-c", textwrap.dedent(f"""
        import os, signal, minigrad as mg
        from minigrad.utils import files
        def half(file, data):
            file.write(data[: len(data) // 2]); file.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        files._write_bytes = half
        mg.save({{"w": mg.zeros(1000)}}, {str(path)!r})
        """)], cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert killed.returncode != 0
    assert path.read_bytes() == before                     # the old file is whole
    stale = [n for n in os.listdir(tmp_path) if n != "ckpt"]
    assert len(stale) == 1 and stale[0].startswith(".ckpt.")
    running = stale[0].rsplit("-", 2)[0] + f"-{os.getpid()}-00000000.mgsave"
    others = [running, ".ckpt.mine", ".other.tmp"]
    for name in others:                                   # a live writer's, and not ours
        (tmp_path / name).write_bytes(b"x")
    mg.save({"w": mg.zeros(3)}, path)
    assert sorted(os.listdir(tmp_path)) == sorted(["ckpt"] + others)
    assert to_numpy(mg.load(path)["w"]).tolist() == [0, 0, 0]


# -- reading: every malformed file is a CheckpointError, bounded in time and memory -----------

def _craft(header, body=b""):
    """A safetensors file from a header dict (or raw JSON text) and the tensor bytes."""
    text = header if isinstance(header, (str, bytes)) else json.dumps(header)
    text = text.encode() if isinstance(text, str) else text
    text += b" " * (-len(text) % 8)
    return len(text).to_bytes(8, "little") + text + body


_W = {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}


def _with_record(record, **tensors):
    meta = {"minigrad": record if isinstance(record, str) else json.dumps(record)}
    return _craft({"__metadata__": meta, "w": _W, **tensors}, bytes(8))


def _deep(depth):
    return '{"version": 1, "object": ' + '{"list": [' * depth + ']}' * depth + "}"


_MALFORMED = {
    "empty": (b"", "too short"),
    "seven bytes": (b"\x10" + bytes(6), "too short"),
    "zeros": (bytes(64), "not a safetensors file"),
    "text": (b"hello world, this is not a checkpoint", "not a safetensors file"),
    "huge header claim": (b"\xff" * 8 + b"{}", "not a safetensors file"),
    "header beyond the file": ((10**6).to_bytes(8, "little") + b'{"a": 1}',
                               "claims 1000000 bytes"),
    "cut in the header": (_craft({"w": _W}, bytes(8))[:20], "truncated"),
    "cut in the data": (_craft({"w": _W}, bytes(8))[:-3], "truncated"),
    "trailing bytes": (_craft({"w": _W}, bytes(12)), "corrupted"),
    "zip": (b"PK\x03\x04" + bytes(60), r"pickle \(torch.save\)"),
    "pickle": (b"\x80\x02\x8a\x0al\xfc\x9cF\xf9 j\xa8P\x19.", r"pickle \(torch.save\)"),
    "not utf-8": (_craft(b'{"\xff": 1}'), "not valid JSON"),
    "bad json": (_craft(b"{" * 64), "not valid JSON"),
    "deep header": (_craft("{" + '"a":[' + "[" * 100_000 + "]" * 100_000 + "]}"),
                    "nested too deeply"),
    "header a list": (_craft(b"{}")[:8] + b"[1]     ", "not a safetensors file"),
    "metadata a list": (_craft({"__metadata__": [1]}), "__metadata__"),
    "metadata numbers": (_craft({"__metadata__": {"minigrad": 1}}), "__metadata__"),
    "entry a list": (_craft({"w": [1]}), "not an object"),
    "bf16": (_craft({"w": dict(_W, dtype="BF16", shape=[4])}, bytes(8)), "BF16"),
    "dtype a list": (_craft({"w": dict(_W, dtype=["F32"])}, bytes(8)), "dtype"),
    "negative shape": (_craft({"w": dict(_W, shape=[-2])}, bytes(8)), "shape"),
    "bool shape": (_craft({"w": dict(_W, shape=[True, 2])}, bytes(8)), "shape"),
    "100,000 dims": (_craft({"w": dict(_W, shape=[2**62] * 10**5)}, bytes(8)), "at most 64"),
    "huge shape": (_craft({"w": dict(_W, shape=[2**62] * 64, data_offsets=[0, 2**70])}),
                   "needs|describes"),
    "offsets": (_craft({"w": dict(_W, data_offsets=[0])}, bytes(8)), "data_offsets"),
    "offsets vs shape": (_craft({"w": dict(_W, shape=[3])}, bytes(8)), "needs 12 bytes"),
    "overlap": (_craft({"w": _W, "v": _W}, bytes(8)), "overlap or leave a gap"),
    "version '2'": (_with_record({"version": "2", "object": 1}), "version is '2'"),
    "version 0": (_with_record({"version": 0, "object": 1}), "version is 0"),
    "version true": (_with_record({"version": True, "object": 1}), "version is True"),
    "newer version": (_with_record({"version": 99, "object": 1}), "newer minigrad"),
    "record a list": (_with_record("[1, 2]"), "malformed 'minigrad' metadata"),
    "record not json": (_with_record("{nope"), "not valid JSON"),
    "no object": (_with_record({"version": 1}), "malformed 'minigrad' metadata"),
    "record deep": (_with_record(_deep(100_000)), "nested too deeply"),
    "structure deep": (_with_record(_deep(serialization.MAX_DEPTH + 1)), "nested more than"),
    "bare list": (_with_record({"version": 1, "object": [1]}), "bare JSON list"),
    "unknown node": (_with_record({"version": 1, "object": {"set": [1]}}), "unknown node"),
    "two keys": (_with_record({"version": 1, "object": {"list": [], "x": 1}}), "unknown node"),
    "list not a list": (_with_record({"version": 1, "object": {"list": 5}}), "unknown node"),
    "bad float": (_with_record({"version": 1, "object": {"float": "1e999x"}}), "unknown node"),
    "dict not pairs": (_with_record({"version": 1, "object": {"dict": [[1]]}}), "not a \\[key"),
    "unhashable key": (_with_record({"version": 1, "object": {"dict": [[{"list": []}, 1]]}}),
                       "unhashable list"),
    "missing tensor": (_with_record({"version": 1, "object": {"tensor": "v"}}),
                       "tensor 'v' the file does not hold"),
    "tensor ref a list": (_with_record({"version": 1, "object": {"tensor": ["w"]}}),
                          "does not hold"),
    "tensor twice": (_with_record({"version": 1, "object": {"list": [{"tensor": "w"}] * 2}}),
                     "twice"),
    "shape vs data": (_with_record({"version": 1, "object": {"tensor": "w", "shape": [3]}}),
                      "does not fit its 2 elements"),
    "record shape long": (_with_record({"version": 1, "object": {"tensor": "w",
                                                                  "shape": [1] * 10**5 + [2]}}),
                          "does not fit"),
    "unknown device": (_with_record({"version": 1, "object": {"tensor": "w", "device": "tpu"}}),
                       "unknown device 'tpu'"),
    "v2 unchecked": (_with_record({"version": 2, "object": 1}), "checksums are missing"),
    "checksums only": (_craft({"__metadata__": {"minigrad.sha256": "{}"}}),
                       "no 'minigrad' metadata"),
}


@pytest.mark.parametrize("case", list(_MALFORMED))
def test_every_malformed_file_raises_one_clear_error(tmp_path, case):
    content, message = _MALFORMED[case]
    (tmp_path / "f").write_bytes(content)
    start = time.perf_counter()
    with pytest.raises(CheckpointError, match=message):
        mg.load(tmp_path / "f")
    with pytest.raises(CheckpointError, match=message):
        mg.load(io.BytesIO(content))                      # a stream of unknown length too
    assert time.perf_counter() - start < 2


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_device_is_refused_after_reading_its_first_bytes():
    start = time.perf_counter()
    with pytest.raises(CheckpointError, match="not a safetensors file"):
        mg.load("/dev/zero")
    assert time.perf_counter() - start < 1


def test_a_torch_save_file_is_named_as_such(tmp_path):
    torch = pytest.importorskip("torch")
    for zipped in (True, False):
        torch.save({"w": torch.ones(2)}, tmp_path / "m.pt",
                   _use_new_zipfile_serialization=zipped)
        with pytest.raises(CheckpointError, match=r"'.*m.pt' is a pickle \(torch.save\) file"):
            mg.load(tmp_path / "m.pt")


def test_errors_are_runtime_errors_as_before_and_missing_files_os_errors(tmp_path):
    assert issubclass(CheckpointError, RuntimeError)
    with pytest.raises(FileNotFoundError):
        mg.load(tmp_path / "absent")


# -- checksums: damage is detected and the damaged tensor named -------------------------------

def test_a_damaged_tensor_is_named(tmp_path):
    obj = {"fc.weight": mg.ones(4, 4), "fc.bias": mg.zeros(4)}
    mg.save(obj, tmp_path / "f")
    data = bytearray((tmp_path / "f").read_bytes())
    data[-3] ^= 0x10                                        # in the last tensor's bytes
    (tmp_path / "f").write_bytes(data)
    with pytest.raises(CheckpointError, match=r"damaged: the bytes of tensor 'fc.\w+' do not"):
        mg.load(tmp_path / "f")


def _flips(data, positions, rng):
    """``data`` with one byte changed, for each position: (position, damaged bytes)."""
    for pos in positions:
        damaged = bytearray(data)
        damaged[pos] ^= int(rng.integers(1, 256))
        yield pos, bytes(damaged)


def test_every_single_byte_change_is_detected_or_changes_nothing():
    """Issue 9 item 11: change each byte of a checkpoint (model, optimizer state, numbers),
    and random bits of some larger ones; a damaged file either raises CheckpointError or
    loads exactly the original (a change to header whitespace), never changed weights or
    names. A change in the tensor bytes or the header-size field is always detected."""
    rng = np.random.default_rng(0)
    files = [_checkpoint(), {"w": mg.randn(64, 64), "b": mg.randn(64, dtype=mg.float64),
                             "i": mg.arange(10), "m": mg.tensor([True, False])}]
    outcomes = {"detected": 0, "harmless": 0}
    for k, obj in enumerate(files):
        buffer = io.BytesIO()
        mg.save(obj, buffer)
        data = buffer.getvalue()
        header_end = 8 + int.from_bytes(data[:8], "little")
        positions = range(len(data)) if k == 0 else rng.choice(len(data), 1500, replace=False)
        for pos, damaged in _flips(data, positions, rng):
            try:
                loaded = mg.load(io.BytesIO(damaged))
            except CheckpointError:
                outcomes["detected"] += 1
                continue
            assert _same(loaded, obj), f"byte {pos} changed, and the changed file loaded"
            assert 8 <= pos < header_end and chr(damaged[pos]) in " \t\r\n", pos
            outcomes["harmless"] += 1
    assert outcomes["detected"] > 4000
