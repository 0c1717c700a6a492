"""The microdialysis protocol: cohorts of rats, probes in DRN, PFC and NAc.

Per subject: the engine simulates the dosing regimen on the protocol clock
(slow PK, fast spiking windows), the probe model turns the extracellular
concentrations into vials of dialysate and HPLC readings, and the subject is
written as one part file (or, if it was cheap to simulate, held in memory:
:func:`raphe.experiments.cohort.run_cohort`). When every subject is done, they
are gathered into the results file with SONATA spikes and the group summary a
paper would report (% of baseline, mean +- SEM, n per sample; AUC vs the
reference group with a Welch test).

Config sections (see :class:`raphe.experiments.Microdialysis`): ``[experiment]``, ``[animal]``,
``[circuit]``, ``[engine]``, ``[pharmacology]``, ``[microdialysis]``,
``[probe]`` (with ``[probe.<region>]`` overrides and ``[probe.recovery]``),
``[cohort]`` (with ``[cohort.variability]``) and ``[[group]]``.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Annotated, Any

import brian2
import h5py
import numpy as np
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, ValidationError, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from raphe.circuits.metabolites import metabolite_of, metabolite_timecourse
from raphe.circuits.regions import REGIONS
from raphe.errors import RapheInputError
from raphe.experiments import cohort as cohort_mod
from raphe.experiments import models
from raphe.experiments import microdialysis as md
from raphe.experiments.models import (Cohort, CohortExperiment, Integer, Model, Number, Variability, choice,
                                      fail, quantity, short, suggest, to_input_error, unique)
from raphe.experiments.protocols import common, register
from raphe.experiments.protocols.base import CohortProtocol
from raphe.io import store
from raphe.units import in_unit, parse_quantity

MIN = 60 * brian2.second
UL_MIN = brian2.uliter / MIN
FMOL = 1e-15 * brian2.mole

# ---------------------------------------------------------------- defaults

#: Fields of a probe (``[probe]`` and ``[probe.<region>]``).
PROBE_FIELDS = ("membrane_length", "flow_rate", "dead_volume", "lod", "assay_cv")

#: Defaults of ``[probe]`` (Artigas-lab style concentric probes; [U] unless cited).
PROBE_DEFAULTS = {
    "membrane_length": 2 * brian2.mmeter,
    "flow_rate": 1.0 * UL_MIN,
    "dead_volume": 2.0 * brian2.uliter,     # [U] ~2 min transit at 1 uL/min
    "lod": 0.8 * FMOL,                       # [R] Yang 2013
    "assay_cv": 0.05,                        # [U]
}


# ---------------------------------------------------------------- config model


def _regions():
    from raphe.circuits.regions import probed_regions

    return probed_regions()


def _analytes():
    from raphe.experiments import microdialysis as md

    return md.ANALYTES


def _transmitters():
    from raphe.experiments import microdialysis as md

    return md.TRANSMITTER_ANALYTES


Region = choice(_regions, "region with a probe")
Analyte = choice(_analytes, "analyte assayed")


def _recovery(v):
    if isinstance(v, str) and v.strip().lower() == "auto":
        return None
    if not isinstance(v, str):
        fail("a recovery like '39 %' or 'auto'")
    try:
        q = parse_quantity(v, "recovery", 1.0, example="'39 %' or 'auto'", minimum=0.0, maximum=1.0)
    except RapheInputError as err:
        fail(err.expected)
    if not 0 < float(q) < 1:
        fail("a recovery between 0 % and 100 % (exclusive)")
    return float(q)


Recovery = Annotated[Any, BeforeValidator(_recovery), WithJsonSchema({"type": "string", "examples": ["39 %", "auto"]})]


class ProbeSettings(Model):
    """Probe settings for one region (``[probe.<region>]``; unset: ``[probe]``, then the defaults)."""

    membrane_length: quantity(brian2.mmeter, "'2 mm'", minimum=0.1, maximum=10) | None = None
    flow_rate: quantity(UL_MIN, "'1 uL/min'", minimum=0.01, maximum=20) | None = None
    dead_volume: quantity(brian2.uliter, "'2 uL'", minimum=0, maximum=100) | None = None
    lod: quantity(FMOL, "'0.8 fmol'", minimum=0, maximum=1e6) | None = None
    assay_cv: quantity(1.0, "'5 %'", minimum=0, maximum=1) | None = None
    recovery: dict[str, Recovery] = Field(default_factory=dict, description="relative recovery per analyte "
                                          "('auto' = from flow and length)")

    @model_validator(mode="before")
    @classmethod
    def _analytes_only(cls, data):
        if isinstance(data, dict) and isinstance(data.get("recovery"), dict):
            for k in data["recovery"]:
                if k not in _analytes():
                    raise PydanticCustomError("unknown_key", "no such key",
                                              {"key": f"recovery.{k}", "valid": list(_analytes())})
        return data


class Probe(ProbeSettings):
    """``[probe]``: settings of every probe, with ``[probe.<region>]`` overrides."""

    model_config = ConfigDict(extra="allow", frozen=True, arbitrary_types_allowed=True)

    @model_validator(mode="after")
    def _regions_only(self):
        for key, value in (self.__pydantic_extra__ or {}).items():
            valid = list(ProbeSettings.model_fields) + list(_regions())
            if key not in _regions():
                raise RapheInputError(f"probe.{key}", short(value), "no such key" + suggest(key, valid)
                                      + "; valid keys: " + ", ".join(valid))
            if not isinstance(value, ProbeSettings):
                try:
                    self.__pydantic_extra__[key] = ProbeSettings.model_validate(value)
                except ValidationError as err:
                    raise to_input_error(err, ProbeSettings, ("probe", key)) from None
                except RapheInputError as err:
                    raise RapheInputError(f"probe.{key}.{err.field}", err.value, err.expected) from None
        return self

    def region(self, name: str) -> "ProbeSettings | None":
        return (self.__pydantic_extra__ or {}).get(name)


class MicrodialysisSection(Model):
    """``[microdialysis]``: probes, analytes and the sampling schedule."""

    regions: Annotated[list[Region], AfterValidator(unique)] = Field(
        default_factory=lambda: list(_regions()), description="regions with a probe")
    analytes: Annotated[list[Analyte], AfterValidator(unique)] = Field(
        default_factory=lambda: list(_transmitters()), description="analytes assayed (transmitters, "
        "and metabolites such as '5-HIAA')")
    baseline: quantity(MIN, "'60 min'", minimum=0, maximum=24 * 60) = Field(
        default_factory=lambda: 60 * MIN, description="pre-dose collection")
    duration: quantity(MIN, "'240 min'", minimum=0, maximum=7 * 24 * 60, positive=True) = Field(
        default_factory=lambda: 240 * MIN, description="post-dose collection")
    sample_interval: quantity(MIN, "'20 min'", minimum=1, maximum=240) = Field(
        default_factory=lambda: 20 * MIN, description="vial duration")
    baseline_samples: Integer = Field(3, ge=1, le=100, description="pre-dose samples averaged as baseline")
    resolution: quantity(MIN, "'5 min'", minimum=0.1, maximum=60) = Field(
        default_factory=lambda: 5 * MIN, description="protocol-clock step of the concentration time course")
    spike_windows: list[quantity(MIN, "'-10 min'")] = Field(
        default_factory=lambda: [-10 * MIN, 90 * MIN], description="protocol times of stored spike rasters")
    record_spikes: choice(lambda: ("none", "first", "all"), "which subjects' spikes are stored") = "first"


class MicrodialysisVariability(Variability):
    recovery_cv: Number = Field(0.3, ge=0, le=2, description="CV of probe recovery")


class MicrodialysisCohort(Cohort):
    variability: MicrodialysisVariability = Field(default_factory=MicrodialysisVariability)


class Microdialysis(CohortExperiment):
    """Virtual in vivo microdialysis on cohorts (``[microdialysis]``, ``[probe]``)."""

    protocol = "microdialysis"
    section = "microdialysis"

    microdialysis: MicrodialysisSection = Field(default_factory=MicrodialysisSection)
    probe: Probe = Field(default_factory=Probe)
    cohort: MicrodialysisCohort = Field(default_factory=MicrodialysisCohort)


# ---------------------------------------------------------------- validated config


@dataclass(frozen=True)
class MicrodialysisConfig:
    """Validated microdialysis experiment (frozen; picklable for workers)."""

    experiment: dict
    animal: dict
    circuit: dict
    engine: dict
    affinities_path: str
    md: dict
    probes: dict          # region -> md.Probe with nominal recovery
    groups: tuple
    reference: str
    variability: dict
    first_dose: Any       # Quantity (protocol time 0 is the first dose)

    @property
    def n_subjects(self) -> int:
        return sum(g.n for g in self.groups)


def validate(raw: dict) -> MicrodialysisConfig:
    """Validate a whole raw config for the microdialysis protocol."""
    v = models.validate(Microdialysis, raw)
    if v["experiment"]["protocol"] != "microdialysis":  # pragma: no cover - dispatcher guards
        raise RapheInputError("experiment.protocol", v["experiment"]["protocol"], "'microdialysis'")
    m = v["microdialysis"]
    for key in ("baseline", "duration"):
        ratio = float(m[key] / m["sample_interval"])
        if abs(ratio - round(ratio)) > 1e-6:
            raise RapheInputError(f"microdialysis.{key}", f"{in_unit(m[key], MIN):g} min",
                                  f"a whole number of sample intervals "
                                  f"({in_unit(m['sample_interval'], MIN):g} min)")
    n_pre = int(round(float(m["baseline"] / m["sample_interval"])))
    if n_pre < 1:
        raise RapheInputError("microdialysis.baseline", f"{in_unit(m['baseline'], MIN):g} min",
                              "at least one sample interval of baseline")
    if m["baseline_samples"] > n_pre:
        raise RapheInputError("microdialysis.baseline_samples", m["baseline_samples"],
                              f"at most the {n_pre} pre-dose samples")
    for i, t in enumerate(m["spike_windows"]):
        if not -m["baseline"] <= t <= m["duration"]:
            raise RapheInputError(f"microdialysis.spike_windows[{i}]", f"{in_unit(t, MIN):g} min",
                                  "a time inside the protocol (baseline to duration)")

    # probes: defaults <- [probe] <- [probe.<region>]
    probes = {}
    base = v["probe"]
    for region in m["regions"]:
        over = base.get(region) or {}
        vals = {}
        for key in PROBE_FIELDS:
            if over.get(key) is not None:
                vals[key] = over[key]
            elif base.get(key) is not None:
                vals[key] = base[key]
            elif key == "membrane_length":
                vals[key] = REGIONS.get(region).probe_length
            else:
                vals[key] = PROBE_DEFAULTS[key]
        rec = {}
        for analyte in m["analytes"]:
            given = (over.get("recovery") or {}).get(analyte, base["recovery"].get(analyte))
            rec[analyte] = given if given is not None else md.relative_recovery(
                analyte, vals["membrane_length"], vals["flow_rate"])
        probes[region] = md.Probe(region=region, membrane_length=vals["membrane_length"],
                                  flow=vals["flow_rate"], dead_volume=vals["dead_volume"],
                                  lod=vals["lod"], assay_cv=float(vals["assay_cv"]), recovery=rec)

    groups = common.groups_of(v, v["animal"]["species"])
    ref = common.reference_of(v, groups)
    times = [float(d.time / MIN) for g in groups for d in g.doses if hasattr(d, "time")]
    if times and min(times) < 0:
        raise RapheInputError("group.doses.time", f"{min(times):g} min",
                              "dose times >= 0 (protocol time 0 is the first dose; "
                              "baseline samples come before it)")
    engine_settings = common.engine_settings(v["engine"], v["circuit"]["backend"])
    affinities = v["pharmacology"]["affinities"]
    if affinities:
        common.load_affinities(affinities)  # fail now, not in a worker
    return MicrodialysisConfig(
        experiment=v["experiment"], animal=v["animal"], circuit=v["circuit"],
        engine={"settings": engine_settings}, affinities_path=affinities, md=m, probes=probes,
        groups=tuple(groups), reference=ref, variability=v["cohort"]["variability"],
        first_dose=(min(times) if times else 0.0) * MIN)


# ---------------------------------------------------------------- one subject


def protocol_times(cfg: MicrodialysisConfig):
    """Protocol-clock grid handed to the engine (covers baseline minus probe delay)."""
    m = cfg.md
    step = float(m["resolution"] / MIN)
    max_delay = max(float(p.delay / MIN) for p in cfg.probes.values())
    t0 = -float(m["baseline"] / MIN) - max_delay - step
    t0 = math.floor(t0 / step) * step
    t1 = float(m["duration"] / MIN)
    grid = np.arange(t0, t1 + 0.5 * step, step)
    return np.round(grid, 9) * MIN


def _simulate(**kwargs):
    """Call the engine (a separate function so tests can substitute it)."""
    from raphe.experiments.engine import simulate_subject

    return simulate_subject(**kwargs)


def analyte_timecourse(res, circuit, region: str, analyte: str):
    """Extracellular ``analyte`` (nM) in ``region`` over the engine's times; ``None`` if not modelled.

    A transmitter is the engine's pool readout; a metabolite is formed from its parent's pool
    (:func:`raphe.circuits.metabolites.metabolite_timecourse`).
    """
    metabolite = metabolite_of(analyte)
    if metabolite is None:
        return res.concentrations_nM.get(region, {}).get(analyte)
    parent = res.concentrations_nM.get(region, {}).get(metabolite.parent)
    pool = next((p for p in circuit.pools if p.name == f"{region}.{metabolite.parent}"), None)
    if parent is None or pool is None:
        return None
    occupancy = (res.inputs or {}).get(f"occupancy.{pool.transporter}")
    occupancy = np.zeros(len(parent)) if occupancy is None else np.asarray(occupancy, dtype=float)
    return metabolite_timecourse(pool, metabolite, res.time, np.maximum(parent, 0.0), occupancy)


def simulate_subject(cfg: MicrodialysisConfig, subject: cohort_mod.Subject, seed: int):
    """Simulate one subject; returns the writer of its part (time series, samples, spikes)."""
    from raphe.circuits.pharmacology import Regimen

    setup = common.subject_setup(cfg, subject, seed)
    group, circuit_seed, circuit = setup.group, setup.circuit_seed, setup.circuit
    body_weight = setup.body_weight
    record = cfg.md["record_spikes"] == "all" or (cfg.md["record_spikes"] == "first" and subject.index == 0)
    windows = list(cfg.md["spike_windows"]) if record else []
    affinities = setup.affinities
    times = protocol_times(cfg)
    regimen = Regimen(doses=group.doses) if group.doses else None  # None: vehicle
    res = _simulate(circuit=circuit, regimen=regimen, species=cfg.animal["species"],
                    body_weight=body_weight, pk_scale=subject.pk_scale, affinities=affinities,
                    times=times, seed=subject.engine_seed, settings=cfg.engine["settings"],
                    spike_windows=windows, progress=None)
    assay_rng = subject.rng(cohort_mod.STREAM_ASSAY)
    start, end = md.sample_schedule(cfg.md["baseline"], cfg.md["duration"], cfg.md["sample_interval"])
    samples = {}
    for region in cfg.md["regions"]:
        nominal = cfg.probes[region]
        for analyte in cfg.md["analytes"]:
            conc = analyte_timecourse(res, circuit, region, analyte)
            if conc is None:
                continue  # not modelled in this region
            r = float(np.clip(nominal.recovery[analyte] * subject.recovery_factor[region][analyte],
                              0.01, 0.99))
            probe = dataclasses.replace(nominal, recovery={analyte: r})
            samples[(region, analyte)] = md.collect(res.time, np.maximum(conc, 0.0), probe, analyte,
                                                   start, end, assay_rng)

    def fill(h5):
        write_subject(h5, cfg, subject, group, res, samples, circuit_seed, body_weight)

    return fill


def write_subject(h5: h5py.File, cfg: MicrodialysisConfig, subject, group: common.GroupConfig, res,
                  samples: dict, circuit_seed: int, body_weight) -> None:
    """Write one subject's time series, samples and raw spikes into a part file."""
    s = h5.create_group(f"subjects/{subject.id}")
    store.set_attrs(s, {
        "group": subject.group, "group_index": subject.group_index, "index": subject.index,
        "engine_seed": subject.engine_seed, "circuit_seed": circuit_seed,
        "body_weight_g": float(body_weight / brian2.gram), "body_weight_factor": subject.body_weight_factor,
        "clearance_factor": subject.clearance_factor, "volume_factor": subject.volume_factor,
        "regimen": group.dose_text}, new=True)
    common.write_timecourse(s, res)
    # spikes as recorded (the gather step builds /spikes in SONATA layout)
    for w, (t0, pops) in enumerate(res.spikes or []):
        wg = s.require_group(f"spike_windows/{w:03d}")
        store.set_attrs(wg, {"t0_ms": float(t0 / brian2.ms),
                             "duration_ms": float(cfg.engine["settings"].window / brian2.ms)})
        for pop, (times, ids) in pops.items():
            pg = wg.require_group(pop)
            store.write_array(pg, "times", common.as_array(times, brian2.ms), "ms")
            store.write_array(pg, "neuron_ids", np.asarray(ids, dtype=np.int64), "1")
    # microdialysis as measured
    by_subject = h5.require_group(f"microdialysis/{subject.group}/{subject.id}") if samples else None
    for (region, analyte), smp in samples.items():
        g = by_subject.require_group(f"{region}/{analyte}")
        pb = md.percent_of_baseline(smp.time_min, smp.measured_fmol, smp.below_lod,
                                    cfg.md["baseline_samples"])
        store.write_array(g, "time_min", smp.time_min, "min")
        store.write_array(g, "start_min", smp.start_min, "min")
        store.write_array(g, "end_min", smp.end_min, "min")
        store.write_array(g, "amount_fmol", smp.measured_fmol, "fmol")
        store.write_array(g, "true_amount_fmol", smp.true_fmol, "fmol")
        store.write_array(g, "dialysate_nM", smp.dialysate_nM, "nM")
        store.write_array(g, "below_lod", smp.below_lod, "1")
        store.write_array(g, "percent_baseline", pb.percent, "percent", nan_ok=True,
                          note="NaN where excluded (below LOD or no valid baseline)")
        store.set_attrs(g, {"recovery": smp.recovery, "delay_min": smp.delay_min, "lod_fmol": smp.lod_fmol,
                            "volume_uL": smp.volume_ul, "baseline_fmol": pb.baseline_fmol,
                            "baseline_n": pb.baseline_n, "n_below_lod": pb.n_excluded})


