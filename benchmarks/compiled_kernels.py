"""What a compiled (numba) kernel would buy the model, measured before building one (docs/scaling.md).

numba is not a dependency of scenarios; this probe needs it: `pip install numba`, then
`python benchmarks/compiled_kernels.py`.  It times, on one batch of 8,192 replications:

- numba's import and the compilation of one small kernel (what every process would pay at start);
- Seoul's and Russia's kind of choice, logit probabilities + sampling (exp-bound), with the project's numpy
  functions against one fused numba loop;
- a utility of the shape of Russia's rung values (7 terms over 3 moves, synthetic inputs; arithmetic-bound),
  as numpy array expressions, row-major (R, 3) and option-major (3, R) as the model now builds them, against
  one fused numba loop.
"""

from __future__ import annotations

import time

import numpy as np

R, REPEAT = 8192, 300


def per_call_us(fn) -> float:
    fn()
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        for _ in range(REPEAT):
            fn()
        best = min(best, (time.perf_counter() - t) / REPEAT * 1e6)
    return best


def main() -> None:
    t = time.perf_counter()
    try:
        from numba import njit
    except ImportError:
        raise SystemExit("this probe needs numba: pip install numba") from None
    print(f"import numba: {time.perf_counter() - t:.2f} s")

    from scenarios.model.choice import logit_probabilities, sample

    @njit(fastmath=True)
    def logit_sample(utility, tau, u, out):
        n, k = utility.shape
        e = np.empty(k)
        for r in range(n):
            best = utility[r, 0]
            for j in range(1, k):
                best = max(best, utility[r, j])
            temperature = max(tau[r], 1e-9)
            total = 0.0
            for j in range(k):
                e[j] = np.exp((utility[r, j] - best) / temperature)
                total += e[j]
            cumulative, index = 0.0, 0
            for j in range(k - 1):
                cumulative += e[j] / total
                index += cumulative < u[r]
            out[r] = index

    rng = np.random.default_rng(1)
    utility, tau, u = rng.random((R, 3)), np.full(R, 0.01), rng.random(R)
    index = np.zeros(R, dtype=np.int64)
    t = time.perf_counter()
    logit_sample(utility, tau, u, index)
    print(f"compiling that one small kernel: {time.perf_counter() - t:.2f} s")
    same = np.mean(index == sample(logit_probabilities(utility.copy(), tau), u))
    numpy_choice = per_call_us(lambda: sample(logit_probabilities(utility.copy(), tau), u))
    numba_choice = per_call_us(lambda: logit_sample(utility, tau, u, index))
    print(f"logit choice over (8192, 3), exp-bound: numpy {numpy_choice:.0f} us, numba {numba_choice:.0f} us "
          f"({numpy_choice / numba_choice:.2f}x); same choices in {same:.1%} of rows")

    a, b, c, d, e, f, g, h = (rng.random(R) for _ in range(8))
    ladder = rng.integers(0, 7, R)
    moves = np.array([-1, 0, 1])

    def numpy_values():
        target = np.clip(ladder[:, None] + moves[None, :], 0, 6)
        v = (a * b)[:, None] * np.minimum(target / 6.0, 1.0)
        v = v + (c * b * d)[:, None] * np.maximum(target - 2, 0)
        v = v - e[:, None] * (0.4 * (target >= 5) + 0.5 * (target >= 6))
        v = v - (f * 0.4)[:, None] * (target >= 6)
        v = v - (g * h)[:, None] * np.maximum(target - 1, 0)
        v = v - 0.05 * np.abs(moves)[None, :]
        return v - (0.5 * h)[:, None] * (moves < 0)[None, :]

    @njit
    def numba_values(out):
        for r in range(R):
            for j in range(3):
                rung = min(max(ladder[r] + j - 1, 0), 6)
                v = a[r] * b[r] * min(rung / 6.0, 1.0) + c[r] * b[r] * d[r] * max(rung - 2, 0)
                v -= e[r] * (0.4 * (rung >= 5) + 0.5 * (rung >= 6)) + f[r] * 0.4 * (rung >= 6)
                v -= g[r] * h[r] * max(rung - 1, 0) + 0.05 * abs(j - 1) + 0.5 * h[r] * (j == 0)
                out[r, j] = v

    def numpy_option_major():  # the same terms on (3, R) arrays: each pass runs along R
        target = np.clip(ladder[None, :] + moves[:, None], 0, 6)
        v = a * b * np.minimum(target / 6.0, 1.0)
        v = v + c * b * d * np.maximum(target - 2, 0)
        v = v - e * (0.4 * (target >= 5) + 0.5 * (target >= 6))
        v = v - f * 0.4 * (target >= 6)
        v = v - g * h * np.maximum(target - 1, 0)
        v = v - 0.05 * np.abs(moves)[:, None]
        return (v - 0.5 * h * (moves < 0)[:, None]).T

    values = np.empty((R, 3))
    numba_values(values)
    assert np.allclose(values, numpy_values()) and np.allclose(values, numpy_option_major())
    row_major = per_call_us(numpy_values)
    option_major = per_call_us(numpy_option_major)
    numba_utility = per_call_us(lambda: numba_values(values))
    print(f"7-term utility over (8192, 3), arithmetic-bound: numpy row-major {row_major:.0f} us, option-major "
          f"{option_major:.0f} us, numba {numba_utility:.0f} us ({row_major / numba_utility:.1f}x and "
          f"{option_major / numba_utility:.1f}x)")


if __name__ == "__main__":
    main()
