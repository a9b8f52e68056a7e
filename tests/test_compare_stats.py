"""The comparison statistics against known answers and simulated coverage."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from scenarios.analysis import stats


def test_wilson_matches_the_closed_form():
    x, n, z = 13, 40, sps.norm.ppf(0.975)
    p = x / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    assert np.allclose(stats.wilson(x, n), (centre - half, centre + half))


@pytest.mark.parametrize("x, n", [(0, 1), (0, 50), (1, 2), (13, 40), (50, 50), (3, 2000), (1999, 2000), (7, 7)])
def test_wilson_equals_scipys_and_z95_is_the_normal_quantile(x, n):
    assert stats.Z95 == pytest.approx(sps.norm.ppf(0.975), abs=1e-15)
    ci = sps.binomtest(x, n).proportion_ci(confidence_level=0.95, method="wilson")
    assert stats.wilson(x, n) == pytest.approx((ci.low, ci.high), abs=1e-12)
    assert (stats.wilson(x, n)[0] == 0.0) == (x == 0) and (stats.wilson(x, n)[1] == 1.0) == (x == n)  # exactly


@pytest.mark.parametrize("n", [2, 5, 40, 1000, 1001])
def test_a_means_interval_in_a_summary_is_students_t_up_to_a_thousand_values(n):
    """It was the normal's at every n: 88% coverage at n = 5 (a seminar's quick run)."""
    from scenarios.analysis.metrics import Metric
    from scenarios.analysis.summary import describe

    values = np.random.default_rng(n).normal(3.0, 2.0, n)
    quantile = sps.t.ppf(0.975, n - 1) if n <= 1000 else stats.Z95
    half = quantile * values.std(ddof=1) / np.sqrt(n)
    stated = describe(values, Metric("x", "x", "x", "continuous"))
    assert stated["ci95"] == pytest.approx([values.mean() - half, values.mean() + half], rel=1e-12)
    assert stated["interval"] == ("t (mean)" if n <= 1000 else "normal (mean)")


def test_welch_and_paired_t_agree_with_textbook_formulas():
    rng = np.random.default_rng(1)
    a, b = rng.normal(0, 1, 80), rng.normal(0.3, 2, 120)
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    dof = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    half = sps.t.ppf(0.975, dof) * np.sqrt(va + vb)
    est = stats.welch_means(a, b)
    assert np.allclose([est.low, est.high], [b.mean() - a.mean() - half, b.mean() - a.mean() + half])
    c = a + rng.normal(0.2, 0.5, 80)
    d = c - a
    half = sps.t.ppf(0.975, 79) * d.std(ddof=1) / np.sqrt(80)
    est = stats.paired_means(a, c)
    assert np.allclose([est.low, est.high], [d.mean() - half, d.mean() + half])


def test_newcombe_paired_matches_the_textbook_example():
    """Fagerland, Lydersen & Laake, Statistical Analysis of Contingency Tables (2017), ch. 8: complete
    response before/after consolidation therapy (Cavo et al. 2012), table [[59, 6], [16, 80]]: Newcombe's
    square-and-add interval for the paired difference is -0.0621 (-0.1186 to -0.0046)."""
    before = np.array([1] * 59 + [1] * 6 + [0] * 16 + [0] * 80, bool)
    after = np.array([1] * 59 + [0] * 6 + [1] * 16 + [0] * 80, bool)
    est = stats.paired_proportions(after, before)  # difference: before - after
    assert (round(est.diff, 4), round(est.low, 4), round(est.high, 4)) == (-0.0621, -0.1186, -0.0046)


def test_the_paired_test_agrees_with_the_paired_interval_on_the_textbook_example():
    """The same table: Newcombe's interval excludes 0, and the exact McNemar test (p = 0.052) said the difference
    was not significant; McNemar's mid-p test (Fagerland, Lydersen & Laake 2013) gives 0.035, in agreement."""
    before = np.array([1] * 59 + [1] * 6 + [0] * 16 + [0] * 80, bool)
    after = np.array([1] * 59 + [0] * 6 + [1] * 16 + [0] * 80, bool)
    est = stats.paired_proportions(after, before)
    assert est.high < 0 and est.p_value < 0.05 and est.method.endswith("McNemar mid-p")
    exact = sps.binomtest(6, 22).pvalue
    assert round(exact, 3) == 0.052 and est.p_value == pytest.approx(exact - sps.binom.pmf(6, 22, 0.5), abs=1e-15)
    assert round(est.p_value, 3) == 0.035


