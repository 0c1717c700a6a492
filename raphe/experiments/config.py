"""Experiment configs: TOML files, a typed schema, ``--set`` overrides.

A config is a TOML file. A built-in experiment name (``acute-microdialysis``)
resolves to ``raphe/experiments/configs/<name>.toml`` (package data); anything
else is a path. Loading a config never simulates: it parses the text, applies
command-line overrides, and validates every key against a typed schema, so a
typo fails in a second with a one-line :class:`~raphe.errors.RapheInputError`
naming the key, the value and what was expected.

The schema language is small and lives here, in one place:

* :class:`Field` -- one value: a quantity with a unit, an int, a float, a bool,
  a string, a choice, a list of names or a list of quantities;
* :class:`Table` -- a TOML table with named fields (unknown keys are errors that
  suggest the closest valid name, via :mod:`difflib`);
* :class:`MapOf` -- a table whose keys are free names (``[probe.PFC]``) with one
  value schema;
* :class:`ArrayOf` -- an array of tables (``[[group]]``).

Protocols describe their sections with these and call :func:`validate`.

Examples
--------
>>> cfg = load_config("acute-microdialysis", overrides=["cohort.n=2"])  # doctest: +SKIP
>>> cfg.seed, cfg.name  # doctest: +SKIP
"""

from __future__ import annotations

import copy
import difflib
import json
import math
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Mapping


from raphe.errors import RapheInputError, UnknownNameError
from raphe.units import parse_quantity

#: Sentinel for a required field.
REQUIRED = object()


# ---------------------------------------------------------------- schema types


@dataclass(frozen=True)
class Field:
    """One config value.

    Parameters
    ----------
    kind : str
        ``"quantity"``, ``"quantity_list"``, ``"int"``, ``"float"``, ``"bool"``,
        ``"str"``, ``"choice"``, ``"name_list"`` (list of choices), ``"path"``,
        or ``"raw"`` (validated later by a ``check`` function).
    help : str
        One line, also used as the "expected" text of errors.
    unit : Quantity, optional
        Unit (dimension) of a quantity; bounds are given in this unit.
    example : str, optional
        Example value for error messages (``"'20 min'"``).
    default : object
        Default value (already parsed), or :data:`REQUIRED`.
    minimum, maximum : float, optional
        Inclusive bounds (numbers, or quantities in ``unit``).
    strictly_positive : bool
        Reject zero.
    choices : tuple of str, optional
        Valid values of a ``choice`` / ``name_list`` (case-sensitive after
        canonicalisation by ``aliases``).
    check : callable, optional
        ``check(value, key) -> value``: extra validation, raising RapheInputError.
    """

    kind: str
    help: str = ""
    unit: Any = None
    example: str | None = None
    default: Any = REQUIRED
    minimum: float | None = None
    maximum: float | None = None
    strictly_positive: bool = False
    choices: tuple | None = None
    check: Callable | None = None

    def parse(self, value, key: str):
        """Validate and convert ``value`` (from TOML) for config key ``key``."""
        k = self.kind
        if k == "quantity":
            return parse_quantity(value, key, self.unit, example=self.example,
                                  minimum=self.minimum, maximum=self.maximum,
                                  strictly_positive=self.strictly_positive)
        if k == "quantity_list":
            if not isinstance(value, list):
                raise RapheInputError(key, value, f"a list of quantities like [{self.example}]")
            return [parse_quantity(v, f"{key}[{i}]", self.unit, example=self.example,
                                   minimum=self.minimum, maximum=self.maximum)
                    for i, v in enumerate(value)]
        if k == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                if isinstance(value, float) and value.is_integer() and math.isfinite(value):
                    value = int(value)
                else:
                    raise RapheInputError(key, value, f"an integer ({self.help})" if self.help
                                          else "an integer")
            self._bounds(value, key)
            return value
        if k == "float":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise RapheInputError(key, value, f"a number ({self.help})" if self.help
                                      else "a number")
            value = float(value)
            if not math.isfinite(value):
                raise RapheInputError(key, value, "a finite number")
            self._bounds(value, key)
            return value
        if k == "bool":
            if not isinstance(value, bool):
                raise RapheInputError(key, value, "true or false")
            return value
        if k in ("str", "path"):
            if not isinstance(value, str):
                raise RapheInputError(key, value, f"a string ({self.help})" if self.help
                                      else "a string")
            if self.check:
                return self.check(value, key)
            return value
        if k == "choice":
            return self._choice(value, key)
        if k == "name_list":
            if not isinstance(value, list) or not value:
                raise RapheInputError(key, value, "a non-empty list of: " + ", ".join(self.choices))
            out = [self._choice(v, f"{key}[{i}]") for i, v in enumerate(value)]
            if len(set(out)) != len(out):
                raise RapheInputError(key, value, "a list without repeated names")
            return out
        if k == "raw":
            return self.check(value, key) if self.check else value
        raise AssertionError(f"unknown field kind {k}")  # pragma: no cover

    def _choice(self, value, key):
        if not isinstance(value, str):
            raise UnknownNameError(key, value, self.choices)
        for c in self.choices:
            if value.lower() == str(c).lower():
                return c
        raise UnknownNameError(key, value, self.choices)

    def _bounds(self, value, key):
        if self.minimum is not None and value < self.minimum:
            raise RapheInputError(key, value, f"a value of at least {self.minimum:g}")
        if self.maximum is not None and value > self.maximum:
            raise RapheInputError(key, value, f"a value of at most {self.maximum:g}")
        if self.strictly_positive and value <= 0:
            raise RapheInputError(key, value, "a value greater than zero")