# ---------------------------------------------------------------- gather and summary


def summarize(h5: h5py.File, cfg: MicrodialysisConfig, cohort: list) -> None:
    """Cohort table, SONATA spikes and the group summary of the gathered subjects."""
    _write_cohort(cfg, h5, cohort)
    _write_spikes(h5, cohort, origin_ms=-float(cfg.md["baseline"] / brian2.ms))
    write_summary(h5, cfg)


def _write_cohort(cfg, h5, cohort):
    g = h5.require_group("cohort")
    g.attrs["reference"] = cfg.reference
    g.attrs["groups"] = [x.name for x in cfg.groups]
    g.attrs["labels"] = [x.label for x in cfg.groups]
    g.attrs["regimens"] = [x.dose_text for x in cfg.groups]
    g.attrs["variability_note"] = ("log-normal factors with median 1; CVs [U] priors: "
                                   + ", ".join(f"{k}={v:g}" for k, v in cfg.variability.items()))
    str_dt = h5py.string_dtype()
    g.create_dataset("subject", data=np.array([s.id for s in cohort], dtype=str_dt))
    g.create_dataset("group", data=np.array([s.group for s in cohort], dtype=str_dt))
    for name in ("body_weight_factor", "clearance_factor", "volume_factor"):
        store.write_array(g, name, [getattr(s, name) for s in cohort], "1")
    store.write_array(g, "engine_seed", np.array([s.engine_seed for s in cohort], dtype=np.int64), "1")
    m = h5.require_group("microdialysis")
    m.attrs["regions"] = list(cfg.md["regions"])
    m.attrs["analytes"] = list(cfg.md["analytes"])
    m.attrs["baseline_samples"] = cfg.md["baseline_samples"]
    m.attrs["sample_interval_min"] = float(cfg.md["sample_interval"] / MIN)
    m.attrs["first_dose_min"] = float(cfg.first_dose / MIN)
    for region, p in cfg.probes.items():
        pg = m.require_group(f"probes/{region}")
        pg.attrs.update({"membrane_length_mm": float(p.membrane_length / brian2.mmeter),
                         "flow_uL_per_min": float(p.flow / UL_MIN),
                         "dead_volume_uL": float(p.dead_volume / brian2.uliter),
                         "delay_min": float(p.delay / MIN), "lod_fmol": float(p.lod / FMOL),
                         "assay_cv": p.assay_cv})
        for a, r in p.recovery.items():
            pg.attrs[f"nominal_recovery_{a}"] = r
    h5.attrs["affinities_source"] = cfg.affinities_path or "built-in drug library"


