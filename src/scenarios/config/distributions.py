"""The distribution grammar of the config (docs/config-reference.md), validated by pydantic and sampled by inversion.

Every distribution turns uniforms into draws through its inverse CDF (``ppf``).  With the
counter-based streams that keeps common random numbers exact *and* monotone: when a sweep moves a
distribution's parameter, each replication's draw moves smoothly instead of jumping.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, Literal

if TYPE_CHECKING:
    import numpy as np

# numpy is imported inside the functions that sample: validating a config (and reporting its errors) needs
# none of it, and its import was ~15% of the time a config error takes to report

from pydantic import BaseModel, ConfigDict, Field, model_validator


def low_below_high(spec, names: tuple[str, str] = ("low", "high")):
    if not spec.low < spec.high:
        raise ValueError(f"{names[0]} ({spec.low:g}) must be below {names[1]} ({spec.high:g})")
    return spec


def _finite(value, allow_infinite: bool) -> bool:
    if isinstance(value, dict):
        return all(_finite(v, allow_infinite) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v, allow_infinite) for v in value)
    if isinstance(value, float):
        return not math.isnan(value) and (allow_infinite or math.isfinite(value))
    return True


class _Dist(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="after")
    def _no_nan(self):
        """nan passes every comparison, so a range check alone lets it through: refuse it (and an infinite
        value anywhere but a truncation bound)."""
        for name, value in self:
            bound = name in ("low", "high") and isinstance(self, TruncNormal)
            if not _finite(value, allow_infinite=bound):
                raise ValueError(f"{name} must be a finite number, got {value}")
        return self

    def support(self) -> tuple[float, float]:
        raise NotImplementedError

    def ppf(self, u: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    @property
    def width(self) -> int | None:
        """How many uniforms one draw takes per replication (None: one scalar)."""
        return None

    def describe(self) -> str:
        def fmt(v):
            if isinstance(v, float):
                return f"{v:.4g}"
            if isinstance(v, dict):
                return "{" + ", ".join(f"{k}: {fmt(x)}" for k, x in v.items()) + "}"
            if isinstance(v, list):
                return "[" + ", ".join(fmt(x) for x in v) + "]"
            return str(v)
        args = ", ".join(f"{k}={fmt(v)}" for k, v in self.model_dump().items() if k != "dist" and v is not None)
        return f"{self.dist}({args})"  # type: ignore[attr-defined]


class Uniform(_Dist):
    dist: Literal["uniform"]
    low: float
    high: float

    _order = model_validator(mode="after")(lambda self: low_below_high(self))

    def support(self):
        return self.low, self.high

    def ppf(self, u):
        return self.low + (self.high - self.low) * u


class Triangular(_Dist):
    dist: Literal["triangular"]
    low: float
    mode: float
    high: float

    @model_validator(mode="after")
    def _order(self):
        if not (self.low <= self.mode <= self.high and self.low < self.high):
            raise ValueError(f"need low <= mode <= high and low < high, got {self.low}, {self.mode}, {self.high}")
        return self

    def support(self):
        return self.low, self.high

    def ppf(self, u):
        import numpy as np
        a, c, b = self.low, self.mode, self.high
        split = (c - a) / (b - a)
        left = a + np.sqrt(u * (b - a) * (c - a))
        right = b - np.sqrt((1.0 - u) * (b - a) * (b - c))
        return np.where(u < split, left, right)


class TruncNormal(_Dist):
    """Normal(mean, sd) truncated to [low, high], bounds in natural units (not scipy's a, b)."""

    dist: Literal["truncnormal"]
    mean: float
    sd: float = Field(gt=0)
    low: float = -math.inf
    high: float = math.inf

    _order = model_validator(mode="after")(lambda self: low_below_high(self))

    def support(self):
        return self.low, self.high

    def ppf(self, u):
        # by inversion within the bounds' probabilities (scipy.special: scipy.stats costs 0.3 s to import);
        # on the upper side of the mean the upper tail is used, which keeps precision in the tails
        from scipy.special import ndtr, ndtri

        a, b = (self.low - self.mean) / self.sd, (self.high - self.mean) / self.sd
        if a > 0:
            sa, sb = ndtr(-a), ndtr(-b)
            return self.mean - self.sd * ndtri(sa - u * (sa - sb))
        pa, pb = ndtr(a), ndtr(b)
        return self.mean + self.sd * ndtri(pa + u * (pb - pa))


class Beta(_Dist):
    """Beta(a, b) scaled to [low, high]."""

    dist: Literal["beta"]
    a: float = Field(gt=0)
    b: float = Field(gt=0)
    low: float = 0.0
    high: float = 1.0

    _order = model_validator(mode="after")(lambda self: low_below_high(self))

    def support(self):
        return self.low, self.high

    def ppf(self, u):
        from .inversion import beta_ppf

        return self.low + (self.high - self.low) * beta_ppf(self.a, self.b, u)


class LogNormal(_Dist):
    dist: Literal["lognormal"]
    mean_log: float
    sd_log: float = Field(gt=0)

    def support(self):
        return 0.0, math.inf

    def ppf(self, u):
        import numpy as np
        from scipy.special import ndtri

        return np.exp(self.mean_log + self.sd_log * ndtri(u))


class Choice(_Dist):
    dist: Literal["choice"]
    values: list[float] = Field(min_length=1)
    probs: list[float] | None = None

    @model_validator(mode="after")
    def _probs(self):
        if self.probs is not None:
            if len(self.probs) != len(self.values):
                raise ValueError(f"probs has {len(self.probs)} entries but values has {len(self.values)}")
            if any(p < 0 for p in self.probs) or not math.isclose(sum(self.probs), 1.0, abs_tol=1e-9):
                raise ValueError(f"probs must be non-negative and sum to 1, got {self.probs}")
        return self

    def support(self):
        return min(self.values), max(self.values)

    def ppf(self, u):
        import numpy as np
        n = len(self.values)
        probs = np.full(n, 1.0 / n) if self.probs is None else np.asarray(self.probs)
        index = np.searchsorted(np.cumsum(probs)[:-1], u, side="right")
        return np.asarray(self.values, dtype=float)[index]


class Bernoulli(_Dist):
    dist: Literal["bernoulli"]
    p: float = Field(ge=0, le=1)

    def support(self):
        return 0.0, 1.0

    def ppf(self, u):
        return (u < self.p).astype(float)


class Dirichlet(_Dist):
    """A weight vector; draws are normalised independent gammas (each by inversion)."""

    dist: Literal["dirichlet"]
    alpha: dict[str, float]

    @model_validator(mode="after")
    def _alpha(self):
        if not self.alpha or any(a <= 0 for a in self.alpha.values()):
            raise ValueError(f"alpha needs at least one entry and every entry > 0, got {self.alpha}")
        return self

    @property
    def width(self):
        return len(self.alpha)

    def support(self):
        return 0.0, 1.0

    def ppf(self, u):
        import numpy as np

        from .inversion import gamma_ppf

        gammas = np.column_stack([gamma_ppf(a, u[:, i]) for i, a in enumerate(self.alpha.values())])
        return gammas / gammas.sum(axis=1, keepdims=True)


# Named aliases (``type``): pydantic builds a named alias's schema once per model and refers to it, where an
# inline union would be rebuilt for each of the catalogue's 161 fields (measured: 35% of the catalogue's import).
type Distribution = Annotated[
    Uniform | Triangular | TruncNormal | Beta | LogNormal | Choice | Bernoulli | Dirichlet,
    Field(discriminator="dist"),
]
DISTRIBUTION_NAMES = ("uniform", "triangular", "truncnormal", "beta", "lognormal", "choice", "bernoulli", "dirichlet")

# A scalar parameter: a fixed number or a distribution; a weight vector: fixed weights or a Dirichlet.
type Spec = float | Distribution
type WeightSpec = dict[str, float] | Dirichlet


def support(spec: Spec) -> tuple[float, float]:
    if isinstance(spec, (int, float)):
        return float(spec), float(spec)
    return spec.support()


def describe(spec) -> str:
    if isinstance(spec, dict):
        return "fixed weights " + ", ".join(f"{k}={v}" for k, v in spec.items())
    if isinstance(spec, (int, float)):
        return f"{spec:g}"
    return spec.describe()


def fixed(spec) -> bool:
    """A fixed number or fixed weights: the same in every replication, so it takes no uniforms."""
    return isinstance(spec, (int, float, dict))


def sample(spec, u: np.ndarray) -> np.ndarray:
    """Draws for one parameter given its uniforms ((R,) for scalars, (R, k) for weights; for a fixed spec only
    u's length counts)."""
    import numpy as np
    if isinstance(spec, dict):
        w = np.asarray(list(spec.values()), dtype=float)
        return np.broadcast_to(w / w.sum(), (u.shape[0], len(w))).copy()
    if isinstance(spec, (int, float)):
        return np.full(u.shape[0], float(spec))
    return np.asarray(spec.ppf(u), dtype=float)


def width(spec) -> int | None:
    if isinstance(spec, dict):
        return len(spec)
    if isinstance(spec, (int, float)):
        return None
    return spec.width
