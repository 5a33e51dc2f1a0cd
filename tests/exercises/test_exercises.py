"""The exercises both ways: every reference solution passes, every untouched skeleton fails with
a friendly message; deliberately buggy backwards get the right diagnosis; the command works."""
import inspect
import os
import subprocess
import sys
import time

import pytest

from minigrad.cli import main
from minigrad.exercises import EXERCISES, check, find, skeleton, solution
from minigrad.exercises.catalog import FunctionCheck
from minigrad.exercises.checker import load

NAMES = [e.name for e in EXERCISES]


def test_the_set_covers_the_issue():
    assert len(EXERCISES) >= 12
    for part in ("mul_div", "exp_log", "tanh", "sigmoid", "relu", "sum_mean", "matmul",
                 "softmax_cross_entropy", "linear", "batchnorm", "dropout", "sgd_momentum",
                 "adam"):
        assert any(part in name for name in NAMES), part
    assert find("03")[0].name == "03_softmax_cross_entropy"     # the issue's example
    assert find("3") == find("03") == find("03_softmax_cross_entropy") == find("softmax")
    assert find("0") == find("14") == [] and len(find("_")) == len(EXERCISES)


@pytest.mark.parametrize("name", NAMES)
def test_reference_solution_passes(name):
    exercise = find(name)[0]
    result = check(exercise, solution(exercise))
    assert result.status == "passing", result.messages
    assert result.messages == []


@pytest.mark.parametrize("name", NAMES)
def test_untouched_skeleton_is_not_started_with_a_friendly_message(name):
    exercise = find(name)[0]
    result = check(exercise, skeleton(exercise))
    assert result.status == "not started"
    assert len(result.messages) == len(exercise.checks)
    for message in result.messages:
        assert "is not written yet" in message and f"of {name}.py" in message, message
        assert "Traceback" not in message and "\n" not in message


@pytest.mark.parametrize("name", NAMES)
def test_skeleton_and_solution_share_everything_but_the_answer(name):
    """Same forward (the given part) and a docstring with the math and hints."""
    exercise = find(name)[0]
    skel, sol = load(skeleton(exercise)), load(solution(exercise))
    assert "Hints." in skel.__doc__ and "minigrad exercises check " + name[:2] in skel.__doc__
    for spec in exercise.checks:
        a, b = getattr(skel, spec.function), getattr(sol, spec.function)
        if isinstance(spec, FunctionCheck):
            assert inspect.getsource(a.forward) == inspect.getsource(b.forward)
            assert "ctx." in inspect.getsource(a.forward)       # it keeps what backward needs
        assert inspect.signature(a) == inspect.signature(b)


