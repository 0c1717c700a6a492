"""Doses and regimens: what is given, how much, by which route and when.

A :class:`Dose` is one drug on one schedule (a single dose, or ``count`` doses
``every`` T); a :class:`Regimen` is several doses, possibly of several drugs
with their own schedules (an antagonist 20 min before an SSRI, say). Both
validate on construction; species-dependent checks (the unit kind of the
amount, the routes the species record has) run in :meth:`Regimen.validate`,
which :func:`~raphe.circuits.pharmacology.pk.simulate_pk` calls before
anything is computed.

Amounts
-------
- rat (per body weight): ``"10 mg/kg"``; minipump ``"20 mg/kg/day"``;
- human (absolute): ``"50 mg"``; infusion rates ``"5 mg/h"``;
- ``iv_infusion`` takes the total amount (``"5 mg/kg"``) or a rate (``"1 mg/kg/h"``);
- ``salt=True`` says the amount is of the salt (``drug.salt``), converted to free
  base with ``mw_base / mw_salt``.

The routes follow the issue: i.v. bolus, i.v. infusion (``duration``), i.p.,
s.c., p.o., and the continuous s.c. osmotic minipump (``duration``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Iterable

import brian2
import numpy as np

from raphe.circuits.pharmacology.library import DRUGS
from raphe.circuits.pharmacology.model import ROUTES, Drug
from raphe.errors import RapheInputError, UnknownNameError
from raphe.units import parse_quantity

_MASS = brian2.get_dimensions(brian2.kgram)
_RATE = brian2.get_dimensions(brian2.Hz)
_MASS_RATE = brian2.get_dimensions(brian2.kgram / brian2.second)
_NONE = brian2.get_dimensions(1)
#: Largest plausible per-weight dose ratio (10 g/kg): a bare number above it lacks units.
_MAX_RATIO = 1e-2

_PER_KG_UNIT = {_NONE: ("mg/kg", brian2.mgram / brian2.kgram),
                _RATE: ("mg/kg/day", brian2.mgram / brian2.kgram / (86400 * brian2.second))}
_ABS_UNIT = {_MASS: ("mg", brian2.mgram),
             _MASS_RATE: ("mg/day", brian2.mgram / (86400 * brian2.second))}

#: Species whose doses are per kg body weight (the others are absolute).
PER_KG_SPECIES = ("rat",)


_GLUED = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-zµμ%].*)$")


def _spaced(value):
    """``"10mg/kg"`` -> ``"10 mg/kg"``, ``"24h"`` -> ``"24 h"`` (command-line style)."""
    if isinstance(value, str):
        m = _GLUED.match(value)
        if m:
            return f"{m.group(1)} {m.group(2)}"
    return value


def _parse_amount(value, field: str):
    """Parse a dose amount to a quantity of one of the allowed kinds."""
    example = "'10 mg/kg' (rat), '50 mg' (human), '20 mg/kg/day' (minipump)"
    if isinstance(value, bool) or value is None:
        raise RapheInputError(field, value, f"a dose like {example}")
    if isinstance(value, str):
        text = value.strip()
        try:
            float(text)
            bare = True
        except ValueError:
            bare = False
        if bare:
            raise RapheInputError(field, value, f"a dose with units, like {example}")
        q = parse_quantity(_spaced(text), field, example=example)
    elif isinstance(value, (brian2.Quantity, int, float, np.number)):
        q = value
    else:
        raise RapheInputError(field, value, f"a dose like {example}")
    dims = brian2.get_dimensions(q)
    if dims not in (_NONE, _RATE, _MASS, _MASS_RATE):
        raise RapheInputError(field, value, f"a dose like {example} (wrong kind of unit)")
    magnitude = float(np.asarray(q))
    if not math.isfinite(magnitude):
        raise RapheInputError(field, value, f"a finite dose like {example}")
    if magnitude < 0:
        raise RapheInputError(field, value, f"a dose of zero or more, like {example}")
    if dims == _NONE and magnitude > _MAX_RATIO:
        raise RapheInputError(field, value,
                              f"a dose with units, like {example} (a bare number is a mass ratio; "
                              f"{magnitude:g} kg/kg is not a dose)")
    return q


def _parse_time(value, field: str, allow_negative: bool = True, positive: bool = False):
    q = parse_quantity(_spaced(value), field, unit=brian2.second, example="'20 min' or '24 h'")
    if not allow_negative and float(q / brian2.second) < 0:
        raise RapheInputError(field, value, "a time of zero or more, like '20 min'")
    if positive and float(q / brian2.second) <= 0:
        raise RapheInputError(field, value, "a time greater than zero, like '24 h'")
    return q


@dataclass(frozen=True)
class Dose:
    """One drug given on one schedule.

    Parameters
    ----------
    drug : str or Drug
        Name or alias in :data:`~raphe.circuits.pharmacology.DRUGS`; stored as the
        registered name.
    amount : str or Quantity
        ``"10 mg/kg"`` (rat), ``"50 mg"`` (human), ``"20 mg/kg/day"`` (minipump);
        for ``iv_infusion`` the total amount or a rate.
    route : str
        One of ``iv``, ``iv_infusion``, ``ip``, ``sc``, ``po``, ``minipump``.
    time : str or Quantity
        Time of the first dose (may be negative: a pretreatment).
    duration : str or Quantity, optional
        Infusion or minipump duration (required for those routes, refused otherwise).
    every : str or Quantity, optional
        Dosing interval for repeated doses.
    count : int
        Number of doses (1 = single dose; > 1 needs ``every``).
    salt : bool
        The amount is of the salt form (converted with the molecular weights).

    Raises
    ------
    RapheInputError
        Naming the field and value, for an unknown drug or route, a negative,
        non-finite or unit-less amount, or an inconsistent schedule.
    """

    drug: str
    amount: object
    route: str = "ip"
    time: object = field(default_factory=lambda: 0 * brian2.second)
    duration: object = None
    every: object = None
    count: int = 1
    salt: bool = False
    #: the amount as given (for error messages)
    given_amount: object = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self):
        drug = self.drug.name if isinstance(self.drug, Drug) else self.drug
        set_ = lambda k, v: object.__setattr__(self, k, v)  # noqa: E731
        set_("drug", DRUGS.canonical(drug, field="dose.drug"))
        if self.route not in ROUTES:
            raise UnknownNameError("dose.route", self.route, ROUTES)
        amount = _parse_amount(self.amount, "dose.amount")
        dims = brian2.get_dimensions(amount)
        is_rate = dims in (_RATE, _MASS_RATE)
        if self.route == "minipump" and not is_rate:
            raise RapheInputError("dose.amount", self.amount,
                                  "a delivery rate for a minipump, like '20 mg/kg/day'")
        if self.route not in ("minipump", "iv_infusion") and is_rate:
            raise RapheInputError("dose.amount", self.amount,
                                  f"an amount (not a rate) for route {self.route!r}, "
                                  "like '10 mg/kg'")
        set_("given_amount", self.amount)
        set_("amount", amount)
        set_("time", _parse_time(self.time, "dose.time"))
        if self.route in ("iv_infusion", "minipump"):
            if self.duration is None:
                raise RapheInputError("dose.duration", None,
                                      f"a duration for route {self.route!r}, like '14 days'")
            set_("duration", _parse_time(self.duration, "dose.duration", positive=True))
        elif self.duration is not None:
            raise RapheInputError("dose.duration", self.duration,
                                  f"no duration for route {self.route!r} "
                                  "(only iv_infusion and minipump take one)")
        if isinstance(self.count, bool) or not isinstance(self.count, (int, np.integer)) \
                or self.count < 1:
            raise RapheInputError("dose.count", self.count, "a whole number of doses >= 1")
        set_("count", int(self.count))
        if self.every is not None:
            set_("every", _parse_time(self.every, "dose.every", positive=True))
        elif self.count > 1:
            raise RapheInputError("dose.every", None, f"a dosing interval for {self.count} doses, "
                                                      "like '24 h'")
        if not isinstance(self.salt, (bool, np.bool_)):
            raise RapheInputError("dose.salt", self.salt, "True (amount of the salt) or False")
        if self.salt and DRUGS.get(self.drug).salt_formula is None:
            raise RapheInputError("dose.salt", self.salt,
                                  f"False: {self.drug} has no salt form in the library")

    # ------------------------------------------------------------------ helpers
    @property
    def record(self) -> Drug:
        return DRUGS.get(self.drug)

    def times(self) -> list:
        """Start times of every administration (Quantity list)."""
        every = self.every if self.every is not None else 0 * brian2.second
        return [self.time + k * every for k in range(self.count)]

    def base_fraction(self) -> float:
        """Free-base mass per unit of the given amount (1, or mw_base/mw_salt)."""
        d = self.record
        return float(d.mw_base / d.mw_salt) if self.salt else 1.0

    def validate(self, species: str, field: str = "dose") -> None:
        """Species-dependent checks: unit kind and route availability."""
        drug = self.record
        pk = drug.species_pk(species)
        available = pk.available_routes()
        if self.route not in available:
            raise RapheInputError(
                f"{field}.route", self.route,
                f"a route the {species} record of {drug.name} has: {', '.join(available) or 'none'}")
        dims = brian2.get_dimensions(self.amount)
        per_kg = species in PER_KG_SPECIES
        allowed = _PER_KG_UNIT if per_kg else _ABS_UNIT
        if dims not in allowed:
            want = "mg/kg (per body weight)" if per_kg else "mg (absolute)"
            rate = "mg/kg/day" if per_kg else "mg/day"
            raise RapheInputError(
                f"{field}.amount", self.given_amount,
                f"a {species} dose in {want}, or {rate} for a rate (wrong kind of unit)")

    def rate_and_duration(self, body_weight) -> tuple[float | None, float, float]:
        """Return ``(bolus_nmol, rate_nmol_per_h, duration_h)`` of free base per administration.

        For bolus routes ``rate`` and ``duration`` are 0; for infusions and
        minipumps ``bolus`` is None.
        """
        d = self.record
        amount = self.amount * self.base_fraction()
        dims = brian2.get_dimensions(amount)
        if dims in (_NONE, _RATE):
            amount = amount * body_weight
        # amount is now a mass or a mass rate
        mw = float(d.mw_base / (brian2.gram / brian2.mole))
        if self.route in ("iv_infusion", "minipump"):
            dur_h = float(self.duration / (3600 * brian2.second))
            if brian2.get_dimensions(amount) == _MASS:
                total_nmol = float(amount / brian2.gram) / mw * 1e9
                return None, total_nmol / dur_h, dur_h
            rate_nmol_h = float(amount * 3600 * brian2.second / brian2.gram) / mw * 1e9
            return None, rate_nmol_h, dur_h
        return float(amount / brian2.gram) / mw * 1e9, 0.0, 0.0


@dataclass(frozen=True)
class Regimen:
    """Several doses (of one or more drugs), each with its own schedule.

    Parameters
    ----------
    doses : sequence of Dose
    """

    doses: tuple[Dose, ...]

    def __post_init__(self):
        doses = self.doses
        if isinstance(doses, Dose):
            doses = (doses,)
        try:
            doses = tuple(doses)
        except TypeError:
            raise RapheInputError("regimen.doses", self.doses, "a sequence of Dose") from None
        if not doses:
            raise RapheInputError("regimen.doses", self.doses, "at least one Dose")
        for i, d in enumerate(doses):
            if not isinstance(d, Dose):
                raise RapheInputError(f"regimen.doses[{i}]", d, "a Dose")
        object.__setattr__(self, "doses", doses)

    @classmethod
    def of(cls, doses: "Regimen | Dose | Iterable[Dose]") -> "Regimen":
        """Coerce a Dose, a list of Doses or a Regimen to a Regimen."""
        return doses if isinstance(doses, Regimen) else cls(doses)

    @property
    def first_dose_time(self):
        """Time of the earliest administration (Quantity)."""
        return min((d.time for d in self.doses), key=lambda q: float(q / brian2.second))

    @property
    def last_dose_end(self):
        """End of the last administration (last dose time, or end of the last infusion)."""
        ends = []
        for d in self.doses:
            t = d.times()[-1]
            if d.duration is not None:
                t = t + d.duration
            ends.append(float(t / brian2.second))
        return max(ends) * brian2.second

    @property
    def drugs(self) -> tuple[str, ...]:
        """Names of the dosed drugs, in order of first appearance."""
        return tuple(dict.fromkeys(d.drug for d in self.doses))

    def validate(self, species: str) -> None:
        """Check every dose against the species records (RapheInputError otherwise)."""
        for i, d in enumerate(self.doses):
            d.validate(species, field="dose" if len(self.doses) == 1 else f"regimen.doses[{i}]")
