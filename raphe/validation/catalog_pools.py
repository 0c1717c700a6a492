"""Validation targets of the pool model (issue 26): the 5-HT metabolite 5-HIAA.

Registered like :mod:`raphe.validation.catalog` (imported by :mod:`raphe.validation`). No
parameter of the 5-HIAA model (:mod:`raphe.circuits.metabolites`) or of the cytosolic pool it
reads was fitted to these numbers.
"""

from __future__ import annotations

import math

import h5py
import numpy as np

from raphe.validation.catalog import dose, microdialysis
from raphe.validation.targets import PaperProtocol, Target, Tolerance, register_target


def md_trough(path, group: str, region: str, analyte: str, t_from: float = 0.0,
              t_to: float = math.inf) -> float:
    """Lowest group-mean dialysate value (% of baseline) after the dose, in ``[t_from, t_to]`` min."""
    with h5py.File(path, "r") as h5:
        d = h5[f"summary/microdialysis/{group}/{region}/{analyte}"]
        t, m = d["time_min"][()], d["percent_baseline_mean"][()]
    sel = (t >= t_from) & (t <= t_to) & np.isfinite(m)
    return float(np.min(m[sel])) if np.any(sel) else float("nan")


def _fluoxetine_hiaa(ctx, quick):
    cfg = microdialysis(
        "val-fluoxetine-5hiaa", "fluoxetine 10 mg/kg i.p., NAc 5-HT and 5-HIAA, freely moving rats",
        [("fluoxetine", [dose("fluoxetine", "10 mg/kg", "ip", True)])], ["NAc"], "180 min")
    cfg["microdialysis"]["analytes"] = ["5-HT", "5-HIAA"]
    return ctx.runs.run(cfg, label=cfg["experiment"]["name"])


GUAN = ("Guan & McBride 1988 Brain Res Bull (fluoxetine 10 mg/kg i.p.: NAc push-pull perfusate "
        "5-HIAA down by as much as 50 % within 2-3 h; abstract); the direction also in Fuller 1992 "
        "Life Sci 50:1683 (striatal dialysate) and Bel & Artigas 1992 Eur J Pharmacol 229:101")

register_target(Target(
    name="guan-1988-fluoxetine-lowers-nac-5hiaa",
    family="microdialysis",
    source=GUAN,
    description="lowest NAc 5-HIAA (% of baseline) within 3 h of fluoxetine 10 mg/kg i.p.: SSRIs "
                "lower extracellular 5-HIAA, formed by MAO-A from cytosolic 5-HT that reuptake "
                "feeds (citalopram, the calibration drug, is not used: its PFC 5-HIAA is a "
                "prediction only)",
    protocol=PaperProtocol("rat", "fluoxetine", "10 mg/kg", "hydrochloride [U]", "i.p.",
                           "nucleus accumbens (push-pull perfusion; model: microdialysis)",
                           "awake, freely moving"),
    published=50.0, unit="% of baseline",
    tolerance=Tolerance(35.0, 75.0, "'as much as 50 %' lower [R]; +-15 points around it for the "
                        "group spread and the sampling method (push-pull, not dialysis), not in "
                        "the abstract [U]"),
    measure=lambda ctx, quick: md_trough(_fluoxetine_hiaa(ctx, quick), "fluoxetine", "NAc", "5-HIAA"),
    drugs=("fluoxetine",),
))
