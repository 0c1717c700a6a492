"""Experiments as typed objects (pydantic models); a TOML config is their saved form.

This module holds the shared sections (experiment, animal, circuit, engine,
pharmacology, cohort, groups and doses) and the field types; each protocol
module defines its own experiment class on :class:`CohortExperiment`
(:class:`raphe.experiments.protocols.microdialysis.Microdialysis`, ...).

An experiment is built in Python with the names a TOML config uses::

    from raphe import Dose, Group, Microdialysis
    from raphe.units import minute, mg, kg

    exp = Microdialysis(
        name="my-study", regions=["PFC", "NAc"], baseline=60 * minute, duration=240 * minute,
        groups=[Group("vehicle"),
                Group("sertraline-10", doses=[Dose("sertraline", 10 * mg / kg, route="ip")])],
        circuit={"scale": 0.5})
    exp.to_toml()                       # the saved form
    Microdialysis.from_toml(text)       # and back (an equal object)

Keyword arguments go to the config section that owns them: ``name``,
``description`` and ``seed`` to ``[experiment]``; ``species`` and
``body_weight`` to ``[animal]``; ``subjects`` and ``reference`` to
``[cohort]`` (``n``, ``reference``); ``groups`` to ``[[group]]``; whole
sections by name (``circuit={...}``, ``engine={...}``, ``probe={...}``);
anything else to the protocol's own section (``[microdialysis]``).

One validation path: every config, from TOML, ``--set`` or Python, is
validated by these models (unknown keys are errors, every physical value
needs a unit: :func:`quantity`) and then by its protocol's cross-field
checks; a problem is one :class:`~raphe.errors.RapheInputError` line naming
the dotted key (``group[1].doses[0].amount``), the value and what was
expected, with a "did you mean" hint for a misspelt key.
``raphe schema PROTOCOL`` prints a protocol's JSON schema.
"""

from __future__ import annotations

import contextvars
import copy
import difflib
import math
import re
from typing import Any, Annotated, ClassVar

import brian2
import numpy as np
from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer,
                      ValidationError, WithJsonSchema, model_validator)
from pydantic_core import PydanticCustomError

from raphe.errors import RapheInputError
from raphe.units import parse_quantity, quantity_text

#: True while models are being validated from data (no cross-field checks from __init__ then)
_VALIDATING = contextvars.ContextVar("raphe_models_validating", default=False)

# ---------------------------------------------------------------- errors


def fail(expected: str):
    raise PydanticCustomError("raphe", "{expected}", {"expected": expected})


