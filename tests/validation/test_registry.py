"""The validation registry itself: what every target must carry, and the suite's reach."""

from __future__ import annotations

import math

import pytest

from raphe.circuits.pharmacology import DRUGS
from raphe.errors import RapheInputError
from raphe.validation import FAMILIES, TARGETS, PaperProtocol, Target, Tolerance
from raphe.validation.suite import judge, select

@pytest.mark.parametrize("name", TARGETS.names())
def test_target_record(name):
    t = TARGETS.get(name)
    assert t.family in FAMILIES
    assert len(t.source) > 10 and any(ch.isdigit() for ch in t.source), "a citable source"
    assert t.description and t.unit
    p = t.protocol
    for field in ("species", "drug", "dose", "salt", "route", "region"):
        assert getattr(p, field).strip(), field
    tol = t.tolerance
    assert math.isfinite(tol.low) and math.isfinite(tol.high) and tol.low < t.published < tol.high
    assert tol.basis.strip()
    for d in t.drugs:
        assert d in DRUGS
    if t.expected_failure is not None:
        assert len(t.expected_failure) > 20, "an expected failure states its reason"


def test_suite_reach():
    targets = [TARGETS.get(n) for n in TARGETS.names()]
    assert len(targets) >= 12
    families = {t.family for t in targets}
    assert families == set(FAMILIES)
    # tuned on citalopram and sertraline (rat and human potency), validated on the others
    drugs = {d for t in targets for d in t.drugs}
    assert {"paroxetine", "fluoxetine", "fluvoxamine", "escitalopram"} <= drugs
    for t in targets:
        assert not (t.drugs == ("citalopram",) and t.family in ("microdialysis",
                                                                "electrophysiology")), t.name


def test_judge_statuses():
    proto = PaperProtocol("rat", "x", "1 mg/kg", "base", "ip", "PFC")
    ok = Target("t-ok", "binding", "Paper 2000", "d", proto, 1.0, "nM", Tolerance(0.5, 2.0, "b"),
                measure=lambda c, q: 1.0)
    xf = Target("t-xf", "binding", "Paper 2000", "d", proto, 1.0, "nM", Tolerance(0.5, 2.0, "b"),
                measure=lambda c, q: 1.0, expected_failure="known reason for the miss")
    assert judge(ok, 1.5) == "pass" and judge(ok, 3.0) == "miss" and judge(ok, float("nan")) == "miss"
    assert judge(xf, 3.0) == "expected miss" and judge(xf, 1.0) == "unexpected pass"


def test_bad_records_and_names_fail_early():
    proto = PaperProtocol("rat", "x", "1 mg/kg", "base", "ip", "PFC")
    with pytest.raises(RapheInputError):
        Target("t", "astrology", "Paper 2000", "d", proto, 1.0, "nM", Tolerance(0.5, 2.0, "b"),
               measure=lambda c, q: 1.0)
    with pytest.raises(RapheInputError):
        Target("t", "binding", "Paper 2000", "d", proto, 3.0, "nM", Tolerance(0.5, 2.0, "b"),
               measure=lambda c, q: 1.0)
    with pytest.raises(RapheInputError):
        Tolerance(2.0, 1.0, "b")
    with pytest.raises(RapheInputError):
        select(["no-such-target"])
    assert [t.family for t in select(["binding"])] == ["binding"] * len(select(["binding"]))


def test_cli_list_and_bad_only(capsys):
    from raphe.experiments.cli import main

    assert main(["validate", "--list"]) == 0
    out = capsys.readouterr().out
    for name in TARGETS.names():
        assert name in out
    assert main(["validate", "--only", "nonsense"]) == 2
    assert "--only" in capsys.readouterr().err