# (exercise, text in the solution, buggy replacement, what the checker must say)
BUGS = [
    ("03", "grad * (probs - onehot) / n", "grad * (onehot - probs) / n",
     r"input 0 (logits): element [0, 1] expected -0.263, got 0.263 — sign flipped?"),
    ("08", "grad @ b.T, a.T @ grad", "grad @ b.T, (a.T @ grad).T",
     "your backward returned shape (4, 3) for input 1 (b) of shape (3, 4): transposed?"),
    ("09", "grad.sum(dim=0)", "grad",
     "your backward returned shape (4, 2) for input 2 (bias) of shape (2,): did you forget to "
     "sum over the batch (dim 0)?"),
    ("01", "sum_to(grad * x, y.shape)", "grad * x",
     "returned shape (4, 3) for input 1 (y) of shape (3,): did you forget to sum over the batch"),
    ("07", "return grad.expand(ctx.x_shape), None, None", "return grad, None, None",
     "returned shape (1, 3) for input 0 (x) of shape (4, 3): every element of the input needs "
     "a gradient"),
    ("04", "grad * (1 - y * y)", "2 * grad * (1 - y * y)",
     "off by a constant factor? yours is 2 times the expected value"),
    ("11", "grad * mask / (1 - ctx.p)", "grad * mask", "yours is 0.5 times the expected value"),
    ("04", "grad * (1 - y * y)", "(1 - y * y)", "your result does not depend on grad"),
    ("02", "return grad * y", "return grad.array * y.array",
     "Exp.backward returned a numpy array for input 0 (x); return a Tensor"),
    ("05", "return grad * y * (1 - y)", "y *= 1 - y\n        return grad * y",
     "Sigmoid.backward changed its saved output in place"),
    ("01", "return sum_to(grad * y, x.shape), sum_to(grad * x, y.shape)",
     "x *= grad\n        return x, sum_to(grad * y, y.shape)",
     "Mul.backward changed input 0 (x) in place"),
    ("06", "return grad * (x > 0)", "return grad * (x + x.abs()) / (2 * x)",
     "is nan where the input is exactly at the kink (0)"),
    ("06", "return grad * (x > 0)", "return grad * (x >= 0)",
     "every wrong element sits exactly at the kink"),
    ("09", "return grad @ weight, grad.T @ x, grad.sum(dim=0)",
     "return grad @ weight, None, grad.sum(dim=0)",
     "Linear.backward returned None for input 1 (weight), which needs a gradient"),
    ("10", "return grad_x, grad_weight, grad_bias, None", "return grad_x, grad_weight, grad_bias",
     "BatchNorm.backward returned 3 value(s); it must return one per argument of forward"),
    ("08", "grad @ b.T, a.T @ grad", "grad @ b, a.T @ grad",
     "MatMul.backward raised RuntimeError: matmul: mat1 and mat2 shapes cannot be multiplied"),
    ("08", "return grad @ b.T, a.T @ grad", "return grad @ b.T +",
     "08_matmul.py does not run: line 30: SyntaxError"),
    ("04", "return grad * (1 - y * y)", "return (grad * (1 - y * y)).float()",
     "your backward returned minigrad.float32 for input 0 (x), which is minigrad.float64"),
    ("12", "buffer = grad.clone()", "buffer = (1 - momentum) * grad",
     "step 1: the returned momentum_buffer: element"),
    ("12", "buffer = momentum * momentum_buffer + grad", "buffer = grad.clone()",
     "step 2: the returned momentum_buffer: element [1, 1] expected 12.3, got 5.43 — step 1 was "
     "right: does your step use the state it is given"),
    ("12", "return param - lr * buffer, buffer", "return param + lr * buffer, buffer",
     "step 1: the change of param: element [1, 1] expected -0.3815, got 0.3815 — sign flipped?"),
    ("12", "return param - lr * buffer, buffer", "return (param - lr * buffer).numpy(), buffer",
     "step 1: sgd_momentum_step returned a numpy array for param; return a Tensor"),
    ("13", "m_hat = exp_avg / (1 - beta1 ** step)\n    v_hat = exp_avg_sq / (1 - beta2 ** step)",
     "m_hat = exp_avg\n    v_hat = exp_avg_sq", "did you forget the bias correction"),
    ("13", "return param - lr", "param -= lr * m_hat / (v_hat.sqrt() + eps)\n    return param - lr",
     "step 1: adam_step changed its argument param in place"),
]


@pytest.mark.parametrize("number, old, new, said", BUGS, ids=[f"{b[0]}-{i}" for i, b in
                                                              enumerate(BUGS)])
def test_buggy_backward_gets_the_right_diagnosis(tmp_path, number, old, new, said):
    exercise = find(number)[0]
    text = open(solution(exercise), encoding="utf-8").read()
    assert old in text
    path = tmp_path / f"{exercise.name}.py"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = check(exercise, str(path))
    assert result.status == "failing"
    assert any(said in m for m in result.messages), result.messages
    assert not any("Traceback" in m or "checker itself failed" in m for m in result.messages)


def test_an_exception_names_the_students_file_and_line(tmp_path):
    exercise = find("04")[0]
    text = open(solution(exercise), encoding="utf-8").read()
    path = tmp_path / "04_tanh.py"
    path.write_text(text.replace("return grad * (1 - y * y)", "return grad * (1 - y * z)"))
    (message,) = check(exercise, str(path)).messages
    line = 1 + text.splitlines().index("        return grad * (1 - y * y)")
    assert message == ("Tanh(x (4, 3)): Tanh.backward raised NameError: name 'z' is not defined "
                       f"(line {line} of 04_tanh.py: `return grad * (1 - y * z)`)")


def test_a_backward_returning_none_is_not_started(tmp_path):
    exercise = find("04")[0]
    path = tmp_path / "04_tanh.py"
    path.write_text(open(skeleton(exercise)).read().replace("raise NotImplementedError", "pass"))
    result = check(exercise, str(path))
    assert result.status == "not started"
    assert result.messages == ["Tanh.backward returned None: it is not written yet."]


