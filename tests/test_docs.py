"""Docs that are generated must match the code; the claims table must name real tests."""

import re

from conftest import ROOT
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
