"""The binding panel: every drug against every target, as a laboratory would run it.

Per target: saturation assays (the radioligand's Kd in these membranes, used
in Cheng-Prusoff) and association/dissociation kinetics (the radioligand's
koff, used to check the incubation time). Per drug and target: a range-finding
assay (log steps, duplicates) and then ``n`` definitive competition assays
with 12 half-log concentrations centred on the range-finder's IC50, each from
its own membrane preparation. Everything measured is written to the results
file with units; fits come from :mod:`raphe.analysis.binding`.

Random state: each assay gets its own :class:`numpy.random.Generator` from
the run's seed and a key naming the assay, so a result does not depend on the
order or the subset of assays run.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field

import brian2
import numpy as np

from raphe.analysis import binding as fits
from raphe.io import binding as bio
from raphe.experiments.binding import bench
from raphe.experiments.binding.ligands import (
    RADIOLIGANDS, BenchConstants, StandardAssay, Variability, drug_kon,
)

nM = brian2.nmolar

#: range-finding concentrations: 10 pM to 100 uM in log steps
RANGE_FINDER = np.logspace(-2, 5, 8) * nM
#: definitive assays: this many half-log steps
DEFINITIVE_POINTS = 12
#: highest concentration tested (solubility) [U]
MAX_CONCENTRATION = 1e6 * nM
#: lowest concentration tested
MIN_CONCENTRATION = 1e-3 * nM

META_UNITS = {
    "kd": "nM", "koff": "1/s", "kon": "1/(M*s)", "specific_activity": "Ci/mmol",
    "radioligand_concentration": "nM", "bmax_nominal": "fmol/mg", "protein": "mg",
    "volume": "mL", "incubation": "s", "temperature": "K", "nsb_concentration": "nM",
    "background": "cpm", "count_time": "s", "wash_time": "s", "wash_temperature": "K",
    "efficiency": "1",
}
TUBE_UNITS = {"competitor": "nM", "radioligand": "nM", "time": "s", "counts": "count"}


def assay_rng(seed: int, *key) -> np.random.Generator:
    """A generator for one assay, from the run's seed and the assay's name parts."""
    words = [zlib.crc32(str(k).encode()) for k in key]
    return np.random.default_rng(np.random.SeedSequence(entropy=int(seed), spawn_key=words))


def definitive_concentrations(ic50_estimate) -> brian2.Quantity:
    """12 half-log concentrations centred on ``ic50_estimate`` (clipped to 1 pM - 1 mM).

    With no estimate (no displacement in the range finder) the series ends
    at 100 uM.
    """
    span = (DEFINITIVE_POINTS - 1) / 4.0  # decades on each side
    lo_lim, hi_lim = math.log10(float(MIN_CONCENTRATION / nM)), math.log10(float(MAX_CONCENTRATION / nM))
    if ic50_estimate is None:
        centre = 5.0 - span
    else:
        centre = math.log10(float(ic50_estimate / nM))
    centre = min(max(centre, lo_lim + span), hi_lim - span)
    return np.logspace(centre - span, centre + span, DEFINITIVE_POINTS) * nM


# ----------------------------------------------------------------------------- HDF5

def _write_q(group, name, value, unit_text):
    if unit_text in ("1", "count"):
        data = np.asarray(value)
    else:
        data = np.asarray(value / fits.UNIT_TEXT[unit_text], dtype=float)
    if name in group:
        del group[name]
    ds = group.create_dataset(name, data=data)
    ds.attrs["units"] = unit_text
    return ds


def write_record(group, record: bench.AssayRecord):
    """Write an assay's tubes and conditions under ``group`` (``tubes/``, ``conditions/``)."""
    group.attrs["protocol"] = record.protocol
    tg = group.require_group("tubes")
    if "type" in tg:
        del tg["type"]
    tg.create_dataset("type", data=np.array(record.tubes["type"], dtype="S"))
    for key, unit in TUBE_UNITS.items():
        _write_q(tg, key, record.tubes[key], unit)
    cg = group.require_group("conditions")
    for key, value in record.meta.items():
        if key in META_UNITS:
            _write_q(cg, key, value, META_UNITS[key])
        else:
            cg.attrs[key] = str(value)


def _write_fit(group, values: dict, warnings):
    fg = group.require_group("fit")
    for name, (value, unit) in values.items():
        _write_q(fg, name, value, unit)
    fg.attrs["warnings"] = np.array([w.encode() for w in warnings], dtype="S") \
        if warnings else np.array([], dtype="S1")


def write_competition_fit(group, r: fits.CompetitionResult):
    """Write a :class:`~raphe.analysis.binding.CompetitionResult` under ``group/fit``."""
    f = r.fit
    _write_fit(group, {
        "ic50": (r.ic50, "nM"), "ic50_ci_low": (r.ic50_ci[0], "nM"),
        "ic50_ci_high": (r.ic50_ci[1], "nM"),
        "ki": (r.ki, "nM"), "ki_ci_low": (r.ki_ci[0], "nM"), "ki_ci_high": (r.ki_ci[1], "nM"),
        "hill": (r.hill, "1"), "hill_ci_low": (r.hill_ci[0], "1"),
        "hill_ci_high": (r.hill_ci[1], "1"),
        "top": (f.top if f else math.nan, "1"), "bottom": (f.bottom if f else math.nan, "1"),
        "radioligand": (r.radioligand, "nM"), "kd": (r.kd, "nM"),
        "bound_fraction": (r.bound_fraction, "1"), "receptor": (r.receptor, "nM"),
    }, r.warnings)


