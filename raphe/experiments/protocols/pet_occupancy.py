"""The ``pet-occupancy`` protocol: a virtual human SERT PET/SPECT study.

Config (TOML)::

    [experiment]
    protocol = "pet-occupancy"

    [pet]
    drug = "paroxetine"              # any library drug with human PK (citalopram: its enantiomers)
    doses = ["10 mg", "20 mg", "40 mg"]   # daily oral doses, one group each
    days = 28                        # doses before the scan (1: a single-dose study)
    scan_after = "6 h"               # scan time after the last dose
    tracer = "DASB"                  # DASB, DASB-arterial, DASB-MRTM2, ADAM
    patients = 10                    # per dose group
    clearance_cv = 0.4               # between-patient CV of clearance (log-normal) [U]
    poor_metabolisers = 0.07         # fraction of poor metabolisers of the drug's main enzyme [U]

Each virtual patient has a log-normal clearance factor and, with probability
``poor_metabolisers``, is a poor metaboliser of the drug's main polymorphic
enzyme (CYP2D6 or CYP2C19, :mod:`raphe.circuits.pharmacology.clinical`;
clearance x 0.5 [U]). The scan reports the tracer's apparent occupancy (ceiling
x true occupancy + one test-retest draw, :mod:`raphe.circuits.pharmacology.pet`);
the true occupancy is stored beside it.

Results: ``/pet/<group>/`` per patient (plasma, true and apparent occupancy,
clearance factor, phenotype) and ``/summary/pet-occupancy`` (one row per group).
Priors: the clearance CV 0.4 (range 0.2-0.6) and the poor-metaboliser fractions
(CYP2D6 ~0.07, CYP2C19 ~0.03 in Europeans; range 0.01-0.1) are [U] (not read).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import brian2
import numpy as np
from pydantic import Field

from raphe.errors import RapheInputError
from raphe.experiments import models
from raphe.experiments.models import Experiment, Model
from raphe.experiments.protocols import register
from raphe.experiments.protocols.base import CohortProtocol, Unit
from raphe.units import parse_quantity, spaced

HOUR = 3600 * brian2.second
#: clearance factor of a poor metaboliser [U] (range 0.3-0.7)
PM_CLEARANCE = 0.5


class PetSection(Model):
    """``[pet]``: drug, doses, scan and the virtual patients."""

    drug: Any = Field("paroxetine", description="library drug with human PK")
    doses: Any = Field(["20 mg"], description="daily oral doses, one group each")
    days: Any = Field(28, description="doses before the scan (1-120)")
    scan_after: Any = Field("6 h", description="scan time after the last dose (0-96 h)")
    tracer: Any = Field("DASB", description="DASB, DASB-arterial, DASB-MRTM2 or ADAM")
    patients: Any = Field(10, description="virtual patients per dose group (1-1000)")
    clearance_cv: Any = Field(0.4, description="between-patient CV of clearance (0-1.5)")
    poor_metabolisers: Any = Field(None, description="poor-metaboliser fraction (0-1; default "
                                                     "0.07 for CYP2D6, 0.03 for CYP2C19)")


class PetOccupancy(Experiment):
    """A virtual SERT PET/SPECT study (``[pet]``)."""

    protocol = "pet-occupancy"
    section = "pet"

    pet: PetSection = Field(default_factory=PetSection)


@dataclass(frozen=True)
class PetSpec:
    """A validated ``[pet]`` section."""

    drug: str
    doses_mg: tuple
    days: int
    scan_h: float
    tracer: str
    patients: int
    clearance_cv: float
    pm_fraction: float
    enzyme: str


def _number(section, key, default, lo, hi, integer=False):
    v = section.get(key, default)
    ok = isinstance(v, int) if integer else isinstance(v, (int, float))
    if isinstance(v, bool) or not ok or not (lo <= v <= hi) or not math.isfinite(v):
        kind = "an integer" if integer else "a number"
        raise RapheInputError(f"pet.{key}", v, f"{kind} from {lo} to {hi}")
    return v


def validate(config: dict) -> PetSpec:
    """Validate the ``[pet]`` section into a :class:`PetSpec` (errors name the key)."""
    from raphe.circuits.pharmacology import DRUGS
    from raphe.circuits.pharmacology.clinical import RANGES
    from raphe.circuits.pharmacology.enantiomers import RACEMATES
    from raphe.circuits.pharmacology.pet import TRACERS

    models.validate(PetOccupancy, config)
    sec = config.get("pet", {})
    drug = DRUGS.canonical(sec.get("drug", "paroxetine"), field="pet.drug")
    parts = RACEMATES.get(drug, (drug,))
    if any("human" not in DRUGS.get(p).pk for p in parts):
        raise RapheInputError("pet.drug", drug, "a drug with a human PK record")
    doses = sec.get("doses", ["20 mg"])
    if isinstance(doses, str):
        doses = [doses]
    if not isinstance(doses, (list, tuple)) or not doses:
        raise RapheInputError("pet.doses", doses, "a list of daily doses like ['10 mg', '20 mg']")
    mg = tuple(float(parse_quantity(spaced(d), f"pet.doses[{i}]", brian2.kgram, example="'20 mg'",
                                    strictly_positive=True) / brian2.mgram)
               for i, d in enumerate(doses))
    scan = float(parse_quantity(spaced(sec.get("scan_after", "6 h")), "pet.scan_after",
                                brian2.second, example="'6 h'") / HOUR)
    if not 0 <= scan <= 96:
        raise RapheInputError("pet.scan_after", sec.get("scan_after"), "a time from 0 to 96 h")
    tracer = TRACERS.get(sec.get("tracer", "DASB"), field="pet.tracer").name
    enzyme = next((r.enzyme for r in RANGES if r.drug == drug), "none")
    default_pm = {"CYP2D6": 0.07, "CYP2C19": 0.03}.get(enzyme, 0.0)
    pm = sec.get("poor_metabolisers", default_pm)
    pm = _number({"poor_metabolisers": pm}, "poor_metabolisers", pm, 0.0, 1.0)
    return PetSpec(drug=drug, doses_mg=mg, days=_number(sec, "days", 28, 1, 120, integer=True),
                   scan_h=scan, tracer=tracer,
                   patients=_number(sec, "patients", 10, 1, 1000, integer=True),
                   clearance_cv=float(_number(sec, "clearance_cv", 0.4, 0.0, 1.5)),
                   pm_fraction=float(pm), enzyme=enzyme)


def group_name(mg: float) -> str:
    """Group of a dose: ``"20mg"``."""
    return f"{mg:g}mg"


def scan_patients(spec: PetSpec, mg: float, rng) -> dict:
    """Draw and scan one dose group; returns per-patient arrays."""
    from raphe.circuits.pharmacology import simulate_pk
    from raphe.circuits.pharmacology.enantiomers import RACEMATES, daily_oral
    from raphe.circuits.pharmacology.pet import apparent_occupancy

    n = spec.patients
    sigma = math.sqrt(math.log(1 + spec.clearance_cv ** 2))
    factor = np.exp(rng.normal(-sigma ** 2 / 2, sigma, size=n))
    poor = rng.random(n) < spec.pm_fraction
    factor = np.where(poor, factor * PM_CLEARANCE, factor)
    t = np.array([24.0 * (spec.days - 1) + spec.scan_h]) * HOUR
    analytes = RACEMATES.get(spec.drug, (spec.drug,))
    plasma, true = np.zeros(n), np.zeros(n)
    for i in range(n):
        res = simulate_pk(daily_oral(spec.drug, f"{mg:g} mg", spec.days), species="human",
                          times=t, pk_scale={"clearance": float(factor[i])})
        plasma[i] = sum(float(res.plasma_ng_per_ml[a][0]) for a in analytes)
        true[i] = float(res.occupancy["SERT"][0])
    return {"plasma_ng_per_ml": plasma, "true_occupancy": true,
            "apparent_occupancy": apparent_occupancy(true, spec.tracer, rng=rng),
            "clearance_factor": factor, "poor_metaboliser": poor}


def run_study(h5, spec: PetSpec, seed: int) -> None:
    """Every dose group into ``/pet`` and the summary table into ``/summary/pet-occupancy``."""
    from raphe.circuits.pharmacology.pet import TRACERS

    tr = TRACERS.get(spec.tracer)
    rows = {k: [] for k in ("group", "dose_mg", "n", "poor_metabolisers", "plasma_mean",
                            "true_occupancy_mean", "apparent_occupancy_mean",
                            "apparent_occupancy_sd")}
    streams = np.random.SeedSequence(seed).spawn(len(spec.doses_mg))
    for mg, ss in zip(spec.doses_mg, streams):
        data = scan_patients(spec, mg, np.random.default_rng(ss))
        g = h5.require_group(f"pet/{group_name(mg)}")
        for k, v in data.items():
            g.create_dataset(k, data=v)
        g.attrs.update({"drug": spec.drug, "dose_mg": mg, "days": spec.days,
                        "scan_after_h": spec.scan_h, "tracer": tr.name, "ceiling": tr.ceiling,
                        "ceiling_source": str(tr.ceiling_source), "enzyme": spec.enzyme})
        g["plasma_ng_per_ml"].attrs["units"] = "ng/mL"
        app = data["apparent_occupancy"]
        for k, v in (("group", group_name(mg)), ("dose_mg", mg), ("n", spec.patients),
                     ("poor_metabolisers", int(data["poor_metaboliser"].sum())),
                     ("plasma_mean", float(np.mean(data["plasma_ng_per_ml"]))),
                     ("true_occupancy_mean", float(np.mean(data["true_occupancy"]))),
                     ("apparent_occupancy_mean", float(np.mean(app))),
                     ("apparent_occupancy_sd", float(np.std(app, ddof=1)) if len(app) > 1
                      else float("nan"))):
            rows[k].append(v)
    s = h5.require_group("summary/pet-occupancy")
    for k, v in rows.items():
        s.create_dataset(k, data=np.array(v, dtype="S") if k == "group" else np.array(v, float))
    s.attrs.update({"drug": spec.drug, "tracer": tr.name, "days": spec.days,
                    "scan_after_h": spec.scan_h})


class PetProtocol(CohortProtocol):
    """The virtual PET study on the skeleton: one unit (the study), seeded by the run."""

    name = "pet-occupancy"
    description = "virtual human SERT PET/SPECT: virtual patients, tracer readout, occupancy"
    unit = "study"
    model = PetOccupancy
    #: ``--subjects N`` sets the patients per dose group
    subjects_key = ("pet", "patients")

    def validate(self, raw):
        return validate(raw)

    def work(self, spec) -> float:
        return 1.0

    def run(self, spec, ctx) -> None:
        run_study(ctx.h5, spec, ctx.seed)
        ctx.progress(1)

    def subjects(self, spec, seed: int) -> list:
        return [Unit("study", seed)]

    def simulate_subject(self, spec, unit, seed):
        def fill(h5):
            run_study(h5, spec, unit.seed)
        return fill

    def summarize(self, h5, spec, cohort) -> None:
        """Nothing more: the study writes its own summary."""

    def plot(self, h5file, png_path) -> None:
        from raphe.analysis.plots_pet import plot_pet
        plot_pet(h5file, png_path)


PROTOCOL = register(PetProtocol())
