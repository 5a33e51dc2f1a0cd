"""minigrad init-stats, end to end on a small stack."""
import re

from minigrad.cli import main


def tables(out):
    """{title: [(act_std, grad_std) per layer]} parsed from the printed tables."""
    found, title = {}, None
    for line in out.splitlines():
        if line.startswith(("Tanh", "ReLU")):
            title = line.split(",")[1].split("(")[0].strip()
            found[title] = []
        elif title and re.match(r"\d+ Linear\+", line):
            parts = line.split()
            found[title].append((float(parts[3]), float(parts[5])))
    return found


def test_init_stats_shows_the_lecture_effects(tmp_path, capsys):
    code = main(["init-stats", "--layers", "4", "--width", "100", "--samples", "200",
                 "--schemes", "0.01,1.0,xavier", "--out", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 0, err
    stats = tables(out)
    assert list(stats) == ["0.01·randn", "1.0·randn", "Xavier normal"]
    small, big, xavier = stats.values()
    assert len(small) == 4 and small[-1][0] < 1e-3 < 0.05 < small[0][0]   # activations vanish
    assert small[0][1] < small[-2][1]                          # and so do gradients, going back
    assert all(act > 0.9 for act, _ in big)                                # tanh saturates
    assert all(0.2 < act < 0.9 for act, _ in xavier)                       # stays healthy
    for name in ("activations.png", "gradients.png"):
        assert (tmp_path / name).read_bytes()[:4] == b"\x89PNG"


def test_init_stats_errors(tmp_path, capsys):
    assert main(["init-stats", "--schemes", "0.01,magic", "--out", str(tmp_path)]) == 2
    assert "--schemes: unknown ['magic']" in capsys.readouterr().err
    assert main(["init-stats", "--layers", "0", "--out", str(tmp_path)]) == 2