def _write_spikes(h5, cohort, origin_ms: float):
    """Build /spikes/<population> (SONATA) from the subjects' raw windows.

    SONATA times cannot be negative, but baseline windows are before the
    first dose: timestamps are ms since the protocol's start (the first
    baseline sample), and ``/spikes`` attribute ``origin_ms`` is the time from
    the first dose of timestamp 0 (time from dose = timestamp + origin_ms).
    """
    per_pop: dict[str, list] = {}
    for s in cohort:
        wins = h5.get(f"subjects/{s.id}/spike_windows")
        if wins is None:
            continue
        for w in sorted(wins):
            for pop in wins[w]:
                per_pop.setdefault(pop, []).append(
                    (s.id, wins[w][pop]["times"][()], wins[w][pop]["neuron_ids"][()]))
    for pop, chunks in per_pop.items():
        n_nodes = {}
        for sid, _, ids in chunks:
            n_nodes[sid] = max(n_nodes.get(sid, 0), int(ids.max()) + 1 if len(ids) else 0)
        size = max(n_nodes.values()) if n_nodes else 0
        subjects_in = [s.id for s in cohort if s.id in n_nodes]
        first = {sid: i * size for i, sid in enumerate(subjects_in)}
        t = (np.concatenate([c[1] for c in chunks]) if chunks else np.zeros(0)) - origin_ms
        ids = np.concatenate([first[c[0]] + c[2] for c in chunks]) if chunks else np.zeros(0, int)
        store.write_sonata_spikes(h5, pop, t, ids, {
            "subject": subjects_in, "first_node_id": [first[sid] for sid in subjects_in],
            "n_nodes": [size] * len(subjects_in)})
    sp = h5.require_group("spikes")
    sp.attrs["origin_ms"] = origin_ms
    sp.attrs["time_note"] = "timestamps: ms since protocol start; time from first dose = timestamps + origin_ms"


