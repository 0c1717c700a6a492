"""Experiments as Python objects: the typed form whose saved form is a TOML config.

An experiment is built in Python with the same names a TOML config uses::

    from raphe import Dose, Group, Microdialysis
    from raphe.units import minute, mg, kg

    exp = Microdialysis(
        name="my-study", regions=["PFC", "NAc"], baseline=60 * minute, duration=240 * minute,
        groups=[Group("vehicle"),
                Group("sertraline-10", doses=[Dose("sertraline", 10 * mg / kg, route="ip")])],
        circuit={"scale": 0.5})
    exp.to_toml()                       # the saved form
    Microdialysis.from_toml(text)       # and back (equal objects)

Keyword arguments go to the config section that owns them: ``name``,
``description`` and ``seed`` to ``[experiment]``; ``species`` and
``body_weight`` to ``[animal]``; ``subjects`` and ``reference`` to
``[cohort]`` (``n``, ``reference``); ``groups`` to ``[[group]]``; whole
sections by name (``circuit={...}``, ``engine={...}``, ``probe={...}``);
anything else to the protocol's own section (``[microdialysis]``).
Every object is validated when it is made, by the protocol's config
validation, so a bad value fails here with the same one-line error as in a
TOML file.
"""

from __future__ import annotations

import copy
from typing import Any, ClassVar

import brian2

from raphe.errors import RapheInputError
from raphe.units import quantity_text

_COMMON = {"name": ("experiment", "name"), "description": ("experiment", "description"),
           "seed": ("experiment", "seed"), "species": ("animal", "species"),
           "body_weight": ("animal", "body_weight"), "subjects": ("cohort", "n"),
           "reference": ("cohort", "reference")}
_SECTIONS = ("experiment", "animal", "circuit", "engine", "pharmacology", "cohort")