@dataclass(frozen=True)
class Table:
    """A TOML table with named fields.

    Parameters
    ----------
    fields : mapping
        Key -> :class:`Field`, :class:`Table`, :class:`MapOf` or :class:`ArrayOf`.
    help : str
        What the table is.
    required : bool
        Whether the table must be present (otherwise defaults apply).
    """

    fields: Mapping[str, Any]
    help: str = ""
    required: bool = False


@dataclass(frozen=True)
class MapOf:
    """A table with free keys (restricted to ``keys`` if given), one schema per value."""

    value: Any
    keys: tuple | None = None
    help: str = ""


@dataclass(frozen=True)
class ArrayOf:
    """An array of tables (``[[group]]``), each validated by ``item``."""

    item: Table
    min_items: int = 0
    max_items: int | None = None
    help: str = ""


def suggest(name: str, valid) -> str:
    """``" (did you mean 'flow_rate'?)"`` or ``""``."""
    match = difflib.get_close_matches(str(name), [str(v) for v in valid], n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def _join(prefix: str, key) -> str:
    return f"{prefix}.{key}" if prefix else str(key)


def validate(raw, schema, prefix: str = ""):
    """Validate ``raw`` (parsed TOML) against ``schema``; return parsed values.

    Tables come back as plain dicts with every field present (defaults filled
    in), quantities as Brian2 quantities.

    Raises
    ------
    RapheInputError
        One line naming the dotted key, the value and what was expected.
    """
    if isinstance(schema, Field):
        return schema.parse(raw, prefix)
    if isinstance(schema, Table):
        if not isinstance(raw, dict):
            raise RapheInputError(prefix or "config", _short(raw), f"a table ({schema.help or 'TOML [section]'})")
        out = {}
        for key in raw:
            if key not in schema.fields:
                valid = list(schema.fields)
                raise RapheInputError(
                    _join(prefix, key), _short(raw[key]),
                    "no such key" + suggest(key, valid) + "; valid keys: " + ", ".join(valid))
        for key, sub in schema.fields.items():
            full = _join(prefix, key)
            if key in raw:
                out[key] = validate(raw[key], sub, full)
            elif isinstance(sub, Field):
                if sub.default is REQUIRED:
                    raise RapheInputError(full, "(missing)", f"a value: {sub.help}" if sub.help else "a value")
                out[key] = copy.copy(sub.default)
            elif isinstance(sub, Table):
                if sub.required:
                    raise RapheInputError(full, "(missing)", f"a [{full}] table: {sub.help}")
                out[key] = validate({}, sub, full)
            elif isinstance(sub, MapOf):
                out[key] = {}
            elif isinstance(sub, ArrayOf):
                if sub.min_items:
                    raise RapheInputError(full, "(missing)", f"at least {sub.min_items} [[{full}]] tables")
                out[key] = []
        return out
    if isinstance(schema, MapOf):
        if not isinstance(raw, dict):
            raise RapheInputError(prefix, _short(raw), f"a table ({schema.help})")
        out = {}
        for key, value in raw.items():
            if schema.keys is not None and key not in schema.keys:
                raise RapheInputError(
                    _join(prefix, key), _short(value),
                    "no such key" + suggest(key, schema.keys) + "; valid keys: " + ", ".join(schema.keys))
            out[key] = validate(value, schema.value, _join(prefix, key))
        return out
    if isinstance(schema, ArrayOf):
        if not isinstance(raw, list) or not all(isinstance(x, dict) for x in raw):
            raise RapheInputError(prefix, _short(raw), f"an array of tables [[{prefix}]] ({schema.help})")
        if len(raw) < schema.min_items:
            raise RapheInputError(prefix, f"{len(raw)} tables", f"at least {schema.min_items}")
        if schema.max_items is not None and len(raw) > schema.max_items:
            raise RapheInputError(prefix, f"{len(raw)} tables", f"at most {schema.max_items}")
        return [validate(item, schema.item, f"{prefix}[{i}]") for i, item in enumerate(raw)]
    raise AssertionError(f"bad schema node {schema!r}")  # pragma: no cover


def _short(value, limit: int = 60):
    text = repr(value)
    return value if len(text) <= limit else text[:limit] + "..."


# ------------------------------------------------------ common sections

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.+-]*$")


