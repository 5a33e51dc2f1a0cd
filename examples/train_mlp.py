"""Train a 2-64-64-1 MLP on two interleaved spirals with hand-written SGD.

Only the Tensor API: parameters are leaf tensors, the update is the
lecture's  w <- w - lr * dL/dw  inside ``no_grad``.
Run:  python examples/train_mlp.py [--steps 1500] [--device cpu]
"""
import argparse
import math

import numpy as np

import minigrad as mg


def spirals(n=200, noise=0.1, seed=0):
    """Two spirals, labels 0 and 1 (generated, nothing downloaded)."""
    rng = np.random.default_rng(seed)
    t = np.sqrt(rng.uniform(0.05, 1, n)) * 3 * math.pi
    arm = np.stack([t * np.cos(t), t * np.sin(t)], axis=1) / (3 * math.pi)
    x = np.concatenate([arm, -arm]) + noise * rng.standard_normal((2 * n, 2)) / 3
    y = np.concatenate([np.zeros(n), np.ones(n)])
    return x.astype(np.float32), y.astype(np.float32)


def init(fan_in, fan_out):
    """He-uniform weights, zero bias, as leaf tensors that require grad."""
    bound = math.sqrt(6 / fan_in)
    w = mg.rand(fan_in, fan_out) * (2 * bound) - bound
    return w.requires_grad_(), mg.zeros(fan_out, requires_grad=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1500)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()

    mg.manual_seed(0)
    x_np, y_np = spirals()
    x, y = mg.tensor(x_np, device=args.device), mg.tensor(y_np, device=args.device)
    params = [p for layer in (init(2, 64), init(64, 64), init(64, 1)) for p in layer]
    params = [p.to(args.device).detach().requires_grad_() for p in params]
    w1, b1, w2, b2, w3, b3 = params

    for step in range(args.steps + 1):
        logits = ((x @ w1 + b1).relu() @ w2 + b2).relu() @ w3 + b3
        logits = logits.reshape(-1)
        # binary cross-entropy on logits, stable: max(z,0) - z*y + log(1 + e^-|z|)
        loss = (logits.relu() - logits * y + (-logits.abs()).exp().log1p()).mean()
        for p in params:
            p.grad = None
        loss.backward()
        with mg.no_grad():
            for p in params:
                p -= args.lr * p.grad
        if step % 300 == 0:
            accuracy = ((logits > 0).float() == y).float().mean().item()
            print(f"step {step:5d}   loss {loss.item():.4f}   accuracy {accuracy:.3f}")


if __name__ == "__main__":
    main()
