"""The validation suite as tests: one test per registered target.

Each test asserts the model value of a target lies inside the tolerance taken
from the paper. A declared expected failure is ``xfail(strict=True)``: the miss
is reported with its reason, and an unexpected pass fails too (the registry must
then be updated).

Where the model values come from:

- by default each test runs its target's protocol through the experiment API
  (targets that read one experiment share it within the session). The quick
  variants run unless ``RAPHE_VALIDATION=full``;
- with ``RAPHE_VALIDATION_RESULTS=PATH`` the tests judge the values stored in
  ``PATH``, a ``validation.h5`` that ``raphe validate`` (``--quick`` unless
  ``RAPHE_VALIDATION=full``) wrote in this run of the suite, instead of running the
  same experiments again (CI runs the command once, then the tests). The file
  must be complete, of the same variant, and hold every target with the
  registry's published value and tolerance; anything else fails the test.

Spiking targets are marked slow; PK/occupancy and binding targets are cheap.
"""

from __future__ import annotations

import importlib.util
import math
import os

import pytest

from raphe.validation import TARGETS
from raphe.validation.adapter import Runs
from raphe.validation.suite import Context

QUICK = os.environ.get("RAPHE_VALIDATION", "quick") != "full"
RESULTS = os.environ.get("RAPHE_VALIDATION_RESULTS", "")
CHEAP = ("pk-occupancy", "binding")
# under pytest-xdist (--dist loadgroup) the spiking targets stay on one worker, so the
# experiments they share run once
XDIST = importlib.util.find_spec("xdist") is not None


class ResultsError(RuntimeError):
    """A target could not be judged (not a miss: fails even if a miss is expected)."""


def _params():
    out = []
    for name in TARGETS.names():
        t = TARGETS.get(name)
        marks = [] if t.family in CHEAP else [pytest.mark.slow]
        if XDIST and t.family not in CHEAP:
            marks.append(pytest.mark.xdist_group("validation"))
        if t.expected_failure:
            # only a value outside the tolerance is the expected miss: an error fails
            marks.append(pytest.mark.xfail(strict=True, raises=AssertionError,
                                           reason=t.expected_failure))
        out.append(pytest.param(name, marks=marks, id=name))
    return out


@pytest.fixture(scope="session")
def context(tmp_path_factory):
    from raphe.experiments.engine import keep_helpers

    jobs = int(os.environ.get("RAPHE_VALIDATION_JOBS", "2"))  # CI has 2 cores
    with keep_helpers():  # as raphe validate: the window helpers load the circuit once
        yield Context(runs=Runs(tmp_path_factory.mktemp("validation"), jobs=jobs), quick=QUICK)


def read_results(path: str, quick: bool) -> dict:
    """``{target: (model value, published, low, high)}`` from a ``raphe validate`` file of
    the ``quick`` variant."""
    from raphe.validation.report import read_h5

    data = read_h5(path)
    if data["quick"] != quick:
        raise ResultsError(f"{path} holds the {'quick' if data['quick'] else 'full'} suite; "
                           f"these tests judge the {'quick' if quick else 'full'} one")
    return {name: (a["model"], a["published"], a["tolerance_low"], a["tolerance_high"])
            for name, a in data["targets"].items()}


@pytest.fixture(scope="session")
def stored():
    return read_results(RESULTS, QUICK) if RESULTS else None


def model_value(name, context, stored) -> float:
    t = TARGETS.get(name)
    if stored is None:
        return float(t.measure(context, context.quick))
    if name not in stored:
        raise ResultsError(f"{name} is not in {RESULTS} (run `raphe validate` without --only)")
    value, published, lo, hi = stored[name]
    if (published, lo, hi) != (t.published, t.tolerance.low, t.tolerance.high):
        raise ResultsError(f"{RESULTS} is stale: {name} was judged against {published:g} "
                             f"[{lo:g}-{hi:g}], the registry says {t.published:g} "
                             f"[{t.tolerance.low:g}-{t.tolerance.high:g}]")
    return float(value)


@pytest.mark.parametrize("name", _params())
def test_target(name, context, stored):
    t = TARGETS.get(name)
    value = model_value(name, context, stored)
    if not math.isfinite(value):
        raise ResultsError(f"{name}: the model value is not finite")
    lo, hi = t.tolerance.low, t.tolerance.high
    assert lo <= value <= hi, (f"{name}: model {value:.4g} {t.unit}, published {t.published:g} "
                               f"[{lo:g}-{hi:g}] ({t.source})")
