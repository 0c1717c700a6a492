"""The microdialysis protocol: cohorts of rats, probes in DRN, PFC and NAc.

Per subject: the engine simulates the dosing regimen on the protocol clock
(slow PK, fast spiking windows), the probe model turns the extracellular
concentrations into vials of dialysate and HPLC readings, and the subject is
written as one part file. When every subject is done, the parts are gathered
into the results file with SONATA spikes and the group summary a paper would
report (% of baseline, mean +- SEM, n per sample; AUC vs the reference group
with a Welch test).

Config sections (see :class:`raphe.experiments.models.Microdialysis`): ``[experiment]``, ``[animal]``,
``[circuit]``, ``[engine]``, ``[pharmacology]``, ``[microdialysis]``,
``[probe]`` (with ``[probe.<region>]`` overrides and ``[probe.recovery]``),
``[cohort]`` (with ``[cohort.variability]``) and ``[[group]]``.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import brian2
import h5py
import numpy as np

from raphe.errors import RapheInputError, UnknownNameError
from raphe.experiments import cohort as cohort_mod
from raphe.experiments import models
from raphe.experiments import microdialysis as md
from raphe.io import store
from raphe.experiments.protocols import Protocol, RunContext, register
from raphe.units import in_unit

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
#: Per-region membrane lengths ([U]: 4 mm PFC, 2 mm NAc, 1.5 mm DRN are usual choices).
REGION_LENGTH = {"PFC": 4 * brian2.mmeter, "NAc": 2 * brian2.mmeter, "DRN": 1.5 * brian2.mmeter}


# ---------------------------------------------------------------- validated config


@dataclass(frozen=True)
class GroupConfig:
    name: str
    label: str
    n: int
    doses: tuple          # Dose objects
    dose_text: str        # human-readable regimen


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


def _dose_objects(group: dict, key: str, species: str):
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


def _engine_settings(table: dict, backend: str):
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


def validate(raw: dict) -> MicrodialysisConfig:
    """Validate a whole raw config for the microdialysis protocol."""
    v = models.validate(models.Microdialysis, raw)
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
                vals[key] = REGION_LENGTH[region]
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

    groups = []
    seen = set()
    for i, g in enumerate(v["group"]):
        if g["name"] in seen:
            raise RapheInputError(f"group[{i}].name", g["name"], "a name not used by another group")
        seen.add(g["name"])
        doses, text = _dose_objects(g, f"group[{i}]", v["animal"]["species"])
        groups.append(GroupConfig(name=g["name"], label=g["label"] or g["name"],
                                  n=g["n"] or v["cohort"]["n"], doses=doses, dose_text=text))
    ref = v["cohort"]["reference"] or groups[0].name
    if ref not in seen:
        raise UnknownNameError("cohort.reference", ref, seen)
    times = [float(d.time / MIN) for g in groups for d in g.doses if hasattr(d, "time")]
    if times and min(times) < 0:
        raise RapheInputError("group.doses.time", f"{min(times):g} min",
                              "dose times >= 0 (protocol time 0 is the first dose; "
                              "baseline samples come before it)")
    engine_settings = _engine_settings(v["engine"], v["circuit"]["backend"])
    affinities = v["pharmacology"]["affinities"]
    if affinities:
        _load_affinities(affinities)  # fail now, not in a worker
    return MicrodialysisConfig(
        experiment=v["experiment"], animal=v["animal"], circuit=v["circuit"],
        engine={"settings": engine_settings}, affinities_path=affinities, md=m, probes=probes,
        groups=tuple(groups), reference=ref, variability=v["cohort"]["variability"],
        first_dose=(min(times) if times else 0.0) * MIN)


def _load_affinities(path: str):
    from raphe.io.binding import load_affinities

    try:
        return load_affinities(path)
    except RapheInputError:
        raise
    except (OSError, ValueError, KeyError) as err:
        raise RapheInputError("pharmacology.affinities", path, f"a readable affinities file ({err})") from None


def work(cfg: MicrodialysisConfig) -> float:
    """Progress units: one per subject."""
    return float(cfg.n_subjects)


# ---------------------------------------------------------------- one subject


def subjects(cfg: MicrodialysisConfig, seed: int) -> list[cohort_mod.Subject]:
    """The cohort of a run, in group order."""
    probes = {r: tuple(cfg.md["analytes"]) for r in cfg.md["regions"]}
    return cohort_mod.make_cohort(seed, [(g.name, g.n) for g in cfg.groups], cfg.variability, probes)


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


def run_subject(cfg: MicrodialysisConfig, subject: cohort_mod.Subject, seed: int,
                parts_dir: str) -> str:
    """Simulate one subject and write its part file; returns the subject id."""
    from raphe.circuits.circuit import default_circuit
    from raphe.circuits.pharmacology import Regimen

    group = next(g for g in cfg.groups if g.name == subject.group)
    circuit_seed = subject.engine_seed if cfg.circuit["individual"] else cohort_mod.shared_seed(seed)
    circuit = default_circuit(scale=cfg.circuit["scale"], seed=circuit_seed, dt=cfg.circuit["dt"])
    body_weight = cfg.animal["body_weight"] * subject.body_weight_factor
    record = cfg.md["record_spikes"] == "all" or (cfg.md["record_spikes"] == "first" and subject.index == 0)
    windows = list(cfg.md["spike_windows"]) if record else []
    affinities = _load_affinities(cfg.affinities_path) if cfg.affinities_path else None
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
            conc = res.concentrations_nM.get(region, {}).get(analyte)
            if conc is None:
                continue  # not modelled in this region
            r = float(np.clip(nominal.recovery[analyte] * subject.recovery_factor[region][analyte],
                              0.01, 0.99))
            probe = dataclasses.replace(nominal, recovery={analyte: r})
            samples[(region, analyte)] = md.collect(res.time, np.maximum(conc, 0.0), probe, analyte,
                                                   start, end, assay_rng)

    def fill(h5):
        write_subject(h5, cfg, subject, group, res, samples, circuit_seed, body_weight)

    store.write_part(Path(parts_dir), subject.id, fill)
    return subject.id


def _as_array(x, unit=None):
    if isinstance(x, brian2.Quantity):
        return np.asarray(x / unit, dtype=float) if unit is not None else np.asarray(x, dtype=float)
    return np.asarray(x, dtype=float)


def write_subject(h5: h5py.File, cfg: MicrodialysisConfig, subject, group: GroupConfig, res,
                  samples: dict, circuit_seed: int, body_weight) -> None:
    """Write one subject's time series, samples and raw spikes into a part file."""
    s = h5.create_group(f"subjects/{subject.id}")
    a = s.attrs
    a["group"] = subject.group
    a["group_index"] = subject.group_index
    a["index"] = subject.index
    a["engine_seed"] = subject.engine_seed
    a["circuit_seed"] = circuit_seed
    a["body_weight_g"] = float(body_weight / brian2.gram)
    a["body_weight_factor"] = subject.body_weight_factor
    a["clearance_factor"] = subject.clearance_factor
    a["volume_factor"] = subject.volume_factor
    a["regimen"] = group.dose_text
    store.write_quantity(s, "time", res.time, MIN, "min")
    for region, d in res.concentrations_nM.items():
        for analyte, arr in d.items():
            store.write_array(s.require_group(f"concentration/{region}"), analyte, _as_array(arr), "nM")
    for pop, arr in res.rates_hz.items():
        store.write_array(s.require_group("rate"), pop, _as_array(arr), "Hz")
    for name, arr in res.receptor_activation.items():
        store.write_array(s.require_group("receptor_activation"), name.replace("/", "_"), _as_array(arr), "1")
    _write_pk(s, res.pk, len(res.time))
    stats = s.require_group("engine_stats")
    for k, val in (res.engine_stats or {}).items():
        try:
            stats.attrs[k] = val if not isinstance(val, brian2.Quantity) else float(val)
        except (TypeError, ValueError):
            stats.attrs[k] = str(val)
    # spikes as recorded (the gather step builds /spikes in SONATA layout)
    for w, (t0, pops) in enumerate(res.spikes or []):
        wg = s.require_group(f"spike_windows/{w:03d}")
        wg.attrs["t0_ms"] = float(t0 / brian2.ms)
        for pop, (times, ids) in pops.items():
            pg = wg.require_group(pop)
            store.write_array(pg, "times", _as_array(times, brian2.ms), "ms")
            store.write_array(pg, "neuron_ids", np.asarray(ids, dtype=np.int64), "1")
    # microdialysis as measured
    for (region, analyte), smp in samples.items():
        g = h5.require_group(f"microdialysis/{subject.group}/{subject.id}/{region}/{analyte}")
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
        g.attrs.update({"recovery": smp.recovery, "delay_min": smp.delay_min, "lod_fmol": smp.lod_fmol,
                        "volume_uL": smp.volume_ul, "baseline_fmol": pb.baseline_fmol,
                        "baseline_n": pb.baseline_n, "n_below_lod": pb.n_excluded})


