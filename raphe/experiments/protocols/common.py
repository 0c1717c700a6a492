"""What the protocols share: treatment groups and doses, engine settings, affinities, PK output.

Public helpers of every protocol on the skeleton (:mod:`raphe.experiments.protocols.base`),
so no protocol imports another's private names.
"""

from __future__ import annotations

from dataclasses import dataclass

import brian2
import h5py
import numpy as np

from raphe.errors import RapheInputError, UnknownNameError
from raphe.io import store


@dataclass(frozen=True)
class GroupConfig:
    name: str
    label: str
    n: int
    doses: tuple          # Dose objects
    dose_text: str        # human-readable regimen


def dose_objects(group: dict, key: str, species: str):
    from raphe.circuits.pharmacology import Dose

    out = []
    texts = []
    for i, d in enumerate(group["doses"]):
        kwargs = dict(drug=d["drug"], amount=d["amount"], route=d["route"], time=d["time"],
                      count=d["count"], salt=d["salt"])
        if d["duration"]:
            kwargs["duration"] = d["duration"]
        if d["every"]:
            kwargs["every"] = d["every"]
        try:
            dose = Dose(**kwargs)
            dose.validate(species, field=f"{key}.doses[{i}]")
            out.append(dose)
        except RapheInputError as err:
            if err.field.startswith(key):
                raise
            raise RapheInputError(f"{key}.doses[{i}].{err.field.split('.')[-1]}", err.value,
                                  err.expected) from None
        texts.append(f"{d['drug']} {d['amount']} {d['route']} at {d['time']}"
                     + (f" x{d['count']} every {d['every']}" if d["count"] > 1 else ""))
    return tuple(out), "; ".join(texts) or "vehicle"


def groups_of(v: dict, species: str) -> tuple:
    """The validated ``[[group]]`` tables as :class:`GroupConfig` (names unique, doses checked)."""
    groups, seen = [], set()
    for i, g in enumerate(v["group"]):
        if g["name"] in seen:
            raise RapheInputError(f"group[{i}].name", g["name"], "a name not used by another group")
        seen.add(g["name"])
        doses, text = dose_objects(g, f"group[{i}]", species)
        groups.append(GroupConfig(name=g["name"], label=g["label"] or g["name"],
                                  n=g["n"] or v["cohort"]["n"], doses=doses, dose_text=text))
    return tuple(groups)


def reference_of(v: dict, groups) -> str:
    """``cohort.reference`` (default: the first group), which must name a group."""
    names = [g.name for g in groups]
    ref = v["cohort"]["reference"] or names[0]
    if ref not in names:
        raise UnknownNameError("cohort.reference", ref, names)
    return ref


def engine_settings(table: dict, backend: str):
    """The engine's settings from a validated ``[engine]`` table (unset fields: defaults)."""
    from raphe.experiments import engine

    kwargs = {k: v for k, v in table.items() if v is not None}
    kwargs.setdefault("backend", backend)
    try:
        return engine.EngineSettings(**kwargs)
    except RapheInputError:
        raise
    except (TypeError, ValueError) as err:
        raise RapheInputError("engine", table, f"valid engine settings ({err})") from None


def load_affinities(path: str):
    from raphe.io.binding import load_affinities

    try:
        return load_affinities(path)
    except RapheInputError:
        raise
    except (OSError, ValueError, KeyError) as err:
        raise RapheInputError("pharmacology.affinities", path, f"a readable affinities file ({err})") from None


def circuit_seed_of(circuit: dict, subject, seed: int) -> int:
    """Seed of a subject's circuit: its own (individual), ``[circuit] seed``, or the run's shared seed."""
    from raphe.experiments.cohort import shared_seed

    if circuit["individual"]:
        return subject.engine_seed
    if circuit.get("seed") is not None:
        return int(circuit["seed"])
    return shared_seed(seed)


@dataclass(frozen=True)
class SubjectSetup:
    """What every protocol derives for one subject before simulating it."""

    group: object           # the subject's group (GroupConfig or a protocol's group)
    circuit_seed: int
    circuit: object         # CircuitSpec
    body_weight: object     # Quantity
    affinities: dict | None


def subject_setup(cfg, subject, seed: int) -> SubjectSetup:
    """The subject's group, circuit (shared or its own), body weight and affinities."""
    from raphe.circuits.circuit import default_circuit

    group = next(g for g in cfg.groups if g.name == subject.group)
    circuit_seed = circuit_seed_of(cfg.circuit, subject, seed)
    circuit = default_circuit(scale=cfg.circuit["scale"], seed=circuit_seed, dt=cfg.circuit["dt"],
                              noise=cfg.circuit["noise"])
    path = getattr(cfg, "affinities_path", "")
    return SubjectSetup(group, circuit_seed, circuit, cfg.animal["body_weight"] * subject.body_weight_factor,
                        load_affinities(path) if path else None)


def as_array(x, unit=None):
    """A quantity (stripped to ``unit``) or array as a float array."""
    if isinstance(x, brian2.Quantity):
        return np.asarray(x / unit, dtype=float) if unit is not None else np.asarray(x, dtype=float)
    return np.asarray(x, dtype=float)


def write_pk(s: h5py.Group, pk, n_time: int) -> None:
    if pk is None:
        return
    g = s.require_group("pk")
    for attr, unit, name in (("plasma_ng_per_ml", None, "ng/mL"), ("brain_free_nM", None, "nM"),
                             ("occupancy", None, "1")):
        table = getattr(pk, attr, None)
        if not table:
            continue
        sub = g.require_group(attr)
        for drug, arr in table.items():
            if isinstance(arr, dict):
                if arr:
                    dg = sub.require_group(drug)
                    for target, a2 in arr.items():
                        store.write_array(dg, target, as_array(a2), name)
            else:
                store.write_array(sub, drug, as_array(arr), name)
    fast = getattr(pk, "fast_inputs", None)
    if fast:
        sub = g.require_group("fast_inputs")
        if isinstance(fast, dict):
            for k, arr in fast.items():
                store.write_array(sub, k, as_array(arr), "1")


def write_timecourse(s: h5py.Group, res) -> None:
    """A subject's engine time course under ``/subjects/<id>``: time (min), extracellular
    concentrations (nM), population rates (Hz), receptor activations, PK and engine statistics."""
    store.write_quantity(s, "time", res.time, 60 * brian2.second, "min")
    for region, d in res.concentrations_nM.items():
        if d:
            g = s.require_group(f"concentration/{region}")
            for analyte, arr in d.items():
                store.write_array(g, analyte, as_array(arr), "nM")
    if res.rates_hz:
        g = s.require_group("rate")
        for pop, arr in res.rates_hz.items():
            store.write_array(g, pop, as_array(arr), "Hz")
    if res.receptor_activation:
        g = s.require_group("receptor_activation")
        for name, arr in res.receptor_activation.items():
            store.write_array(g, name.replace("/", "_"), as_array(arr), "1")
    write_pk(s, res.pk, len(res.time))
    stats = s.require_group("engine_stats")
    for k, val in (res.engine_stats or {}).items():
        try:
            store.set_attrs(stats, {k: val if not isinstance(val, brian2.Quantity) else float(val)})
        except (TypeError, ValueError):
            stats.attrs[k] = str(val)
