"""``History``: one row of numbers per epoch (loss, metrics, lr, time), as a table,
CSV or JSON.

Rows are dicts such as ``{"epoch": 3, "train_loss": 0.21, "train_accuracy": 0.94,
"val_loss": 0.25, "val_accuracy": 0.93, "lr": 0.001, "time": 0.41}``;
``history["val_loss"]`` is that column as a list.
"""
import csv
import json
import math


class History:
    """The per-epoch record of a :func:`~minigrad.training.fit` run.

    ``stopped`` says how the run ended: ``"completed"``, ``"early_stopping"`` or
    ``"interrupted"`` (None while running).
    """

    def __init__(self, rows=None, stopped=None):
        self.rows = [dict(r) for r in rows or []]
        self.stopped = stopped

    def append(self, row):
        self.rows.append(dict(row))

    def __len__(self):
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __getitem__(self, key):
        """``history[i]``: row i; ``history["val_loss"]``: that column (None where missing)."""
        if isinstance(key, str):
            if key not in self.keys():
                raise KeyError(f"no column {key!r} in the history (columns: {self.keys()})")
            return [r.get(key) for r in self.rows]
        return self.rows[key]

    def keys(self):
        """The column names, in the order they first appear."""
        names = {}
        for row in self.rows:
            names.update(dict.fromkeys(row))
        return list(names)

    def best(self, key="val_loss", mode="min"):
        """The row with the smallest (``mode="min"``) or largest ``key``."""
        rows = [r for r in self.rows if r.get(key) is not None]
        if not rows:
            raise KeyError(f"no values of {key!r} in the history")
        return (min if mode == "min" else max)(rows, key=lambda r: r[key])

    def to_csv(self, path):
        with open(path, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=self.keys())
            writer.writeheader()
            writer.writerows(self.rows)

    @classmethod
    def from_csv(cls, path):
        with open(path, newline="") as f:
            return cls([{k: _number(v) for k, v in row.items()} for row in csv.DictReader(f)])

    def to_json(self, path=None):
        """The history as JSON text (written to ``path`` when given)."""
        text = json.dumps({"stopped": self.stopped, "epochs": self.rows}, indent=1)
        if path is not None:
            with open(path, "w") as f:
                f.write(text + "\n")
        return text

    @classmethod
    def from_json(cls, text):
        record = json.loads(text)
        return cls(record["epochs"], record.get("stopped"))

    def table(self):
        """A plain-text table, one line per epoch."""
        keys = self.keys()
        lines = ["  ".join(f"{k:>{_width(k)}}" for k in keys)]
        for row in self.rows:
            lines.append("  ".join(f"{_format(k, row.get(k)):>{_width(k)}}" for k in keys))
        return "\n".join(lines)

    def __repr__(self):
        return f"History({len(self)} epochs, stopped={self.stopped!r})"


def _width(key):
    return max(len(key), 8)


def _format(key, value):
    if value is None:
        return "-"
    if key == "epoch":
        return str(value)
    if "accuracy" in key:
        return f"{100 * value:.2f}%"
    if key == "time":
        return f"{value:.2f}s"
    if key == "lr":
        return f"{value:.3g}"
    return f"{value:.4f}" if math.isfinite(value) else str(value)


def _number(text):
    if text == "":
        return None
    try:
        return int(text)
    except ValueError:
        return float(text)