def check_name(value: str, key: str) -> str:
    """A name usable as an HDF5 group and file name (letters, digits, ``_.+-``)."""
    if not NAME_RE.fullmatch(value) or len(value) > 64:
        raise RapheInputError(key, value, "a name of letters, digits and _ . + - (no spaces or '/')")
    return value


#: The ``[experiment]`` section, common to every protocol.
EXPERIMENT = Table({
    "name": Field("str", "experiment name, used for default output files", check=check_name,
                  default=None),
    "description": Field("str", "one line shown by `raphe list experiments`", default=""),
    "protocol": Field("str", "registered protocol name, e.g. 'microdialysis'"),
    "seed": Field("int", "seed of the run's random state", minimum=0, maximum=2**63 - 1,
                  default=12345),
}, help="what the experiment is", required=True)


# ---------------------------------------------------------------- TOML writing


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _string(text: str) -> str:
    # JSON escapes are valid TOML escapes; TOML also forbids a raw DEL
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _key(k) -> str:
    k = str(k)
    return k if _BARE_KEY.fullmatch(k) else _string(k)


def _value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_key(k)} = {_value(x)}" for k, x in v.items()) + "}"
    raise TypeError(f"cannot write {type(v).__name__} to TOML")


def _is_table_array(v) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)


def dumps_toml(data: Mapping) -> str:
    """Write a dict of TOML-representable values as TOML text.

    ``tomllib.loads(dumps_toml(d)) == d`` for any dict of strings, ints, finite
    floats, bools, lists and dicts (tested). Nested dicts become ``[a.b]``
    tables, top-level lists of dicts ``[[a]]`` arrays of tables, and anything
    deeper inline tables.
    """
    lines: list[str] = []

    def table(prefix: str, d: Mapping, header: str | None):
        scalars = [(k, v) for k, v in d.items()
                   if not isinstance(v, dict) and not _is_table_array(v)]
        subs = [(k, v) for k, v in d.items() if isinstance(v, dict)]
        arrays = [(k, v) for k, v in d.items() if _is_table_array(v)]
        if header is not None and (scalars or not (subs or arrays)):
            lines.append(header)
        for k, v in scalars:
            lines.append(f"{_key(k)} = {_value(v)}")
        if header is not None and (scalars or not (subs or arrays)):
            lines.append("")
        for k, v in subs:
            name = f"{prefix}.{_key(k)}" if prefix else _key(k)
            table(name, v, f"[{name}]")
        for k, v in arrays:
            name = f"{prefix}.{_key(k)}" if prefix else _key(k)
            for item in v:
                lines.append(f"[[{name}]]")
                for ik, iv in item.items():
                    lines.append(f"{_key(ik)} = {_value(iv)}")
                lines.append("")

    table("", data, None)
    return "\n".join(lines).strip() + "\n"


