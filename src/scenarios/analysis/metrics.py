"""The headline outcomes a summary, a comparison and a sweep report (light: no scipy import)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    column: str
    label: str
    short: str
    kind: str  # "binary" (a probability) or "continuous"
    scale: float = 1.0
    unit: str = ""
    invert: bool = False  # report 1 - column (e.g. war still on = not war_ended)


HEADLINE = (
    Metric("highend_transfer", "P(Russia gives the DPRK high-end nuclear/missile help)", "P(L6)", "binary"),
    Metric("dprk_shells_total", "DPRK shells sent to Russia", "DPRK shells", "continuous", 1e-6, "million"),
    Metric("war_ended", "P(war still on at the horizon)", "P(war on)", "binary", invert=True),
    Metric("ukr_position_mean", "Ukraine's battlefield position, mean (0.5 = stalemate)", "Ukraine", "continuous"),
    Metric("eu_goodwill_end", "European goodwill toward Seoul at the horizon", "EU goodwill", "continuous"),
    Metric("rok_exports_eu_total_bn", "ROK arms exports to Europe over the horizon", "Exports EU", "continuous", 1.0, "USD bn"),
    Metric("rok_ru_rel_end", "ROK-Russia relation at the horizon (0-1)", "ROK-RU", "continuous"),
    Metric("opposition_mobilization_max", "Opposition mobilisation, maximum (0-1)", "Opposition", "continuous"),
    Metric("na_law_enacted", "P(Assembly-approval law enacted)", "P(NA law)", "binary"),
    Metric("us_rok_rel_end", "US-ROK relation at the horizon (0-1)", "US-ROK", "continuous"),
    Metric("cn_rok_rel_end", "China-ROK relation at the horizon (0-1)", "CN-ROK", "continuous"),
)


def number(value: float | None, signed: bool = False) -> str:
    """Readable number for tables and headlines: 3 decimals below 10, 1 below 1,000, then thousands."""
    if value is None or value != value:
        return "n/a"
    size = abs(value)
    text = f"{value:+.3f}" if size < 10 else f"{value:+,.1f}" if size < 1000 else f"{value:+,.0f}"
    return text if signed else text.lstrip("+")
