"""Russia, the DPRK and China: the reciprocation ladder and its brakes."""

from __future__ import annotations

from .catalogue import Mult, Pos, Prob, Rung, Switch, p, tau
from .seoul import Group


class Russia(Group):
    """Russia: its ladder choice (L0..L6) from need, ire, Pyongyang's pressure and the brakes."""

    tau: Pos = tau("Russia", 0.005, (0.001, 0.3))
    p_retaliatory_type: Prob = p({"dist": "beta", "a": 2, "b": 2}, "C5 [001], C14 [003]",
                                 "assumption: an uninformed prior", "P(Russia's hidden type is retaliatory).")
    restrained_ire_factor: Prob = p(0.25, "C5 [001]", "assumption",
                                    "A restrained Russia weighs its ire by this factor (retaliatory: 1).",
                                    plausible=(0, 1))
    reservation: Prob = p({"dist": "beta", "a": 2, "b": 2}, "C7 [001] 'its own reservations'", "assumption",
                          "Russia's reservations about what Pyongyang might do with its technology.", label="Russia's reservations")
    need_base: Prob = p({"dist": "uniform", "low": 0.3, "high": 0.7},
                        "C5 [001] 'the level of Russia's need', C23 [000]",
                        "assumption: the articles give no level; a wide range around the middle",
                        "Russia's need for munitions at the July 2024 stalemate (0-1).", label="Russia's need for munitions")
    need_elasticity: Pos = p({"dist": "truncnormal", "mean": 0.5, "sd": 0.15, "low": 0.1, "high": 1.0},
                             "C3 [001], C34 [004]",
                             "assumption: centred on 0.5; the edge it multiplies also counts supply",
                             "Rise in Russia's need per unit of Ukraine's edge: its position above stalemate plus its "
                             "artillery supply's relative excess over July 2024's.", label="Russia's need elasticity")
    own_supply_per_month: Pos = p(60000, "C24 [000]: DPRK shells add to Russia's own",
                                  "calibrated: with Western supply, July 2024 is near stalemate",
                                  "Russia's own artillery supply to the front.", "shells/month", (40000, 90000))
    w_need: Pos = p(1.0, "C3, C5 [001]", "assumption: sets the unit of Russia's utility",
                    "Value of DPRK munitions: need x share of DPRK capacity delivered at the rung.",
                    plausible=(0.3, 3))
    w_press: Pos = p(0.6, "C4, C5 [001]: Pyongyang presses its wish list", "assumption",
                     "Value, per rung above L2 (oil and finance, the treaty, technology, high-end help), of meeting "
                     "the wish list when Pyongyang presses (times need: its leverage).", plausible=(0.2, 1.5), label="Value of Pyongyang's wish list")
    w_ire: Pos = p(0.5, "C5 [001] 'Putin's ire toward Seoul', C14 [003]", "assumption",
                   "Value of punishing Seoul: ire x rungs of technology help.", plausible=(0.3, 3))
    cost_l5: Pos = p(0.4, "C7 [001]", "assumption", "Monthly cost x reservation of giving technology help (L5+).",
                     plausible=(0.1, 1))
    cost_l6: Pos = p(0.5, "C7 [001]", "assumption", "Extra monthly cost x reservation of high-end help (L6).",
                     plausible=(0.2, 2))
    china_cost: Pos = p(0.4, "C8 [001] 'Beijing ... would not welcome'", "assumption",
                        "Monthly cost x China's restraint of holding L6.", plausible=(0.3, 3))
    w_market: Pos = p(0.4, "C22 [004] 'Seoul might be a better market'", "assumption",
                      "Value of Seoul's market: costs each rung above L1 x the ROK-Russia relation.",
                      plausible=(0, 1), label="Value of Seoul's market")
    step_down_cost: Pos = p(0.5, "C31 [004] 'likely to become similarly prolonged'", "assumption",
                            "Cost of stepping down a rung while the war lasts (commitments: the treaty, transfers "
                            "under way).", plausible=(0, 1))
    switch_cost: Pos = p(0.05, "structural", "assumption", "Utility cost of moving one rung.", plausible=(0, 0.2), label="Russia's switching cost")
    credibility: Prob = p({"dist": "uniform", "low": 0.0, "high": 1.0},
                          "C13 [001] (declared policy gives leverage) vs C11 [001] (warnings are bucked)",
                          "assumption: the articles disagree; 0 is C11's reading, 1 C13's",
                          "How seriously Moscow takes Seoul's declared conditional threat.", label="Credibility of Seoul's threat")
    w_rok_direct: Pos = p(0.5, "D1 [001] 'Moscow must decide which of the two Koreas is more important'",
                          "assumption", "Monthly cost to Russia of Seoul's direct aid, as Moscow anticipates it.",
                          plausible=(0, 1.5))
    ire_kappa_direct: Pos = p({"dist": "triangular", "low": 0.1, "mode": 0.3, "high": 0.6}, "C14 [003], C16 [001]",
                              "assumption: a wide prior", "Level Putin's ire tends to under open direct aid (A3).", label="Putin's ire at open aid")
    ire_indirect_ratio: Prob = p({"dist": "uniform", "low": 0.1, "high": 0.5}, "C15 [003], C16 [001]",
                                 "assumption: a wide prior",
                                 "Ire under indirect supply (A1) as a share of the direct level; A2 scales it by "
                                 "its larger volume.")
    ire_a4_multiplier: Mult = p(1.5, "C1 [001] (Q35)", "assumption",
                                "Ire target under A4 relative to A3.", plausible=(1, 3))
    ire_decay: Prob = p({"dist": "uniform", "low": 0.85, "high": 0.98}, "C14 [003]", "assumption: a wide prior",
                        "Monthly persistence of ire.")
    ire_nato: Pos = p(0.05, "C20 [002] 'treat South Korea as an adversary'", "assumption",
                      "Ire added per NATO rung Seoul climbs.", plausible=(0, 0.2))
    ladder_init: Rung = p(4, "Q37 [004] the June 2024 treaty", "article: the July 2024 rung by the ladder's definition",
                          "Russia-DPRK rung at the start.", plausible=(3, 5))
    decay_after_war: Prob = p({"dist": "uniform", "low": 0.02, "high": 0.10},
                              "C32 [004] 'likely to be a short-term cooperation', C22 [004]", "assumption: a wide prior",
                              "Monthly chance the partnership loses a rung once the war has ended.")
    limits_mechanism: Switch = p(0, "C9 [001] (competing hypothesis)",
                                 "assumption: off by default; the seminar switch",
                                 "1 switches on 'upping the ante exposes the partnership's limits'.", plausible=(0, 1))
    limits_strength: Pos = p(0.5, "C9 [001]", "assumption", "Extra L5/L6 cost when the limits mechanism binds.",
                             plausible=(0, 1.5), screen_with={"russia.limits_mechanism": 1})


