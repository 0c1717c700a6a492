"""Clinical plasma levels: the model's steady-state trough at usual doses against the
AGNP therapeutic reference ranges, for extensive and poor metabolisers.

Reference ranges: Hiemke et al. 2018 Pharmacopsychiatry 51:9-62 (AGNP consensus
guidelines, update 2017). The search tool returned the paper's title page and
abstract, not its drug tables, so every range below is [U] (recalled, with the
published range as the prior to check). Poor-metaboliser clearance factors are
[U] as well (range 0.3-0.7 of the extensive metaboliser's clearance; the labels
report roughly doubled exposure in poor metabolisers of the named enzyme).

What the table shows (``raphe pk --table``; the ranges are not targets and no PK
parameter was changed to meet them): sertraline and fluoxetine troughs lie inside
their ranges; citalopram (~19 ng/mL), escitalopram (~8), paroxetine (~17) and
fluvoxamine (~21) lie below at their starting doses. Reasons the records give:
fluvoxamine's linear model follows single-dose kinetics (steady state is 30-50 %
above the single-dose prediction [R], Perucca et al. 1994); paroxetine's clearance
was fitted to a median level of 24 ng/mL over the day, not to the trough, and its
CYP2D6 saturation is not modelled; the citalopram and escitalopram clearances are
those of the primary PK papers (Acta Pharmacol Toxicol 1981 48:53; Sogaard et al. 2005). For
escitalopram the exception is documented: the AGNP work group's own meta-analysis states
that "the recommended reference range disagrees with mean steady state concentrations
(11-21 ng/ml) that are expected under the approved dose range (10-20 mg/day)" [R]
(Eichentopf et al. 2022 Front Psychiatry 13:972141, abstract), so a 10 mg/day trough below
15 ng/mL is what the population gives, not a model error. Whether the
reference ranges (set for patients at effective doses) or these clearances are the
outlier cannot be decided until the Hiemke tables are read.
"""

from __future__ import annotations

from dataclasses import dataclass

import brian2
import numpy as np

from raphe.circuits.pharmacology.dosing import Dose
from raphe.circuits.pharmacology.model import U, Source
from raphe.circuits.pharmacology.pk import simulate_pk

HIEMKE_2018 = "Hiemke et al. 2018 Pharmacopsychiatry 51:9-62 (AGNP; drug tables not read)"
PM_FACTOR = U("0.5 (range 0.3-0.7): about doubled exposure in poor metabolisers (labels, not read)")


@dataclass(frozen=True)
class ClinicalRange:
    """A usual dose and its AGNP therapeutic reference range (ng/mL, trough).

    Attributes
    ----------
    drug : str
    dose : str
        Usual (starting) daily oral dose.
    low, high : float
        Reference range of the analytes summed (ng/mL).
    analytes : tuple of str
        Compounds summed (fluoxetine + norfluoxetine).
    enzyme : str
        Main polymorphic enzyme (poor-metaboliser row).
    source : Source
    """

    drug: str
    dose: str
    low: float
    high: float
    analytes: tuple
    enzyme: str
    source: Source


RANGES = (
    ClinicalRange("citalopram", "20 mg", 50, 110, ("citalopram",), "CYP2C19",
                  U(HIEMKE_2018 + ": 50-110 ng/mL recalled")),
    ClinicalRange("escitalopram", "10 mg", 15, 80, ("escitalopram",), "CYP2C19",
                  U(HIEMKE_2018 + ": 15-80 ng/mL recalled")),
    ClinicalRange("fluoxetine", "20 mg", 120, 500, ("fluoxetine", "norfluoxetine"), "CYP2D6",
                  U(HIEMKE_2018 + ": 120-500 ng/mL (sum) recalled")),
    ClinicalRange("fluvoxamine", "100 mg", 60, 230, ("fluvoxamine",), "CYP2D6",
                  U(HIEMKE_2018 + ": 60-230 ng/mL recalled")),
    ClinicalRange("paroxetine", "20 mg", 20, 65, ("paroxetine",), "CYP2D6",
                  U(HIEMKE_2018 + ": 20-65 ng/mL recalled")),
    ClinicalRange("sertraline", "50 mg", 10, 150, ("sertraline",), "CYP2C19",
                  U(HIEMKE_2018 + ": 10-150 ng/mL recalled")),
)

HOUR = 3600 * brian2.second


def trough(rng: ClinicalRange, poor: bool = False, days: int = 42) -> float:
    """Steady-state trough (ng/mL, analytes summed) after ``days`` daily doses."""
    t = np.array([24.0 * days - 1e-6]) * HOUR
    scale = {"clearance": 0.5} if poor else None
    res = simulate_pk(Dose(rng.drug, rng.dose, route="po", every="24 h", count=days),
                      species="human", times=t, pk_scale=scale)
    return float(sum(res.plasma_ng_per_ml[a][0] for a in rng.analytes))


def trough_table() -> list[dict]:
    """One row per SSRI: dose, range, extensive- and poor-metaboliser troughs, verdicts."""
    rows = []
    for r in RANGES:
        em, pm = trough(r), trough(r, poor=True)
        rows.append({"drug": r.drug, "dose": r.dose, "low": r.low, "high": r.high,
                     "analytes": "+".join(r.analytes), "enzyme": r.enzyme, "em": em, "pm": pm,
                     "em_in": r.low <= em <= r.high, "pm_in": r.low <= pm <= r.high,
                     "source": str(r.source)})
    return rows


def format_trough_table(rows: list[dict]) -> str:
    """Plain-text table of :func:`trough_table`."""
    head = ["drug", "dose/day", "AGNP range [U]", "EM trough", "", "PM trough", "", "PM enzyme"]
    data = [[r["drug"], r["dose"], f"{r['low']:g}-{r['high']:g}", f"{r['em']:.1f}",
             "in" if r["em_in"] else "OUT", f"{r['pm']:.1f}", "in" if r["pm_in"] else "OUT",
             r["enzyme"]] for r in rows]
    widths = [max(len(x[j]) for x in [head, *data]) for j in range(len(head))]
    fmt = lambda x: "  ".join(c.ljust(w) for c, w in zip(x, widths)).rstrip()  # noqa: E731
    notes = ["", "ng/mL, trough after 6 weeks of daily oral doses; PM: clearance x 0.5 "
             + PM_FACTOR.mark + ".", "Ranges: " + HIEMKE_2018 + " -- every range is [U]."]
    return "\n".join([fmt(head), fmt(["-" * w for w in widths]), *map(fmt, data), *notes])


def plot_trough_table(rows: list[dict], path: str) -> None:
    """Bars of the AGNP ranges with the EM and PM troughs marked, written to ``path``."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7, 4.5), constrained_layout=True)
    ax = fig.subplots()
    y = np.arange(len(rows))
    for i, r in enumerate(rows):
        ax.plot([r["low"], r["high"]], [i, i], color="0.6", lw=8, solid_capstyle="butt",
                label="AGNP range [U]" if i == 0 else None)
        ax.plot(r["em"], i, "o", color="C0", label="extensive metaboliser" if i == 0 else None)
        ax.plot(r["pm"], i, "s", color="C3", label="poor metaboliser (CL x 0.5 [U])"
                if i == 0 else None)
    ax.set_yticks(y, [f"{r['drug']} {r['dose']}/day" for r in rows])
    ax.set_xscale("log")
    ax.set_xlabel("steady-state trough plasma (ng/mL)")
    ax.grid(alpha=0.3, axis="x")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3)
    ax.set_title("Model troughs vs AGNP reference ranges (Hiemke 2018; ranges [U])", fontsize=9)
    fig.savefig(path, dpi=120)
