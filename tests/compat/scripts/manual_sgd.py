"""Linear regression by hand, in the style of the early PyTorch tutorials: manual SGD
through .data, gradients zeroed through .grad.data, a legacy FloatTensor, a Variable."""
import math
import sys

import torch
from torch.autograd import Variable

steps = int(sys.argv[1]) if len(sys.argv) > 1 else 30
x = torch.FloatTensor([[i / 10] for i in range(20)]).double()
y = 3.0 * x + 2.0 + torch.tensor([[0.1 * math.sin(i)] for i in range(20)], dtype=torch.float64)
w = Variable(torch.zeros(1, 1, dtype=torch.float64), requires_grad=True)
b = Variable(torch.zeros(1, dtype=torch.float64), requires_grad=True)
print(x.type(), x.shape, w)

lr = 0.1
for step in range(steps):
    loss = ((x @ w + b - y) ** 2).mean()
    loss.backward()
    w.data -= lr * w.grad.data
    b.data -= lr * b.grad.data
    w.grad.data.zero_()
    b.grad.data.zero_()
    if step % 10 == 0:
        print(f"step {step:3d}  loss {loss:.6f}  w {w.item():+.4f}  b {b.item():+.4f}")
print(loss)
print(w.data, b.data.numpy())
