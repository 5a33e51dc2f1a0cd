"""minigrad train, end to end (in-process through minigrad.cli.main, one subprocess)."""
import csv
import os
import re
import subprocess
import sys
import time

import numpy as np
import pytest

from minigrad import backend
from minigrad.cli import main
from minigrad.datasets import write_idx

SMALL = ["--dataset", "moons", "--hidden", "8", "--epochs", "2", "--no-progress"]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def test_default_run_reaches_the_accuracy_target(tmp_path, capsys):
    started = time.perf_counter()
    code, out, err = run(capsys, "train", "--out", str(tmp_path))
    seconds = time.perf_counter() - started
    assert code == 0, err
    last = out.strip().splitlines()[-1]
    accuracy = float(re.fullmatch(r"test accuracy: (\d+\.\d)%", last).group(1))
    assert accuracy >= 96.0
    assert seconds < 60                       # the target is 30 s on 2 idle cores
    assert len(rows(tmp_path / "history.csv")) == 10
    assert (tmp_path / "checkpoint.safetensors").is_file()
    if sys.modules.get("matplotlib") or _has_matplotlib():
        assert (tmp_path / "curves.png").read_bytes()[:4] == b"\x89PNG"


def _has_matplotlib():
    try:
        import matplotlib  # noqa: F401
        return True
    except ImportError:
        return False


@pytest.mark.parametrize("flags", [
    ["--optimizer", "sgd", "--momentum", "0.9", "--nesterov", "--lr", "0.05"],
    ["--batchnorm", "--dropout", "0.3", "--init", "kaiming", "--schedule", "cosine"],
    ["--activation", "tanh", "--init", "xavier", "--optimizer", "rmsprop", "--schedule", "1/t"],
    ["--activation", "LeakyReLU", "--optimizer", "adamw", "--betas", "0.8,0.99",
     "--weight-decay", "0.1", "--schedule", "step", "--preprocess", "zca"],
    ["--dataset", "spiral", "--optimizer", "nadam", "--schedule", "plateau", "--patience", "1"],
    ["--optimizer", "adam", "--amsgrad", "--eps", "1e-6"],
    ["--optimizer", "rmsprop", "--centered", "--alpha", "0.9", "--momentum", "0.5"],
    ["--dataset", "blobs", "--hidden", "", "--optimizer", "adagrad", "--preprocess", "pca-whiten"],
])
def test_flags_train_end_to_end(tmp_path, capsys, flags):
    code, out, err = run(capsys, "train", *SMALL, "--out", str(tmp_path), *flags)
    assert code == 0, err
    assert re.search(r"test accuracy: \d+\.\d%$", out.strip())
    assert 1 <= len(rows(tmp_path / "history.csv")) <= 2


def test_resume_continues_the_same_run(tmp_path, capsys):
    args = ["train", "--dataset", "circles", "--hidden", "16", "--dropout", "0.2",
            "--schedule", "exponential", "--no-progress"]
    code, straight, _ = run(capsys, *args, "--epochs", "4", "--out", str(tmp_path / "a"))
    assert code == 0
    assert run(capsys, *args, "--epochs", "2", "--out", str(tmp_path / "b"))[0] == 0
    # resume takes the run's options from the checkpoint: --dataset etc. need not be repeated
    code, out, err = run(capsys, "train", "--epochs", "4", "--out", str(tmp_path / "b"),
                         "--resume", "--no-progress")
    assert code == 0, err and "resuming after epoch 2" in out
    a, b = rows(tmp_path / "a" / "history.csv"), rows(tmp_path / "b" / "history.csv")
    for ra, rb in zip(a, b):
        ra.pop("time"), rb.pop("time")
    assert a == b and len(a) == 4
    assert out.strip().splitlines()[-1] == straight.strip().splitlines()[-1]     # test accuracy


def test_idx_folder(tmp_path, capsys):
    rng = np.random.default_rng(0)
    for prefix, n in (("train", 60), ("t10k", 20)):
        labels = np.arange(n, dtype=np.uint8) % 10
        images = (rng.random((n, 28, 28)) < 0.1 + 0.08 * labels[:, None, None]) * 255
        write_idx(tmp_path / f"{prefix}-images-idx3-ubyte.gz", images.astype(np.uint8))
        write_idx(tmp_path / f"{prefix}-labels-idx1-ubyte.gz", labels)
    code, out, err = run(capsys, "train", "--dataset", str(tmp_path), "--epochs", "1",
                         "--no-progress", "--out", str(tmp_path / "run"))
    assert code == 0, err and "54 train, 6 validation, 20 test" in out


def test_cuda_runs_on_the_device_backend(tmp_path, capsys):
    # without a GPU the suite runs device "cuda" on the strict CuPy stand-in
    code, out, err = run(capsys, "train", *SMALL, "--device", "cuda", "--out", str(tmp_path))
    assert code == 0, err and "on cuda" in out


