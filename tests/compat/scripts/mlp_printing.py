"""A small classifier trained with nn, optim and a DataLoader (lecture-style options:
num_workers, pin_memory), printing tensors, shapes, grad_fns and formatted losses."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import optim
from torch.utils.data import DataLoader, TensorDataset

torch.set_printoptions(precision=4)
torch.backends.cudnn.deterministic = True
device = "mps" if torch.backends.mps.is_available() else "cpu"

X = torch.tensor([[((3 * i + 5 * j) % 7) / 7 - 0.5 for j in range(4)] for i in range(32)])
y = torch.tensor([(i * 5) % 3 for i in range(32)])
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3)).to(device)
with torch.no_grad():
    for k, p in enumerate(model.parameters()):
        p.copy_(torch.linspace(-0.5, 0.5, p.numel()).reshape(p.shape) * (-1) ** k)
opt = optim.SGD(model.parameters(), lr=0.5, momentum=0.9)
loader = DataLoader(TensorDataset(X, y), batch_size=8, shuffle=False, num_workers=2,
                    pin_memory=True)
print(X.shape, X.dtype, len(loader))
print(model[0].weight)

for epoch in range(5):
    total = 0.0
    for xb, yb in loader:
        logits = model(xb)
        loss = F.cross_entropy(logits, yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item() * len(xb)
    print("epoch {}: loss {:.5f}".format(epoch, total / len(X)))
print(loss)
print(logits[:2])
print(torch.softmax(logits, dim=1).sum(1))
acc = (model(X).argmax(1) == y).float().mean()
print(f"accuracy {acc:.3f}", acc)