def test_a_changed_forward_or_a_missing_class_is_said(tmp_path):
    exercise = find("04")[0]
    text = open(solution(exercise), encoding="utf-8").read()
    path = tmp_path / "04_tanh.py"
    path.write_text(text.replace("y = x.tanh()", "y = x.sigmoid()"))
    assert "the forward is given, leave it as it was" in check(exercise, str(path)).messages[0]
    path.write_text(text.replace("class Tanh(", "class MyTanh("))
    assert check(exercise, str(path)).messages == [
        "04_tanh.py should define `class Tanh(Function)`"]


def test_cli_start_never_overwrites_and_list_shows_status(tmp_path, capsys):
    where = tmp_path / "ex"
    assert main(["exercises", "start", str(where)]) == 0
    assert sorted(os.listdir(where)) == sorted(n + ".py" for n in NAMES)
    mine = where / "04_tanh.py"
    solved = open(solution(find("04")[0]), encoding="utf-8").read()
    mine.write_text(solved)                             # the student's work
    (where / "08_matmul.py").write_text(open(solution(find("08")[0])).read().replace(
        "grad @ b.T, a.T @ grad", "grad @ b.T, (a.T @ grad).T"))
    os.remove(where / "13_adam.py")
    capsys.readouterr()
    assert main(["exercises", "start", str(where)]) == 0
    assert "copied 1 skeleton(s)" in capsys.readouterr().out
    assert mine.read_text() == solved                   # kept as it was
    assert main(["exercises", "list", "--dir", str(where)]) == 0
    rows = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()[1:]}
    assert rows["04_tanh"].endswith("passing") and rows["08_matmul"].endswith("failing")
    assert rows["13_adam"].endswith("not started") and rows["03_softmax_cross_entropy"].endswith(
        "not started")


def test_cli_check_exit_status_and_reference(tmp_path, capsys):
    where = tmp_path / "ex"
    main(["exercises", "start", str(where)])
    assert main(["exercises", "check", "04", "--dir", str(where)]) == 1
    out = capsys.readouterr().out
    assert "04_tanh: not started" in out and "Tanh.backward is not written yet" in out
    (where / "04_tanh.py").write_text(open(solution(find("04")[0])).read())
    assert main(["exercises", "check", "04", "tanh", "--dir", str(where)]) == 0
    assert capsys.readouterr().out.endswith("1 of 1 passing\n")
    assert main(["exercises", "check", "04", "05", "--dir", str(where)]) == 1
    assert main(["exercises", "check", "--reference"]) == 0
    assert capsys.readouterr().out.endswith(f"{len(NAMES)} of {len(NAMES)} passing\n")
    assert main(["exercises", "check", "nonsense", "--dir", str(where)]) == 2
    assert "no exercise 'nonsense'" in capsys.readouterr().err
    assert main(["exercises", "check", "--dir", str(tmp_path / "missing")]) == 2


def test_python_dash_m_minigrad_exercises_list(tmp_path):
    done = subprocess.run([sys.executable, "-m", "minigrad", "exercises", "list"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "03_softmax_cross_entropy" in done.stdout and "not started" in done.stdout
    assert "minigrad exercises start" in done.stdout and "Traceback" not in done.stderr


def test_an_endless_loop_is_stopped_and_its_line_said(tmp_path):
    """A backward that never returns does not hang the checker: it is stopped after the time
    limit and the message names the line it was running, even through an `except Exception`."""
    exercise = find("04")[0]
    text = open(solution(exercise), encoding="utf-8").read()
    loop = "        while True:\n            try:\n                y = y + 0\n            except Exception:\n                pass\n"
    path = tmp_path / "04_tanh.py"
    path.write_text(text.replace("        return grad * (1 - y * y)",
                                 loop + "        return grad * (1 - y * y)"))
    result = check(exercise, str(path), time_limit=0.5)
    assert result.status == "failing"
    (message,) = result.messages
    assert message.startswith("stopped after 0.5 s at line ") and "04_tanh.py" in message
    assert message.endswith("does a loop never end?")
    time.sleep(0.6)                           # no timer is left behind to fire later
    assert check(exercise, solution(exercise)).passed