# ---------------------------------------------------------------- --set


_SET_KEY = re.compile(r"^[A-Za-z0-9_+-]+(\.[A-Za-z0-9_+-]+)*$")


def parse_set(text: str) -> tuple[list[str], Any]:
    """Parse one ``--set KEY=VALUE`` into a key path and a TOML value.

    The value is read as a TOML value when it is one (``4``, ``true``,
    ``"20 min"``, ``["PFC", "NAc"]``), otherwise taken as a string, so
    ``--set microdialysis.sample_interval=20 min`` needs no quotes. Array
    elements are addressed by index: ``group.1.doses.0.amount=5 mg/kg``.

    Raises
    ------
    RapheInputError
        For text without ``=``, an empty or malformed key.
    """
    if not isinstance(text, str) or "=" not in text:
        raise RapheInputError("--set", text, "KEY=VALUE, e.g. cohort.n=4")
    key, value = text.split("=", 1)
    key = key.strip()
    if not _SET_KEY.fullmatch(key):
        raise RapheInputError("--set", text, "KEY=VALUE with a dotted KEY of letters, digits, _ + -")
    value = value.strip()
    try:
        parsed = tomllib.loads(f"v = {value}")["v"]
    except tomllib.TOMLDecodeError:
        parsed = value
    return key.split("."), parsed


def apply_set(config: dict, path: list[str], value) -> None:
    """Set ``config[path...] = value`` in place, creating tables as needed.

    Raises
    ------
    RapheInputError
        When the path crosses a non-table value or a bad array index.
    """
    node: Any = config
    dotted = ".".join(path)
    for i, part in enumerate(path[:-1]):
        if isinstance(node, list):
            node = node[_index(node, part, dotted)]
            continue
        if not isinstance(node, dict):
            raise RapheInputError("--set " + dotted, value, f"a path into tables ({'.'.join(path[:i])} is a value)")
        if part not in node:
            node[part] = {}
        node = node[part]
    last = path[-1]
    if isinstance(node, list):
        node[_index(node, last, dotted)] = value
    elif isinstance(node, dict):
        node[last] = value
    else:
        raise RapheInputError("--set " + dotted, value, f"a path into tables ({'.'.join(path[:-1])} is a value)")


def _index(node: list, part: str, dotted: str) -> int:
    if not part.isdigit() or int(part) >= len(node):
        raise RapheInputError("--set " + dotted, part, f"an array index from 0 to {len(node) - 1}")
    return int(part)


# ---------------------------------------------------------------- loading


def configs_dir():
    """The directory of built-in configs (package data)."""
    return resources.files("raphe.experiments") / "configs"


def builtin_names() -> list[str]:
    """Names of the built-in experiments."""
    return sorted(p.name[:-5] for p in configs_dir().iterdir() if p.name.endswith(".toml"))


def list_experiments() -> list[tuple[str, str]]:
    """Built-in experiments as ``(name, description)`` pairs, sorted by name."""
    out = []
    for name in builtin_names():
        text = (configs_dir() / f"{name}.toml").read_text(encoding="utf-8")
        try:
            desc = tomllib.loads(text).get("experiment", {}).get("description", "")
        except tomllib.TOMLDecodeError:  # pragma: no cover - built-ins are tested
            desc = "(unreadable config)"
        out.append((name, str(desc)))
    return out