class DPRK(Group):
    """North Korea: munitions supply, its wish list, capability (Richardson) and provocations."""

    tau: Pos = tau("the DPRK", 0.05, (0.01, 0.5))
    capacity_per_month: Pos = p({"dist": "triangular", "low": 60000, "mode": 150000, "high": 250000},
                                "C25 [000] volumes Europe cannot match",
                                "article: Q1 [000] up to 1,000,000 shells in 2023: /12 = 83,000, /4 (from Sep) = "
                                "250,000", "Most shells the DPRK can send per month.", "shells/month", label="DPRK shell capacity")
    supply_share_l2: Prob = p(0.6, "C28 [001][004] munitions for the embrace", "assumption",
                              "Share of capacity sent at L2.", plausible=(0.3, 0.9))
    supply_share_per_rung: Prob = p(0.1, "C28 [001][004] the rungs are priced in munitions", "assumption",
                                    "Extra share of capacity per rung above L2.", plausible=(0, 0.2))
    press_bonus: Pos = p(0.2, "C4 [001]", "assumption",
                         "Extra supply in a month Pyongyang presses (it bargains with munitions).",
                         plausible=(0, 0.5))
    need_floor: Pos = p(0.5, "C3 [001]", "assumption",
                        "Supply scales with (need_floor + need) / (need_floor + 1): some shells flow at no need.",
                        plausible=(0.1, 2))
    leverage_weight: Pos = p(1.0, "C4 [001] Russia's need is Pyongyang's leverage", "assumption",
                             "Utility of PRESS_WISHLIST per unit of Russia's need.", plausible=(0.3, 3))
    front_weight: Pos = p(0.2, "C38 [002] united front against Seoul's NATO ties", "assumption",
                          "Utility of PRESS_WISHLIST at the top NATO rung (x rung/5).", plausible=(0, 0.6))
    press_cost: Pos = p(0.4, "structural", "assumption", "Utility cost of pressing Moscow.", plausible=(0.1, 1))
    capability_init: Pos = p(1.0, "structural", "assumption: an index", "DPRK capability index at the start.",
                             plausible=(0.5, 2))
    growth: Pos = p({"dist": "uniform", "low": 0.005, "high": 0.02}, "C10 [001] 'with or without Russian support'",
                    "assumption: a wide prior", "Autonomous monthly capability growth.")
    growth_l5: Pos = p({"dist": "uniform", "low": 0.005, "high": 0.015}, "C26 [000]", "assumption",
                       "Extra growth at L5+ (Russian technology).")
    growth_l6: Pos = p({"dist": "uniform", "low": 0.01, "high": 0.03}, "C6 [001], C26 [000]", "assumption",
                       "Extra growth at L6.")
    fatigue: Pos = p({"dist": "uniform", "low": 0.0, "high": 0.002}, "structural (Richardson)", "assumption",
                     "Monthly capability fatigue x capability.")
    cyber_share: Prob = p({"dist": "truncnormal", "mean": 0.5, "sd": 0.1, "low": 0.2, "high": 0.8}, "C71 [002]",
                          "article: Q25 [002] 'nearly half' of the missile programme funded by cyber theft",
                          "Share of the weapons programme funded by cyber theft.")
    cyber_effect_per_rung: Prob = p({"dist": "uniform", "low": 0.0, "high": 0.1}, "C71 [002]",
                                    "assumption: a wide prior",
                                    "Cut in cyber-funded growth per NATO rung above G2 (CCDCOE onwards).")
    provocation_rate: Pos = p({"dist": "uniform", "low": 0.1, "high": 0.5}, "C36 [003], [001] testing campaign",
                              "assumption: a wide prior", "Provocations (tests) per month, Poisson.", "1/month")
    provocation_tension: Pos = p(0.05, "C36 [003]", "assumption", "Tension added by a provocation month.",
                                 plausible=(0, 0.15))


