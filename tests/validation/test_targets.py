"""The validation suite as tests: one test per registered target.

Each test runs the target's protocol through the experiment API and asserts the
model value lies inside the tolerance taken from the paper. A declared expected
failure is ``xfail(strict=True)``: the miss is reported with its reason, and an
unexpected pass fails too (the registry must then be updated).

The quick variants run by default (the same circuit, fewer subjects, shorter
recordings); ``RAPHE_VALIDATION=full`` runs the full suite, as ``raphe validate``
does. Spiking targets are marked slow; PK/occupancy and binding targets are cheap.
"""

from __future__ import annotations

import os

import pytest

from raphe.validation import TARGETS
from raphe.validation.adapter import Runs
from raphe.validation.suite import Context

QUICK = os.environ.get("RAPHE_VALIDATION", "quick") != "full"
CHEAP = ("pk-occupancy", "binding")


def _params():
    out = []
    for name in TARGETS.names():
        t = TARGETS.get(name)
        marks = [] if t.family in CHEAP else [pytest.mark.slow]
        if t.expected_failure:
            marks.append(pytest.mark.xfail(strict=True, reason=t.expected_failure))
        out.append(pytest.param(name, marks=marks, id=name))
    return out


@pytest.fixture(scope="session")
def context(tmp_path_factory):
    jobs = int(os.environ.get("RAPHE_VALIDATION_JOBS", "2"))  # CI has 2 cores
    return Context(runs=Runs(tmp_path_factory.mktemp("validation"), jobs=jobs), quick=QUICK)


@pytest.mark.parametrize("name", _params())
def test_target(name, context):
    t = TARGETS.get(name)
    value = t.measure(context, context.quick)
    lo, hi = t.tolerance.low, t.tolerance.high
    assert lo <= value <= hi, (f"{name}: model {value:.4g} {t.unit}, published {t.published:g} "
                               f"[{lo:g}-{hi:g}] ({t.source})")
