"""Erlang-A by the textbook: Mandelbaum and Zeltyn's closed forms, independent of tsunagu's birth-death solution."""

from __future__ import annotations

import numpy as np


def erlang_b(load: float, n: int) -> float:
    b = 1.0
    for k in range(1, n + 1):
        b = load * b / (k + load * b)
    return b


def textbook(lam_h: float, handle: float, patience: float, n: int) -> dict[str, float]:
    """Mandelbaum & Zeltyn's closed forms for M/M/n+M (P(W>0), P(Ab), E[W]) through A(x, y) = x·e^y·γ(x, y)/y^x."""
    lam, mu, theta = lam_h / 60, 1 / handle, 1 / patience
    x, y = n * mu / theta, lam / theta
    # A(x, y) = x ∫₀¹ u^(x-1) e^(y(1-u)) du, by the trapezoid rule; for x < 1 as ∫₀¹ e^(y(1 - v^(1/x))) dv
    # (v = u^x), which is smooth where the first form is not
    u = np.linspace(0.0, 1.0, 400_001)
    f = x * u ** (x - 1) * np.exp(y * (1 - u)) if x >= 1 else np.exp(y * (1 - u ** (1 / x)))
    big_a = float(np.sum((f[1:] + f[:-1]) / 2) * (u[1] - u[0]))
    e1 = erlang_b(lam / mu, n)
    p_wait = big_a * e1 / (1 + (big_a - 1) * e1)
    rho = lam / (n * mu)
    p_ab = p_wait * (1 / (rho * big_a) + 1 - 1 / rho)
    return {"wait_probability": p_wait, "abandoned": p_ab, "expected_wait_min": p_ab / theta}
