"""Reference solution of exercise 13 — one step of Adam.

Checked by:   minigrad exercises check --reference 13

The math (Kingma & Ba 2015, PyTorch's torch.optim.Adam), at step t = 1, 2, …
with m and v starting at 0:

    m ← β₁ m + (1 − β₁) g                  (exp_avg: the mean of g)
    v ← β₂ v + (1 − β₂) g ⊙ g              (exp_avg_sq: the mean of g²)
    m̂ = m / (1 − β₁ᵗ)    v̂ = v / (1 − β₂ᵗ)   (bias correction: m, v start at 0)
    θ ← θ − η m̂ / (√v̂ + ε)

The checker runs your step and minigrad.optim.Adam(lr=0.05) side by side on
a small test function and compares m, v and θ after every step.

Hints.
  1. betas is the pair (β₁, β₂); step is t, 1 on the first step.
  2. Return (θ_new, m_new, v_new) as new tensors; leave the arguments unchanged.
  3. ε goes outside the square root (the lecture's variant puts it inside).
"""


def adam_step(param, grad, exp_avg, exp_avg_sq, step, lr, betas, eps):
    """One Adam step: returns (new param, new exp_avg, new exp_avg_sq)."""
    beta1, beta2 = betas
    exp_avg = beta1 * exp_avg + (1 - beta1) * grad
    exp_avg_sq = beta2 * exp_avg_sq + (1 - beta2) * grad * grad
    m_hat = exp_avg / (1 - beta1 ** step)
    v_hat = exp_avg_sq / (1 - beta2 ** step)
    return param - lr * m_hat / (v_hat.sqrt() + eps), exp_avg, exp_avg_sq