def test_the_paired_test_and_interval_disagree_less_often_with_the_mid_p():
    """Over simulated small-count paired comparisons (the figures in stats.mcnemar_mid_p's docstring: 4,000 of
    them, 126 disagreements about 0.05 with the exact test, 24 with the mid-p), 2,000 here."""
    rng = np.random.default_rng(1)
    exact = mid = 0
    for _ in range(2000):
        n = int(rng.integers(20, 400))
        pa = rng.uniform(0.0, 0.3)
        pb = min(max(pa + rng.normal(0, 0.05), 0.0), 1.0)
        u = rng.random(n)
        a, b = u < pa, (u < pb) ^ (rng.random(n) < 0.05)
        est = stats.paired_proportions(a, b)
        excludes_zero = est.low > 0 or est.high < 0
        only_a, only_b = int((a & ~b).sum()), int((b & ~a).sum())
        p_exact = sps.binomtest(only_b, only_a + only_b).pvalue if only_a + only_b else 1.0
        exact += excludes_zero != (p_exact < 0.05)
        mid += excludes_zero != (est.p_value < 0.05)
    assert mid * 3 < exact, (mid, exact)


@pytest.mark.parametrize("events_a, events_b", [(0, 0), (1000, 1200)])
@pytest.mark.parametrize("n", [999, 1000])
def test_unpaired_proportions_without_any_difference_in_events_give_p_one(n, events_a, events_b):
    """From 1,000 runs an arm the test is the chi-squared one, which scipy refuses for a table with an empty column
    (no run had the event, or every run did): compare stopped with a ValueError on such an outcome."""
    a = np.zeros(n, bool) if events_a == 0 else np.ones(n, bool)
    b = np.zeros(n + 200, bool) if events_b == 0 else np.ones(n + 200, bool)
    est = stats.unpaired_proportions(a, b)
    assert est.p_value == 1.0 and est.low <= est.diff <= est.high


def test_the_unpaired_large_sample_test_is_pearsons_without_yates_correction():
    rng = np.random.default_rng(4)
    a, b = rng.random(1500) < 0.10, rng.random(1800) < 0.13
    table = [[int(b.sum()), 1800 - int(b.sum())], [int(a.sum()), 1500 - int(a.sum())]]
    assert stats.unpaired_proportions(a, b).p_value == pytest.approx(
        sps.chi2_contingency(table, correction=False)[1], rel=1e-12)


@pytest.mark.parametrize("only_a, only_b, expected", [(0, 0, 1.0), (5, 5, 1.0), (0, 5, 2 * 0.5**5 / 2),
                                                      (3, 0, 0.125), (40, 60, None)])
def test_mcnemar_mid_p_is_the_exact_test_less_the_observed_tables_probability(only_a, only_b, expected):
    d, k = only_a + only_b, min(only_a, only_b)
    mid = stats.mcnemar_mid_p(only_a, only_b)
    if expected is not None:
        assert mid == pytest.approx(expected, abs=1e-15)
    if d and only_a != only_b:
        assert mid == pytest.approx(sps.binomtest(k, d).pvalue - sps.binom.pmf(k, d, 0.5), abs=1e-12)
    assert mid == stats.mcnemar_mid_p(only_b, only_a)  # two-sided


def _paired_counts_ratio_coverage(n, both, only_a, only_b, runs=4000):
    """How often the paired risk ratio's interval covers the true ratio, over simulated runs of n matched pairs
    with these cell probabilities; also the share of intervals that were a single point."""
    rng = np.random.default_rng(2006)
    truth = (both + only_b) / (both + only_a)
    counts = rng.multinomial(n, [both, only_a, only_b, 1 - both - only_a - only_b], size=runs)
    covered = points = defined = 0
    for c in counts:
        ratio, low, high = stats._paired_ratio(int(c[0]), int(c[1]), int(c[2]))
        if np.isnan(ratio):
            continue
        defined += 1
        covered += low <= truth <= high
        points += low == high
    return covered / defined, points / defined


