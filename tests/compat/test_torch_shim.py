"""minigrad.as_torch(): `import torch...` served by minigrad; clear errors for what is missing."""
import subprocess
import sys
import textwrap

import pytest

import minigrad as mg
from minigrad import torch_shim


@pytest.fixture
def shim():
    """as_torch() for one test; the real torch (if any) comes back afterwards."""
    before = sys.modules.get("torch")
    torch = mg.as_torch()
    try:
        yield torch
    finally:
        torch_shim.remove()
        assert sys.modules.get("torch") is before


def test_torch_and_its_submodules_are_minigrad(shim):
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    import torch.nn.init
    import torch.optim.lr_scheduler
    from torch.utils.data import DataLoader
    from torch.autograd import Variable, Function
    from torch import optim
    assert torch is shim and torch.Tensor is mg.Tensor and nn.Linear is mg.nn.Linear
    assert F.relu is mg.nn.functional.relu and optim.SGD is mg.optim.SGD
    assert torch.nn.init.zeros_ is mg.nn.init.zeros_ and DataLoader is mg.utils.data.DataLoader
    assert torch.optim.lr_scheduler.StepLR is mg.optim.lr_scheduler.StepLR
    assert Variable is mg.autograd.Variable and Function is mg.autograd.Function
    assert isinstance(torch.ones(2), torch.Tensor) and torch.float32 is mg.float32


def test_missing_names_say_minigrad_does_not_implement_them(shim):
    import torch
    with pytest.raises(AttributeError, match=r"minigrad does not implement torch\.compile \(yet\)"):
        torch.compile
    assert not hasattr(torch.nn, "TransformerDecoderLayer")
    with pytest.raises(ModuleNotFoundError,
                       match=r"minigrad does not implement torch\.distributed \(yet\)"):
        import torch.distributed  # noqa: F401
    with pytest.raises(ImportError, match=r"cannot import name 'Bogus' from 'torch\.nn' "
                                          r"\(.*minigrad.nn.__init__\.py\)"):
        from torch.nn import Bogus  # noqa: F401


def test_minigrads_own_modules_keep_their_errors(shim):
    with pytest.raises(AttributeError) as err:
        mg.nn.NoSuchLayer
    assert "minigrad does not implement" not in str(err.value)
    assert not hasattr(mg, "compile")


def test_setting_a_flag_through_torch_sets_minigrads(shim):
    import torch.backends.cudnn
    try:
        torch.backends.cudnn.benchmark = True
        assert mg.backends.cudnn.benchmark is True and torch.backends.cudnn.benchmark is True
    finally:
        mg.backends.cudnn.benchmark = False
    assert torch.backends.cudnn.benchmark is False
    assert isinstance(mg.nn, type(mg)) and mg.nn.__name__ == "minigrad.nn"   # not a stand-in


def test_a_subclass_of_a_served_module_works(shim):
    import torch
    import torch.nn as nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(2, 1)

        def forward(self, x):
            return self.fc(x)

    out = Net()(torch.ones(3, 2))
    assert out.shape == (3, 1) and isinstance(out, mg.Tensor)


def test_remove_brings_the_real_torch_back():
    real = pytest.importorskip("torch")
    mg.as_torch()
    import torch as served
    assert served is not real
    torch_shim.remove()
    import torch as again
    assert again is real


def run_code(code, *args):
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args],
                          capture_output=True, text=True, timeout=120)


def test_the_hook_says_once_that_it_hides_the_real_torch():
    pytest.importorskip("torch")
    result = run_code("""
        import minigrad
        minigrad.as_torch(); minigrad.as_torch()
        import torch, torch.nn
        print(torch.__name__, torch.ones(1).__class__.__module__)
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["torch", "minigrad.tensor"]
    assert result.stderr.count("`import torch` now gives minigrad") == 1


def write(tmp_path, text, name="script.py"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return str(path)


def minigrad_run(*args):
    return subprocess.run([sys.executable, "-m", "minigrad", "run", *args],
                          capture_output=True, text=True, timeout=120)


def test_minigrad_run_sets_argv_main_and_exit_status(tmp_path):
    helper = write(tmp_path, "VALUE = 41\n", name="helper.py")
    script = write(tmp_path, """
        import sys
        import torch
        import helper                        # the script's folder is on sys.path
        print(__name__, sys.argv[1:], helper.VALUE + 1, torch.tensor([1.5]))
        sys.exit(int(sys.argv[1]))
    """)
    assert helper
    result = minigrad_run(script, "3", "--flag")
    assert result.stdout.split("\n")[0] == "__main__ ['3', '--flag'] 42 tensor([1.5000])"
    assert result.returncode == 3


def test_minigrad_run_shows_the_scripts_traceback(tmp_path):
    script = write(tmp_path, """
        import torch

        def train():
            raise ValueError("bad batch")

        train()
    """)
    result = minigrad_run(script)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "ValueError: bad batch"
    assert any("in train" in line for line in lines) and "runpy" not in result.stderr
    assert lines[0].startswith("Traceback") or "Traceback" in result.stderr


def test_minigrad_run_reports_a_missing_script(capsys):
    from minigrad.cli import main
    assert main(["run", "/no/such/script.py"]) == 2
    assert capsys.readouterr().err.strip() == \
        "minigrad run: error: no such script: /no/such/script.py"
    assert torch_shim._state["finder"] is None            # no hook installed for nothing


def test_unsupported_torch_feature_fails_clearly_in_a_script(tmp_path):
    script = write(tmp_path, """
        import torch
        model = torch.compile(lambda x: x)
    """)
    result = minigrad_run(script)
    assert result.returncode == 1
    assert "AttributeError: minigrad does not implement torch.compile (yet)" in result.stderr
    assert "torch_shim.py" not in result.stderr          # the script's frames only
