"""minigrad compare, end to end on small settings."""
import csv

from minigrad.cli import main


def test_compare_races_optimizers_from_the_same_start(tmp_path, capsys):
    code = main(["compare", "--optimizers", "sgd,adam,sgd", "--dataset", "blobs", "--hidden",
                 "8", "--epochs", "2", "--dropout", "0.1", "--out", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = out.splitlines()
    table = [line.split() for line in lines if line.split()[0] in ("sgd", "adam")]
    assert [r[0] for r in table] == ["sgd", "adam", "sgd"]
    assert table[0][:5] == table[2][:5]            # same init, batches and dropout masks
    with open(tmp_path / "compare.csv", newline="") as f:
        saved = list(csv.DictReader(f))
    assert [r["optimizer"] for r in saved] == ["sgd", "adam", "sgd"]
    assert saved[0]["train_loss"] == saved[2]["train_loss"]
    assert (tmp_path / "compare.png").read_bytes()[:4] == b"\x89PNG"


def test_compare_errors(tmp_path, capsys):
    assert main(["compare", "--optimizers", "sgd,lbfgs", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "--optimizer 'lbfgs': unknown" in err and "Traceback" not in err
    assert main(["compare", "--optimizers", ",", "--out", str(tmp_path)]) == 2