@pytest.mark.parametrize("n, both, only_a, only_b", [
    (300, 0.004, 0.001, 0.002),  # a rare outcome in a small run, common random numbers: few discordant pairs
    (2000, 0.004, 0.0005, 0.0015),
    (300, 0.04, 0.01, 0.02),
    (2000, 0.05, 0.005, 0.01),
])
def test_the_paired_risk_ratio_interval_covers_the_true_ratio(n, both, only_a, only_b):
    """The delta-method (Wald) interval this replaced covered the first case's ratio 61% of the time (38% of its
    intervals a single point) and the second's 93%."""
    coverage, points = _paired_counts_ratio_coverage(n, both, only_a, only_b)
    assert coverage >= 0.94 and points == 0


def test_a_paired_risk_ratio_without_discordant_pairs_is_still_uncertain():
    """Three events, in the same three replications of both arms: the ratio is 1, but three events cannot pin
    it down (the delta-method interval was 1.00-1.00)."""
    a = np.array([True] * 3 + [False] * 297)
    est = stats.paired_proportions(a, a.copy())
    assert est.ratio == 1.0 and est.ratio_low < 0.7 and est.ratio_high > 1.5
    many = np.array([True] * 3000 + [False] * 297000)  # the same ratio from a thousand times the events
    tight = stats.paired_proportions(many, many.copy())
    assert 0.95 < tight.ratio_low < 1 < tight.ratio_high < 1.05


def test_paired_interval_is_narrower_than_unpaired_for_correlated_pairs():
    rng = np.random.default_rng(3)
    z = rng.normal(size=(2000, 2))
    z[:, 1] = 0.9 * z[:, 0] + np.sqrt(1 - 0.81) * z[:, 1]
    a, b = z[:, 0] < 0, z[:, 1] < 0.1
    paired, unpaired = stats.paired_proportions(a, b), stats.unpaired_proportions(a, b)
    assert paired.diff == pytest.approx(unpaired.diff)
    assert paired.high - paired.low < 0.6 * (unpaired.high - unpaired.low)
    assert paired.low <= paired.diff <= paired.high


def test_identical_paired_samples_give_a_zero_difference_and_p_one():
    a = np.array([True, False] * 50)
    est = stats.paired_proportions(a, a)
    assert est.diff == 0 and est.p_value == 1.0 and est.low <= 0 <= est.high


def test_newcombe_unpaired_matches_the_published_example():
    """Newcombe (1998) Stat Med 17:873, Table II example (a): 56/70 vs 48/80, method 10: 0.0524 to 0.3339."""
    a = np.array([1] * 48 + [0] * 32, bool)
    b = np.array([1] * 56 + [0] * 14, bool)
    est = stats.unpaired_proportions(a, b)
    assert est.low == pytest.approx(0.0524, abs=2e-4) and est.high == pytest.approx(0.3339, abs=2e-4)


def test_holm_matches_the_step_down_definition():
    assert np.allclose(stats.holm([0.01, 0.04, 0.03, 0.005]), [0.03, 0.06, 0.06, 0.02])
    # a comparison without a test is not one of the m tests: it stays NaN (it was counted, and became 1)
    assert np.allclose(stats.holm([0.01, float("nan"), 0.04, 0.03, 0.005]), [0.03, np.nan, 0.06, 0.06, 0.02],
                       equal_nan=True)


def test_a_mean_difference_from_one_replication_has_no_interval_and_no_p():
    """One pair (months_to_highend where both arms had L6 once) gave +6.000 (+6.000 to +6.000), p = 1, and led
    the 'largest effects'."""
    one = stats.paired_means(np.array([4.0]), np.array([10.0]))
    assert one.diff == 6 and np.isnan(one.low) and np.isnan(one.high) and np.isnan(one.p_value)
    lone = stats.welch_means(np.array([4.0]), np.array([10.0, 12.0, 9.0]))
    assert np.isnan(lone.low) and np.isnan(lone.p_value)
    equal = stats.welch_means(np.array([0.27]), np.array([0.27]))  # one run an arm: said '+0 (+0 to +0), p 1'
    assert equal.diff == 0 and np.isnan(equal.low) and np.isnan(equal.p_value)