class China(Group):
    """China: restraint on Moscow's high-end help, pushback on Seoul, and its support for Russia's war."""

    tau: Pos = tau("China", 0.05, (0.01, 0.5))
    restraint: Prob = p({"dist": "beta", "a": 2, "b": 3}, "C8 [001] 'likely would not welcome'",
                        "assumption: a wide prior (the mechanism is inferred)",
                        "How hard Beijing leans on Moscow against L6.", label="China's restraint")
    restrain_boost: Pos = p(0.5, "C8 [001] (mechanism inferred)", "assumption",
                            "Russia's L6 cost rises by this share in a month Beijing restrains it.", plausible=(0, 3))
    stability_weight: Pos = p(1.0, "C8 [001] stability on the peninsula", "assumption",
                              "Utility of RESTRAIN_MOSCOW per unit of restraint, x rungs at or above alarm_rung.",
                              plausible=(0.3, 3))
    alarm_rung: Rung = p(5, "C8 [001] 'full speed ahead' on high-end capabilities", "assumption",
                         "Rung from which Beijing's alarm starts (technology help).", plausible=(4, 6))
    partnership_cost: Pos = p(0.3, "C85 [000] China backs Russia", "assumption",
                              "Utility cost of restraining its partner Moscow.", plausible=(0, 1))
    pushback_weight: Pos = p(0.5, "C39 [002] 'strongest pushback may come from China'", "assumption",
                             "Utility of PUSHBACK at the top NATO rung (x rung/5).", plausible=(0.1, 1.5))
    pushback_cost: Pos = p(0.4, "C87 [004] the Chinese market", "assumption", "Utility cost of pushback in a month.",
                           plausible=(0.1, 1))
    pushback_hit: Pos = p(0.01, "C39 [002]", "assumption", "China-ROK relation lost in a pushback month.",
                          plausible=(0, 0.03))
    relation_init: Prob = p(0.5, "structural", "assumption", "China-ROK relation at the start.", plausible=(0.3, 0.7))
    nato_effect: Pos = p(0.05, "C39 [002], C86 [000]", "assumption",
                         "China-ROK relation target lost per NATO rung above the start.", plausible=(0, 0.15))
    aid_effect: Pos = p(0.05, "C85 [000] China backs Russia (inferred: it resents arms against its partner)",
                        "assumption", "China-ROK relation target lost while Seoul sends direct aid (x volume).",
                        plausible=(0, 0.15))
    relation_rate: Prob = p(0.1, "structural", "assumption", "Monthly adjustment of the China-ROK relation.",
                            plausible=(0.02, 0.3))
    enable_weight: Pos = p(0.8, "C85 [000] 'economic and technological support'", "assumption",
                           "Utility of supporting Russia's war economy per unit of Russia's need.", plausible=(0.2, 2))
    reputation_cost: Pos = p(0.4, "C89 [001] 'cannot enable the largest war ... without' costs", "assumption",
                             "Utility cost of enabling Russia (reputation, NATO's warning).", plausible=(0.1, 1))
    support_shells: Pos = p(10000, "C85 [000]", "assumption",
                            "Shell-equivalents Russia's front gains in a month China enables it.", "shells/month",
                            (0, 30000))
