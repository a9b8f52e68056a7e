"""Seoul's partners: the US administration (Biden, or Trump after an election win) and NATO/Europe."""

from __future__ import annotations

from .catalogue import Pos, Prob, Signed, p, tau
from .seoul import Group


class US(Group):
    """The US administration and Western supply to Ukraine."""

    tau: Pos = tau("the US administration", 0.05, (0.01, 0.5))
    p_trump: Prob = p({"dist": "beta", "a": 5, "b": 5}, "Q43 [000], [001] frame the November 2024 race",
                      "assumption: an even race", "P(Trump wins the November 2024 election).", label="P(Trump wins)")
    trump_view: Signed = p({"dist": "uniform", "low": -1, "high": 1}, "C78 vs C79 [001] (competing readings)",
                           "assumption: both readings equally likely",
                           "+1: Trump rewards direct ROK aid as burden sharing; -1: penalises it as prolonging the war.", label="Trump's view of direct aid")
    western_supply_per_month: Pos = p({"dist": "triangular", "low": 80000, "mode": 120000, "high": 160000},
                                      "C65 [001]: Europe cannot fill the gap alone",
                                      "calibrated: with Russia's own supply, July 2024 is near stalemate",
                                      "Artillery shells Ukraine gets from the West (without the ROK).", "shells/month")
    trump_supply_cut: Prob = p({"dist": "uniform", "low": 0.3, "high": 0.8}, "C80 [001] 'curtail US support'",
                               "assumption", "Share of Western supply cut under a Trump administration.")
    biden_gain: Pos = p({"dist": "uniform", "low": 0.02, "high": 0.08}, "C84 [001]", "assumption",
                        "US-ROK relation target gain per aid rung (x rung/4) under Biden.")
    trump_gain: Pos = p(0.1, "C78 [001] 'set Seoul apart'", "assumption",
                        "US-ROK relation target shift x trump_view under Trump while Seoul sends direct aid.",
                        plausible=(0, 0.3))
    prolong_penalty: Pos = p(0.05, "C79 [001] 'prolonging the war'", "assumption",
                             "US-ROK relation target lost under Trump while direct aid and the war go on.",
                             plausible=(0, 0.15))
    cost_sharing_hit: Pos = p(0.05, "[001] 'cost-sharing crusade'", "assumption",
                              "US-ROK relation target lost in a cost-sharing month.", plausible=(0, 0.15))
    relation_init: Prob = p(0.7, "structural", "assumption", "US-ROK relation at the start.", plausible=(0.5, 0.9))
    relation_rate: Prob = p(0.2, "structural", "assumption", "Monthly adjustment of the US-ROK relation to its target.",
                            plausible=(0.05, 0.5))
    abandon_init: Prob = p(0.4, "[000] 'fears of abandonment'", "assumption", "Fear of abandonment at the start.",
                           plausible=(0.2, 0.6))
    abandon_war_drift: Pos = p(0.01, "C76 [000] the war absorbs US attention", "assumption",
                               "Abandonment fear added per month of war.", plausible=(0, 0.03))
    abandon_reassure: Pos = p(0.03, "C77 [000] Washington Declaration", "assumption",
                              "Abandonment fear removed by a month of REASSURE.", plausible=(0, 0.08))
    abandon_cost_sharing: Pos = p(0.03, "[001] free-riding rhetoric", "assumption",
                                  "Abandonment fear added by a month of cost-sharing pressure.", plausible=(0, 0.08))
    abandon_relation: Pos = p(1.0, "C78, C79 [001]: the alliance's state drives the fear", "assumption",
                              "Abandonment fear added per unit the US-ROK relation falls in a month.",
                              plausible=(0, 3))
    abandon_decay: Prob = p(0.02, "structural", "assumption", "Monthly decay of abandonment fear.",
                            plausible=(0, 0.1))
    press_weight: Pos = p(1.0, "C73 [003], C84 [001]", "assumption",
                          "Biden: utility of PRESS per unit of Ukraine's shortfall while Seoul is indirect.",
                          plausible=(0.3, 3))
    reassure_weight: Pos = p(1.0, "C77 [000]", "assumption", "Biden: utility of REASSURE per unit of abandonment fear.",
                             plausible=(0.3, 3))
    cost_sharing_weight: Pos = p(0.6, "[001] free riding", "assumption",
                                 "Trump: utility of cost-sharing pressure (less when Seoul's aid pleases him).",
                                 plausible=(0.2, 2))
    war_end_weight: Pos = p(1.0, "C80 [001] 'try to end the war'", "assumption",
                            "Trump: utility of PUSH_WAR_END while the war is on.", plausible=(0.3, 3))
    hold_value: Pos = p(0.3, "structural", "assumption", "Utility of HOLD (either administration).",
                        plausible=(0, 1))


