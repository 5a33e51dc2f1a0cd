"""Every lecture script in examples/lectures/ runs with --quick, writes its figures, and the
lectures' claims it checks come out (the numbers the slides state, where they state them).

All scripts run in ONE child process (imports paid once), with one BLAS thread: on a
shared 2-core machine OpenBLAS's threads make the small matmuls here ~30× slower.
The child sends back each script's JSON-able module globals (numbers, lists, dicts).
"""
import json
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

pytest.importorskip("matplotlib")

LECTURES = pathlib.Path(__file__).resolve().parents[2] / "examples" / "lectures"
SCRIPTS = sorted(p.name for p in LECTURES.glob("[0-9][0-9]_*.py"))

DRIVER = r"""
import contextlib, io, json, runpy, sys, time, traceback
import numpy as np

def plain(value):
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if isinstance(value, (np.floating, np.integer, np.bool_)):
        return value.item()
    if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
        return value.tolist()
    if isinstance(value, (list, tuple)):
        items = [plain(v) for v in value]
        return None if any(v is NotImplemented for v in items) else items
    if isinstance(value, dict):
        items = {str(k): plain(v) for k, v in value.items()}
        return {k: v for k, v in items.items() if v is not NotImplemented}
    return NotImplemented

scripts, folder, out = sys.argv[1].split(","), sys.argv[2], sys.argv[3]
results = {}
for name in scripts:
    sys.argv = [name, "--help"]
    shown = io.StringIO()
    with contextlib.redirect_stdout(shown), contextlib.suppress(SystemExit):
        runpy.run_path(folder + "/" + name, run_name="__main__")
    sys.argv = [name, "--quick", "--out", out + "/" + name[:-3]]
    start = time.process_time()
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            found = runpy.run_path(folder + "/" + name, run_name="__main__")
        results[name] = {k: v for k, v in ((k, plain(v)) for k, v in found.items()
                                            if not k.startswith("_"))
                         if v is not NotImplemented}
    except BaseException:
        results[name] = {"error": traceback.format_exc()}
    results[name]["help"] = shown.getvalue()
    results[name]["cpu_seconds"] = time.process_time() - start
    import matplotlib.pyplot as plt
    plt.close("all")
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    out = tmp_path_factory.mktemp("lecture-figures")
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
               MPLBACKEND="Agg")
    done = subprocess.run([sys.executable, "-c", DRIVER, ",".join(SCRIPTS), str(LECTURES),
                           str(out)], capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return out, json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("script", SCRIPTS)
def test_script_runs_and_writes_its_figures(runs, script):
    out, results = runs
    assert "error" not in results[script], results[script].get("error")
    figures = list((out / script[:-3]).glob("*.png"))
    assert figures, f"{script} wrote no figure"
    assert all(f.stat().st_size > 10_000 for f in figures)


@pytest.mark.parametrize("script", SCRIPTS)
def test_help_describes_the_options_and_runs_nothing(runs, script):
    shown = runs[1][script]["help"]
    assert shown.startswith("usage:") and "--quick" in shown and "--out" in shown
    assert "wrote" not in shown


def result(runs, script):
    values = runs[1][script]
    assert "error" not in values, values["error"]
    return values


def test_backprop_by_hand_equals_backward(runs):
    assert max(result(runs, "01_backprop_by_hand.py")["max_error"].values()) < 1e-12


def test_activation_derivatives_match_the_slides(runs):
    table = result(runs, "02_activations.py")["table"]
    assert all(row["error"] < 1e-12 for row in table.values())
    assert table["Sigmoid"]["max_grad"] <= 0.25 + 1e-12 and table["Sigmoid"]["grad_left"] < 3e-3
    assert table["ReLU"]["grad_left"] == 0.0                    # dead for x < 0
    assert table["LeakyReLU(0.1)"]["grad_left"] == pytest.approx(0.1)
    assert table["Sigmoid"]["mean"] > 0.4 and abs(table["Tanh"]["mean"]) < 1e-9


# the slides' tables (COMP541 lecture 4): std of hidden layers 1..10
SLIDE_STD = {
    "Xavier, tanh": [0.627953, 0.486051, 0.407723, 0.357108, 0.320917, 0.292116, 0.273387,
                     0.254935, 0.239266, 0.228008],
    "Xavier, ReLU": [0.582273, 0.403795, 0.276912, 0.198685, 0.140299, 0.103280, 0.072748,
                     0.051572, 0.038583, 0.026076],
    "He, ReLU": [0.825232, 0.827835, 0.813855, 0.826902, 0.834092, 0.860035, 0.870610,
                 0.889348, 0.845357, 0.844523],
}


def test_initialization_reproduces_the_slides_tables(runs):
    stats = result(runs, "03_initialization.py")["stats"]
    small, large = stats["0.01·randn, tanh"], stats["1.0·randn, tanh"]
    assert small["std"][0] == pytest.approx(0.213081, rel=0.05) and small["std"][-1] < 1e-5
    # |h| ≤ 1 and std 0.98 ⇒ at least 80 % of the units have |h| > 0.9: "almost all saturated"
    assert all(s == pytest.approx(0.98, abs=0.01) for s in large["std"])
    for name, slide in SLIDE_STD.items():         # random init, 100 samples: within 25 %
        np.testing.assert_allclose(stats[name]["std"], slide, rtol=0.25)
    assert all(abs(m) < 0.01 for m in stats["Xavier, tanh"]["mean"])
    # the gradients: tiny everywhere for 0.01·randn, healthy and flat for He, exploding
    # towards the input for 1.0·randn
    assert max(small["grad_std"]) < 1e-3 < min(stats["He, ReLU"]["grad_std"])
    he = stats["He, ReLU"]["act_grad_std"]
    assert max(he) / min(he) < 1.5 and large["act_grad_std"][0] > 1e3 * large["act_grad_std"][-1]


def test_nesterov_beats_momentum_and_the_rates_are_the_lectures(runs):
    values = result(runs, "04_momentum.py")
    final = {name: curve[-1] for name, curve in values["losses"].items()}
    for nesterov in ("Nesterov (Sutskever: θ)", "Nesterov (CS231n / PyTorch: θ + μv)"):
        assert final[nesterov] < final["momentum, form A (SGD, μ = 0.9)"] / 3
    assert final["momentum, form A (SGD, μ = 0.9)"] < final["SGD (η = 0.035)"]
    for kappa, rate in values["rates"].items():
        assert rate["gd"] == pytest.approx(rate["gd_theory"], abs=1e-4)
        assert rate["nesterov"] == pytest.approx(rate["nesterov_theory"], abs=0.01)
        assert rate["nesterov"] < rate["gd"]


def test_adaptive_methods_claims(runs):
    values = result(runs, "05_adaptive.py")
    assert values["adam_is_rmsprop"] < 1e-12            # CPEN 455: β₁ = 0 Adam is RMSProp
    assert values["scale_invariance"] < 1e-8             # ST449: scale invariance
    assert values["first_step"]["Adam"] == pytest.approx(1.0, rel=1e-6)
    assert values["first_step"]["Adam without bias correction"] == pytest.approx(
        0.1 / np.sqrt(0.001), rel=1e-6)
    assert max(values["results"]["Adam"][1]) <= values["bound"] * values["lrs"]["Adam"]
    assert all(curve[-1] < curve[0] for curve, _ in values["results"].values())


def test_l1_proximal_gives_exact_zeros_and_decoupled_decay_differs(runs):
    values = result(runs, "06_regularization.py")
    zeros = values["exact_zeros"]
    assert set(zeros["L2 (weight_decay)"]) == {0} and set(zeros["L1, subgradient step"]) == {0}
    prox = zeros["L1, proximal step"]
    assert prox == sorted(prox) and prox[0] == 0 and prox[-1] >= 20
    assert values["sgd_same"] < 1e-12 and values["momentum_differs"] > 1e-2
    l2 = np.array(values["l2_solution"])
    for name in ("SGD + L2", "SGDW", "SGD momentum + L2", "SGDW momentum, λ/(1 − μ)",
                 "Adam + L2"):
        np.testing.assert_allclose(values["decay"][name][-1], l2, atol=1e-4)
    assert np.abs(np.array(values["decay"]["AdamW"][-1]) - l2).max() > 0.1


def test_dropout_scaling_and_ensemble(runs):
    values = result(runs, "07_dropout.py")
    (vanilla_train, vanilla_test), (inverted_train, inverted_test) = \
        values["expected"]["test"], values["expected"]["train"]
    assert vanilla_test == pytest.approx(0.5) and inverted_test == pytest.approx(1.0)
    assert vanilla_train == pytest.approx(0.5, abs=0.05)
    assert inverted_train == pytest.approx(1.0, abs=0.1)
    for run in values["ensemble"].values():
        gaps = list(run["gap"].values())        # mean |MC average − weight scaling|
        assert gaps[-1] < 0.05                  # one scaled pass ≈ the ensemble average
        assert gaps[-1] < gaps[0]               # and the MC average settles with more masks


def test_batchnorm_removes_the_sensitivity_to_init(runs):
    values = result(runs, "08_batchnorm.py")
    plain_small, bn_small = values["runs"]["(False, '0.01·randn')"], \
        values["runs"]["(True, '0.01·randn')"]
    assert plain_small[0][-1] > 1.0             # stuck at chance, ln 3
    assert bn_small[0][-1] < 0.6
    assert values["spread"]["True"] < values["spread"]["False"] / 2


def test_schedules_follow_the_slides_formulas_and_lower_the_noise_floor(runs):
    values = result(runs, "09_lr_schedules.py")
    assert max(values["formula_error"].values()) < 1e-12
    floor = {name: np.mean(curve[-10:]) for name, curve in values["final"].items()}
    assert all(floor[name] < floor["constant"] / 2 for name in floor if name != "constant")


def test_early_stopping_keeps_the_best_weights(runs):
    values = result(runs, "10_early_stopping.py")
    assert values["reference"] == {"stopped_epoch": 5, "best_epoch": 3}
    assert values["best_val"] < values["full_val"][-1]
    assert values["best_val"] == pytest.approx(min(values["full_val"][:len(values["full_val"])]),
                                               rel=0.2)


def test_ensembles_and_weight_averaging_help(runs):
    values = result(runs, "11_ensembles.py")
    assert values["ensemble_mse"] <= np.mean(values["member_mse"])
    assert values["ema_vs_slide"] < 1e-5
    assert values["final"]["EMA 0.995"] < values["final"]["raw weights"]
    assert values["final"]["Polyak average"] < values["final"]["raw weights"]


def test_sam_family_leaves_the_sharp_minimum(runs):
    values = result(runs, "12_sam.py")
    assert values["sharp_count"]["SGD"] >= 1
    for name in ("SAM", "EG-SAM", "OG-SAM"):
        assert values["sharp_count"][name] < values["sharp_count"]["SGD"]


def test_loss_landscape_is_a_minimum_in_the_slice(runs):
    values = result(runs, "13_loss_landscape.py")
    surface = np.array(values["surface"])
    assert values["center"] == pytest.approx(surface.min())
    alphas, line = np.array(values["alphas"]), np.array(values["line"])
    assert line[np.argmin(np.abs(alphas - 1))] < line[np.argmin(np.abs(alphas))] / 10


def test_quick_runs_stay_quick(runs):
    """The whole set must stay well under a minute of CPU (it runs in every test session)."""
    seconds = {name: values["cpu_seconds"] for name, values in runs[1].items()}
    assert sum(seconds.values()) < 60, seconds
