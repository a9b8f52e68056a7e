"""Seoul: the government's choices and supplies, the opposition and the Assembly, public opinion."""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict, model_validator

from ..distributions import WeightSpec
from .catalogue import Grung, Mult, Pos, Prob, Rung, p, tau

ROK_FEATURES = ("security", "us", "europe", "industry", "russia", "china", "domestic")


class Group(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rok(Group):
    """Seoul's government: utility weights, supplies by aid rung, triggers, beliefs."""

    weights: WeightSpec = p({"dist": "dirichlet", "alpha": {"security": 4, "us": 3, "europe": 2, "industry": 2,
                                                               "russia": 2, "china": 1, "domestic": 2}},
                            "interests of §1.1: deterrence and the alliance first [000], exports [000][002], "
                            "Russia ties [003], China [000][004], domestic constraint [001]",
                            "assumption: alpha ordered by the emphasis the articles give each interest",
                            "Weights of Seoul's utility features (endogenous aid and the NATO track); sum to 1.",
                            plausible=(0, 1))
    tau: Pos = tau("the ROK government", 0.01, (0.002, 0.3))
    switch_cost: Pos = p({"dist": "uniform", "low": 0.1, "high": 0.3}, "C19 [003] 'not easy to decide'",
                         "calibrated: history matching on 2022-24 (Seoul never went direct; docs/validation.md) "
                         "rules out most of 0.02-0.1",
                         "Status-quo inertia: utility cost of moving one aid rung.", plausible=(0.02, 0.4), label="Seoul's status-quo inertia")
    foresight_months: Pos = p(12, "C6 [001], C18 [003]: security is long-horizon",
                              "assumption: a year, the span of the articles' look ahead",
                              "Months over which Seoul weighs the chance that Russia escalates in response.",
                              "months", (3, 30))
    threat_per_rung: Pos = p(1.0, "C6 [001], C18 [003]", "assumption: sets the unit of the security feature",
                             "Threat Seoul feels from one rung of Russian technology help to the DPRK (L5, L6).",
                             plausible=(0.25, 4))
    nato_security_value: Pos = p(0.3, "C21 [004], C46 [004], C70 [002], C71 [002]",
                                 "assumption: a third of one rung of Russian technology help at L6",
                                 "Security value of one NATO rung deeper, times the Russia-DPRK rung / 6.",
                                 plausible=(0, 1))
    indirect_per_month: Pos = p({"dist": "triangular", "low": 20000, "mode": 25000, "high": 41700},
                                "C59 [000], C16 [001]: indirect supply via the US and Poland",
                                "article: Q2 [001] >300,000 shells lent by end 2023 / 12 = 25,000; "
                                "Q3 [003] 500,000 reported / 12 = 41,700",
                                "155 mm shells reaching Ukraine indirectly per month at A1+.", "shells/month")
    surge_per_month: Pos = p({"dist": "uniform", "low": 5000, "high": 15000},
                             "C64 [001] 'capacity to scale up production'", "assumption: no figure in the articles",
                             "Extra shells reaching Ukraine via refilled European stocks at A2+.", "shells/month")
    direct155_per_month: Pos = p({"dist": "uniform", "low": 10000, "high": 40000}, "C1 [001] 'additional 155-mm'",
                                 "assumption: the order of the indirect flow",
                                 "Direct 155 mm shells per month at A3+.", "shells/month")
    direct105_multiplier: Mult = p({"dist": "uniform", "low": 1.5, "high": 4.0},
                                   "C1 [001] 'much larger amounts of 105-mm shells' (Q35)",
                                   "assumption: the article gives no number",
                                   "A4 sends direct shells at (1 + this) times A3's volume.")
    theta_ladder: Rung = p({"dist": "choice", "values": [5, 6]}, "C44 [001], C45 [004] (D1)",
                           "assumption: 'level and substance' read as technology help (L5) or high-end help (L6)",
                           "D1 trigger: the Russia-DPRK rung at which Seoul goes direct.")
    beta_atrocity: Pos = p({"dist": "uniform", "low": 0.1, "high": 0.5}, "C43 [003] (D2)", "assumption: a wide prior",
                           "Utility bonus for A3+ after a mass atrocity (endogenous mode).", label="Seoul's atrocity trigger")
    beta_ladder: Pos = p({"dist": "uniform", "low": 0.1, "high": 0.5}, "C44 [001] (D1)", "assumption: a wide prior",
                         "Utility bonus for A3+ once the ladder reaches theta_ladder (endogenous mode).", label="Seoul's ladder trigger")
    belief_prior: Prob = p({"dist": "beta", "a": 2, "b": 2}, "structural (Bayesian type learning)",
                           "assumption: an uninformed prior", "Seoul's prior that Russia is the retaliatory type.")
    nato_init: Grung = p(3, "Q41, Q29 [000][001][004]: the Washington summit package, July 2024",
                         "article: the July 2024 rung by the track's definition",
                         "NATO track rung at the start (G3 = Washington summit package).", plausible=(2, 4))
    us_press_bonus: Pos = p({"dist": "uniform", "low": 0.0, "high": 0.05}, "C84 [001] 'private prodding'",
                            "assumption: small, since Seoul held out under constant pressure through 2024", "Utility bonus for A3+ in a month Washington presses Seoul.", plausible=(0, 0.2))
    nato_request_bonus: Pos = p({"dist": "uniform", "low": 0.0, "high": 0.05},
                                "C66 [001] Stoltenberg's requests",
                                "assumption: small, since Seoul held out under repeated requests through 2024", "Utility bonus for A3+ in a month NATO asks for more.", plausible=(0, 0.2))
    p_veto: Prob = p({"dist": "beta", "a": 9, "b": 1}, "C51 [001] 'forcing Yoon to exercise yet another veto'",
                     "assumption: a veto is the expected response", "P(the president vetoes the approval bill).")

    @model_validator(mode="after")
    def _weight_names(self):
        names = tuple(self.weights.alpha if hasattr(self.weights, "alpha") else self.weights)
        if sorted(names) != sorted(ROK_FEATURES):
            raise ValueError(f"weights must name exactly {', '.join(ROK_FEATURES)}; got {', '.join(names)}")
        if isinstance(self.weights, dict):
            values = list(self.weights.values())
            if not all(math.isfinite(v) and v >= 0 for v in values) or sum(values) <= 0:
                raise ValueError(f"fixed weights must be finite, non-negative and not all zero; got {self.weights}")
        return self


class Opposition(Group):
    """The progressive opposition and the National Assembly (two-level game): one bill, one veto."""

    tau: Pos = tau("the opposition", 0.05, (0.01, 0.5))
    majority: Prob = p({"dist": "bernoulli", "p": 0.9}, "C50 [001]",
                       "background: the opposition held the Assembly in 2024; the articles do not say",
                       "1 if the opposition holds a National Assembly majority.")
    p_pass: Prob = p({"dist": "beta", "a": 6, "b": 4}, "C50 [001]", "assumption",
                     "P(the approval bill passes | majority).")
    p_override: Prob = p({"dist": "uniform", "low": 0.0, "high": 0.1}, "C51 [001]",
                         "background: an override needs two thirds of the Assembly, more than the opposition held",
                         "P(the Assembly overrides the veto).")
    p_approve: Prob = p({"dist": "uniform", "low": 0.0, "high": 0.3}, "C50 [001]", "assumption",
                        "P(the Assembly approves direct aid in its one vote), once the law requires one.",
                        screen_with={"opposition.majority": 1, "opposition.p_pass": 1, "rok.p_veto": 0})
    mobilization_init: Prob = p({"dist": "uniform", "low": 0.2, "high": 0.4}, "C51 [001] 'already blames Yoon'",
                                "assumption", "Opposition mobilisation at the start.")
    mobilization_decay: Prob = p({"dist": "uniform", "low": 0.05, "high": 0.15}, "structural", "assumption",
                                 "Monthly decay of mobilisation.")
    mu_direct: Pos = p({"dist": "uniform", "low": 0.05, "high": 0.15}, "C47 [001] 'would gain steam'", "assumption",
                       "Mobilisation added per month of open direct aid (times the direct volume).")
    mu_threat: Pos = p(0.5, "C47 [001]: blamed for a worse security environment", "assumption",
                       "Mobilisation per unit rise in tension.", plausible=(0, 2))
    mu_low_approval: Pos = p(0.02, "C52 [001] 'very low approval ratings'", "assumption",
                             "Mobilisation per month times (1 - approval).", plausible=(0, 0.06))
    contest_weight: Pos = p(1.0, "C51 [001] 'would surely contest'", "assumption",
                            "Utility of CONTEST per unit of mobilisation (plus direct aid).", plausible=(0.3, 3))
    legislate_weight: Pos = p(2.0, "C50 [001]", "assumption",
                              "Utility of tabling the approval bill per unit of mobilisation x disapproval, "
                              "plus one if Seoul has announced direct aid.", plausible=(0.5, 5))
    contest_cost: Pos = p(0.3, "structural", "assumption", "Utility cost of contesting in a month.", plausible=(0, 1))
    legislate_cost: Pos = p(0.9, "structural", "assumption", "Utility cost of tabling the approval bill.",
                            plausible=(0.3, 2))
    contest_approval_hit: Pos = p(0.005, "C51, C53 [001]: a domestic showdown", "assumption",
                                  "Approval lost in a month the opposition contests.", plausible=(0, 0.02))


class Public(Group):
    """Public opinion: presidential approval."""

    approval_init: Prob = p({"dist": "beta", "a": 3, "b": 7}, "Q36 [001] 'very low approval ratings'",
                            "assumption: 'very low' put at a mean of 0.3", "Presidential approval at the start.")
    skepticism: Prob = p({"dist": "beta", "a": 5, "b": 3}, "C48 [001] 'may justifiably wonder why'", "assumption",
                         "Share of the public sceptical of a larger burden for Europe.")
    direct_backlash: Pos = p({"dist": "uniform", "low": 0.005, "high": 0.02}, "C48 [001]", "assumption",
                             "Approval lost per month of direct aid, times scepticism and the direct volume.")
    threat_backlash: Pos = p(0.2, "C56 [004] 'blamed the government'", "assumption",
                             "Approval lost per unit rise in tension.", plausible=(0, 0.6))
    rally: Pos = p({"dist": "uniform", "low": 0.0, "high": 0.05}, "structural", "assumption",
                   "Approval gained in an atrocity month while aid is direct.")
    reversion: Prob = p(0.05, "structural", "assumption", "Monthly pull of approval back to its starting level.",
                        plausible=(0.01, 0.2))
    noise_sd: Pos = p(0.01, "structural", "assumption", "Monthly approval noise (sd).", plausible=(0, 0.03))
