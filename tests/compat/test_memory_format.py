"""memory_format= (torch.preserve_format, contiguous_format, channels_last): accepted where
PyTorch's optimizers and hand-written ones pass it, checked as PyTorch checks it."""
import pytest

import minigrad as mg

LIKE = ["zeros_like", "ones_like", "empty_like", "rand_like", "randn_like"]


@pytest.mark.parametrize("name", LIKE)
def test_like_functions_take_memory_format(name):
    p = mg.ones(2, 3, requires_grad=True)
    out = getattr(mg, name)(p, memory_format=mg.preserve_format)
    assert out.shape == (2, 3) and out.dtype == p.dtype and not out.requires_grad
    assert getattr(mg, name)(p, memory_format=mg.contiguous_format).is_contiguous()
    assert mg.full_like(p, 7.0, memory_format=mg.preserve_format).tolist() == [[7.0] * 3] * 2


def test_clone_and_contiguous_layouts():
    x = mg.arange(6.0, requires_grad=True).view(2, 3).t()
    kept, packed = x.clone(), x.clone(memory_format=mg.contiguous_format)
    assert kept.stride() == x.stride() and packed.stride() == (2, 1)
    assert packed.grad_fn.name() == kept.grad_fn.name() == "CloneBackward0"
    assert packed.tolist() == kept.tolist() == x.tolist()
    assert x.contiguous(memory_format=mg.contiguous_format).is_contiguous()


def test_bad_formats_fail_in_pytorchs_terms():
    with pytest.raises(RuntimeError, match="required rank 4 tensor to use channels_last format"):
        mg.zeros(2, 3).clone(memory_format=mg.channels_last)
    with pytest.raises(NotImplementedError, match="channels_last_3d memory format"):
        mg.zeros_like(mg.zeros(1, 1, 1, 1, 1), memory_format=mg.channels_last_3d)
    with pytest.raises(TypeError, match="memory_format must be a minigrad.memory_format"):
        mg.ones_like(mg.zeros(2), memory_format="contiguous")


def test_same_as_pytorch():
    torch = pytest.importorskip("torch")
    for T in (mg, torch):
        x = T.arange(6.0).view(2, 3).t()
        got = [x.clone(memory_format=T.contiguous_format).stride(), x.clone().stride(),
               T.zeros_like(x, memory_format=T.contiguous_format).is_contiguous(),
               repr(T.preserve_format).split(".")[1]]
        try:
            x.clone(memory_format=T.channels_last)
        except RuntimeError as err:
            got.append(str(err))
        if T is mg:
            ours = got
    assert ours == got