def test_a_difference_that_is_the_same_in_every_replication_is_exact():
    """The interval [6, 6] excludes 0; its p was 1 ('no difference'): the t test's limit is 0."""
    same = stats.paired_means(np.array([1.0, 2.0, 3.0]), np.array([7.0, 8.0, 9.0]))
    assert (same.low, same.high, same.p_value) == (6.0, 6.0, 0.0)
    none = stats.paired_means(np.array([1.0, 2.0]), np.array([1.0, 2.0]))
    assert (none.low, none.high, none.p_value) == (0.0, 0.0, 1.0)
    flat = stats.welch_means(np.full(5, 2.0), np.full(4, 3.0))
    assert (flat.low, flat.high, flat.p_value) == (1.0, 1.0, 0.0)
    fault = stats.paired_means(np.array([1.0, np.nan, 2.0]), np.array([2.0, 3.0, 3.0]))  # a NaN is no exact 0
    assert np.isnan(fault.low) and np.isnan(fault.p_value)


@given(p=st.floats(0.05, 0.95), shift=st.floats(-0.2, 0.2), rho=st.floats(0.0, 0.9), n=st.integers(150, 600))
@settings(max_examples=12, deadline=None)
def test_paired_intervals_cover_the_true_difference(p, shift, rho, n):
    """Correlated 0/1 pairs from a Gaussian copula; the paired interval covers the truth ~95% of the time."""
    rng = np.random.default_rng(12345)
    reps = 300
    z = rng.normal(size=(reps, n, 2))
    z[..., 1] = rho * z[..., 0] + np.sqrt(1 - rho**2) * z[..., 1]
    q = float(np.clip(p + shift, 0.02, 0.98))
    a, b = z[..., 0] < sps.norm.ppf(p), z[..., 1] < sps.norm.ppf(q)
    covered = 0
    for i in range(reps):
        est = stats.paired_proportions(a[i], b[i])
        covered += est.low <= q - p <= est.high
    assert covered / reps >= 0.90


@given(mu=st.floats(-1, 1), sd=st.floats(0.1, 3), n=st.integers(20, 300))
@settings(max_examples=12, deadline=None, derandomize=True)  # a coverage rate of 200 draws: fixed examples, no flakes
def test_welch_interval_covers_the_true_mean_difference(mu, sd, n):
    rng = np.random.default_rng(7)
    hits = sum(stats.welch_means(a, b).low <= mu <= stats.welch_means(a, b).high
               for a, b in ((rng.normal(0, 1, n), rng.normal(mu, sd, n + 7)) for _ in range(200)))
    assert hits / 200 >= 0.90


def test_skewness_rule_agrees_with_scipy():
    rng = np.random.default_rng(5)
    for sample in (rng.normal(size=500), rng.lognormal(0, 1, 500), rng.exponential(1, 500), -rng.lognormal(0, 1, 500)):
        assert stats.skewed(sample) == (abs(sps.skew(sample)) > 1)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 600), scale=st.floats(1e-3, 1e5), ties=st.booleans(),
       with_nan=st.booleans())
def test_describing_an_arms_metrics_at_once_gives_what_describing_each_gives(seed, n, scale, ties, with_nan):
    """A sweep point's summary describes all its continuous metrics as rows of one array (`describe_all`): every
    number must be the one `describe` gives for that metric alone, to the bit."""
    import json

    from scenarios.analysis.metrics import HEADLINE
    from scenarios.analysis.summary import describe, describe_all

    rng = np.random.default_rng(seed)
    columns = {}
    for m in HEADLINE:
        values = rng.random(n) < 0.3 if m.kind == "binary" else rng.normal(size=n) * scale
        if ties and m.kind != "binary":
            values = np.round(values)
        if with_nan and m.kind != "binary" and n:
            values[rng.integers(n)] = np.nan
        columns[m.column] = values
    together = describe_all(columns, HEADLINE)
    assert list(together) == [m.column for m in HEADLINE]
    for m in HEADLINE:  # compared as JSON text: NaN equals NaN there, and every bit of a float shows
        assert json.dumps(together[m.column]) == json.dumps(describe(columns[m.column], m))
