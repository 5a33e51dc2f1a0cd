"""Backprop by hand on a two-layer network, checked against backward().

ST449 lecture 3 ("Backpropagation explained") and CPEN 455 lecture 4: the forward
pass y¹ = a(W⁰x + b⁰), ŷ = W¹y¹ + b¹, then the δ recursion from the output back,
    δ² = ∂ℓ/∂ŷ,   ∂ℓ/∂W¹ = δ² y¹ᵀ,   δ¹ = (W¹ᵀ δ²) ⊙ a'(h¹),   ∂ℓ/∂W⁰ = δ¹ xᵀ,
written out in NumPy, against minigrad's loss.backward() on the same network.
The figure shows both gradients side by side and their difference.

    python examples/lectures/01_backprop_by_hand.py [--quick] [--out DIR]
"""
# %%
import argparse
import os

import matplotlib.pyplot as plt
import numpy as np

import minigrad as mg

parser = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--quick", action="store_true", help="a small setting that runs in seconds")
parser.add_argument("--out", default="lecture-figures", help="directory for the figures "
                    "(default: %(default)s)")
args, _ = parser.parse_known_args()
os.makedirs(args.out, exist_ok=True)

# %% [markdown]
# The network: 4 inputs, 8 tanh hidden units, 3 linear outputs, squared loss
# averaged over a batch of B examples (float64, so the two gradients agree to ~1e-15).

# %%
rng = np.random.default_rng(0)
B, D, H, K = (16, 4, 8, 3) if args.quick else (64, 4, 8, 3)
x, y = rng.standard_normal((B, D)), rng.standard_normal((B, K))
W0, b0 = rng.standard_normal((H, D)) / np.sqrt(D), np.zeros(H)
W1, b1 = rng.standard_normal((K, H)) / np.sqrt(H), np.zeros(K)

# %% By hand: forward, keeping what backward needs
h1 = x @ W0.T + b0                      # h¹ = W⁰x + b⁰          (rows are examples)
y1 = np.tanh(h1)                        # y¹ = a(h¹)
out = y1 @ W1.T + b1                    # ŷ = W¹y¹ + b¹
loss_by_hand = ((out - y) ** 2).sum(axis=1).mean()

# %% By hand: backward, the δ recursion
delta2 = 2 * (out - y) / B              # δ² = ∂ℓ/∂ŷ
grads_by_hand = {"W1": delta2.T @ y1, "b1": delta2.sum(0)}
delta1 = (delta2 @ W1) * (1 - y1 ** 2)  # δ¹ = (W¹ᵀδ²) ⊙ tanh'(h¹)
grads_by_hand |= {"W0": delta1.T @ x, "b0": delta1.sum(0)}

# %% The same network in minigrad: backward() does the recursion
params = {name: mg.tensor(value, requires_grad=True)
          for name, value in {"W0": W0, "b0": b0, "W1": W1, "b1": b1}.items()}
X, Y = mg.tensor(x), mg.tensor(y)
loss = (((X @ params["W0"].T + params["b0"]).tanh() @ params["W1"].T + params["b1"] - Y) ** 2
        ).sum(dim=1).mean()
loss.backward()

# %%
print(f"loss: by hand {loss_by_hand:.12f}, minigrad {loss.item():.12f}")
print(f"{'parameter':<10}{'shape':>10}{'max |by hand − backward()|':>30}")
max_error = {}
for name, p in params.items():
    max_error[name] = float(np.abs(grads_by_hand[name] - p.grad.numpy()).max())
    print(f"{name:<10}{str(tuple(p.shape)):>10}{max_error[name]:>30.2e}")

# %%
fig, axes = plt.subplots(2, 3, figsize=(10, 5.5))
for row, name in enumerate(["W0", "W1"]):
    auto = params[name].grad.numpy()
    lim = np.abs(auto).max()
    for ax, data, title in zip(axes[row], [grads_by_hand[name], auto, grads_by_hand[name] - auto],
                               ["by hand (δ recursion)", "loss.backward()", "difference"]):
        image = ax.imshow(data, cmap="RdBu_r", vmin=-lim if title != "difference" else None,
                          vmax=lim if title != "difference" else None)
        ax.set_title(f"∂ℓ/∂{name}: {title}", fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
        fig.colorbar(image, ax=ax, shrink=0.8)
fig.suptitle("Backprop by hand vs minigrad's backward() (two-layer tanh network)")
fig.tight_layout()
path = os.path.join(args.out, "backprop_by_hand.png")
fig.savefig(path, dpi=100)
print(f"wrote {path}")