def write_summary(h5, cfg: MicrodialysisConfig) -> None:
    """Group mean +- SEM of % baseline per sample, and AUC vs the reference group."""
    from raphe.analysis import metrics

    root = h5.require_group("summary/microdialysis")
    root.attrs["reference"] = cfg.reference
    root.attrs["auc_note"] = ("AUC of (% baseline - 100) over post-dose samples, trapezoid, "
                              "percent*min; Welch t-test vs reference")
    for group in cfg.groups:
        for region in cfg.md["regions"]:
            for analyte in cfg.md["analytes"]:
                per = []
                time = None
                excluded = 0
                for sid, sg in h5.get(f"microdialysis/{group.name}", {}).items():
                    if f"{region}/{analyte}" not in sg:
                        continue
                    d = sg[f"{region}/{analyte}"]
                    time = d["time_min"][()]
                    per.append(d["percent_baseline"][()])
                    excluded += int(d.attrs["n_below_lod"])
                if time is None:
                    continue
                stats = metrics.group_mean_sem(np.array(per))
                g = root.require_group(f"{group.name}/{region}/{analyte}")
                store.write_array(g, "time_min", time, "min")
                store.write_array(g, "percent_baseline_mean", stats.mean, "percent", nan_ok=True)
                store.write_array(g, "percent_baseline_sem", stats.sem, "percent", nan_ok=True)
                store.write_array(g, "n", stats.n, "1")
                g.attrs["n_subjects"] = len(per)
                g.attrs["n_samples_below_lod"] = excluded
                g.attrs["label"] = group.label
                aucs = [metrics.auc_above_baseline(time, p) for p in per]
                store.write_array(g, "auc_percent_min", np.array(aucs), "percent*min", nan_ok=True)
    for group in cfg.groups:
        if group.name == cfg.reference:
            continue
        for region in cfg.md["regions"]:
            for analyte in cfg.md["analytes"]:
                key = f"{region}/{analyte}"
                a = root.get(f"{group.name}/{key}")
                b = root.get(f"{cfg.reference}/{key}")
                if a is None or b is None:
                    continue
                w = metrics.welch(a["auc_percent_min"][()], b["auc_percent_min"][()])
                a.attrs.update({"auc_vs": cfg.reference, "auc_mean_difference": w.difference,
                                "welch_t": w.t, "welch_df": w.df, "welch_p": w.p})


