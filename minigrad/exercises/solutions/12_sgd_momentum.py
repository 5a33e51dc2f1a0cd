"""Reference solution of exercise 12 — one step of SGD with momentum.

Checked by:   minigrad exercises check --reference 12

The math (PyTorch's torch.optim.SGD with momentum μ, learning rate η):

    b ← g                 on the first step (there is no buffer yet)
    b ← μ b + g           afterwards
    θ ← θ − η b

The checker runs your step and minigrad.optim.SGD(lr=0.05, momentum=0.9)
side by side on a small test function and compares b and θ after every step.

Hints.
  1. momentum_buffer is None on the first step.
  2. Return new tensors, (θ_new, b_new), and leave the arguments unchanged:
     write `param - lr * buf`, not `param -= ...`.
  3. Use grad.clone() if you start the buffer from grad, so that the two do
     not share memory.
"""


def sgd_momentum_step(param, grad, momentum_buffer, lr, momentum):
    """One SGD-with-momentum step: returns (new param, new momentum buffer)."""
    if momentum_buffer is None:
        buffer = grad.clone()
    else:
        buffer = momentum * momentum_buffer + grad
    return param - lr * buffer, buffer
