"""A custom autograd Function written as PyTorch 2's "Extending PyTorch" page teaches:
forward without ctx, setup_context, a backward returning a trailing None for a
non-tensor argument, mark_non_differentiable and once_differentiable."""
import torch
from torch.autograd import Function
from torch.autograd.function import once_differentiable


class ScaledExp(Function):
    """y = exp(scale · x)"""
    generate_vmap_rule = False

    @staticmethod
    def forward(x, scale):
        return torch.exp(scale * x)

    @staticmethod
    def setup_context(ctx, inputs, output):
        _, scale = inputs
        ctx.scale = scale
        ctx.save_for_backward(output)

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad * ctx.scale * y, None, None      # one None more than needed: allowed


class ArgSort(Function):
    @staticmethod
    def forward(ctx, x):
        values, order = torch.sort(x)
        ctx.mark_non_differentiable(order)
        ctx.save_for_backward(order)
        return values, order

    @staticmethod
    @once_differentiable
    def backward(ctx, grad_values, grad_order):
        (order,) = ctx.saved_tensors
        out = torch.zeros_like(grad_values)
        out[order] = grad_values
        return out


x = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64, requires_grad=True)
y = ScaledExp.apply(x, 0.7)
print(y)
y.sum().backward()
print(x.grad)
print(torch.autograd.gradcheck(lambda t: ScaledExp.apply(t, 1.3), (x,)))

z = torch.tensor([3.0, 1.0, 2.0], requires_grad=True)
values, order = ArgSort.apply(z)
print(values, order, order.requires_grad)
(values * torch.tensor([1.0, 10.0, 100.0])).sum().backward()
print(z.grad)