def resolve(name_or_path: str) -> tuple[str, str, str]:
    """Return ``(name, toml_text, source)`` for a built-in name or a path.

    Raises
    ------
    UnknownNameError
        Neither a built-in experiment nor an existing ``.toml`` file.
    """
    text_arg = str(name_or_path)
    path = Path(text_arg)
    if text_arg.endswith(".toml") or path.exists():
        if not path.is_file():
            raise RapheInputError("config", text_arg, "an existing TOML file or a built-in experiment ("
                                  + ", ".join(builtin_names()) + ")")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise RapheInputError("config", text_arg, f"a readable UTF-8 TOML file ({err})") from None
        return path.stem, text, str(path.resolve())
    names = builtin_names()
    if text_arg not in names:
        err = UnknownNameError("experiment", text_arg, names)
        raise RapheInputError("experiment", text_arg,
                              err.expected + suggest(text_arg, names) + ", or a path to a .toml file") from None
    return text_arg, (configs_dir() / f"{text_arg}.toml").read_text(encoding="utf-8"), f"builtin:{text_arg}"


@dataclass
class RunConfig:
    """A loaded, validated experiment config.

    Attributes
    ----------
    name : str
        Experiment name (from ``[experiment] name`` or the file name).
    source : str
        ``builtin:<name>`` or the absolute path of the file.
    text : str
        The config file's text, as given.
    raw : dict
        Parsed TOML after overrides (what the protocol validated).
    effective_text : str
        ``raw`` written back as TOML: the config that actually ran.
    overrides : list of str
        The ``--set`` strings (and ``--subjects``/``--seed``) applied.
    protocol : Protocol
        The registered protocol.
    validated : object
        The protocol's validated config.
    seed : int
        The run's seed.
    """

    name: str
    source: str
    text: str
    raw: dict
    effective_text: str
    overrides: list
    protocol: Any
    validated: Any
    seed: int


def parse_toml(text: str, source: str = "config") -> dict:
    """``tomllib.loads`` with a one-line RapheInputError on a syntax error."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise RapheInputError(source, "(TOML text)", f"valid TOML ({err})") from None


def load_config(name_or_path: str, overrides=(), subjects: int | None = None,
                seed: int | None = None) -> RunConfig:
    """Resolve, parse, override and validate a config; simulate nothing.

    Parameters
    ----------
    name_or_path : str
        Built-in experiment name or path to a TOML file.
    overrides : sequence of str
        ``KEY=VALUE`` strings, as given to ``--set``.
    subjects : int, optional
        Subjects per group (sets ``cohort.n``).
    seed : int, optional
        Seed of the run (sets ``experiment.seed``).

    Raises
    ------
    RapheInputError
        For any problem, naming the key.
    """
    name, text, source = resolve(name_or_path)
    return load_text(text, name, source, overrides=overrides, subjects=subjects, seed=seed)


def load_text(text: str, name: str, source: str, overrides=(), subjects: int | None = None,
              seed: int | None = None) -> RunConfig:
    """:func:`load_config` of a config's TOML text (``name``: used when it has no name)."""
    from raphe.experiments.protocols import get_protocol

    raw = parse_toml(text, source if not source.startswith("builtin:") else name)
    raw.pop("sweep", None)  # a [sweep] table is read by `raphe sweep`; `raphe run` runs the base config
    applied = list(overrides)
    for item in overrides:
        path, value = parse_set(item)
        apply_set(raw, path, value)
    if subjects is not None:
        if isinstance(subjects, bool) or not isinstance(subjects, int) or subjects < 1:
            raise RapheInputError("--subjects", subjects, "a positive integer")
        apply_set(raw, ["cohort", "n"], subjects)
        applied.append(f"cohort.n={subjects}")
    if seed is not None:
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise RapheInputError("--seed", seed, "a non-negative integer")
        apply_set(raw, ["experiment", "seed"], seed)
        applied.append(f"experiment.seed={seed}")
    if "experiment" not in raw:
        raise RapheInputError("experiment", "(missing)", "an [experiment] table with protocol = ...")
    exp = validate(raw.get("experiment"), Table(EXPERIMENT.fields, help=EXPERIMENT.help), "experiment")
    protocol = get_protocol(exp["protocol"])
    validated = protocol.validate(raw)
    return RunConfig(name=exp["name"] or name, source=source, text=text, raw=raw,
                     effective_text=dumps_toml(raw), overrides=applied, protocol=protocol,
                     validated=validated, seed=exp["seed"])
