"""``raphe pk --table`` (troughs vs AGNP ranges) and ``raphe pk --pet`` (scan readout)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from raphe.circuits.pharmacology.clinical import RANGES, trough, trough_table


def raphe(*args):
    return subprocess.run([sys.executable, "-m", "raphe", "pk", *args], capture_output=True,
                          text=True, timeout=300)


def test_poor_metabolisers_have_higher_troughs_and_every_range_is_marked():
    rows = trough_table()
    assert [r["drug"] for r in rows] == [r.drug for r in RANGES]
    for r in rows:
        # clearance x 0.5 [U] at steady state: trough at least 1.5x the EM trough
        assert r["pm"] > 1.5 * r["em"]
        assert r["source"].startswith("[U]")  # the Hiemke 2018 tables were not read


def test_fluoxetine_trough_counts_norfluoxetine():
    fluox = next(r for r in RANGES if r.drug == "fluoxetine")
    assert fluox.analytes == ("fluoxetine", "norfluoxetine")
    assert trough(fluox) > 0


def test_cli_table_json_and_errors(tmp_path):
    out = raphe("--table", "--json")
    assert out.returncode == 0, out.stderr
    assert {r["drug"] for r in json.loads(out.stdout)} == {r.drug for r in RANGES}
    bad = raphe("--table", "sertraline")
    assert bad.returncode != 0 and "DRUG" in bad.stderr and "--table" in bad.stderr


@pytest.mark.parametrize("args, field", [
    (("paroxetine", "--pet", "DASB"), "--pet"),                          # rat regimen
    (("paroxetine", "--species", "human", "--pet", "nope"), "--pet"),    # unknown tracer
    ((), "DRUG"),
])
def test_cli_pet_errors_name_the_option(args, field):
    out = raphe(*args)
    assert out.returncode != 0 and field in out.stderr


def test_cli_pet_reports_the_dasb_ceiling():
    out = raphe("paroxetine", "--species", "human", "--dose", "20mg", "--days", "28", "--pet",
                "DASB", "--rows", "2")
    assert out.returncode == 0, out.stderr
    line = next(x for x in out.stdout.splitlines() if x.startswith("DASB PET readout"))
    assert "ceiling 0.85" in line  # Meyer et al. 2001: plateau near 85 %
