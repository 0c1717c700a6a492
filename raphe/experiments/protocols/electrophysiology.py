"""The electrophysiology protocol: single-unit recording of DRN 5-HT neurons.

Virtual extracellular recording in the chloral-hydrate anaesthetised rat, as
the de Montigny/Blier and Artigas labs ran it: an identified 5-HT neuron
(slow, regular firing) is recorded for a baseline of a few minutes, then a
drug is given i.v. in cumulative doses (doses doubling every 2-3 min), and
its firing rate is expressed as % of baseline at each cumulative dose. After
the last dose an antagonist can be given (WAY-100635 10 ug/kg i.v. reverses
5-HT1A-mediated suppression; Martin-Ruiz 2001 J Neurosci 21:9856).

Per subject the engine simulates the injections on the protocol clock; the
firing of each recorded unit (a neuron of the DRN_5HT population, sampled
among those firing in the 5-HT range at baseline) is read from the response
surface's windows (per-neuron rates, interpolated between surface nodes like
every other readout), at ``sample_delay`` after each injection. An ED50 is
fitted to every unit and to the group mean (Hill curve from 100 % to 0 %,
:func:`raphe.analysis.ephys.fit_ed50`).

Config sections: ``[experiment]``, ``[animal]``, ``[circuit]``, ``[engine]``,
``[pharmacology]``, ``[electrophysiology]``, ``[cohort]`` and ``[[group]]``
(each with ``drug``, ``cumulative_doses``, optional ``reversal`` and
``pretreatment`` doses).

HDF5 layout
-----------
``/electrophysiology/<group>/<subject>/unit_<k>``
    ``time_min``, ``cumulative_dose``, ``rate_hz``, ``percent_baseline``
    (last point: after the reversal injection, ``is_reversal``); attributes
    ``neuron``, ``population``, ``baseline_hz``, ``ed50``. With
    ``record_spikes`` (``"first"`` subject of each group by default) also
    ``spike_times`` (ms, protocol time) and ``spike_windows`` (ms, start and
    stop of the spiking window run at each sample time).
``/summary/electrophysiology/<group>``
    ``dose``, ``percent_baseline_mean``, ``percent_baseline_sem``, ``n``;
    attributes ``ed50``, ``ed50_hill``, ``ed50_extrapolated``, ``ed50_crossing``,
    ``dose_unit``, reversal mean/SEM.
``/subjects/<id>``
    the engine's time series at the sampling times (rates, concentrations, PK).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

import brian2
import h5py
import numpy as np
from pydantic import Field

from raphe.errors import RapheInputError
from raphe.experiments import cohort as cohort_mod
from raphe.experiments import models
from raphe.experiments.models import (Bool, CohortExperiment, DoseItem, Integer, Model, Name, SeededCircuit, Str,
                                      Variability, quantity, value_text)
from raphe.experiments.protocols import common, register
from raphe.experiments.protocols.base import CohortProtocol
from raphe.io import store

MIN = 60 * brian2.second
POPULATION = "DRN_5HT"
_DOSE_TEXT = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.+?)\s*$")

#: Dose units offered for dose-response axes (value of 1 unit as a mass ratio).
DOSE_UNITS = {"mg/kg": 1e-6, "ug/kg": 1e-9, "µg/kg": 1e-9, "ng/kg": 1e-12}

# ---------------------------------------------------------------- config model


class Reversal(Model):
    """An antagonist given after the last cumulative dose."""

    drug: Str | None = None
    amount: Str | None = None
    route: Str | None = None
    salt: Bool = Field(False, description="the amount is of the drug's salt")


class DoseResponseGroup(Model):
    """One dose-response group: a drug in cumulative doses, optional reversal and pretreatment."""

    name: Name = Field(description="group name")
    label: Str = Field("", description="legend label")
    n: Integer | None = Field(None, ge=1, le=1000, description="subjects (units' rats) in this group")
    drug: Str = Field(description="drug given in cumulative doses, e.g. 'citalopram'")
    route: Str = Field("iv", description="route of the cumulative doses")
    cumulative_doses: list[Any] = Field(description="cumulative doses, e.g. ['0.05 mg/kg', '0.1 mg/kg']")
    salt: Bool = Field(False, description="the cumulative doses are of the drug's salt")
    reversal: Reversal = Field(default_factory=Reversal)
    pretreatment: list[DoseItem] = Field(default_factory=list, description="doses before the recording")

    def __init__(self, name: str | None = None, /, **data):
        if name is not None:
            data["name"] = name
        for key in ("cumulative_doses",):
            if key in data and isinstance(data[key], (list, tuple)):
                data[key] = [value_text(x) if isinstance(x, brian2.Quantity) or isinstance(x, float) else x
                             for x in data[key]]
        super().__init__(**data)


class ElectrophysiologySection(Model):
    """``[electrophysiology]``: the recording schedule and unit identification."""

    baseline: quantity(MIN, "'3 min'", minimum=0.5, maximum=60) = Field(default_factory=lambda: 3 * MIN)
    dose_interval: quantity(MIN, "'2 min'", minimum=0.5, maximum=60) = Field(default_factory=lambda: 2 * MIN)
    sample_delay: quantity(MIN, "'1.5 min'", minimum=0.1, maximum=60) = Field(
        default_factory=lambda: 1.5 * MIN, description="firing read this long after each injection")
    reversal_delay: quantity(MIN, "'5 min'", minimum=0.1, maximum=60) = Field(
        default_factory=lambda: 5 * MIN, description="reversal read this long after the antagonist [U]")
    units_per_subject: Integer = Field(1, ge=1, le=100, description="5-HT units recorded per rat")
    min_baseline_rate: quantity(brian2.Hz, "'0.3 Hz'", minimum=0, maximum=10) = Field(
        default_factory=lambda: 0.3 * brian2.Hz, description="slower units are not identified as 5-HT")
    max_baseline_rate: quantity(brian2.Hz, "'3 Hz'", minimum=0.1, maximum=50) = Field(
        default_factory=lambda: 3.0 * brian2.Hz, description="faster units are rejected")
    record_spikes: models.choice(lambda: ("none", "first", "all"), "which subjects' unit spike trains are stored") = Field(
        "first", description="spike trains of the recorded units, in a spiking window at each sample time: "
        "'first' subject of each group (default), 'all' or 'none' (each window is one more spiking run)")


class EphysCohort(Model):
    n: Integer = Field(6, ge=1, le=1000, description="subjects per group")
    variability: Variability = Field(default_factory=Variability)


class Electrophysiology(CohortExperiment):
    """Single-unit recording of DRN 5-HT neurons with cumulative doses (``[electrophysiology]``)."""

    protocol = "electrophysiology"
    section = "electrophysiology"

    circuit: SeededCircuit = Field(default_factory=SeededCircuit)
    electrophysiology: ElectrophysiologySection = Field(default_factory=ElectrophysiologySection)
    cohort: EphysCohort = Field(default_factory=EphysCohort)
    group: list[DoseResponseGroup] = Field(min_length=1, max_length=50, description="dose-response groups")


def parse_dose(text, key: str) -> tuple[float, str]:
    """``'0.25 ug/kg'`` -> (value as a mass ratio, unit text)."""
    if not isinstance(text, str):
        raise RapheInputError(key, text, "a dose with units, like '0.1 mg/kg'")
    m = _DOSE_TEXT.match(text)
    if not m or m.group(2) not in DOSE_UNITS:
        raise RapheInputError(key, text, "a dose like '0.1 mg/kg' or '0.25 ug/kg' (units: "
                              + ", ".join(DOSE_UNITS) + ")")
    value = float(m.group(1)) * DOSE_UNITS[m.group(2)]
    if not value > 0:
        raise RapheInputError(key, text, "a positive dose")
    return value, m.group(2).replace("µ", "u")


@dataclass(frozen=True)
class EphysGroup:
    name: str
    label: str
    n: int
    drug: str
    route: str
    cumulative: tuple      # mass ratios (kg/kg)
    dose_unit: str         # display unit
    reversal: Any          # (drug, amount text, route, salt) or None
    pretreatment: tuple    # Dose objects
    salt: bool = False     # the cumulative doses are of the salt


@dataclass(frozen=True)
class EphysConfig:
    """Validated electrophysiology experiment (frozen; picklable)."""

    experiment: dict
    animal: dict
    circuit: dict
    engine: dict
    affinities_path: str
    ephys: dict
    groups: tuple
    variability: dict

    @property
    def n_subjects(self) -> int:
        return sum(g.n for g in self.groups)


def validate_group(g: dict, i: int, species: str) -> EphysGroup:
    """A validated dose-response group (``[[group]]`` table ``i``; also the chronic agonist challenge)."""
    from raphe.circuits.pharmacology import DRUGS, Dose

    key = f"group[{i}]"
    DRUGS.get(g["drug"], field=f"{key}.drug")
    doses = g["cumulative_doses"]
    if not isinstance(doses, list) or not doses:
        raise RapheInputError(f"{key}.cumulative_doses", doses, "a non-empty list like ['0.05 mg/kg']")
    parsed = [parse_dose(d, f"{key}.cumulative_doses[{k}]") for k, d in enumerate(doses)]
    values = [v for v, _ in parsed]
    if any(b <= a for a, b in zip(values, values[1:])):
        raise RapheInputError(f"{key}.cumulative_doses", doses, "increasing cumulative doses")
    unit = parsed[0][1]
    # validate one injection now (route, species), not in a worker
    Dose(drug=g["drug"], amount=f"{values[0] / 1e-6:.12g} mg/kg", route=g["route"],
         salt=g.get("salt", False)).validate(species, field=f"{key}")
    # the config model fills an absent [group.reversal] with None fields: no reversal
    rev = {k: v for k, v in (g.get("reversal") or {}).items() if v is not None}
    if rev.get("drug") is None and rev.get("amount") is None and "route" not in rev \
            and not rev.get("salt", False):
        rev = {}
    reversal = None
    if rev:
        for k in ("drug", "amount"):
            if k not in rev:
                raise RapheInputError(f"{key}.reversal.{k}", None, "a value (reversal needs drug and amount)")
        for k in ("drug", "amount", "route"):
            if k in rev and not isinstance(rev[k], str):
                raise RapheInputError(f"{key}.reversal.{k}", rev[k], "a string")
        if not isinstance(rev.get("salt", False), bool):
            raise RapheInputError(f"{key}.reversal.salt", rev["salt"], "true or false")
        reversal = (rev["drug"], rev["amount"], rev.get("route", "iv"), rev.get("salt", False))
        Dose(drug=reversal[0], amount=reversal[1], route=reversal[2],
             salt=reversal[3]).validate(species, field=f"{key}.reversal")
    pre, _ = common.dose_objects({"doses": g["pretreatment"]}, key, species)
    return EphysGroup(g["name"], g["label"] or g["name"], g["n"] or 0, g["drug"], g["route"],
                      tuple(values), unit, reversal, pre, g.get("salt", False))


def validate(raw: dict) -> EphysConfig:
    """Validate a whole raw config for the electrophysiology protocol."""
    v = models.validate(Electrophysiology, raw)
    e = v["electrophysiology"]
    if e["sample_delay"] > e["dose_interval"]:
        raise RapheInputError("electrophysiology.sample_delay", e["sample_delay"],
                              "at most the dose interval")
    if e["min_baseline_rate"] >= e["max_baseline_rate"]:
        raise RapheInputError("electrophysiology.min_baseline_rate", e["min_baseline_rate"],
                              "below max_baseline_rate")
    groups, seen = [], set()
    for i, g in enumerate(v["group"]):
        if g["name"] in seen:
            raise RapheInputError(f"group[{i}].name", g["name"], "a name not used by another group")
        seen.add(g["name"])
        grp = validate_group(g, i, v["animal"]["species"])
        groups.append(dataclasses.replace(grp, n=grp.n or v["cohort"]["n"]))
    settings = common.engine_settings(v["engine"], v["circuit"]["backend"])
    if v["pharmacology"]["affinities"]:
        common.load_affinities(v["pharmacology"]["affinities"])
    return EphysConfig(v["experiment"], v["animal"], v["circuit"], {"settings": settings},
                       v["pharmacology"]["affinities"], e, tuple(groups), v["cohort"]["variability"])


# ---------------------------------------------------------------- one subject


def injections(group: EphysGroup, interval, offset=0 * brian2.second):
    """The Dose objects of the cumulative series (increments) and the reversal, at protocol times
    ``offset + k * interval``."""
    from raphe.circuits.pharmacology import Dose

    out, previous = [], 0.0
    for k, total in enumerate(group.cumulative):
        amount = total - previous
        previous = total
        t = offset + k * interval
        out.append(Dose(drug=group.drug, amount=f"{amount / 1e-6:.12g} mg/kg", route=group.route,
                        time=f"{float(t / brian2.second):.9g} s", salt=group.salt))
    if group.reversal is not None:
        drug, amount, route, salt = group.reversal
        t = offset + len(group.cumulative) * interval
        out.append(Dose(drug=drug, amount=amount, route=route, time=f"{float(t / brian2.second):.9g} s",
                        salt=salt))
    return out


def sample_times(group: EphysGroup, ephys: dict):
    """Protocol times of the readings: baseline, after each dose, after the reversal."""
    interval, delay = ephys["dose_interval"], ephys["sample_delay"]
    times = [-0.5 * ephys["baseline"]]
    times += [k * interval + delay for k in range(len(group.cumulative))]
    if group.reversal is not None:
        times.append(len(group.cumulative) * interval + ephys.get("reversal_delay", delay))
    return np.array([float(t / brian2.second) for t in times]) * brian2.second


def pick_units(rates_hz: np.ndarray, n: int, lo: float, hi: float, rng: np.random.Generator) -> np.ndarray:
    """Neurons an electrophysiologist would identify as 5-HT units (baseline rate in [lo, hi])."""
    ok = np.flatnonzero((rates_hz >= lo) & (rates_hz <= hi))
    if len(ok) == 0:
        ok = np.arange(len(rates_hz))
    return np.sort(rng.choice(ok, size=min(n, len(ok)), replace=False))


def record_units(res, n_units: int, lo: float, hi: float, rng) -> tuple[np.ndarray, np.ndarray]:
    """(unit neuron indices, rates over samples x units) from an engine result with unit rates."""
    units = pick_units(res.unit_rates_hz[0], n_units, lo, hi, rng)
    return units, res.unit_rates_hz[:, units]


def _simulate(**kwargs):
    from raphe.experiments.engine import simulate_subject

    return simulate_subject(**kwargs)


def simulate_subject(cfg: EphysConfig, subject: cohort_mod.Subject, seed: int):
    """Record the units of one rat; returns the writer of its part."""
    from raphe.analysis.ephys import fit_ed50
    from raphe.circuits.pharmacology import Regimen

    setup = common.subject_setup(cfg, subject, seed)
    group, circuit_seed, circuit = setup.group, setup.circuit_seed, setup.circuit
    body_weight = setup.body_weight
    affinities = setup.affinities
    times = sample_times(group, cfg.ephys)
    regimen = Regimen(doses=tuple(group.pretreatment) + tuple(injections(group, cfg.ephys["dose_interval"])))
    record = cfg.ephys["record_spikes"] == "all" or (cfg.ephys["record_spikes"] == "first" and subject.index == 0)
    res = _simulate(circuit=circuit, regimen=regimen, species=cfg.animal["species"], body_weight=body_weight,
                    pk_scale=subject.pk_scale, affinities=affinities, times=times, seed=subject.engine_seed,
                    settings=cfg.engine["settings"], unit_rates=POPULATION,
                    spike_windows=list(times) if record else [])
    window_ms = float(cfg.engine["settings"].window / brian2.ms)
    rng = subject.rng(cohort_mod.STREAM_ASSAY)
    units, rates = record_units(res, cfg.ephys["units_per_subject"],
                                float(cfg.ephys["min_baseline_rate"] / brian2.Hz),
                                float(cfg.ephys["max_baseline_rate"] / brian2.Hz), rng)
    scale = DOSE_UNITS[group.dose_unit]
    doses = np.array([0.0] + [d / scale for d in group.cumulative]
                     + ([group.cumulative[-1] / scale] if group.reversal else []))

    def fill(h5):
        s = h5.create_group(f"subjects/{subject.id}")
        s.attrs.update({"group": subject.group, "index": subject.index, "engine_seed": subject.engine_seed,
                        "circuit_seed": circuit_seed, "body_weight_g": float(body_weight / brian2.gram),
                        "clearance_factor": subject.clearance_factor, "volume_factor": subject.volume_factor})
        common.write_timecourse(s, res)
        base = h5.require_group(f"electrophysiology/{subject.group}/{subject.id}")
        base.attrs.update({"drug": group.drug, "dose_unit": group.dose_unit,
                           "reversal": " ".join(group.reversal[:3]) + (" (salt)" if group.reversal[3] else "") if group.reversal else ""})
        t_min = np.asarray(res.time / MIN)
        for k, neuron in enumerate(units):
            u = base.create_group(f"unit_{k:02d}")
            r = rates[:, k]
            pb = 100.0 * r / r[0] if r[0] > 0 else np.full(len(r), np.nan)
            store.write_array(u, "time_min", t_min, "min")
            store.write_array(u, "cumulative_dose", doses, group.dose_unit)
            store.write_array(u, "rate_hz", r, "Hz")
            store.write_array(u, "percent_baseline", pb, "percent", nan_ok=True)
            is_rev = np.zeros(len(r), dtype=bool)
            if group.reversal:
                is_rev[-1] = True
            store.write_array(u, "is_reversal", is_rev, "1")
            n_dose = len(group.cumulative)
            fit = fit_ed50(doses[1:n_dose + 1], pb[1:n_dose + 1])
            u.attrs.update({"neuron": int(neuron), "baseline_hz": float(r[0]), "ed50": fit.ed50,
                            "ed50_hill": fit.hill, "ed50_extrapolated": fit.extrapolated})
            if res.spikes:  # the unit's spikes in a spiking window at each sample time
                write_spike_train(u, neuron, res.spikes, window_ms)

    return fill


def write_spike_train(u: h5py.Group, neuron: int, windows, window_ms: float) -> None:
    """A recorded unit's spike train: ``spike_times`` (ms, protocol time) and ``spike_windows``
    (ms, start and stop of each recorded window: spikes are known only there)."""
    trains, spans = [], []
    for t0, pops in windows:
        t, ids = pops[POPULATION]
        trains.append(common.as_array(t, brian2.ms)[np.asarray(ids) == neuron])
        start = float(t0 / brian2.ms)
        spans.append([start, start + window_ms])
    store.write_array(u, "spike_times", np.sort(np.concatenate(trains)) if trains else np.zeros(0), "ms")
    store.write_array(u, "spike_windows", np.array(spans, dtype=float).reshape(-1, 2), "ms")
    u.attrs["population"] = POPULATION


def write_summary(h5: h5py.File, cfg: EphysConfig, cohort=None) -> None:
    """Group mean +- SEM of % baseline per cumulative dose (n = units) and the fitted ED50."""
    from raphe.analysis.ephys import crossing_dose, fit_ed50
    from raphe.analysis.metrics import group_mean_sem

    root = h5.require_group("summary/electrophysiology")
    root.attrs["note"] = ("percent of the unit's baseline firing per cumulative dose; n = units; "
                          "ED50 from a Hill fit (100 % -> 0 %) to the group mean")
    for group in cfg.groups:
        per, doses = [], None
        for sid, sg in h5.get(f"electrophysiology/{group.name}", {}).items():
            for uname, u in sg.items():
                per.append(u["percent_baseline"][()])
                doses = u["cumulative_dose"][()]
        if doses is None:
            continue
        n_dose = len(group.cumulative)
        stats = group_mean_sem(np.array(per))
        g = root.require_group(group.name)
        store.write_array(g, "dose", doses[1:n_dose + 1], group.dose_unit)
        store.write_array(g, "percent_baseline_mean", stats.mean[1:n_dose + 1], "percent", nan_ok=True)
        store.write_array(g, "percent_baseline_sem", stats.sem[1:n_dose + 1], "percent", nan_ok=True)
        store.write_array(g, "n", stats.n[1:n_dose + 1], "1")
        fit = fit_ed50(doses[1:n_dose + 1], stats.mean[1:n_dose + 1])
        g.attrs.update({"label": group.label, "drug": group.drug, "route": group.route,
                        "dose_unit": group.dose_unit, "ed50": fit.ed50, "ed50_hill": fit.hill,
                        "ed50_extrapolated": fit.extrapolated,
                        "ed50_crossing": crossing_dose(doses[1:n_dose + 1], stats.mean[1:n_dose + 1]),
                        "n_units": len(per),
                        "pretreatment": "; ".join(f"{d.drug} {d.amount}" for d in group.pretreatment)})
        if group.reversal:
            g.attrs.update({"reversal": " ".join(group.reversal[:3]) + (" (salt)" if group.reversal[3] else ""),
                            "reversal_percent_mean": float(stats.mean[-1]),
                            "reversal_percent_sem": float(stats.sem[-1])})


def plot(h5file, png_path) -> None:
    from raphe.analysis.ephys import dose_response_figure

    dose_response_figure(h5file, png_path)


class ElectrophysiologyProtocol(CohortProtocol):
    name = "electrophysiology"
    description = ("virtual single-unit recording of DRN 5-HT neurons: cumulative i.v. dose-response, "
                   "ED50, reversal")
    model = Electrophysiology

    validate = staticmethod(validate)
    simulate_subject = staticmethod(simulate_subject)
    summarize = staticmethod(write_summary)
    plot = staticmethod(plot)


PROTOCOL = register(ElectrophysiologyProtocol())