def _write_pk(s: h5py.Group, pk, n_time: int) -> None:
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
                for target, a2 in arr.items():
                    store.write_array(sub.require_group(drug), target, _as_array(a2), name)
            else:
                store.write_array(sub, drug, _as_array(arr), name)
    fast = getattr(pk, "fast_inputs", None)
    if fast:
        sub = g.require_group("fast_inputs")
        if isinstance(fast, dict):
            for k, arr in fast.items():
                store.write_array(sub, k, _as_array(arr), "1")


# ---------------------------------------------------------------- the run


def run(cfg: MicrodialysisConfig, ctx: RunContext) -> None:
    """Simulate every subject not yet done (parts), then gather and summarise."""
    cfg = cohort_mod.with_cache_dir(cfg, ctx.cache_dir)
    cohort = subjects(cfg, ctx.seed)
    gather(cfg, ctx.h5, cohort_mod.run_cohort(cfg, ctx, cohort, run_subject), cohort)


def gather(cfg: MicrodialysisConfig, h5: h5py.File, part_files: list, cohort: list) -> None:
    """Copy parts into the results file; write SONATA spikes, cohort table and summary."""
    for p in part_files:
        store.copy_part(p, h5)
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


PROTOCOL = register(Protocol(
    name="microdialysis",
    description="virtual in vivo microdialysis on cohorts: dialysate 5-HT, DA, NE in DRN, PFC, NAc",
    validate=validate, run=run, work=work, plot=plot, unit="subject", model=models.Microdialysis))