def suggest(name: str, valid) -> str:
    """``" (did you mean 'flow_rate'?)"`` or ``""``."""
    match = difflib.get_close_matches(str(name), [str(v) for v in valid], n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def dotted(loc) -> str:
    """``("group", 1, "doses", 0, "amount")`` -> ``"group[1].doses[0].amount"``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def short(value, limit: int = 60):
    text = repr(value)
    return value if len(text) <= limit else text[:limit] + "..."


def _fields_at(model, loc) -> list[str]:
    """Field names of the model reached from ``model`` along ``loc`` (for "valid keys")."""
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        info = model.model_fields.get(part)
        if info is None:
            return list(getattr(model, "model_fields", {}))
        model = _inner_model(info.annotation)
    return list(model.model_fields) if model is not None else []


def _inner_model(annotation):
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


_EXPECTED = {
    "missing": "a value", "bool_type": "true or false", "string_type": "a string",
    "list_type": "a list", "dict_type": "a table", "model_type": "a table", "model_attributes_type": "a table",
    "int_type": "an integer", "int_parsing": "an integer", "float_type": "a number",
    "float_parsing": "a number", "finite_number": "a finite number",
}


def to_input_error(err: ValidationError, model=None, prefix=()) -> RapheInputError:
    """The first error of a pydantic ValidationError as one RapheInputError line."""
    e = err.errors(include_url=False)[0]
    ctx = e.get("ctx") or {}
    inner = ctx.get("error")
    if isinstance(inner, RapheInputError):  # raised by a cross-field check with its own dotted key
        return inner
    loc = tuple(prefix) + tuple(e["loc"])
    key = dotted(loc) or "config"
    kind = e["type"]
    value = e.get("input")
    if kind == "missing":
        return RapheInputError(key, "(missing)", "a value")
    if kind == "extra_forbidden":
        valid = _fields_at(model, e["loc"][:-1]) if model is not None else []
        return RapheInputError(key, short(value), "no such key" + suggest(e["loc"][-1], valid)
                               + ("; valid keys: " + ", ".join(valid) if valid else ""))
    if kind == "unknown_key":
        valid = list(ctx["valid"])
        return RapheInputError(dotted(loc + (ctx["key"],)), short(value),
                               "no such key" + suggest(ctx["key"], valid) + "; valid keys: " + ", ".join(valid))
    if kind == "raphe":
        expected = ctx["expected"]
    elif kind in ("greater_than_equal", "greater_than"):
        expected = f"a value of at least {ctx.get('ge', ctx.get('gt')):g}"
    elif kind in ("less_than_equal", "less_than"):
        expected = f"a value of at most {ctx.get('le', ctx.get('lt')):g}"
    elif kind in ("too_short", "too_long"):
        expected = e["msg"].lower()
    elif isinstance(inner, Exception):
        expected = str(inner)
    else:
        expected = _EXPECTED.get(kind, e["msg"])
    return RapheInputError(key, short(value), expected)


# ---------------------------------------------------------------- field types


def _str(v):
    if not isinstance(v, str):
        fail("a string")
    return v


def _bool(v):
    if not isinstance(v, (bool, np.bool_)):
        fail("true or false")
    return bool(v)


def _number(v):
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.integer, np.floating)):
        fail("a number")
    v = float(v)
    if not math.isfinite(v):
        fail("a finite number")
    return v


def _integer(v):
    if isinstance(v, (bool, np.bool_)):
        fail("an integer")
    if isinstance(v, (float, np.floating)) and math.isfinite(v) and float(v).is_integer():
        return int(v)
    if not isinstance(v, (int, np.integer)):
        fail("an integer")
    return int(v)


NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.+-]*$")


def check_name(value: str, key: str = "name") -> str:
    """A name usable as an HDF5 group and file name (letters, digits, ``_.+-``)."""
    if not NAME_RE.fullmatch(value) or len(value) > 64:
        raise RapheInputError(key, value, "a name of letters, digits and _ . + - (no spaces or '/')")
    return value


def _name(v):
    try:
        return check_name(v)
    except RapheInputError as err:
        fail(err.expected)


Str = Annotated[str, BeforeValidator(_str)]
Bool = Annotated[bool, BeforeValidator(_bool)]
Number = Annotated[float, BeforeValidator(_number)]
Integer = Annotated[int, BeforeValidator(_integer)]
Name = Annotated[str, BeforeValidator(_str), AfterValidator(_name)]


def _quantity_json(value):
    if isinstance(value, brian2.Quantity) and not brian2.get_dimensions(value).is_dimensionless:
        return quantity_text(value)
    return float(value)


def quantity(unit, example: str, *, minimum=None, maximum=None, positive: bool = False):
    """A field type for a physical value with a unit (parsed by :func:`raphe.units.parse_quantity`).

    ``unit`` fixes the dimension and the unit of ``minimum``/``maximum``; a
    number without a unit is refused (unless the unit is dimensionless).
    In TOML and JSON the value is text (``"20 min"``).
    """
    def parse(v):
        try:
            return parse_quantity(v, "value", unit, example=example, minimum=minimum, maximum=maximum,
                                  strictly_positive=positive)
        except RapheInputError as err:
            fail(err.expected)

    dimensionless = brian2.get_dimensions(unit).is_dimensionless
    schema = ({"type": "number"} if dimensionless else
              {"type": "string", "examples": [example.strip("'")],
               "pattern": r"^\s*[-+0-9.eE]+\s*\S.*$"})
    return Annotated[Any, BeforeValidator(parse), PlainSerializer(_quantity_json, when_used="json"),
                     WithJsonSchema(schema)]


def choice(names, what: str):
    """A field type for one name of ``names()`` (case-insensitive; stored as registered)."""
    def parse(v):
        valid = list(names())
        if isinstance(v, str):
            for c in valid:
                if v.lower() == str(c).lower():
                    return c
        fail("one of: " + ", ".join(sorted(map(str, valid))) + (suggest(v, valid) if isinstance(v, str) else ""))

    return Annotated[str, BeforeValidator(parse), WithJsonSchema({"type": "string", "description": what})]


def unique(v):
    if len(set(v)) != len(v):
        fail("a list without repeated names")
    if not v:
        fail("a non-empty list")
    return v


MIN = 60 * brian2.second
HOUR = 3600 * brian2.second
DAY = 86400 * brian2.second
UL_MIN = brian2.uliter / MIN
FMOL = 1e-15 * brian2.mole


class Model(BaseModel):
    """Base of every config model: frozen, unknown keys refused."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)
    #: dotted key of this model in a config, for errors raised by its constructor
    _key: ClassVar[tuple] = ()

    def __init__(self, /, **data):
        outermost = not _VALIDATING.get()
        token = _VALIDATING.set(True)
        try:
            super().__init__(**data)
        except ValidationError as err:
            if not outermost:  # a nested model: the outer validation names the whole key
                raise
            raise to_input_error(err, type(self), self._key) from None
        finally:
            _VALIDATING.reset(token)

    def to_dict(self) -> dict:
        """The fields given (not defaults) in saved form (text quantities), for TOML."""
        return self.model_dump(mode="json", exclude_unset=True, exclude_none=True)


# ---------------------------------------------------------------- shared sections


class ExperimentInfo(Model):
    """``[experiment]``: what the experiment is."""

    name: Name | None = Field(None, description="experiment name, used for default output files")
    description: Str = Field("", description="one line shown by `raphe list experiments`")
    protocol: Str = Field(description="registered protocol name, e.g. 'microdialysis'")
    seed: Integer = Field(12345, ge=0, le=2**63 - 1, description="seed of the run's random state")


class Animal(Model):
    """``[animal]``: species and nominal body weight."""

    species: choice(lambda: ("rat", "human"), "species") = "rat"
    body_weight: quantity(brian2.kgram, "'300 g'", minimum=0.005, maximum=300) = Field(
        default_factory=lambda: 0.3 * brian2.kgram, description="nominal body weight")


def _spec_noise() -> tuple[tuple[str, ...], str]:
    """The circuit's noise generators and the spec's default one."""
    import dataclasses

    from raphe.circuits.spec import NOISE_GENERATORS, CircuitSpec

    return NOISE_GENERATORS, next(f.default for f in dataclasses.fields(CircuitSpec) if f.name == "noise")


class Circuit(Model):
    """``[circuit]``: size, integration step, back end, one circuit or one per subject."""

    scale: Number = Field(1.0, ge=0.01, le=4, description="population size multiplier")
    dt: quantity(brian2.ms, "'0.1 ms'", minimum=0.001, maximum=1) = Field(
        default_factory=lambda: 0.1 * brian2.ms, description="integration step")
    backend: choice(lambda: ("numpy", "cython", "cpp_standalone"), "Brian2 back end") = "cpp_standalone"
    noise: choice(lambda: _spec_noise()[0], "generator of the membrane noise in compiled windows "
                  "('ziggurat': twice as fast; 'brian2': Brian2's own)") = Field(
        default_factory=lambda: _spec_noise()[1])
    individual: Bool = Field(False, description="draw each subject's neurons from its own seed "
                                                "(else one circuit, seeded by the run)")


class SeededCircuit(Circuit):
    """``[circuit]`` of protocols that may fix one circuit seed for all subjects."""

    seed: Integer | None = Field(None, ge=0, le=2**32 - 1, description="circuit seed shared by all "
                                 "subjects (default: derived from the run's seed)")


def _engine_model():
    """``[engine]``: one optional field per :class:`~raphe.experiments.engine.EngineSettings` field."""
    import dataclasses

    from pydantic import create_model

    from raphe.experiments.engine import EngineSettings

    defaults = EngineSettings()
    fields = {}
    for f in dataclasses.fields(EngineSettings):
        d = getattr(defaults, f.name)
        if isinstance(d, brian2.Quantity):
            unit = brian2.get_unit(d.dim) if not d.dim.is_dimensionless else 1.0
            kind = quantity(unit, f"'{quantity_text(d)}'")
        elif isinstance(d, bool):
            kind = Bool
        elif isinstance(d, int):
            kind = Integer
        elif isinstance(d, float):
            kind = Number
        else:
            kind = Str
        fields[f.name] = (kind | None, Field(None, description=f"default {d!r}"))
    return create_model("Engine", __base__=Model, __doc__="``[engine]``: engine settings "
                        "(unset: the engine's defaults; backend: the circuit's)", **fields)


Engine = _engine_model()


def _check_path(v):
    from pathlib import Path

    if v and not Path(v).is_file():
        fail("an existing file (or \"\" for the built-in affinities)")
    return v


class Pharmacology(Model):
    """``[pharmacology]``: where drug affinities come from."""

    affinities: Annotated[str, BeforeValidator(_str), AfterValidator(_check_path)] = Field(
        "", description="binding affinities file (\"\" = built-in library)")


class Variability(Model):
    """``[cohort.variability]``: between-subject variability (log-normal factors, median 1; [U] priors)."""

    body_weight_cv: Number = Field(0.08, ge=0, le=1, description="CV of body weight")
    clearance_cv: Number = Field(0.3, ge=0, le=2, description="CV of drug clearance")
    volume_cv: Number = Field(0.2, ge=0, le=2, description="CV of volume of distribution")


class Cohort(Model):
    """``[cohort]``: subjects per group and the reference group."""

    n: Integer = Field(6, ge=1, le=1000, description="subjects per group")
    reference: Str = Field("", description="group compared against (default: the first)")
    variability: Variability = Field(default_factory=Variability)


def _dose_input(v):
    from raphe.circuits.pharmacology import Dose as PKDose

    if isinstance(v, PKDose):
        return dose_dict(v)
    if isinstance(v, dict):
        return {k: (value_text(x) if isinstance(x, brian2.Quantity) else x) for k, x in v.items()}
    return v


def value_text(x):
    return amount_text(x) if brian2.get_dimensions(x) in _DOSE_DIMS else quantity_text(x)


class Dose(Model):
    """One dose in a group: drug, amount, route and schedule (checked against the drug record)."""

    drug: Str = Field(description="registered drug name, e.g. 'sertraline'")
    amount: Str = Field(description="dose, e.g. '10 mg/kg'")
    route: Str = Field("ip", description="route: iv, ip, sc, po, iv_infusion, minipump")
    time: Str = Field("0 min", description="time of the (first) dose in protocol time, e.g. '0 min'")
    duration: Str = Field("", description="infusion duration")
    every: Str = Field("", description="interval of repeated doses, e.g. '24 h'")
    count: Integer = Field(1, ge=1, le=10000, description="number of doses")
    salt: Bool = Field(False, description="amount given as the salt")


DoseItem = Annotated[Dose, BeforeValidator(_dose_input)]


class Group(Model):
    """One treatment group (``[[group]]``): a name, its doses (none: vehicle), label, size."""

    name: Name = Field(description="group name (letters, digits, _ . + -)")
    label: Str = Field("", description="legend label")
    n: Integer | None = Field(None, ge=1, le=1000, description="subjects in this group (default cohort.n)")
    doses: list[DoseItem] = Field(default_factory=list, description="doses (none: vehicle)")

    _key: ClassVar[tuple] = ("group",)

    def __init__(self, name: str | None = None, doses=None, /, **data):
        if name is not None:
            data["name"] = name
        if doses is not None:
            data["doses"] = doses
        super().__init__(**data)


# ---------------------------------------------------------------- doses as text

_DOSE_DIMS = (brian2.get_dimensions(1), brian2.get_dimensions(brian2.Hz), brian2.get_dimensions(brian2.kgram),
              brian2.get_dimensions(brian2.kgram / brian2.second))


def amount_text(amount) -> str:
    """A dose amount as text: ratios in mg/kg (or ug/kg), rates per day, masses in mg."""
    if isinstance(amount, str):
        return amount
    dims = brian2.get_dimensions(amount)
    for unit, name in ((1e-6, "mg/kg"), (1e-9, "ug/kg"), (brian2.mgram, "mg"), (brian2.ugram, "ug"),
                       (1e-6 / DAY, "mg/kg/day"), (brian2.mgram / DAY, "mg/day")):
        if brian2.get_dimensions(unit) == dims:
            v = float(amount / unit)
            if abs(v) >= 1e-3 or v == 0:
                return f"{v:.12g} {name}"
    return quantity_text(amount)


def dose_dict(dose) -> dict:
    """A :class:`raphe.circuits.pharmacology.Dose` as a ``doses`` table of a group."""
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


# ---------------------------------------------------------------- experiments


_COMMON = {"name": ("experiment", "name"), "description": ("experiment", "description"),
           "seed": ("experiment", "seed"), "species": ("animal", "species"),
           "body_weight": ("animal", "body_weight"), "subjects": ("cohort", "n"),
           "reference": ("cohort", "reference")}


def _route(cls, data):
    """Flat keyword arguments (``regions=...``, ``groups=...``) to their sections."""
    if not isinstance(data, dict):
        return data
    out: dict = {}

    def merge(section, values):
        old = out.get(section)
        out[section] = {**_as_dict(old), **_as_dict(values)} if isinstance(old, (dict, BaseModel)) else values

    for key, value in data.items():
        if key in cls.model_fields:
            merge(key, value) if isinstance(value, (dict, BaseModel)) else out.__setitem__(key, value)
        elif key == "groups":
            out["group"] = value
        elif key in _COMMON:
            section, field = _COMMON[key]
            merge(section, {field: value})
        elif cls.section:
            merge(cls.section, {key: value})
        else:
            out[key] = value
    if cls.protocol:
        merge("experiment", {"protocol": cls.protocol, **_as_dict(out.get("experiment", {}))})
    return out


class Experiment(Model):
    """An experiment of one protocol; subclasses add the protocol's sections.

    Build one with a protocol's class (:class:`Microdialysis`, ...),
    :meth:`from_toml`, or :func:`builtin`.
    """

    protocol: ClassVar[str] = ""
    #: the protocol's own section, where unrouted keyword arguments go
    section: ClassVar[str] = ""

    experiment: ExperimentInfo

    def __init__(self, /, **data):
        outermost = not _VALIDATING.get()  # pydantic calls __init__ of nested models too
        super().__init__(**data)
        if outermost:
            self._check()

    @model_validator(mode="before")
    @classmethod
    def _routed(cls, data):
        return _route(cls, data)

    def _check(self) -> None:
        """The protocol's cross-field checks (dose routes, schedules, reference group ...)."""
        from raphe.experiments.protocols import get_protocol

        token = _VALIDATING.set(True)
        try:
            get_protocol(self.experiment.protocol).validate(self.to_dict())
        finally:
            _VALIDATING.reset(token)

    # ------------------------------------------------------------------ saved form
    @classmethod
    def parse(cls, raw: dict) -> "Experiment":
        """Validate a parsed TOML config; a problem is one RapheInputError line."""
        if not cls.protocol:
            protocol = raw.get("experiment", {}).get("protocol") if isinstance(raw.get("experiment"), dict) \
                else None
            cls = protocol_class(protocol)
        token = _VALIDATING.set(True)
        try:
            obj = cls.model_validate(raw)
        except ValidationError as err:
            raise to_input_error(err, cls) from None
        finally:
            _VALIDATING.reset(token)
        obj._check()
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
        return cls.parse(raw)

    def to_toml(self) -> str:
        """The config as TOML text (:meth:`from_toml` reads it back to an equal object)."""
        from raphe.experiments.config import dumps_toml

        return dumps_toml(self.to_dict())

    def save(self, path) -> None:
        """Write :meth:`to_toml` to ``path``."""
        from pathlib import Path

        Path(path).write_text(self.to_toml(), encoding="utf-8")

    def replace(self, **kwargs) -> "Experiment":
        """A copy with keyword arguments applied as in the constructor (sections merged).

        The description written for the original no longer describes a copy whose experiment
        changed (more than its name or seed): it is dropped unless ``description`` is given,
        and figures and NWB files then describe the copy from its values
        (:func:`raphe.io.labels.description`).
        """
        before = self.to_dict()
        raw = copy.deepcopy(before)
        for key, value in _route(type(self), kwargs).items():
            if isinstance(value, (dict, BaseModel)) and isinstance(raw.get(key), dict):
                raw[key] = {**raw[key], **_as_dict(value)}
            else:
                raw[key] = value
        if "description" not in kwargs and _beyond_identity(before) != _beyond_identity(raw):
            raw.setdefault("experiment", {})["description"] = ""
        return type(self).parse(raw)

    @property
    def name(self) -> str:
        return self.experiment.name or "experiment"

    @property
    def seed(self) -> int:
        return self.experiment.seed

    @property
    def run_config(self):
        """The validated run config (what the runner executes)."""
        from raphe.experiments import config as C

        return C.load_text(self.to_toml(), self.name, "python")

    def __repr__(self):
        groups = [g.name for g in getattr(self, "group", [])]
        return f"{type(self).__name__}(name={self.experiment.name!r}" + (f", groups={groups})" if groups else ")")


def _beyond_identity(raw: dict) -> dict:
    """A config without what names it (``[experiment]`` name, seed, description)."""
    out = {k: v for k, v in raw.items() if k != "experiment"}
    out["experiment"] = {k: v for k, v in (raw.get("experiment") or {}).items()
                         if k not in ("name", "seed", "description")}
    return out


class CohortExperiment(Experiment):
    """An experiment on a cohort of virtual animals in treatment groups."""

    animal: Animal = Field(default_factory=Animal)
    circuit: Circuit = Field(default_factory=Circuit)
    engine: Engine = Field(default_factory=Engine)
    pharmacology: Pharmacology = Field(default_factory=Pharmacology)
    cohort: Cohort = Field(default_factory=Cohort)
    group: list[Group] = Field(min_length=1, max_length=50, description="treatment groups")


def _as_dict(value):
    return value.to_dict() if isinstance(value, BaseModel) else dict(value)


def protocol_class(protocol):
    """The experiment class (config model) of a protocol name (an unknown name: a one-line error)."""
    from raphe.experiments.protocols import get_protocol

    return get_protocol(protocol if isinstance(protocol, str) else str(protocol)).model


def validate(model, raw: dict, prefix=()) -> dict:
    """Validate a raw (TOML) config with ``model``; return plain values (dicts, quantities, lists).

    Fields not given take their defaults, quantities are Brian2 quantities.
    ``prefix`` is the dotted key of ``raw`` in the whole config, for errors.
    """
    if not isinstance(raw, dict):
        raise RapheInputError(dotted(prefix) or "config", short(raw), "a table")
    token = _VALIDATING.set(True)
    try:
        obj = model.model_validate(raw)
    except ValidationError as err:
        raise to_input_error(err, model, prefix) from None
    finally:
        _VALIDATING.reset(token)
    return _plain(obj)


def _plain(obj):
    if isinstance(obj, BaseModel):
        out = {k: _plain(getattr(obj, k)) for k in type(obj).model_fields}
        for k, v in (obj.__pydantic_extra__ or {}).items():
            out[k] = _plain(v)
        return out
    if isinstance(obj, list):
        return [_plain(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    return copy.copy(obj)


def to_toml_value(value, key: str = "value"):
    """A Python value (quantities, doses, models, tuples) as a TOML value (text quantities)."""
    from raphe.circuits.pharmacology import Dose as PKDose

    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_unset=True, exclude_none=True)
    if isinstance(value, PKDose):
        return dose_dict(value)
    if isinstance(value, brian2.Quantity):
        if value.ndim:
            return [to_toml_value(v, key) for v in value]
        return value_text(value) if not brian2.get_dimensions(value).is_dimensionless else float(value)
    if isinstance(value, dict):
        return {str(k): to_toml_value(v, f"{key}.{k}") for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [to_toml_value(v, f"{key}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    raise RapheInputError(key, value, "a number, text, a quantity, a list or a table")


def builtin(name: str) -> Experiment:
    """The built-in experiment ``name`` as an object (``raphe list experiments``)."""
    return Experiment.from_toml(name)


def json_schema(protocol: str) -> dict:
    """The JSON schema of a protocol's config."""
    return protocol_class(protocol).model_json_schema()
