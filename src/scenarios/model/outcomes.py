"""Every outcome the model reports, declared once: name, label, unit, kind and direction.

The recorder (observe.py) computes them; summaries, comparisons, sweeps, plots and docs/outputs.md read
these declarations (docs/outputs.md's table is generated from them).  This module is plain data: importing
it loads neither Mesa nor scipy.

`direction` says which way is better *from Seoul's stated interests* (§1.1 of the claims): "lower",
"higher", or "" when the articles do not rank it (e.g. how long the war lasts).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    name: str
    label: str
    unit: str
    kind: str  # binary | continuous | count | rung | month | category
    direction: str = ""
    short: str = ""  # the column title of the summary table, for headline outcomes
    headline: bool = False
    scale: float = 1.0  # headline display: value x scale (e.g. shells in millions)
    invert: bool = False  # headline display: 1 - value (P(war on) from war_ended)

    @property
    def nan_if_never(self) -> bool:
        """A month of an event, NaN in a replication where the event never came (not a fault): summarised and
        compared where defined, and counted as the month after the horizon where a value must be had."""
        return self.kind == "month"


OUTCOMES: tuple[Outcome, ...] = (
    Outcome("highend_transfer", "P(Russia gives the DPRK high-end nuclear/missile help)", "", "binary", "lower",
            "P(L6)", True),
    Outcome("highend_deliberate", "The step into L6 was Russia's highest-value option (false if no L6)", "",
            "binary"),
    Outcome("months_to_highend", "Month of first L6 (1-based; NaN if never, 0 if the run started at L6)", "months",
            "month", "higher"),
    Outcome("ladder_max", "Russia-DPRK rung, maximum", "L0-L6", "rung", "lower"),
    Outcome("ladder_end", "Russia-DPRK rung at the horizon", "L0-L6", "rung", "lower"),
    Outcome("ladder_changes", "Months in which the Russia-DPRK rung changed", "months", "count"),
    Outcome("dprk_shells_total", "DPRK shells sent to Russia", "shells", "continuous", "lower", "DPRK shells", True,
            1e-6),
    Outcome("rok_shells_indirect_total", "ROK shells reaching Ukraine indirectly", "shells", "continuous"),
    Outcome("rok_shells_direct_total", "ROK shells sent to Ukraine directly", "shells", "continuous"),
    Outcome("war_ended", "The war ended within the horizon", "", "binary", "", "P(war on)", True, invert=True),
    Outcome("war_duration_months", "Months the war went on within the horizon", "months", "count"),
    Outcome("ukr_position_mean", "Ukraine's battlefield position, mean (0.5 = stalemate)", "0-1", "continuous",
            "higher", "Ukraine", True),
    Outcome("ukr_position_end", "Ukraine's battlefield position at the horizon", "0-1", "continuous", "higher"),
    Outcome("dprk_capability_gain", "Gain of the DPRK capability index", "index", "continuous", "lower"),
    Outcome("tension_end", "Peninsula tension at the horizon", "index", "continuous", "lower"),
    Outcome("eu_goodwill_end", "European goodwill toward Seoul at the horizon", "index", "continuous", "higher",
            "EU goodwill", True),
    Outcome("rok_exports_eu_total_bn", "ROK arms exports to Europe over the horizon", "USD bn", "continuous",
            "higher", "Exports EU", True),
    Outcome("rok_ru_rel_end", "ROK-Russia relation at the horizon (0-1)", "0-1", "continuous", "higher", "ROK-RU",
            True),
    Outcome("rok_econ_loss", "Firm-equivalents of the ~160 Korean firms in Russia lost with the relation", "firms",
            "continuous", "lower"),
    Outcome("approval_end", "Presidential approval at the horizon", "0-1", "continuous", "higher"),
    Outcome("opposition_mobilization_max", "Opposition mobilisation, maximum (0-1)", "0-1", "continuous", "lower",
            "Opposition", True),
    Outcome("na_bill_tabled", "The opposition tabled the Assembly-approval bill", "", "binary", "lower"),
    Outcome("na_law_enacted", "P(Assembly-approval law enacted)", "", "binary", "lower", "P(NA law)", True),
    Outcome("showdowns", "Months of domestic showdown (contest or bill)", "months", "count", "lower"),
    Outcome("us_type", "US administration after the election", "", "category"),
    Outcome("us_rok_rel_end", "US-ROK relation at the horizon (0-1)", "0-1", "continuous", "higher", "US-ROK", True),
    Outcome("abandon_fear_end", "Seoul's fear of abandonment at the horizon (0-1)", "0-1", "continuous", "lower"),
    Outcome("cn_rok_rel_end", "China-ROK relation at the horizon (0-1)", "0-1", "continuous", "higher", "CN-ROK",
            True),
    Outcome("nato_level_end", "NATO track rung at the horizon", "G0-G5", "rung"),
    Outcome("aid_intended_max", "Highest aid rung Seoul's government chose (from July 2024's A1)", "A0-A4", "rung"),
    Outcome("aid_level_max", "Highest aid rung in effect, after the Assembly (from July 2024's A1)", "A0-A4", "rung"),
    Outcome("aid_level_end", "Aid rung in effect at the horizon (A0 once the war is over)", "A0-A4", "rung"),
    Outcome("first_direct_month", "Month Seoul's direct aid began (0-based; NaN if never)", "months", "month"),
    Outcome("atrocity_occurred", "A mass atrocity happened within the horizon", "", "binary"),
    Outcome("russia_retaliatory", "Russia's hidden type is retaliatory", "", "binary"),
    Outcome("rok_belief_retaliatory_end", "Seoul's belief that Russia is retaliatory, at the horizon", "0-1",
            "continuous"),
)

BY_NAME = {o.name: o for o in OUTCOMES}
HEADLINE = tuple(o for o in OUTCOMES if o.headline)


@dataclass(frozen=True)
class Series:
    name: str
    label: str
    unit: str
    low: float  # the range of the monthly quantile histograms
    high: float


SERIES: tuple[Series, ...] = (
    Series("ladder", "Russia-DPRK rung", "L0-L6", 0, 6),
    Series("aid_level", "Seoul's aid rung in effect", "A0-A4", 0, 4),
    Series("nato_level", "NATO track rung", "G0-G5", 0, 5),
    Series("war_active", "War still on", "share", 0, 1),
    Series("ukr_position", "Ukraine's battlefield position", "0-1", 0, 1),
    Series("russia_need", "Russia's need for munitions", "0-1", 0, 1),
    Series("ire", "Putin's ire toward Seoul", "index", 0, 2),
    Series("dprk_shells", "DPRK shells sent to Russia", "shells/month", 0, 300000),
    Series("dprk_capability", "DPRK capability", "index", 0, 3),
    Series("tension", "Peninsula tension", "index", 0, 4),
    Series("eu_goodwill", "European goodwill toward Seoul", "index", 0, 2),
    Series("rok_ru_rel", "ROK-Russia relation", "0-1", 0, 1),
    Series("approval", "Presidential approval", "0-1", 0, 1),
    Series("opposition_mobilization", "Opposition mobilisation", "0-1", 0, 1),
    Series("us_rok_rel", "US-ROK relation", "0-1", 0, 1),
    Series("abandon_fear", "Fear of abandonment", "0-1", 0, 1),
    Series("cn_rok_rel", "China-ROK relation", "0-1", 0, 1),
    Series("rok_belief_retaliatory", "Seoul's belief that Russia is retaliatory", "0-1", 0, 1),
)

SERIES_BY_NAME = {s.name: s for s in SERIES}


GENERATED = ("<!-- generated from src/scenarios/model/outcomes.py: do not edit by hand -->",
             "<!-- end of generated section -->")
DTYPES = {"binary": "bool", "continuous": "float", "count": "int", "rung": "int", "month": "float",
          "category": "string"}


def outputs_markdown() -> str:
    """The outcome and series tables of docs/outputs.md (a test keeps the file equal to this)."""
    lines = [GENERATED[0], "", "| column | type | unit | better for Seoul | meaning |", "|---|---|---|---|---|",
             "| `arm`, `replication` | string, int | | | keys (`point` too in a sweep) |"]
    for o in OUTCOMES:
        lines.append(f"| `{o.name}` | {DTYPES[o.kind]} | {o.unit} | {o.direction} | {o.label} |")
    lines += ["", "In `parameters.parquet` (one row per replication, the same in every arm; joined on read):", "",
              "| column | type | unit | better for Seoul | meaning |", "|---|---|---|---|---|",
              "| `replication` | int | | | key |",
              "| `param.<group>.<name>` | float | | | the value drawn for this replication "
              "(weights: `param.rok.weights.<feature>`) |", "",
              "Monthly variables in `timeseries.parquet` (quantiles from a 1,000-bin histogram over the range):", "",
              "| variable | unit | range | meaning |", "|---|---|---|---|"]
    for s in SERIES:
        lines.append(f"| `{s.name}` | {s.unit} | {s.low:g} to {s.high:g} | {s.label} |")
    return "\n".join(lines + ["", GENERATED[1]])
