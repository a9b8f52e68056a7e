"""The parameter catalogue: every coefficient of the dynamics and the utilities, with its source.

A parameter is addressed as ``parameters.<actor>.<name>``.  Its value is a fixed number or a
distribution (``distributions.py``), drawn once per replication.  ``source`` is a claim number and
seed file from ``model-brief.md`` (e.g. ``C8 [001]``) or ``assumption`` / ``background`` (a fact the
articles do not give).  docs/config-reference.md is generated from this module.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from .distributions import Spec, WeightSpec, support

LN = math.log


class Bounds:
    """Marks the admissible range of a scalar parameter (checked against a distribution's support)."""

    def __init__(self, low: float, high: float, meaning: str):
        self.low, self.high, self.meaning = low, high, meaning

    def __call__(self, spec):
        lo, hi = support(spec)
        if lo < self.low or hi > self.high:
            span = f"{lo:g}" if lo == hi else f"[{lo:g}, {hi:g}]"
            raise ValueError(f"{self.meaning}: must lie within [{self.low:g}, {self.high:g}], got {span}")
        return spec


def _bounded(low: float, high: float, meaning: str):
    b = Bounds(low, high, meaning)
    return Annotated[Spec, AfterValidator(b), b]


Prob = _bounded(0, 1, "a probability or share")
Pos = _bounded(0, math.inf, "a non-negative quantity")
Signed = _bounded(-1, 1, "a signed view in [-1, 1]")
Mult = _bounded(1, math.inf, "a multiplier of at least 1")
Damp = _bounded(0, 1, "a multiplier between 0 and 1")
Rung = _bounded(0, 6, "a rung of the Russia-DPRK ladder L0..L6")
Grung = _bounded(0, 3, "a rung of the NATO track G0..G3")


def p(default: Any, source: str, doc: str, unit: str = "") -> Any:
    return Field(default=default, description=doc, validate_default=True,
                 json_schema_extra={"source": source, "unit": unit})


def tau(actor: str, median: float = 0.15) -> Any:
    return p({"dist": "lognormal", "mean_log": LN(median), "sd_log": 0.5}, "assumption (QRE, McKelvey-Palfrey)",
             f"Logit temperature of {actor}'s choices (median {median:g}): near 0 = best response, large = random.")


class Group(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


ROK_FEATURES = ("security", "us", "europe", "industry", "russia", "domestic")


class Rok(Group):
    """Seoul's government: utility weights, supplies by aid rung, triggers, beliefs."""

    weights: WeightSpec = p({"dist": "dirichlet", "alpha": {"security": 4, "us": 3, "europe": 2, "industry": 2,
                                                               "russia": 2, "domestic": 2}},
                            "§1.1 interests [000][001][003]; magnitudes assumption",
                            "Weights of ROK's utility features (endogenous mode); normalised to sum 1.")
    tau: Pos = tau("the ROK government", 0.05)  # its utilities are weight-normalised, so smaller
    switch_cost: Pos = p({"dist": "uniform", "low": 0.02, "high": 0.15}, "C19 [003]",
                         "Status-quo inertia: utility cost of moving one aid rung.")
    indirect_per_month: Pos = p({"dist": "triangular", "low": 20000, "mode": 25000, "high": 41700},
                                "Q2 [001], Q3 [003]", "155 mm shells reaching Ukraine indirectly per month at A1+.",
                                "shells/month")
    surge_per_month: Pos = p({"dist": "uniform", "low": 5000, "high": 15000}, "A2 option [001]; amount assumption",
                             "Extra shells reaching Ukraine via refilled European stocks at A2+.", "shells/month")
    direct155_per_month: Pos = p({"dist": "uniform", "low": 10000, "high": 40000}, "assumption",
                                 "Direct 155 mm shells per month at A3+.", "shells/month")
    direct105_multiplier: Mult = p({"dist": "uniform", "low": 1.5, "high": 4.0}, "Q35 [001]",
                                   "A4 sends 'much larger amounts of 105-mm shells': direct volume x this.")
    theta_ladder: Rung = p({"dist": "choice", "values": [5, 6]}, "C44 [001], C45 [004]",
                           "D1 trigger: the Russia-DPRK rung at which Seoul goes direct (conditional mode).")
    beta_atrocity: Pos = p({"dist": "uniform", "low": 0.1, "high": 0.5}, "C43 [003]",
                           "Utility bonus for A3+ after a mass atrocity (endogenous mode).")
    beta_ladder: Pos = p({"dist": "uniform", "low": 0.1, "high": 0.5}, "C44 [001]",
                         "Utility bonus for A3+ once the ladder reaches theta_ladder (endogenous mode).")
    belief_prior: Prob = p({"dist": "beta", "a": 2, "b": 2}, "assumption",
                           "Seoul's prior that Russia is the retaliatory type.")
    nato_init: Grung = p(3, "[001][004] (Washington summit, Jul 2024)", "NATO track rung at the start.")
    security_ladder_weight: Pos = p(3.0, "C6, C18 [001][003]; magnitude assumption",
                                    "Threat felt per expected rung of Russia-DPRK escalation.")
    us_press_bonus: Pos = p({"dist": "uniform", "low": 0.0, "high": 0.2}, "C84 [001]",
                            "Utility bonus for A3+ in a month Washington presses Seoul.")
    nato_request_bonus: Pos = p({"dist": "uniform", "low": 0.0, "high": 0.1}, "C66 [001]",
                                "Utility bonus for A3+ in a month NATO asks for more.")
    p_veto: Prob = p({"dist": "beta", "a": 9, "b": 1}, "C51 [001]",
                     "P(the president vetoes an Assembly-approval bill that passed).")

    @model_validator(mode="after")
    def _weight_names(self):
        names = tuple(self.weights.alpha if hasattr(self.weights, "alpha") else self.weights)
        if sorted(names) != sorted(ROK_FEATURES):
            raise ValueError(f"weights must name exactly {', '.join(ROK_FEATURES)}; got {', '.join(names)}")
        return self


class Opposition(Group):
    """The progressive opposition and the National Assembly (two-level game)."""

    tau: Pos = tau("the opposition")
    majority: Prob = p({"dist": "bernoulli", "p": 0.9}, "background (majority status not in the sources)",
                       "1 if the opposition holds a National Assembly majority.")
    p_pass: Prob = p({"dist": "beta", "a": 6, "b": 4}, "assumption", "P(an Assembly-approval bill passes | majority).")
    p_override: Prob = p({"dist": "uniform", "low": 0.0, "high": 0.1}, "background/assumption",
                         "P(the Assembly overrides a veto).")
    p_approve: Prob = p({"dist": "uniform", "low": 0.0, "high": 0.3}, "assumption",
                        "P(the Assembly approves direct aid in a vote), once the law requires one.")
    mobilization_init: Prob = p({"dist": "uniform", "low": 0.2, "high": 0.4}, "C51 [001] ('already blames')",
                                "Opposition mobilisation at the start.")
    mobilization_decay: Prob = p({"dist": "uniform", "low": 0.05, "high": 0.15}, "assumption",
                                 "Monthly decay of mobilisation.")
    mu_direct: Pos = p({"dist": "uniform", "low": 0.05, "high": 0.15}, "C47, C51 [001]",
                       "Mobilisation added per month of open direct aid (A3+).")
    mu_threat: Pos = p(0.5, "C47 [001]; magnitude assumption", "Mobilisation per unit rise in tension.")
    mu_low_approval: Pos = p(0.02, "C52 [001]", "Mobilisation per month times (1 - approval).")
    contest_weight: Pos = p(1.0, "C51 [001]", "Utility of CONTEST per unit of mobilisation (plus direct aid).")
    legislate_weight: Pos = p(2.0, "C50 [001]", "Utility of LEGISLATE per unit of mobilisation and disapproval.")
    contest_cost: Pos = p(0.3, "assumption", "Utility cost of contesting in a month.")
    legislate_cost: Pos = p(0.9, "assumption", "Utility cost of tabling the Assembly-approval bill.")
    contest_approval_hit: Pos = p(0.005, "C51, C53 [001]", "Approval lost in a month the opposition contests.")


class Public(Group):
    """Public opinion: presidential approval."""

    approval_init: Prob = p({"dist": "beta", "a": 3, "b": 7}, "Q36 [001] ('very low'); value assumption",
                            "Presidential approval at the start.")
    skepticism: Prob = p({"dist": "beta", "a": 5, "b": 3}, "C48 [001]", "Share of the public sceptical of a larger burden.")
    direct_backlash: Pos = p({"dist": "uniform", "low": 0.005, "high": 0.02}, "C48 [001]",
                             "Approval lost per month of direct aid, times skepticism.")
    threat_backlash: Pos = p(0.2, "C56 [004]", "Approval lost per unit rise in tension (the government is blamed).")
    rally: Pos = p({"dist": "uniform", "low": 0.0, "high": 0.05}, "assumption (brief §6.2)",
                   "Approval gained in an atrocity month while aid is direct.")
    reversion: Prob = p(0.05, "assumption", "Monthly pull of approval back to its starting level.")
    noise_sd: Pos = p(0.01, "assumption", "Monthly approval noise (sd).")


class US(Group):
    """The US administration (Biden, or Trump after an election win) and Western supply to Ukraine."""

    tau: Pos = tau("the US administration")
    p_trump: Prob = p({"dist": "beta", "a": 5, "b": 5}, "[000][001] frame the race; probability assumption",
                      "P(Trump wins the November 2024 election).")
    trump_view: Signed = p({"dist": "uniform", "low": -1, "high": 1}, "C78 vs C79 [001]",
                           "+1: Trump rewards direct ROK aid as burden sharing; -1: penalises it as prolonging the war.")
    western_supply_per_month: Pos = p({"dist": "triangular", "low": 80000, "mode": 120000, "high": 160000},
                                      "assumption (C65 [001]: Europe cannot fill the gap)",
                                      "Artillery shells Ukraine gets from the West (without the ROK).", "shells/month")
    trump_supply_cut: Prob = p({"dist": "uniform", "low": 0.3, "high": 0.8}, "C80 [001]; magnitude assumption",
                               "Share of Western supply cut under a Trump administration.")
    biden_gain: Pos = p({"dist": "uniform", "low": 0.02, "high": 0.08}, "C84 [001]",
                        "US-ROK relation target gain per aid rung (x aid/4) under Biden.")
    trump_gain: Pos = p(0.1, "C78 [001]", "US-ROK relation target shift x trump_view under Trump at A3+.")
    prolong_penalty: Pos = p(0.05, "C79 [001]", "US-ROK relation target loss under Trump while direct aid and war go on.")
    cost_sharing_hit: Pos = p(0.05, "[001] cost-sharing crusade", "US-ROK relation target loss in a cost-sharing month.")
    relation_init: Prob = p(0.7, "assumption", "US-ROK relation at the start.")
    relation_rate: Prob = p(0.2, "assumption", "Monthly adjustment rate of the US-ROK relation to its target.")
    abandon_init: Prob = p(0.4, "[000] (fears of abandonment)", "ROK fear of abandonment at the start.")
    abandon_war_drift: Pos = p(0.01, "C76 [000]", "Abandonment fear added per month of war.")
    abandon_reassure: Pos = p(0.03, "C77 [000]", "Abandonment fear removed by a month of REASSURE.")
    abandon_cost_sharing: Pos = p(0.03, "[001]", "Abandonment fear added by a month of COST_SHARING pressure.")
    abandon_decay: Prob = p(0.02, "assumption", "Monthly decay of abandonment fear.")
    press_weight: Pos = p(1.0, "C73, C84 [001][003]", "Biden: utility of PRESS per unit of Ukraine's shortfall and Seoul's restraint.")
    reassure_weight: Pos = p(1.0, "C77 [000]", "Biden: utility of REASSURE per unit of abandonment fear.")
    cost_sharing_weight: Pos = p(0.6, "[001] free riding", "Trump: utility of COST_SHARING (less when Seoul's aid pleases him).")
    war_end_weight: Pos = p(1.0, "C80 [001]", "Trump: utility of PUSH_WAR_END while the war is on.")
    hold_value: Pos = p(0.3, "assumption", "Utility of HOLD (either administration).")


class Russia(Group):
    """Russia: its ladder choice, need, ire and reservations."""

    tau: Pos = tau("Russia")
    p_retaliatory_type: Prob = p({"dist": "beta", "a": 2, "b": 2}, "C5 [001], C14 [003]",
                                 "P(Russia's hidden type is retaliatory); the type is drawn from it.")
    restrained_ire_factor: Prob = p(0.25, "assumption", "A restrained Russia weighs its ire by this factor (retaliatory: 1).")
    reservation: Prob = p({"dist": "beta", "a": 2, "b": 2}, "C7 [001]", "Russia's own reservations about arming the DPRK.")
    need_elasticity: Pos = p({"dist": "truncnormal", "mean": 1.0, "sd": 0.3, "low": 0.2, "high": 2.0},
                             "C3 [001], C34 [004]", "Rise in Russia's need per unit of Ukraine's position above stalemate.")
    need_base: Prob = p(0.4, "C23 [000]", "Russia's need for munitions when Ukraine stands at need_reference.")
    need_reference: Prob = p(0.35, "C34 [004]; level assumption",
                             "Ukraine's position below which Russia's need stops rising with it (Russia 'winning').")
    need_relief: Pos = p(0.3, "C24, C25 [000]", "Need relieved per unit of DPRK supply (share of capacity) above relief_reference.")
    relief_reference: Prob = p(0.5, "assumption", "Share of DPRK capacity delivered at which relief neither adds nor removes need.")
    need_after_war: Prob = p(0.1, "C32 [004]", "Russia's need once the war has ended.")
    own_supply_per_month: Pos = p(60000, "assumption (calibrated to a July 2024 stalemate)",
                                  "Russia's own artillery supply to the front.", "shells/month")
    w_need: Pos = p(1.0, "C3, C5 [001]", "Utility weight of munitions relief x need.")
    w_ire: Pos = p(1.0, "C5 [001], C14 [003]", "Utility weight of punishing Seoul: ire x rung step.")
    w_press: Pos = p(0.2, "C4 [001]", "Utility of escalating in a month Pyongyang presses its wish list.")
    drift: Pos = p({"dist": "uniform", "low": 0.0, "high": 0.1}, "C11 [001], C29 [001]",
                   "Baseline pull toward closer ties, whatever Seoul does.")
    cost_l5: Pos = p(0.3, "C7 [001]", "Monthly cost x reservation of holding L5+ (conventional tech).")
    cost_l6: Pos = p(0.6, "C7 [001]", "Monthly cost x reservation of holding L6 (high-end WMD help).")
    china_cost: Pos = p(1.0, "C8 [001]", "Monthly cost x China's restraint x tension of holding L6.")
    w_market: Pos = p(0.3, "C22 [004]", "Value of Seoul's future market: costs escalation x ROK-Russia relation.")
    switch_cost: Pos = p(0.1, "assumption", "Utility cost of moving one rung.")
    ire_kappa_direct: Pos = p({"dist": "triangular", "low": 0.1, "mode": 0.3, "high": 0.6}, "C14 [003], C16 [001]",
                              "Level Putin's ire tends to under open direct aid (A3).")
    ire_indirect_ratio: Prob = p({"dist": "uniform", "low": 0.1, "high": 0.5}, "C15 [003], C16 [001]",
                                 "Ire under indirect supply as a share of the direct level.")
    ire_a4_multiplier: Mult = p(1.5, "Q35 [001]; magnitude assumption", "Ire target under A4 relative to A3.")
    ire_decay: Prob = p({"dist": "uniform", "low": 0.85, "high": 0.98}, "C14 [003]", "Monthly persistence of ire.")
    ire_nato: Pos = p(0.05, "C20 [002]", "Ire added per NATO rung Seoul climbs.")
    ladder_init: Rung = p(4, "Q37 [004] (June 2024 treaty)", "Russia-DPRK rung at the start.")
    decay_after_war: Prob = p({"dist": "uniform", "low": 0.02, "high": 0.10}, "C32 [004]",
                              "Monthly chance the ladder drops a rung once the war has ended.")
    limits_mechanism: Prob = p(0, "C9 [001] (competing hypothesis)",
                               "1 switches on 'upping the ante exposes the partnership's limits'.")
    limits_strength: Pos = p(0.5, "C9 [001]; magnitude assumption", "Extra L5/L6 cost when the limits mechanism binds.")


class DPRK(Group):
    """North Korea: munitions supply, its wish list, capability (Richardson) and provocations."""

    tau: Pos = tau("the DPRK")
    capacity_per_month: Pos = p({"dist": "triangular", "low": 60000, "mode": 150000, "high": 250000}, "Q1 [000]",
                                "Most shells the DPRK can send per month.", "shells/month")
    supply_share_l2: Prob = p(0.6, "C28 [001][004]; share assumption", "Share of capacity sent at L2 (need 0.5).")
    supply_share_per_rung: Prob = p(0.1, "C28 [001][004]; share assumption", "Extra share of capacity per rung above L2.")
    press_bonus: Pos = p(0.2, "C4 [001]", "Extra supply in a month Pyongyang presses its wish list.")
    need_floor: Pos = p(0.5, "C3 [001]; level assumption",
                        "Supply scales with (need_floor + need) / (need_floor + 1): some shells flow even at no need.")
    leverage_weight: Pos = p(1.0, "C4 [001]", "Utility of PRESS_WISHLIST per unit of Russia's need.")
    front_weight: Pos = p(0.2, "C38 [002]", "Utility of PRESS_WISHLIST per NATO rung of Seoul (united front).")
    press_cost: Pos = p(0.5, "assumption", "Utility cost of pressing Moscow.")
    capability_init: Pos = p(1.0, "assumption (index)", "DPRK capability index at the start.")
    growth: Pos = p({"dist": "uniform", "low": 0.005, "high": 0.02}, "C10 [001]",
                    "Autonomous monthly capability growth (> 0: 'with or without Russian support').")
    growth_l5: Pos = p({"dist": "uniform", "low": 0.005, "high": 0.015}, "C26 [000]", "Extra growth at L5+ (Russian tech).")
    growth_l6: Pos = p({"dist": "uniform", "low": 0.01, "high": 0.03}, "C6 [001], C26 [000]", "Extra growth at L6.")
    fatigue: Pos = p({"dist": "uniform", "low": 0.0, "high": 0.002}, "Richardson; assumption", "Monthly capability fatigue x capability.")
    cyber_share: Prob = p({"dist": "truncnormal", "mean": 0.5, "sd": 0.1, "low": 0.2, "high": 0.8}, "Q25 [002]",
                          "Share of the missile programme funded by cyber theft.")
    cyber_effect_per_rung: Prob = p({"dist": "uniform", "low": 0.0, "high": 0.1}, "C71 [002]",
                                    "Cut in cyber-funded growth per NATO rung (cyber cooperation).")
    provocation_rate: Pos = p({"dist": "uniform", "low": 0.1, "high": 0.5}, "C36 [003], [001]",
                              "Provocations (tests) per month, Poisson.", "1/month")
    provocation_tension: Pos = p(0.05, "C36 [003]; magnitude assumption", "Tension added by a provocation month.")


class China(Group):
    """China: restraint on Moscow, pushback on Seoul's NATO ties."""

    tau: Pos = tau("China")
    restraint: Prob = p({"dist": "beta", "a": 2, "b": 3}, "C8 [001]", "How hard Beijing leans on Moscow against L6.")
    restrain_boost: Pos = p(1.0, "C8 [001] (mechanism inferred)", "Cost on Russia's L6 rises by this share in a RESTRAIN month.")
    stability_weight: Pos = p(1.0, "C8 [001]", "Utility of RESTRAIN_MOSCOW per unit of restraint, x (1 + rungs above alarm_rung).")
    alarm_rung: Rung = p(4, "C8 [001]; Q37 [004] (the treaty rung)", "Rung above which Beijing's alarm grows.")
    partnership_cost: Pos = p(0.3, "C85 [000]", "Utility cost of restraining its partner Moscow.")
    pushback_weight: Pos = p(0.4, "C39 [002]", "Utility of PUSHBACK per NATO rung of Seoul.")
    pushback_cost: Pos = p(0.5, "C87 [004]", "Utility cost of pushback (the ROK market).")
    pushback_hit: Pos = p(0.01, "C39 [002]", "China-ROK relation lost in a pushback month.")
    relation_init: Prob = p(0.5, "assumption", "China-ROK relation at the start.")
    nato_effect: Pos = p(0.05, "C39 [002], C86 [000]", "China-ROK relation target lost per NATO rung.")
    relation_rate: Prob = p(0.1, "assumption", "Monthly adjustment of the China-ROK relation to its target.")


class Europe(Group):
    """NATO and European states: goodwill, requests and orders of Korean arms."""

    tau: Pos = tau("NATO/Europe")
    goodwill_init: Prob = p(0.3, "assumption", "European goodwill to Seoul at the start.")
    gain_a1: Pos = p({"dist": "uniform", "low": 0.0, "high": 0.05}, "C59 [000], C67 [001]", "Monthly goodwill gain at A1.")
    gain_a2: Pos = p({"dist": "uniform", "low": 0.0, "high": 0.05}, "[001] (refill stocks)", "Extra monthly gain at A2 over A1.")
    gain_a3: Pos = p({"dist": "uniform", "low": 0.0, "high": 0.05}, "C57 [001]", "Extra monthly gain at A3 over A2.")
    gain_a4: Pos = p({"dist": "uniform", "low": 0.0, "high": 0.05}, "C57 [001]", "Extra monthly gain at A4 over A3.")
    gain_per_nato_rung: Pos = p(0.003, "C61 [000]", "Monthly goodwill gain per NATO rung.")
    deepen_gain: Pos = p(0.005, "[000][001][004] partnership", "Goodwill gain in a DEEPEN_PARTNERSHIP month.")
    goodwill_decay: Prob = p(0.05, "assumption", "Monthly decay of goodwill.")
    eu_base_bn: Pos = p({"dist": "uniform", "low": 6, "high": 13}, "Q5-Q7 [000][002][004], Q15 [002]",
                        "ROK arms exports to Europe, base run rate.", "USD bn/year")
    goodwill_elasticity: Pos = p({"dist": "uniform", "low": 0.0, "high": 0.5}, "C57 [001]", "Export uplift per unit of goodwill.")
    war_uplift: Pos = p({"dist": "uniform", "low": 0.0, "high": 0.5}, "C60 [002]", "Export uplift while the war goes on.")
    nato_uplift: Pos = p({"dist": "uniform", "low": 0.0, "high": 0.5}, "C61 [000]", "Export uplift at G3 (scaled by rung/3).")
    surge_uplift: Pos = p({"dist": "uniform", "low": 0.0, "high": 0.2}, "C64 [001]", "Export uplift from the production surge (A2+).")
    request_weight: Pos = p(1.0, "C65, C66 [001]", "Utility of REQUEST_MORE per unit of Ukraine's shortfall while Seoul is indirect.")
    deepen_weight: Pos = p(0.5, "[001][004]", "Utility of DEEPEN_PARTNERSHIP per unit of goodwill.")
    hold_value: Pos = p(0.3, "assumption", "Utility of HOLD.")


class War(Group):
    """The war in Ukraine: battlefield and ceasefire hazard."""

    ukr_init: Prob = p(0.5, "[001] July 2024 (0.5 = stalemate)", "Ukraine's battlefield position at the start.")
    sensitivity: Pos = p(0.02, "C1 [001]; magnitude assumption", "Monthly move of the position per supply_ref of net supply.")
    supply_ref: Pos = p(100000, "assumption", "Net shells per month that move the position by `sensitivity`.", "shells/month")
    noise_sd: Pos = p({"dist": "uniform", "low": 0.01, "high": 0.05}, "assumption (brief §6.3)", "Monthly battlefield noise (sd).")
    end_hazard: Prob = p({"dist": "uniform", "low": 0.01, "high": 0.04}, "C2 [001]; magnitude assumption",
                         "Monthly chance the war ends (ceasefire) at baseline.")
    trump_multiplier: Mult = p({"dist": "triangular", "low": 1, "mode": 2, "high": 4}, "C80 [001]",
                               "War-end hazard multiplier in a month Trump pushes to end the war.")
    prolong_multiplier: Damp = p({"dist": "uniform", "low": 0.5, "high": 0.95}, "C2 [001]",
                                 "War-end hazard multiplier while Seoul gives direct aid (A3+).")


class Relations(Group):
    """Seoul's relation with Moscow and the ~160 Korean firms in Russia."""

    rok_ru_init: Prob = p(0.45, "assumption ([003] cautious stance)", "ROK-Russia relation at the start.")
    rok_ru_rest: Prob = p(0.5, "assumption", "Level the ROK-Russia relation recovers toward.")
    rok_ru_recovery: Prob = p(0.05, "assumption", "Monthly recovery rate of the ROK-Russia relation.")
    rok_ru_ire: Pos = p(0.02, "C14 [003]", "ROK-Russia relation lost per month per unit of ire.")
    rok_ru_direct: Pos = p(0.005, "C16 [001]", "Extra relation lost per month of open direct aid.")
    firms_in_russia: Pos = p(160, "Q21 [003]", "Korean firms operating in Russia.", "firms")


class Tension(Group):
    """Peninsula tension (Richardson dynamics)."""

    init: Pos = p(1.0, "assumption (index)", "Peninsula tension at the start.")
    capability_reaction: Pos = p(1.0, "C18 [003]", "Tension per unit of DPRK capability gain.")
    nato_reaction: Pos = p(0.05, "C37, C42 [002]", "Tension per NATO rung climbed.")
    ladder_reaction: Pos = p(0.02, "C18 [003], C38 [002]", "Monthly tension per rung/6 of the Russia-DPRK ladder.")
    restraint: Prob = p(0.05, "Richardson; assumption", "Monthly fatigue of tension x tension.")
    drift: Pos = p(0.04, "C92 [003]", "Positive monthly grievance drift.")


class Events(Group):
    """Exogenous events drawn per replication."""

    atrocity_hazard: Prob = p({"dist": "uniform", "low": 0.0, "high": 0.05}, "C43 [003]; hazard assumption",
                              "Monthly chance of a mass atrocity (Yoon's April 2023 trigger).")


class Parameters(Group):
    rok: Rok = Rok()
    opposition: Opposition = Opposition()
    public: Public = Public()
    us: US = US()
    russia: Russia = Russia()
    dprk: DPRK = DPRK()
    china: China = China()
    europe: Europe = Europe()
    war: War = War()
    relations: Relations = Relations()
    tension: Tension = Tension()
    events: Events = Events()


def flatten(parameters: Parameters) -> dict[str, Any]:
    """{'china.restraint': spec, ...} in catalogue order."""
    return {f"{group}.{name}": getattr(getattr(parameters, group), name)
            for group in type(parameters).model_fields
            for name in type(getattr(parameters, group)).model_fields}