# ----------------------------------------------------------------------------- panel

@dataclass(frozen=True)
class PanelSpec:
    """What the panel runs (validated by the ``binding`` protocol).

    Attributes
    ----------
    drugs : tuple of str
        Library drug names.
    targets : tuple of str
    assays : dict
        Target -> :class:`StandardAssay`.
    concentrations : dict
        Target -> Quantity array of test concentrations, or None (range finder).
    n_assays, replicates : int
    saturation, kinetics : bool
        Run saturation / kinetic assays per target.
    kd_source : str
        ``"saturation"`` (Kd measured in the same membranes) or ``"literature"``.
    variability : Variability
    bench : BenchConstants
    """

    drugs: tuple
    targets: tuple
    assays: dict
    concentrations: dict
    n_assays: int = 3
    replicates: int = 3
    saturation: bool = True
    kinetics: bool = True
    kd_source: str = "saturation"
    variability: Variability = field(default_factory=Variability)
    bench: BenchConstants = field(default_factory=BenchConstants)

    def work(self) -> float:
        per_target = self.n_assays * (int(self.saturation) + int(self.kinetics))
        return len(self.targets) * (per_target + len(self.drugs) * (self.n_assays + 1))


def _competitor(drug_name: str, target: str) -> bench.Ligand:
    from raphe.circuits.pharmacology import DRUGS
    drug = DRUGS.get(drug_name, field="binding.drugs")
    return bench.Ligand(drug.name, drug.ki(target), drug_kon(drug))


def run_target(h5, spec: PanelSpec, target: str, seed: int, progress=lambda n: None) -> dict:
    """Run every assay of one target and write it under ``/binding/<target>``.

    Returns
    -------
    dict
        Drug -> (list of :class:`~raphe.analysis.binding.CompetitionResult`,
        highest concentration tested).
    """
    assay: StandardAssay = spec.assays[target]
    rl = RADIOLIGANDS.get(assay.radioligand)
    tg = h5.require_group(f"binding/{target}")
    tg.attrs["radioligand"] = rl.name
    tg.attrs["tissue"] = assay.tissue
    tg.attrs["radioligand_source"] = rl.source
    nsb = bench.resolve_reference(assay.nsb_reference, target)
    kd = rl.kd
    koff = rl.koff
    if spec.saturation:
        kds = []
        levels = np.geomspace(0.1, 10.0, 8) * rl.kd
        for k in range(spec.n_assays):
            rec = bench.saturation_assay(assay, levels, assay_rng(seed, target, "saturation", k),
                                         spec.replicates, spec.bench, spec.variability)
            g = tg.require_group(f"saturation/assay_{k}")
            write_record(g, rec)
            r = fits.analyse_saturation(rec.tubes, rec.meta)
            _write_fit(g, {"kd": (r.kd, "nM"), "kd_ci_low": (r.kd_ci[0], "nM"),
                           "kd_ci_high": (r.kd_ci[1], "nM"), "bmax": (r.bmax, "fmol/mg"),
                           "bmax_ci_low": (r.bmax_ci[0], "fmol/mg"),
                           "bmax_ci_high": (r.bmax_ci[1], "fmol/mg"),
                           "bound_fraction": (r.bound_fraction, "1")}, r.warnings)
            kds.append(r.kd)
            progress(1)
        kd_sat, ci, n = fits.geometric_summary(kds)
        _write_q(tg, "kd_saturation", kd_sat, "nM")
        if spec.kd_source == "saturation" and n:
            kd = kd_sat
    if spec.kinetics:
        koffs = []
        for k in range(spec.n_assays):
            a_rec, d_rec = bench.kinetic_assays(assay, assay_rng(seed, target, "kinetics", k),
                                                spec.replicates, spec.bench, spec.variability)
            g = tg.require_group(f"kinetics/assay_{k}")
            write_record(g.require_group("association"), a_rec)
            write_record(g.require_group("dissociation"), d_rec)
            r = fits.analyse_kinetics((a_rec.tubes, a_rec.meta), (d_rec.tubes, d_rec.meta))
            _write_fit(g, {"kobs": (r.kobs, "1/s"), "koff": (r.koff, "1/s"),
                           "kon": (r.kon, "1/(M*s)"), "kd": (r.kd, "nM")}, r.warnings)
            koffs.append(float(r.koff * brian2.second))
            progress(1)
        koffs = np.array(koffs)
        koffs = koffs[np.isfinite(koffs) & (koffs > 0)]
        if koffs.size:
            koff = float(np.exp(np.mean(np.log(koffs)))) / brian2.second
            _write_q(tg, "koff_measured", koff, "1/s")
    _write_q(tg, "kd_used", kd, "nM")
    tg.attrs["kd_source"] = spec.kd_source if (spec.saturation or spec.kd_source == "literature") \
        else "literature"
    results = {}
    for drug in spec.drugs:
        comp = _competitor(drug, target)
        dg = tg.require_group(drug.replace("/", "_"))
        dg.attrs["drug"] = comp.name
        conc = spec.concentrations.get(target)
        if conc is None:
            rec = bench.competition_assay(assay, comp, RANGE_FINDER,
                                          assay_rng(seed, target, drug, "range"), 2,
                                          spec.bench, spec.variability, nsb)
            write_record(dg.require_group("range_finder"), rec)
            estimate = fits.estimate_ic50(rec.tubes, rec.meta)
            progress(1)
            if estimate is None:  # < 50 % displacement at 100 uM: reported as Ki > ...
                dg.attrs["result"] = "no displacement in the range finder"
                progress(spec.n_assays)
                results[comp.name] = ([], float(np.max(RANGE_FINDER / nM)) * nM)
                continue
            conc = definitive_concentrations(estimate)
        out = []
        for k in range(spec.n_assays):
            rec = bench.competition_assay(assay, comp, conc, assay_rng(seed, target, drug, k),
                                          spec.replicates, spec.bench, spec.variability, nsb)
            g = dg.require_group(f"assay_{k}")
            write_record(g, rec)
            r = fits.analyse_competition(rec.tubes, rec.meta, kd=kd, koff=koff)
            write_competition_fit(g, r)
            out.append(r)
            progress(1)
        results[comp.name] = (out, np.max(conc))
    return results


