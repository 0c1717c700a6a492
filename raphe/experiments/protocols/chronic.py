"""The chronic-treatment protocol: weeks of dosing, adaptation, recordings and challenges.

Per subject the engine runs the chronic regimen (daily injections or an
osmotic minipump, up to 28 days and more) on its slow clock
(:func:`raphe.experiments.engine.simulate_chronic`): PK, fast readouts
interpolated from the response surface, and the slow adaptation of
:mod:`raphe.circuits.adaptation` (5-HT1A autoreceptor desensitization,
optional alpha-2 desensitization, CREB/BDNF in PFC).

On the chosen recording days (default 2, 7, 14, 21) the animal is examined
as the classic studies did, each reading taken from the surface at that day's
PK and receptor sensitivities:

- DRN 5-HT single units (firing rate of ``units_per_day`` identified units);
- extracellular 5-HT, DA and NE in DRN, PFC and NAc (what a probe would
  sample; reported as % of the control group on the same day, where probe
  recovery cancels);
- pCREB and BDNF (fold of the naive animal).

Challenges on top of the chronic treatment:

- ``[chronic.agonist_challenge]``: cumulative i.v. agonist doses (default
  8-OH-DPAT) on a chosen day (default 21), DRN firing as % of the
  pre-challenge rate, ED50 per group (autoreceptor desensitization shifts it
  to higher doses; Chaput 1986, Le Poul 1995);
- ``[chronic.ssri_challenge]``: an acute dose on a chosen day (default 14),
  extracellular 5-HT and firing as % of the pre-challenge value over time.

HDF5 layout
-----------
``/chronic/<group>/<subject>/course``: slow time course (``time_day``,
sensitivities, ``CREB``, ``BDNF``, rates, concentrations).
``/chronic/<group>/<subject>/day_<dd>``: ``unit_rates_hz``, ``neurons``,
concentrations (attributes); for the subjects ``record_spikes`` names (the first
of each group by default) the units' spikes in one spiking window at the day's
inputs: ``spike_times`` (ms from the window's start), ``spike_unit`` (index into
``neurons``), attribute ``window_ms``.
``/chronic/<group>/<subject>/agonist_challenge``, ``.../ssri_challenge``.
``/summary/chronic/<group>``: ``day`` and per readout ``<name>_mean``,
``<name>_sem`` (n = subjects; firing n = units), % of control; the course of
sensitivity/CREB/BDNF (group mean); ``agonist_challenge`` (dose,
percent_baseline_mean/sem, n, ED50) and ``ssri_challenge``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import brian2
import h5py
import numpy as np
from pydantic import Field

from raphe.errors import RapheInputError
from raphe.experiments import cohort as cohort_mod
from raphe.experiments import models
from raphe.experiments.models import (Bool, Cohort, CohortExperiment, Integer, Model, Number, SeededCircuit,
                                      Str, quantity)
from raphe.experiments.protocols import common as shared
from raphe.experiments.protocols import electrophysiology as ep
from raphe.experiments.protocols import register
from raphe.experiments.protocols.base import CohortProtocol
from raphe.io import store

MIN = 60 * brian2.second
HOUR = 3600 * brian2.second
DAY = 86400 * brian2.second
AUTO = "5-HT1A_somatodendritic"


def pool_key(pool: str) -> str:
    """Summary key of a transmitter pool: ``"PFC.5-HT"`` -> ``"PFC_5HT"``, ``"NAc.DA"`` -> ``"NAc_DA"``."""
    region, analyte = pool.split(".", 1)
    return f"{region}_{analyte.replace('-', '')}"

# ---------------------------------------------------------------- config model


class AgonistChallenge(Model):
    """``[chronic.agonist_challenge]``: cumulative i.v. agonist doses on one day."""

    enabled: Bool = True
    day: Number = Field(21.0, ge=0, le=120)
    drug: Str = "8-OH-DPAT"
    route: Str = "iv"
    salt: Bool = Field(False, description="the doses are of the drug's salt")
    cumulative_doses: list[Any] = Field(default_factory=lambda: ["0.25 ug/kg", "0.5 ug/kg", "1 ug/kg",
                                                                 "2 ug/kg", "4 ug/kg", "8 ug/kg"])
    dose_interval: quantity(MIN, "'2 min'", minimum=0.5, maximum=60) = Field(default_factory=lambda: 2 * MIN)
    sample_delay: quantity(MIN, "'1.5 min'", minimum=0.1, maximum=60) = Field(default_factory=lambda: 1.5 * MIN)


class SsriChallenge(Model):
    """``[chronic.ssri_challenge]``: an acute dose on one day."""

    enabled: Bool = True
    day: Number = Field(14.0, ge=0, le=120)
    drug: Str = "citalopram"
    amount: Str = "10 mg/kg"
    route: Str = "ip"
    salt: Bool = Field(False, description="the dose is of the drug's salt")
    duration: quantity(MIN, "'120 min'", minimum=5, maximum=24 * 60) = Field(default_factory=lambda: 120 * MIN)
    resolution: quantity(MIN, "'10 min'", minimum=1, maximum=120) = Field(default_factory=lambda: 10 * MIN)


class ChronicSection(Model):
    """``[chronic]``: treatment length, recordings, adaptation and challenges."""

    duration: quantity(DAY, "'21 day'", minimum=0.1, maximum=120) = Field(default_factory=lambda: 21 * DAY)
    step: quantity(HOUR, "'1 h'", minimum=0.05, maximum=24) = Field(default_factory=lambda: 1 * HOUR,
                                                                    description="slow-clock step")
    recording_days: list[Any] = Field(default_factory=lambda: [2, 7, 14, 21],
                                      description="days of the recordings, e.g. [2, 7, 14, 21]")
    recording_time: quantity(HOUR, "'2 h'", minimum=0, maximum=24) = Field(
        default_factory=lambda: 2 * HOUR, description="time of day of the recordings")
    units_per_day: Integer = Field(5, ge=1, le=200)
    record_spikes: models.choice(lambda: ("none", "first", "all"), "which subjects' unit spike trains are stored") = Field(
        "first", description="spike trains of the day's units in one spiking window per recording day: "
        "'first' subject of each group (default), 'all' or 'none' (each window is one more spiking run)")
    min_baseline_rate: quantity(brian2.Hz, "'0.3 Hz'", minimum=0, maximum=10) = Field(
        default_factory=lambda: 0.3 * brian2.Hz)
    max_baseline_rate: quantity(brian2.Hz, "'3 Hz'", minimum=0.1, maximum=50) = Field(
        default_factory=lambda: 3.0 * brian2.Hz)
    desensitization_tau: quantity(DAY, "'6 day'", minimum=0.05, maximum=100) = Field(
        default_factory=lambda: 6 * DAY, description="5-HT1A autoreceptor desensitization time constant [U]")
    desensitization_gain: Number = Field(1.0, ge=0, le=5, description="exponent of (a0/a) [U]")
    alpha2: Bool = Field(False, description="alpha-2 autoreceptor desensitization in LC (hypothesis)")
    bdnf_feedback: Bool = Field(False, description="BDNF feeds back on PFC 5-HT signalling (hypothesis)")
    terminal_5ht1b_desensitization: Bool = Field(
        False, description="terminal 5-HT1B autoreceptors desensitize too (off: PFC 5-HT1B function is not "
                           "desensitized by 15 days of citalopram, Groningen group 2005)")
    agonist_challenge: AgonistChallenge = Field(default_factory=AgonistChallenge)
    ssri_challenge: SsriChallenge = Field(default_factory=SsriChallenge)


class ChronicCohort(Cohort):
    n: Integer = Field(4, ge=1, le=1000, description="subjects per group")


class Chronic(CohortExperiment):
    """Chronic treatment over days or weeks (``[chronic]``)."""

    protocol = "chronic"
    section = "chronic"

    circuit: SeededCircuit = Field(default_factory=SeededCircuit)
    chronic: ChronicSection = Field(default_factory=ChronicSection)
    cohort: ChronicCohort = Field(default_factory=ChronicCohort)


@dataclass(frozen=True)
class ChronicConfig:
    experiment: dict
    animal: dict
    circuit: dict
    engine: dict
    affinities_path: str
    chronic: dict
    agonist: object       # ep.EphysGroup or None
    groups: tuple         # common GroupConfig
    reference: str
    variability: dict

    @property
    def n_subjects(self) -> int:
        return sum(g.n for g in self.groups)


def validate(raw: dict) -> ChronicConfig:
    """Validate a whole raw config for the chronic protocol."""
    from raphe.circuits.pharmacology import Dose

    v = models.validate(Chronic, raw)
    ch = dict(v["chronic"])
    species = v["animal"]["species"]
    dur_days = float(ch["duration"] / DAY)
    days = ch["recording_days"]
    if not isinstance(days, list) or not all(isinstance(d, (int, float)) and not isinstance(d, bool)
                                             for d in days):
        raise RapheInputError("chronic.recording_days", days, "a list of days like [2, 7, 14, 21]")
    for i, d in enumerate(days):
        if not 0 <= d <= dur_days:
            raise RapheInputError(f"chronic.recording_days[{i}]", d, f"a day in [0, {dur_days:g}]")
    ch["recording_days"] = sorted(float(d) for d in days)
    agonist = None
    ag = ch["agonist_challenge"]
    if ag["enabled"]:
        if ag["day"] > dur_days:
            raise RapheInputError("chronic.agonist_challenge.day", ag["day"], f"a day in [0, {dur_days:g}]")
        if ag["sample_delay"] > ag["dose_interval"]:
            raise RapheInputError("chronic.agonist_challenge.sample_delay", ag["sample_delay"],
                                  "at most the dose interval")
        agonist = ep.validate_group({"name": "agonist", "label": "", "n": 1, "drug": ag["drug"],
                                      "route": ag["route"], "cumulative_doses": ag["cumulative_doses"],
                                      "salt": ag["salt"], "reversal": {}, "pretreatment": []}, 0,
                                     species)
    ss = ch["ssri_challenge"]
    if ss["enabled"]:
        if ss["day"] > dur_days:
            raise RapheInputError("chronic.ssri_challenge.day", ss["day"], f"a day in [0, {dur_days:g}]")
        try:
            Dose(drug=ss["drug"], amount=ss["amount"], route=ss["route"],
                 salt=ss["salt"]).validate(species)
        except RapheInputError as err:
            raise RapheInputError(f"chronic.ssri_challenge.{err.field.split('.')[-1]}", err.value,
                                  err.expected) from None
    groups = shared.groups_of(v, species)
    ref = shared.reference_of(v, groups)
    settings = shared.engine_settings(v["engine"], v["circuit"]["backend"])
    if v["pharmacology"]["affinities"]:
        shared.load_affinities(v["pharmacology"]["affinities"])
    return ChronicConfig(v["experiment"], v["animal"], v["circuit"], {"settings": settings},
                         v["pharmacology"]["affinities"], ch, agonist, tuple(groups), ref,
                         v["cohort"]["variability"])


def adaptation_model(ch: dict):
    """The :class:`~raphe.circuits.adaptation.Adaptation` of a validated ``[chronic]`` table."""
    from raphe.circuits.adaptation import Adaptation, CrebBdnf, Desensitization
    from raphe.circuits.spec import P

    des = Desensitization(site=AUTO, tau=P(ch["desensitization_tau"], "config [chronic] (U)", "U"),
                          gain=float(ch["desensitization_gain"]))
    return Adaptation(desensitization=(des,), alpha2=bool(ch["alpha2"]),
                      terminal_5ht1b=bool(ch.get("terminal_5ht1b_desensitization", False)),
                      creb=CrebBdnf(feedback=bool(ch["bdnf_feedback"])))


# ---------------------------------------------------------------- one subject

#: ``EngineSettings.agonist_octaves`` of the agonist challenge: nodes at 0 and at powers of 4 of
#: the agonist's receptor term (one node per two doses of a cumulative series that doubles); the
#: ED50s within 5 % of windows at every sample, at about the uniform grid's windows (powers of 8:
#: 17 % off for the treated group at full scale; benchmarks/results.md)
AGONIST_OCTAVES = 2


def challenge_surface(surface):
    """The surface of the agonist challenge: ``surface`` (its cache directory: the settings that
    place nodes are not part of a window's key) with nodes placed geometrically along the agonist
    (``engine.agonist_octaves``, :data:`AGONIST_OCTAVES` unless set; not with
    ``engine.adaptive_unit_rates``, which places them adaptively)."""
    import dataclasses

    from raphe.experiments.engine import ResponseSurface

    settings = surface.settings
    if settings.adaptive_unit_rates or settings.agonist_octaves:
        return surface
    return ResponseSurface(surface.circuit, dataclasses.replace(settings, agonist_octaves=AGONIST_OCTAVES))


def simulate(cfg: ChronicConfig, subject, seed: int, progress=None) -> dict:
    """Everything measured on one subject (no file I/O)."""
    from raphe.circuits.pharmacology import Dose, Regimen
    from raphe.experiments.engine import ResponseSurface, simulate_chronic, simulate_subject

    ch = cfg.chronic
    setup = shared.subject_setup(cfg, subject, seed)
    group, circuit_seed, circuit = setup.group, setup.circuit_seed, setup.circuit
    settings = cfg.engine["settings"]
    surface = ResponseSurface(circuit, settings)
    body_weight = setup.body_weight
    affinities = setup.affinities
    regimen = Regimen(doses=group.doses) if group.doses else None
    adaptation = adaptation_model(ch)
    common = dict(species=cfg.animal["species"], body_weight=body_weight, pk_scale=subject.pk_scale,
                  affinities=affinities, settings=settings, surface=surface)
    # the recording days and the agonist challenge read unit rates at nodes the slow clock runs
    # (and the citalopram challenge's nodes may be another group's slow-clock nodes): every
    # window keeps its spikes, so no node is run a second time for them
    spikes = bool(ch["recording_days"]) or cfg.agonist is not None
    course = simulate_chronic(circuit=circuit, regimen=regimen, duration=ch["duration"], step=ch["step"],
                              adaptation=adaptation, progress=progress, record_spikes=spikes, **common)
    rng = subject.rng(cohort_mod.STREAM_ASSAY)
    record = ch["record_spikes"] == "all" or (ch["record_spikes"] == "first" and subject.index == 0)
    naive = surface.point({}, unit_rates=ep.POPULATION)["unit_rates_hz"]
    lo, hi = float(ch["min_baseline_rate"] / brian2.Hz), float(ch["max_baseline_rate"] / brian2.Hz)
    out = {"subject": subject, "group": group, "circuit_seed": circuit_seed, "course": course,
           "body_weight": body_weight, "days": []}
    t_grid = np.asarray(course.time / brian2.second)
    for d in ch["recording_days"]:
        t = d * DAY + (ch["recording_time"] if group.doses and d > 0 else 0 * HOUR)
        t = min(float(t / brian2.second), t_grid[-1])
        inputs = {k: float(np.interp(t, t_grid, v)) for k, v in course.inputs.items()}
        state = course.state_at(t * brian2.second)
        inputs.update(adaptation.fast_inputs(state))
        r = surface.point(inputs, unit_rates=ep.POPULATION)
        units = ep.pick_units(naive, ch["units_per_day"], lo, hi, rng)
        out["days"].append({"day": d, "time_s": t, "state": state, "units": units,
                            "unit_rates_hz": r["unit_rates_hz"][units], "rates_hz": r["rates_hz"],
                            "concentrations_nM": r["concentrations_nM"],
                            "receptor_activation": r["receptor_activation"]})
        if record:  # the units' spikes in one spiking window at the day's inputs
            t_win, ids = surface.evaluate(inputs, record_spikes=True).spikes[ep.POPULATION]
            t_win, ids = shared.as_array(t_win, brian2.ms), np.asarray(ids)
            keep = np.isin(ids, units)
            out["days"][-1]["spikes"] = (t_win[keep], np.searchsorted(units, ids[keep]))
    chronic_doses = tuple(group.doses)
    counted = [surface]  # surfaces whose windows this subject ran
    ag = ch["agonist_challenge"]
    if cfg.agonist is not None:
        t0 = ag["day"] * DAY + (ch["recording_time"] if group.doses else 0 * HOUR)
        t0 = min(float(t0 / brian2.second), t_grid[-1]) * brian2.second
        state = course.state_at(t0)
        fixed = {k: v for k, v in adaptation.fast_inputs(state).items()}
        shots = ep.injections(cfg.agonist, ag["dose_interval"], offset=t0)
        times = ep.sample_times(cfg.agonist, {"dose_interval": ag["dose_interval"],
                                              "sample_delay": ag["sample_delay"], "baseline": 3 * MIN}) + t0
        # nodes along the agonist's term at powers of 4 (AGONIST_OCTAVES), not on the uniform grid
        # whose first cell holds most of 8-OH-DPAT's suppression (the ED50 would be ~5x too high)
        challenge = {**common, "surface": challenge_surface(surface)}
        res = simulate_subject(circuit=circuit, regimen=Regimen(doses=chronic_doses + tuple(shots)),
                               times=times, fixed_inputs=fixed, unit_rates=ep.POPULATION, **challenge)
        if challenge["surface"] is not surface:
            counted.append(challenge["surface"])
        units = ep.pick_units(naive, ch["units_per_day"], lo, hi, rng)
        rates = res.unit_rates_hz[:, units]
        out["agonist"] = {"day": ag["day"], "units": units, "rates_hz": rates,
                          "time_s": np.asarray(times / brian2.second), "sensitivity": fixed}
    ss = ch["ssri_challenge"]
    if ss["enabled"]:
        t0 = ss["day"] * DAY + (ch["recording_time"] if group.doses else 0 * HOUR)
        t0 = min(float(t0 / brian2.second), t_grid[-1]) * brian2.second
        state = course.state_at(t0)
        fixed = adaptation.fast_inputs(state)
        step = float(ss["resolution"] / MIN)
        rel = np.arange(-step, float(ss["duration"] / MIN) + 0.5 * step, step)
        times = rel * MIN + t0
        shot = Dose(drug=ss["drug"], amount=ss["amount"], route=ss["route"], time=t0,
                    salt=ss["salt"])
        res = simulate_subject(circuit=circuit, regimen=Regimen(doses=chronic_doses + (shot,)),
                               times=times, fixed_inputs=fixed, record_spikes=spikes, **common)
        out["ssri"] = {"day": ss["day"], "time_min": rel,
                       "concentrations_nM": {f"{reg}.{a}": np.asarray(v) for reg, dd in
                                             res.concentrations_nM.items() for a, v in dd.items()},
                       "rates_hz": {k: np.asarray(v) for k, v in res.rates_hz.items()}}
    out["engine_stats"] = {"windows_run": sum(s.windows_run for s in counted),
                           "cache_hits": sum(s.cache_hits for s in counted),
                           "slow_steps": course.engine_stats["slow_steps"],
                           "distinct_nodes": surface.nodes}
    return out


def simulate_subject(cfg: ChronicConfig, subject, seed: int):
    """Simulate one subject (:func:`simulate`); returns the writer of its part."""
    out = simulate(cfg, subject, seed)

    def fill(h5):
        write_subject(h5, cfg, out)

    return fill


def _clean(name: str) -> str:
    return name.replace("/", "_")


def write_subject(h5: h5py.File, cfg: ChronicConfig, out: dict) -> None:
    subject, group, course = out["subject"], out["group"], out["course"]
    s = h5.create_group(f"subjects/{subject.id}")
    store.set_attrs(s, {"group": subject.group, "index": subject.index, "engine_seed": subject.engine_seed,
                        "circuit_seed": out["circuit_seed"], "regimen": group.dose_text,
                        "body_weight_g": float(out["body_weight"] / brian2.gram),
                        "clearance_factor": subject.clearance_factor, "volume_factor": subject.volume_factor},
                    new=True)
    st = s.require_group("engine_stats")
    store.set_attrs(st, out["engine_stats"])
    base = h5.require_group(f"chronic/{subject.group}/{subject.id}")
    c = base.require_group("course")
    store.write_array(c, "time_day", np.asarray(course.time / DAY), "day")
    for k, v in course.state.items():
        store.write_array(c, _clean(k), v, "1")
    for name, table, units in (("rate", course.rates_hz, "Hz"), ("concentration", course.concentrations_nM, "nM"),
                               ("receptor_activation", course.receptor_activation, "1")):
        g = c.require_group(name) if table else None
        for k, v in table.items():
            store.write_array(g, k, v, units)
    fast = None
    for k, v in course.inputs.items():
        if np.any(v != v[0]) or v[0] != (1.0 if k.startswith("sensitivity.") else 0.0):
            fast = fast or c.require_group("fast_inputs")
            store.write_array(fast, k, v, "1")
    c.attrs["reference_activation"] = str(course.reference_activation)
    c.attrs["alpha2_hypothesis"] = bool(cfg.chronic["alpha2"])
    c.attrs["bdnf_feedback"] = bool(cfg.chronic["bdnf_feedback"])
    for rec in out["days"]:
        g = base.require_group(f"day_{rec['day']:05.1f}")
        g.attrs.update({"day": rec["day"], "time_day": rec["time_s"] / 86400.0})
        store.write_array(g, "neurons", np.asarray(rec["units"], dtype=np.int64), "1")
        store.write_array(g, "unit_rates_hz", rec["unit_rates_hz"], "Hz")
        if "spikes" in rec:  # spike_times: ms from the window's start; spike_unit: index into neurons
            store.write_array(g, "spike_times", rec["spikes"][0], "ms")
            store.write_array(g, "spike_unit", np.asarray(rec["spikes"][1], dtype=np.int64), "1")
            g.attrs["window_ms"] = float(cfg.engine["settings"].window / brian2.ms)
        for k, v in rec["concentrations_nM"].items():
            g.attrs[f"concentration_nM.{k}"] = v
        for k, v in rec["rates_hz"].items():
            g.attrs[f"rate_hz.{k}"] = v
        for k, v in rec["state"].items():
            g.attrs[f"state.{k}"] = v
    if "agonist" in out:
        a = out["agonist"]
        ag = cfg.agonist
        scale = ep.DOSE_UNITS[ag.dose_unit]
        g = base.require_group("agonist_challenge")
        g.attrs.update({"day": a["day"], "drug": ag.drug, "dose_unit": ag.dose_unit})
        for k, v in a["sensitivity"].items():
            g.attrs[k] = v
        store.write_array(g, "cumulative_dose", np.array([0.0] + [d / scale for d in ag.cumulative]),
                          ag.dose_unit)
        store.write_array(g, "neurons", np.asarray(a["units"], dtype=np.int64), "1")
        store.write_array(g, "rate_hz", a["rates_hz"], "Hz", note="samples x units; first: pre-challenge")
        base_rate = a["rates_hz"][0]
        pb = np.where(base_rate > 0, 100.0 * a["rates_hz"] / np.where(base_rate > 0, base_rate, 1), np.nan)
        store.write_array(g, "percent_baseline", pb, "percent", nan_ok=True)
    if "ssri" in out:
        x = out["ssri"]
        g = base.require_group("ssri_challenge")
        g.attrs["day"] = x["day"]
        store.write_array(g, "time_min", x["time_min"], "min")
        for k, v in x["concentrations_nM"].items():
            store.write_array(g.require_group("concentration"), k, v, "nM")
        for k, v in x["rates_hz"].items():
            store.write_array(g.require_group("rate"), k, v, "Hz")


# ---------------------------------------------------------------- run and summary


def _mean_sem(values):
    from raphe.analysis.metrics import group_mean_sem

    st = group_mean_sem(np.atleast_2d(np.asarray(values, dtype=float)))
    return st.mean, st.sem, st.n


def write_summary(h5: h5py.File, cfg: ChronicConfig, cohort=None) -> None:
    """Per group and recording day: mean +- SEM, % of the control group; challenges; ED50."""
    from raphe.analysis.ephys import crossing_dose, fit_ed50

    root = h5.require_group("summary/chronic")
    root.attrs.update({"reference": cfg.reference, "alpha2_hypothesis": bool(cfg.chronic["alpha2"]),
                       "bdnf_feedback": bool(cfg.chronic["bdnf_feedback"]),
                       "note": "firing: n = units (pooled over subjects); other readouts n = subjects; "
                               "% of control = % of the reference group's mean on the same day"})
    days = cfg.chronic["recording_days"]
    # every transmitter pool of the circuit that ran (as recorded), not a fixed list
    pool_keys = {}
    for group in cfg.groups:
        for sg in h5.get(f"chronic/{group.name}", {}).values():
            for d in days:
                pool_keys.update({pool_key(a.split(".", 1)[1]): a.split(".", 1)[1]
                                  for a in sg[f"day_{d:05.1f}"].attrs if a.startswith("concentration_nM.")})
    collected = {}
    for group in cfg.groups:
        subj = h5.get(f"chronic/{group.name}", {})
        firing = [[] for _ in days]
        per = {k: [] for k in (*pool_keys, "sensitivity_5HT1A_auto", "CREB", "BDNF")}
        courses = {"CREB": [], "BDNF": [], "sensitivity_5HT1A_auto": [], "DRN_rate": []}
        course_day = None
        for sid, sg in subj.items():
            row = {k: [] for k in per}
            for i, d in enumerate(days):
                g = sg[f"day_{d:05.1f}"]
                firing[i].extend(list(g["unit_rates_hz"][()]))
                for k, pool in pool_keys.items():
                    row[k].append(g.attrs.get(f"concentration_nM.{pool}", np.nan))
                row["sensitivity_5HT1A_auto"].append(g.attrs.get(f"state.sensitivity.{AUTO}", 1.0))
                row["CREB"].append(g.attrs["state.CREB"])
                row["BDNF"].append(g.attrs["state.BDNF"])
            for k in per:
                per[k].append(row[k])
            c = sg["course"]
            course_day = c["time_day"][()]
            courses["CREB"].append(c["CREB"][()])
            courses["BDNF"].append(c["BDNF"][()])
            courses["sensitivity_5HT1A_auto"].append(c[f"sensitivity.{AUTO}"][()])
            courses["DRN_rate"].append(c["rate/DRN_5HT"][()])
        collected[group.name] = {"firing": firing, "per": per, "courses": courses, "course_day": course_day}
    ref = collected[cfg.reference]
    ref_firing = np.array([np.mean(f) if f else np.nan for f in ref["firing"]])
    ref_conc = {k: np.nanmean(np.array(ref["per"][k]), axis=0) for k in pool_keys}
    for group in cfg.groups:
        col = collected[group.name]
        g = root.require_group(group.name)
        g.attrs.update({"label": group.label, "regimen": group.dose_text})
        store.write_array(g, "day", np.array(days), "day")
        fm = np.array([np.mean(f) if f else np.nan for f in col["firing"]])
        fs = np.array([np.std(f, ddof=1) / np.sqrt(len(f)) if len(f) > 1 else np.nan for f in col["firing"]])
        store.write_array(g, "firing_hz_mean", fm, "Hz", nan_ok=True)
        store.write_array(g, "firing_hz_sem", fs, "Hz", nan_ok=True)
        store.write_array(g, "firing_n", np.array([len(f) for f in col["firing"]]), "1")
        store.write_array(g, "firing_percent_control_mean", 100 * fm / ref_firing, "percent", nan_ok=True)
        store.write_array(g, "firing_percent_control_sem", 100 * fs / ref_firing, "percent", nan_ok=True)
        for k, vals in col["per"].items():
            m, s_, n = _mean_sem(vals)
            unit = "nM" if k in pool_keys else "1"
            store.write_array(g, f"{k}_mean", m, unit, nan_ok=True)
            store.write_array(g, f"{k}_sem", s_, unit, nan_ok=True)
            if k in ref_conc:
                pm, ps, _ = _mean_sem(100 * np.array(vals) / ref_conc[k])
                store.write_array(g, f"{k}_percent_control_mean", pm, "percent", nan_ok=True)
                store.write_array(g, f"{k}_percent_control_sem", ps, "percent", nan_ok=True)
        if col["course_day"] is not None:
            store.write_array(g, "course_day", col["course_day"], "day")
            for k, vals in col["courses"].items():
                store.write_array(g, f"{k}_course", np.mean(np.array(vals), axis=0), "1")
        # agonist challenge
        per, doses = [], None
        for sid, sg in h5.get(f"chronic/{group.name}", {}).items():
            if "agonist_challenge" in sg:
                a = sg["agonist_challenge"]
                per.extend(list(a["percent_baseline"][()].T))
                doses = a["cumulative_dose"][()]
                attrs = dict(a.attrs)
        if doses is not None and per:
            m, s_, n = _mean_sem(per)
            a = g.require_group("agonist_challenge")
            store.write_array(a, "dose", doses[1:], attrs["dose_unit"])
            store.write_array(a, "percent_baseline_mean", m[1:], "percent", nan_ok=True)
            store.write_array(a, "percent_baseline_sem", s_[1:], "percent", nan_ok=True)
            store.write_array(a, "n", n[1:], "1")
            fit = fit_ed50(doses[1:], m[1:])
            a.attrs.update({"day": attrs["day"], "drug": attrs["drug"], "dose_unit": attrs["dose_unit"],
                            "ed50": fit.ed50, "ed50_hill": fit.hill, "ed50_extrapolated": fit.extrapolated,
                            "ed50_crossing": crossing_dose(doses[1:], m[1:])})
        # SSRI challenge
        curves, time = {}, None
        for sid, sg in h5.get(f"chronic/{group.name}", {}).items():
            if "ssri_challenge" in sg:
                x = sg["ssri_challenge"]
                time = x["time_min"][()]
                for pool in (p for p in x["concentration"] if p.endswith(".5-HT")):  # the 5-HT pools
                    v = x[f"concentration/{pool}"][()]
                    curves.setdefault(pool, []).append(100 * v / v[0])
                v = x["rate/DRN_5HT"][()]
                curves.setdefault("DRN_5HT_rate", []).append(100 * v / v[0] if v[0] > 0 else v * np.nan)
                day = x.attrs["day"]
        if time is not None:
            sgp = g.require_group("ssri_challenge")
            sgp.attrs["day"] = day
            sgp.attrs["challenge"] = (f"{cfg.chronic['ssri_challenge']['drug']} "
                                      f"{cfg.chronic['ssri_challenge']['amount']} "
                                      f"{cfg.chronic['ssri_challenge']['route']}")
            store.write_array(sgp, "time_min", time, "min")
            for k, vals in curves.items():
                m, s_, n = _mean_sem(vals)
                store.write_array(sgp, f"{_clean(k)}_percent_mean", m, "percent", nan_ok=True)
                store.write_array(sgp, f"{_clean(k)}_percent_sem", s_, "percent", nan_ok=True)


def plot(h5file, png_path) -> None:
    from raphe.analysis.ephys import chronic_figure

    chronic_figure(h5file, png_path)


class ChronicProtocol(CohortProtocol):
    name = "chronic"
    description = ("chronic treatment over weeks: autoreceptor desensitization, DRN firing, 5-HT, CREB/BDNF, "
                   "challenges")
    model = Chronic

    validate = staticmethod(validate)
    simulate_subject = staticmethod(simulate_subject)
    summarize = staticmethod(write_summary)
    plot = staticmethod(plot)


PROTOCOL = register(ChronicProtocol())
