"""Validation targets: published results no parameter of the model was fitted to.

A :class:`Target` is one published number, with

- its source (the paper itself);
- its family (:data:`FAMILIES`);
- the protocol as the paper ran it (:class:`PaperProtocol`: species, drug, dose,
  salt, route, region, anaesthesia);
- the published value and a tolerance with both bounds, each bound derived from
  the paper's own spread (the :class:`Tolerance` says how);
- a ``measure(context, quick)`` function that runs the protocol through the
  experiment API and extracts the model's value (``quick=True`` runs a cheaper
  variant: fewer subjects, shorter recordings, the same circuit);
- optionally ``expected_failure``: why the model is known to miss it (a miss
  stays in the suite, with its reason, until the mechanism is fixed; the
  parameters are never retuned to pass it).

Calibration targets (numbers a parameter was fitted to) are not here: they are
checked in ``tests/calibration/``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

from raphe.errors import RapheInputError
from raphe.registry import Registry

#: Target families, in display order.
FAMILIES = ("microdialysis", "electrophysiology", "chronic", "pk-occupancy", "binding")


@dataclass(frozen=True)
class PaperProtocol:
    """The experiment as the paper ran it.

    Attributes
    ----------
    species : str
    drug : str
        Drug(s) given (library names).
    dose : str
        Dose(s) as the paper states them (``"30 mg/kg"``, ``"20 mg/day"``).
    salt : str
        What the dose is of: the salt's name (``"maleate"``), ``"base"``, or
        ``"not stated; <form> assumed [U]"``.
    route : str
    region : str
        Brain region or preparation recorded (``"median raphe, dorsal
        hippocampus"``, ``"DRN single units"``, ``"striatum (PET)"``).
    anaesthesia : str
        ``"conscious"``, ``"chloral hydrate"``, ... (the model has no
        anaesthesia state; recorded so a reader can judge the comparison).
    notes : str
    """

    species: str
    drug: str
    dose: str
    salt: str
    route: str
    region: str
    anaesthesia: str = "not applicable"
    notes: str = ""


@dataclass(frozen=True)
class Tolerance:
    """Accepted interval for the model value, both bounds from the paper's spread.

    Attributes
    ----------
    low, high : float
    basis : str
        How the bounds follow from the paper (``"mean +- 2 SEM (n = 9)"``).
    """

    low: float
    high: float
    basis: str

    def __post_init__(self):
        if not (math.isfinite(self.low) and math.isfinite(self.high) and self.low < self.high):
            raise RapheInputError("tolerance", (self.low, self.high),
                                  "finite bounds with low < high")

    def contains(self, value: float) -> bool:
        return math.isfinite(value) and self.low <= value <= self.high


@dataclass(frozen=True)
class Target:
    """One validation target (see the module docstring).

    Attributes
    ----------
    name : str
        Registry name, lower-case with hyphens.
    family : str
        One of :data:`FAMILIES`.
    source : str
        Citation of the paper.
    description : str
        What is compared, in one sentence.
    protocol : PaperProtocol
    published : float
        The published value, in ``unit``.
    unit : str
    tolerance : Tolerance
    measure : callable
        ``measure(context, quick) -> float``, the model value in ``unit``.
    expected_failure : str or None
        Why the model misses it (None: it is expected to pass).
    drugs : tuple of str
        Library drugs involved (for the table; the tune-on-one, validate-on-others
        bookkeeping).
    prefetch : callable or None
        ``prefetch(context, quick)``: start the target's experiment in the
        background (``context.runs.start``) when the suite begins, for an
        experiment bound by latency rather than by cores (chronic).
    """

    name: str
    family: str
    source: str
    description: str
    protocol: PaperProtocol
    published: float
    unit: str
    tolerance: Tolerance
    measure: Callable = field(repr=False, compare=False)
    expected_failure: str | None = None
    drugs: tuple = ()
    prefetch: Callable | None = field(default=None, repr=False, compare=False)

    def __post_init__(self):
        if self.family not in FAMILIES:
            raise RapheInputError(f"target {self.name}.family", self.family,
                                  "one of " + ", ".join(FAMILIES))
        if not self.tolerance.contains(self.published):
            raise RapheInputError(f"target {self.name}.tolerance",
                                  (self.tolerance.low, self.tolerance.high),
                                  f"an interval containing the published value {self.published}")


#: Registry of validation targets.
TARGETS: Registry[Target] = Registry("validation target")


def register_target(target: Target) -> Target:
    """Add ``target`` to :data:`TARGETS`."""
    return TARGETS.register(target.name, target)