def test_cuda_without_cupy_is_a_clear_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "cupy", None)
    monkeypatch.setattr(backend, "_cuda", None)
    code, out, err = run(capsys, "train", *SMALL, "--device", "cuda", "--out", str(tmp_path))
    assert code == 2 and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and "pip install" in err and "CuPy" in err


@pytest.mark.parametrize("flags, message", [
    (["--dataset", "nope"], "--dataset 'nope': not one of digits"),
    (["--hidden", "12,x"], "--hidden '12,x'"),
    (["--activation", "swishy"], "--activation 'swishy': unknown"),
    (["--optimizer", "adamm"], "--optimizer 'adamm': unknown"),
    (["--momentum", "0.9"], "--momentum is not an option of Adam"),
    (["--optimizer", "sgd", "--lr", "-1"], "--optimizer sgd: Invalid"),
    (["--betas", "0.9"], "--betas '0.9'"),
    (["--dropout", "1.5"], "--dropout must be in [0, 1)"),
    (["--epochs", "0"], "--epochs must be >= 1"),
    (["--batch-size", "0"], "--batch-size must be >= 1"),
    (["--resume"], "--resume: no checkpoint at"),
    (["--device", "tpu"], "--device tpu"),
])
def test_bad_arguments_are_one_line_errors(tmp_path, capsys, flags, message):
    code, out, err = run(capsys, "train", *SMALL, "--out", str(tmp_path / "o"), *flags)
    assert code == 2 and "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith("minigrad train: error: ")
    assert message in err


def test_malformed_idx_folder_is_a_one_line_error(tmp_path, capsys):
    (tmp_path / "train-images-idx3-ubyte").write_bytes(b"\x00\x00\x08\x03\x00")
    (tmp_path / "train-labels-idx1-ubyte").write_bytes(b"")
    code, out, err = run(capsys, "train", "--dataset", str(tmp_path), "--out", str(tmp_path))
    assert code == 2 and "train-images-idx3-ubyte: truncated header" in err
    assert "Traceback" not in err and err.count("\n") == 1


def test_out_and_resume_errors(tmp_path, capsys):
    (tmp_path / "file").write_text("")
    code, _, err = run(capsys, "train", *SMALL, "--out", str(tmp_path / "file"))
    assert code == 2 and "cannot create the folder" in err and err.count("\n") == 1
    import minigrad as mg
    mg.save({"w": mg.ones(1)}, tmp_path / "weights.safetensors")
    code, _, err = run(capsys, "train", "--resume", str(tmp_path / "weights.safetensors"))
    assert code == 2 and "not a training checkpoint" in err
    from minigrad import nn, optim
    from minigrad.training import save_checkpoint
    model = nn.Linear(2, 2)
    save_checkpoint(tmp_path / "fit.safetensors", 1, model, optim.SGD(model.parameters()))
    code, _, err = run(capsys, "train", "--resume", str(tmp_path / "fit.safetensors"))
    assert code == 2 and "was not written by minigrad train" in err


def test_argparse_errors_exit_non_zero_without_a_traceback(capsys):
    with pytest.raises(SystemExit) as info:
        main(["train", "--schedule", "sometimes"])
    assert info.value.code == 2
    assert "invalid choice: 'sometimes'" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["train", "compare", "init-stats"])
def test_every_subcommand_has_help(capsys, command):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert f"usage: minigrad {command}" in capsys.readouterr().out


def test_python_dash_m_minigrad_train_help():
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    result = subprocess.run([sys.executable, "-m", "minigrad", "train", "--help"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0 and "--optimizer" in result.stdout


def test_ctrl_c_keeps_the_last_checkpoint(tmp_path, capsys, monkeypatch):
    from minigrad.cli import _common

    class Interrupting:
        """The training loader, but Ctrl-C arrives during the third epoch."""
        def __init__(self, loader):
            self.loader, self.dataset, self.epochs = loader, loader.dataset, 0

        def __len__(self):
            return len(self.loader)

        def __iter__(self):
            self.epochs += 1
            for i, batch in enumerate(self.loader):
                if self.epochs == 3 and i == 2:
                    raise KeyboardInterrupt
                yield batch

    real = _common.loaders
    monkeypatch.setattr(_common, "loaders",
                        lambda *a: (Interrupting(real(*a)[0]),) + real(*a)[1:])
    code, out, err = run(capsys, "train", *SMALL, "--epochs", "5", "--out", str(tmp_path))
    assert code == 130 and "Traceback" not in err
    assert "interrupted during epoch 3: the checkpoint of epoch 2 is kept" in out
    from minigrad.training import read_checkpoint
    assert read_checkpoint(tmp_path / "checkpoint.safetensors")["epoch"] == 2
