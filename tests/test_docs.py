"""Docs that are generated must match the code; the claims table must name real tests."""

import re

from conftest import MAIN_CONFIG, ROOT
from scenarios.config.reference import render
from scenarios.model.outcomes import GENERATED, outputs_markdown


def test_config_reference_is_generated_from_the_current_schema():
    assert (ROOT / "docs" / "config-reference.md").read_text() == render(), "run `make docs`"


def test_claims_table_and_dossier_point_at_tests_that_exist():
    model_doc = (ROOT / "docs" / "model.md").read_text() + (ROOT / "docs" / "validation.md").read_text()
    names = set(re.findall(r"`(test_\w+)`", model_doc))
    assert len(names) >= 10
    source = "\n".join(p.read_text() for p in (ROOT / "tests").glob("test_*.py"))
    missing = [n for n in names if f"def {n}(" not in source]
    assert not missing, f"docs/model.md names tests that do not exist: {missing}"


def test_outputs_doc_lists_exactly_the_declared_outcomes():
    text = (ROOT / "docs" / "outputs.md").read_text()
    start, end = text.index(GENERATED[0]), text.index(GENERATED[1]) + len(GENERATED[1])
    assert text[start:end] == outputs_markdown(), "regenerate the table from scenarios.model.outcomes.outputs_markdown"


def test_the_validation_dossier_follows_trace():
    text = (ROOT / "docs" / "validation.md").read_text()
    for heading in ("Problem formulation", "Model description", "Data evaluation", "Conceptual model evaluation",
                    "Implementation verification", "Output verification", "Model analysis", "Output corroboration",
                    "Where not to trust the model"):
        assert heading in text, heading
    assert "{" not in text.replace("{dist", ""), "an unfilled placeholder: run make validation"


def test_the_readmes_tour_shows_what_the_main_job_prints():
    """Every estimate in the README's tour table is the one a fresh `scenarios run configs/lethal_aid.yaml`
    prints (the tables went stale once when a model change moved exports and the opposition)."""
    import scenarios
    from scenarios.analysis.metrics import HEADLINE, number

    readme = (ROOT / "README.md").read_text()
    tour = readme[readme.index("$ scenarios run configs/lethal_aid.yaml"):]
    tour = tour[:tour.index("```")]
    header = next(line for line in tour.splitlines() if line.startswith("┃ arm"))
    shorts = [cell.strip() for cell in header.strip("┃ …").split("┃")][2:]
    column = {m.short: m.column for m in HEADLINE}
    assert set(shorts) <= set(column), shorts
    summary = scenarios.run(MAIN_CONFIG).summary["arms"]
    rows = [line for line in tour.splitlines() if re.match(r"│ \w+ +│ [\d,]+ │", line)]
    assert len(rows) >= 4
    for line in rows:
        arm, n, *cells = (cell.strip() for cell in line.strip("│ ").split("│"))
        shown = dict(zip(shorts, cells, strict=True))
        printed = {short: number(summary[arm][column[short]]["estimate"]) for short in shorts}
        assert shown == printed, f"README's {arm} row is stale: {shown} vs {printed}"