def plot(h5file, png_path) -> None:
    """The one-page microdialysis report figure of a results file."""
    from raphe.analysis.report import microdialysis_report

    microdialysis_report(h5file, png_path)


def sweep_rows(pg, p) -> tuple[list, list]:
    """A sweep point's rows: per group AUC and peak per probe and analyte; per subject AUCs."""
    import math

    from raphe.analysis import metrics

    rows, srows = [], []
    summ = pg["summary/microdialysis"]
    for group in summ:
        row = {"point": p.index, "group": group, "n": 0}
        for region in summ[group]:
            for analyte in summ[group][region]:
                d = summ[group][region][analyte]
                auc = d["auc_percent_min"][()]
                stats = metrics.group_mean_sem(auc[:, None]) if len(auc) else None
                c = f"{region}_{analyte}"
                row[f"auc_{c}"] = float(stats.mean[0]) if stats is not None else math.nan
                row[f"auc_{c}_sem"] = float(stats.sem[0]) if stats is not None else math.nan
                mean, t = d["percent_baseline_mean"][()], d["time_min"][()]
                post = (t > 0) & np.isfinite(mean)
                row[f"peak_{c}"] = float(np.max(mean[post])) if post.any() else math.nan
                row["n"] = max(row["n"], int(d.attrs["n_subjects"]))
        rows.append(row)
        for sid in sorted(pg[f"microdialysis/{group}"]):
            srow = {"point": p.index, "group": group, "subject": sid,
                    "engine_seed": int(pg[f"subjects/{sid}"].attrs["engine_seed"])}
            for region in pg[f"microdialysis/{group}/{sid}"]:
                for analyte in pg[f"microdialysis/{group}/{sid}/{region}"]:
                    d = pg[f"microdialysis/{group}/{sid}/{region}/{analyte}"]
                    srow[f"auc_{region}_{analyte}"] = metrics.auc_above_baseline(
                        d["time_min"][()], d["percent_baseline"][()])
            srows.append(srow)
    return rows, srows


class MicrodialysisProtocol(CohortProtocol):
    name = "microdialysis"
    description = "virtual in vivo microdialysis on cohorts: dialysate 5-HT, DA, NE in DRN, PFC, NAc"
    model = Microdialysis

    validate = staticmethod(validate)
    simulate_subject = staticmethod(simulate_subject)
    summarize = staticmethod(summarize)
    plot = staticmethod(plot)
    sweep_rows = staticmethod(sweep_rows)

    def subjects(self, cfg, seed):
        """The cohort of a run, in group order (with probe recovery factors)."""
        probes = {r: tuple(cfg.md["analytes"]) for r in cfg.md["regions"]}
        return cohort_mod.make_cohort(seed, [(g.name, g.n) for g in cfg.groups], cfg.variability, probes)


PROTOCOL = register(MicrodialysisProtocol())