def write_summary(h5, rows: list[dict]):
    """Write ``/summary/binding``: one row per (drug, target), columns with units."""
    g = h5.require_group("summary/binding")
    g.attrs["description"] = ("Competition binding panel: geometric mean IC50 and Ki over n "
                              "assays, Ki 95 % CI (t on log10), mean Hill slope; Ki by "
                              "Cheng-Prusoff with the radioligand Kd in kd_used")
    cols = {
        "drug": ("S", None), "target": ("S", None), "radioligand": ("S", None),
        "ic50": ("f", "nM"), "ki": ("f", "nM"), "ki_ci_low": ("f", "nM"),
        "ki_ci_high": ("f", "nM"), "hill": ("f", "1"), "n": ("i", "1"),
        "n_assays": ("i", "1"), "kd_used": ("f", "nM"), "note": ("S", None),
    }
    g.attrs["columns"] = np.array(list(cols), dtype="S")
    for name, (kind, unit) in cols.items():
        values = [row[name] for row in rows]
        if name in g:
            del g[name]
        if kind == "S":
            ds = g.create_dataset(name, data=np.array([str(v).encode() for v in values], dtype="S"))
        elif kind == "i":
            ds = g.create_dataset(name, data=np.array(values, dtype=np.int64))
        else:
            data = [float(v / fits.UNIT_TEXT[unit]) if isinstance(v, brian2.Quantity) else float(v)
                    for v in values]
            ds = g.create_dataset(name, data=np.array(data, dtype=float))
        if unit:
            ds.attrs["units"] = unit


def summary_row(drug: str, target: str, radioligand: str, kd, results, top_tested) -> dict:
    """One summary row from a drug's competition results at a target.

    ``results``: list of CompetitionResult (empty when the range finder showed
    no displacement); ``top_tested``: highest concentration tested (Quantity).
    """
    ki, ci, n = fits.geometric_summary([r.ki for r in results])
    ic50, _, _ = fits.geometric_summary([r.ic50 for r in results])
    hills = [r.hill for r in results if np.isfinite(r.hill)]
    note = ""
    if n == 0:
        note = f"no displacement up to {float(top_tested / nM):.3g} nM"
    elif n < len(results):
        note = f"{len(results) - n} of {len(results)} assays without displacement"
    return {"drug": drug, "target": target, "radioligand": radioligand, "ic50": ic50, "ki": ki,
            "ki_ci_low": ci[0], "ki_ci_high": ci[1],
            "hill": float(np.mean(hills)) if hills else math.nan, "n": n,
            "n_assays": len(results), "kd_used": kd, "note": note}


def run_panel(h5, spec: PanelSpec, seed: int, progress=lambda n: None) -> list[dict]:
    """Run the whole panel into ``h5`` and write the summary; returns the summary rows."""
    rows = []
    h5.require_group("binding").attrs["description"] = (
        "Virtual radioligand binding assays: per target saturation/, kinetics/ and per drug "
        "range_finder/ and assay_<k>/ with raw counts per tube (tubes/), conditions/ and fit/")
    for target in spec.targets:
        results = run_target(h5, spec, target, seed, progress)
        kd = bio.read_quantity(h5[f"binding/{target}/kd_used"])
        rl = spec.assays[target].radioligand
        for drug, (res, top) in results.items():
            rows.append(summary_row(drug, target, rl, kd, res, top))
    write_summary(h5, rows)
    return rows