class Europe(Group):
    """NATO and European states: goodwill, requests, partnership offers, orders of Korean arms."""

    tau: Pos = tau("NATO/Europe", 0.05, (0.01, 0.5))
    goodwill_init: Prob = p(0.3, "structural", "assumption", "European goodwill to Seoul at the start.",
                            plausible=(0.1, 0.6))
    gain_a1: Pos = p({"dist": "uniform", "low": 0.0, "high": 0.05}, "C59 [000], C67 [001]", "assumption: a wide prior",
                     "Monthly goodwill gain at A1.")
    gain_a2: Pos = p({"dist": "uniform", "low": 0.0, "high": 0.05}, "C64 [001] (refill stocks)",
                     "assumption: a wide prior", "Extra monthly goodwill gain at A2 over A1.")
    gain_a3: Pos = p({"dist": "uniform", "low": 0.0, "high": 0.05}, "C57 [001] 'significant goodwill'",
                     "assumption: a wide prior", "Extra monthly goodwill gain at A3 over A2.")
    gain_a4: Pos = p({"dist": "uniform", "low": 0.0, "high": 0.05}, "C57 [001]", "assumption: a wide prior",
                     "Extra monthly goodwill gain at A4 over A3.")
    gain_per_nato_rung: Pos = p(0.003, "C61 [000]", "assumption", "Monthly goodwill gain per NATO rung.",
                                plausible=(0, 0.01))
    goodwill_decay: Prob = p(0.05, "structural", "assumption", "Monthly decay of goodwill.", plausible=(0.02, 0.15))
    eu_base_bn: Pos = p({"dist": "uniform", "low": 6, "high": 13}, "C60 [002], C62 [000]",
                        "article: Q5-Q7 Poland deal $12.4-23bn [002][000][004] and Q15 $17.3bn exports in 2022 [002]; "
                        "the European share is an assumption", "ROK arms exports to Europe, base run rate.",
                        "USD bn/year")
    goodwill_elasticity: Pos = p({"dist": "uniform", "low": 0.0, "high": 0.5}, "C57 [001]", "assumption: a wide prior",
                                 "Export uplift per unit of goodwill.")
    war_uplift: Pos = p({"dist": "uniform", "low": 0.0, "high": 0.5}, "C60 [002]", "assumption: a wide prior",
                        "Export uplift while the war goes on.")
    nato_uplift: Pos = p({"dist": "uniform", "low": 0.0, "high": 0.5}, "C61 [000]", "assumption: a wide prior",
                         "Export uplift at the top NATO rung (G5), scaled by rung/5.")
    surge_uplift: Pos = p({"dist": "uniform", "low": 0.0, "high": 0.2}, "C64 [001]", "assumption",
                          "Export uplift from the production surge (A2+).")
    request_weight: Pos = p(1.0, "C65, C66 [001]", "assumption",
                            "Utility of REQUEST_MORE per unit of Ukraine's shortfall while Seoul is indirect.",
                            plausible=(0.3, 3))
    request_cost: Pos = p(0.3, "structural", "assumption", "Utility cost of asking Seoul for more in a month.",
                          plausible=(0, 1))
    offer_weight: Pos = p(0.5, "C61 [000], [001][004] the partnership's next steps", "assumption",
                          "Utility of offering the next NATO rung per unit of goodwill.", plausible=(0.1, 2))
    offer_cost: Pos = p(0.3, "structural", "assumption", "Utility cost of offering the next NATO rung in a month.",
                        plausible=(0, 1))
