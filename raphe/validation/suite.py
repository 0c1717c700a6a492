"""Run validation targets and judge them.

:func:`run_suite` runs the selected targets through :mod:`.adapter` (one
results file per distinct experiment, shared by the targets that read it) and
returns a :class:`SuiteResult`: per target the model value and a status,

``pass``
    inside the tolerance, not an expected failure;
``miss``
    outside it, not an expected failure (the suite fails);
``expected miss``
    outside it, with the target's ``expected_failure`` reason;
``unexpected pass``
    inside it although an expected failure is declared (the suite fails: the
    registry must be updated, as with ``pytest.mark.xfail(strict=True)``);
``error``
    the measurement raised (the suite fails).
"""

from __future__ import annotations

import logging
import math
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from raphe.validation.adapter import Runs
from raphe.validation.targets import FAMILIES, TARGETS, Target

log = logging.getLogger(__name__)

#: Statuses that make the suite fail.
FAILING = ("miss", "unexpected pass", "error")


@dataclass
class Context:
    """What a target's ``measure`` gets: the suite's memoized experiment runs."""

    runs: Runs
    quick: bool = False


@dataclass
class TargetResult:
    """The outcome of one target."""

    target: Target
    value: float
    status: str
    seconds: float
    error: str = ""

    @property
    def failed(self) -> bool:
        return self.status in FAILING


@dataclass
class SuiteResult:
    """Outcomes of a suite run, in registry order."""

    results: list[TargetResult]
    quick: bool
    seconds: float
    files: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(r.failed for r in self.results)

    def counts(self) -> dict:
        out: dict = {}
        for r in self.results:
            out[r.status] = out.get(r.status, 0) + 1
        return out


def judge(target: Target, value: float) -> str:
    """Status of a model value for ``target`` (see the module docstring)."""
    inside = target.tolerance.contains(value)
    if target.expected_failure:
        return "unexpected pass" if inside else "expected miss"
    return "pass" if inside else "miss"


def select(only=None) -> list[Target]:
    """Targets in registry order, optionally only the names (or families) in ``only``."""
    names = TARGETS.names()
    if not only:
        return [TARGETS.get(n) for n in names]
    chosen = []
    for item in only:
        if item in FAMILIES:
            chosen += [TARGETS.get(n) for n in names if TARGETS.get(n).family == item]
        else:
            chosen.append(TARGETS.get(item, field="--only"))
    return list(dict.fromkeys(chosen))


def run_target(target: Target, context: Context) -> TargetResult:
    """Measure one target (errors are caught and reported as ``error``)."""
    t0 = time.perf_counter()
    try:
        value = float(target.measure(context, context.quick))
        status = judge(target, value) if math.isfinite(value) else "error"
        err = "" if math.isfinite(value) else "the model value is not finite"
    except Exception as exc:  # a target must not stop the suite
        log.debug("target %s failed", target.name, exc_info=True)
        value, status = float("nan"), "error"
        err = f"{type(exc).__name__}: {exc}"
        log.error("%s: %s\n%s", target.name, err, traceback.format_exc(limit=3))
    return TargetResult(target, value, status, time.perf_counter() - t0, err)


def run_suite(only=None, quick: bool = False, workdir="results/validation", jobs: int = 1,
              cache_dir: str | None = None, progress=None) -> SuiteResult:
    """Run the selected targets.

    Parameters
    ----------
    only : sequence of str, optional
        Target names or families.
    quick : bool
        Run the cheaper variants.
    workdir : path
        Where the experiments' results files go.
    jobs : int
        Worker processes for spiking windows. With more than one, the experiments
        of targets with a ``prefetch`` (chronic) start at once in one more
        background process and overlap the others.
    cache_dir : str, optional
        Surface/build cache.
    progress : callable, optional
        ``progress(target_result)`` after each target.
    """
    targets = select(only)
    runs = Runs(Path(workdir) / ("quick" if quick else "full"), jobs=jobs, cache_dir=cache_dir)
    context = Context(runs=runs, quick=quick)
    t0 = time.perf_counter()
    results = []
    from raphe.experiments.engine import keep_helpers

    with keep_helpers():  # the window helpers load the suite's one circuit once, not per experiment
        try:
            if jobs > 1:  # latency-bound experiments run beside the others
                for target in targets:
                    if target.prefetch is not None:
                        target.prefetch(context, quick)
            for target in targets:
                r = run_target(target, context)
                results.append(r)
                if progress is not None:
                    progress(r)
        finally:
            runs.close()
    return SuiteResult(results, quick, time.perf_counter() - t0,
                       files={k: str(v) for k, v in runs.files.items()})