def to_toml_value(value, key: str = "value"):
    """A Python value (quantities, doses, groups, tuples) as a TOML-ready value."""
    from raphe.circuits.pharmacology import Dose

    if isinstance(value, Group):
        return value.to_dict()
    if isinstance(value, Dose):
        return dose_dict(value)
    if isinstance(value, brian2.Quantity):
        if value.ndim:
            return [to_toml_value(v, key) for v in value]
        return quantity_text(value)
    if isinstance(value, dict):
        return {str(k): to_toml_value(v, f"{key}.{k}") for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [to_toml_value(v, f"{key}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    raise RapheInputError(key, value, "a number, text, a quantity, a list or a table")


_PER_KG = brian2.get_dimensions(1)
_PER_KG_RATE = brian2.get_dimensions(brian2.Hz)


def amount_text(amount) -> str:
    """A dose amount as text: ratios in mg/kg (or ug/kg), rates per day, masses in mg."""
    if isinstance(amount, str):
        return amount
    dims = brian2.get_dimensions(amount)
    day = 86400 * brian2.second
    for unit, name in ((1e-6, "mg/kg"), (1e-9, "ug/kg"), (brian2.mgram, "mg"), (brian2.ugram, "ug"),
                       (1e-6 / day, "mg/kg/day"), (brian2.mgram / day, "mg/day")):
        if brian2.get_dimensions(unit) == dims:
            v = float(amount / unit)
            if abs(v) >= 1e-3 or v == 0:
                return f"{v:.12g} {name}"
    return quantity_text(amount)


def dose_dict(dose) -> dict:
    """A :class:`~raphe.circuits.pharmacology.Dose` as a ``[[group]] doses`` table."""
    given = dose.given_amount if dose.given_amount is not None else dose.amount
    out = {"drug": dose.drug, "amount": amount_text(given), "route": dose.route}
    if float(dose.time / brian2.second) != 0:
        out["time"] = quantity_text(dose.time)
    if dose.duration is not None:
        out["duration"] = quantity_text(dose.duration)
    if dose.every is not None:
        out["every"] = quantity_text(dose.every)
    if dose.count != 1:
        out["count"] = dose.count
    if dose.salt:
        out["salt"] = True
    return out


class Group:
    """One treatment group: a name, its doses (``Dose`` objects) and protocol fields.

    Parameters
    ----------
    name : str
    doses : sequence of Dose or dict, optional
        Doses of the group (none: vehicle).
    label : str, optional
        Legend label.
    n : int, optional
        Subjects in this group (default: the cohort's).
    **fields
        Protocol-specific group fields (electrophysiology: ``drug``,
        ``cumulative_doses``, ``reversal``, ``pretreatment``, ``route``).
    """

    def __init__(self, name: str, doses=(), *, label: str = "", n: int | None = None, **fields):
        self.fields = {"name": name}
        if label:
            self.fields["label"] = label
        if n is not None:
            self.fields["n"] = n
        if doses:
            self.fields["doses"] = list(doses)
        self.fields.update(fields)

    def to_dict(self) -> dict:
        return to_toml_value(self.fields, "group")

    def __repr__(self):
        return "Group(" + ", ".join(f"{k}={v!r}" for k, v in self.fields.items()) + ")"

    def __eq__(self, other):
        return isinstance(other, Group) and self.to_dict() == other.to_dict()


class Experiment:
    """An experiment of one protocol: its config as typed sections (see the module doc).

    Use a protocol's class (:class:`Microdialysis`, :class:`Electrophysiology`,
    :class:`Chronic`, :class:`Binding`), :meth:`from_toml`, or
    :func:`builtin` for a built-in experiment.
    """

    protocol: ClassVar[str] = ""
    #: sections of this protocol besides the common ones (the first is its own)
    sections: ClassVar[tuple[str, ...]] = ()

    def __init__(self, **kwargs):
        raw: dict[str, Any] = {"experiment": {"protocol": self.protocol}}
        for section, values in _route(type(self), kwargs).items():
            if section == "group":
                raw["group"] = values
            else:
                raw.setdefault(section, {}).update(values)
        self._set(raw)

    def _set(self, raw: dict) -> None:
        from raphe.experiments import config as C

        self._raw = raw
        self._config = C.load_text(self.to_toml(), raw.get("experiment", {}).get("name") or "experiment",
                                   "python")

    # ------------------------------------------------------------------ saved form
    @classmethod
    def from_dict(cls, raw: dict) -> "Experiment":
        """The experiment of a parsed TOML config (its protocol picks the class)."""
        protocol = raw.get("experiment", {}).get("protocol") if isinstance(raw.get("experiment"), dict) else None
        klass = cls if cls.protocol else PROTOCOL_CLASSES.get(protocol, Experiment)
        obj = klass.__new__(klass)
        obj._set(copy.deepcopy(raw))
        return obj

    @classmethod
    def from_toml(cls, text_or_path) -> "Experiment":
        """Read an experiment from TOML text, a ``.toml`` path or a built-in name."""
        from raphe.experiments import config as C

        text = str(text_or_path)
        if "\n" not in text and "=" not in text:
            _, text, _ = C.resolve(text)
        raw = C.parse_toml(text)
        raw.pop("sweep", None)
        return cls.from_dict(raw)

    def to_dict(self) -> dict:
        """The config as a plain dict (what TOML stores)."""
        return copy.deepcopy(self._raw)

    def to_toml(self) -> str:
        """The config as TOML text (:meth:`from_toml` reads it back to an equal object)."""
        from raphe.experiments import config as C

        return C.dumps_toml(self._raw)

    def save(self, path) -> None:
        """Write :meth:`to_toml` to ``path``."""
        from pathlib import Path

        Path(path).write_text(self.to_toml(), encoding="utf-8")

    def replace(self, **kwargs) -> "Experiment":
        """A copy with keyword arguments applied as in the constructor."""
        raw = copy.deepcopy(self._raw)
        for section, values in _route(type(self), kwargs).items():
            if section == "group":
                raw["group"] = values
            else:
                raw.setdefault(section, {}).update(values)
        return type(self).from_dict(raw)

    # ------------------------------------------------------------------ views
    @property
    def name(self) -> str:
        return self._config.name

    @property
    def seed(self) -> int:
        return self._config.seed

    @property
    def run_config(self):
        """The validated run config (what the runner executes)."""
        return self._config

    def __eq__(self, other):
        return isinstance(other, Experiment) and self._raw == other._raw

    def __repr__(self):
        return f"{type(self).__name__}(name={self.name!r}, protocol={self.protocol or self._config.protocol.name!r})"


def _route(cls, kwargs: dict) -> dict:
    """Keyword arguments -> ``{section: values}`` as :class:`Experiment` routes them."""
    out: dict = {}
    for key, value in kwargs.items():
        if value is None:
            continue
        if key in ("groups", "group"):
            out["group"] = [to_toml_value(g, f"group[{i}]") for i, g in enumerate(value)]
        elif key in _COMMON:
            section, field = _COMMON[key]
            out.setdefault(section, {})[field] = to_toml_value(value, key)
        elif key in _SECTIONS or key in cls.sections:
            if not isinstance(value, dict):
                raise RapheInputError(key, value, f"a table (dict) of [{key}] settings")
            out.setdefault(key, {}).update(to_toml_value(value, key))
        elif cls.sections:
            out.setdefault(cls.sections[0], {})[key] = to_toml_value(value, key)
        else:
            raise RapheInputError(key, value, "a config key of a protocol's experiment class")
    return out


class Microdialysis(Experiment):
    """Virtual in vivo microdialysis on cohorts (sections ``[microdialysis]``, ``[probe]``)."""

    protocol = "microdialysis"
    sections = ("microdialysis", "probe")


class Electrophysiology(Experiment):
    """Single-unit recording of DRN 5-HT neurons with cumulative doses (``[electrophysiology]``)."""

    protocol = "electrophysiology"
    sections = ("electrophysiology",)


class Chronic(Experiment):
    """Chronic treatment over days or weeks (``[chronic]``)."""

    protocol = "chronic"
    sections = ("chronic",)


class Binding(Experiment):
    """A virtual radioligand binding panel (``[binding]``)."""

    protocol = "binding"
    sections = ("binding",)


PROTOCOL_CLASSES = {c.protocol: c for c in (Microdialysis, Electrophysiology, Chronic, Binding)}


def builtin(name: str) -> Experiment:
    """The built-in experiment ``name`` as an object (``raphe list experiments``)."""
    return Experiment.from_toml(name)
