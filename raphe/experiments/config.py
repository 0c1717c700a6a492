"""Experiment configs: TOML files, ``--set`` overrides, loading.

A config is a TOML file, the saved form of an experiment object
(:mod:`raphe.experiments.models`). A built-in experiment name
(``acute-microdialysis``) resolves to ``raphe/experiments/configs/<name>.toml``
(package data); anything else is a path. Loading a config never simulates: it
parses the text, applies command-line overrides, and validates every key
(the typed models, then the protocol's cross-field checks), so a typo fails
in a second with a one-line :class:`~raphe.errors.RapheInputError` naming the
key, the value and what was expected.

Examples
--------
>>> cfg = load_config("acute-microdialysis", overrides=["cohort.n=2"])  # doctest: +SKIP
>>> cfg.seed, cfg.name  # doctest: +SKIP
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Mapping


from raphe.errors import RapheInputError, UnknownNameError
from raphe.experiments import follow

def suggest(name: str, valid) -> str:
    """``" (did you mean 'flow_rate'?)"`` or ``""``."""
    match = difflib.get_close_matches(str(name), [str(v) for v in valid], n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def dumps_toml(data: Mapping) -> str:
    """Write a dict of TOML-representable values as TOML text (:mod:`tomli_w`)."""
    import tomli_w

    return tomli_w.dumps(data)


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
    from raphe.registry import load_plugins

    load_plugins()  # the plugins' drugs, regions, protocols (built-in protocols: on first use)
    raw = parse_toml(text, source if not source.startswith("builtin:") else name)
    raw.pop("sweep", None)  # a [sweep] table is read by `raphe sweep`; `raphe run` runs the base config
    applied = list(overrides)
    before = follow.snapshot(raw)
    for item in overrides:
        path, value = parse_set(item)
        apply_set(raw, path, value)
    follow.follow_doses(before, raw, overrides)  # labels, names and salt made of changed doses
    if subjects is not None:
        if isinstance(subjects, bool) or not isinstance(subjects, int) or subjects < 1:
            raise RapheInputError("--subjects", subjects, "a positive integer")
        # a protocol whose subjects are not a cohort names its own key (pet.patients)
        key = getattr(get_protocol(experiment_info(raw).protocol), "subjects_key", ("cohort", "n"))
        apply_set(raw, list(key), subjects)
        applied.append(f"{'.'.join(key)}={subjects}")
    if seed is not None:
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise RapheInputError("--seed", seed, "a non-negative integer")
        apply_set(raw, ["experiment", "seed"], seed)
        applied.append(f"experiment.seed={seed}")
    exp = experiment_info(raw)
    protocol = get_protocol(exp.protocol)
    validated = protocol.validate(raw)
    return RunConfig(name=exp.name or name, source=source, text=text, raw=raw,
                     effective_text=dumps_toml(raw), overrides=applied, protocol=protocol,
                     validated=validated, seed=exp.seed)


def experiment_info(raw: dict):
    """The validated ``[experiment]`` table of a raw config (protocol, name, seed)."""
    from raphe.experiments.models import ExperimentInfo, validate

    if "experiment" not in raw:
        raise RapheInputError("experiment", "(missing)", "an [experiment] table with protocol = ...")
    return ExperimentInfo(**validate(ExperimentInfo, raw["experiment"], prefix=("experiment",)))
