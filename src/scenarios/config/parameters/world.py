"""The war, Seoul's relation with Moscow, peninsula tension, and exogenous events."""

from __future__ import annotations

from .catalogue import Mult, Pos, Prob, p
from .seoul import Group


class War(Group):
    """The war in Ukraine: battlefield and the monthly chance of a ceasefire."""

    ukr_init: Prob = p(0.5, "[001] July 2024", "calibrated: 0.5 is the stalemate by the scale's definition",
                       "Ukraine's battlefield position at the start (0.5 = stalemate).", plausible=(0.3, 0.7))
    sensitivity: Pos = p(0.02, "C1 [001] 'to which artillery is critical'", "assumption",
                         "Monthly move of the position per supply_ref of net artillery supply.", plausible=(0.005, 0.05))
    supply_ref: Pos = p(100000, "structural", "assumption: sets the unit with sensitivity",
                        "Net shells per month that move the position by `sensitivity`.", "shells/month",
                        (50000, 200000))
    noise_sd: Pos = p({"dist": "uniform", "low": 0.01, "high": 0.05}, "structural", "assumption",
                      "Monthly battlefield noise (sd).")
    end_hazard: Prob = p({"dist": "uniform", "low": 0.01, "high": 0.04}, "C2 [001]", "assumption: a wide prior",
                         "Monthly chance the war ends at stalemate with July 2024's supply.")
    position_effect: Pos = p(2.0, "C1, C2 [001]: a stronger Ukraine fights on", "assumption",
                             "Hazard x exp(-this x (position - 0.5)).", plausible=(0, 5))
    supply_elasticity: Pos = p(1.0, "C2 [001] 'prolong the conflict'", "assumption",
                               "Hazard x (July 2024 supply / this month's supply to Ukraine) ^ this.",
                               plausible=(0, 2))
    trump_multiplier: Mult = p({"dist": "triangular", "low": 1, "mode": 2, "high": 4}, "C80 [001]",
                               "assumption: a wide prior", "Hazard multiplier in a month Trump pushes to end the war.")


class Relations(Group):
    """Seoul's relation with Moscow and the ~160 Korean firms in Russia."""

    rok_ru_init: Prob = p(0.45, "K1 [003] 'a cautious stance toward Russia'", "assumption",
                          "ROK-Russia relation at the start.", plausible=(0.3, 0.6))
    rok_ru_rest: Prob = p(0.5, "structural", "assumption", "Level the ROK-Russia relation recovers toward.",
                          plausible=(0.3, 0.7))
    rok_ru_recovery: Prob = p(0.05, "structural", "assumption", "Monthly recovery rate of the ROK-Russia relation.",
                              plausible=(0.01, 0.15))
    rok_ru_ire: Pos = p(0.02, "C14 [003]", "assumption", "ROK-Russia relation lost per month per unit of ire.",
                        plausible=(0, 0.06))
    rok_ru_direct: Pos = p(0.005, "C16 [001] deniability protects the relation", "assumption",
                           "Extra relation lost per month of open direct aid.", plausible=(0, 0.02))
    firms_in_russia: Pos = p(160, "C17 [003]", "article: Q21 [003] 'approximately 160 Korean companies'",
                             "Korean firms operating in Russia.", "firms", (120, 200))


class Tension(Group):
    """Peninsula tension (Richardson dynamics)."""

    init: Pos = p(1.0, "structural", "assumption: an index", "Peninsula tension at the start.", plausible=(0.5, 2))
    capability_reaction: Pos = p(1.0, "C18 [003]", "assumption", "Tension per unit of DPRK capability gain.",
                                 plausible=(0, 3))
    nato_reaction: Pos = p(0.05, "C37 [002], C42 [002]", "assumption", "Tension per NATO rung climbed.",
                           plausible=(0, 0.2))
    ladder_reaction: Pos = p(0.02, "C18 [003], C38 [002]", "assumption",
                             "Monthly tension per rung/6 of the Russia-DPRK ladder.", plausible=(0, 0.06))
    restraint: Prob = p(0.05, "structural (Richardson)", "assumption", "Monthly fatigue of tension x tension.",
                        plausible=(0.01, 0.15))
    drift: Pos = p(0.04, "C92 [003] 'likely to increase'", "assumption", "Positive monthly grievance drift.",
                   plausible=(0, 0.1))


class Events(Group):
    """Exogenous events drawn per replication."""

    atrocity_hazard: Prob = p({"dist": "uniform", "low": 0.0, "high": 0.02}, "C43 [003] (D2)",
                              "assumption: a mean of one such event in ~8 years (a 0.05 ceiling gave "
                              "Seoul a trigger in half the runs, although it held out through 2022-24)", "Monthly chance of a mass atrocity (Yoon's April 2023 trigger).", label="Monthly atrocity hazard")
