"""Bench protocols of the virtual binding laboratory: saturation, competition, kinetics.

Each function runs one assay as it is done at the bench (membranes, radioligand,
total and non-specific binding tubes, test tubes in replicate, incubation,
filtration and ice-cold washes, scintillation counting) and returns an
:class:`AssayRecord` of what the bench records: the tube layout, the nominal
concentrations pipetted and the counts. The true constants of the virtual
membranes enter only the mass-action physics
(:mod:`raphe.experiments.binding.physics`); estimates come from fitting the
counts (:mod:`raphe.analysis.binding`).

Protocol designs follow the standard methods (Bylund & Toews 1993 Am J Physiol
265:L421, PMID 8238529; Hulme & Trevethick 2010 Br J Pharmacol 161:1219,
PMID 20132208 [R2]): competition with 8-12 half-log concentrations of the
test compound in triplicate, radioligand at or below Kd, NSB defined by an
excess (>= 1000 x Ki) of an unlabelled reference ligand, total radioactivity
added measured by counting aliquots.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import brian2
import numpy as np

from raphe.errors import RapheInputError
from raphe.experiments.binding import physics
from raphe.experiments.binding.ligands import (
    CI_PER_MMOL, CPM, DEFAULT_KON, RADIOLIGANDS, REFERENCE_LIGANDS, BenchConstants,
    Radioligand, StandardAssay, Variability, drug_kon,
)

nM = brian2.nmolar
_PER_NM_S = 1.0 / (brian2.nmolar * brian2.second)


@dataclass(frozen=True)
class Ligand:
    """The true constants of an unlabelled ligand at one target (physics only).

    Attributes
    ----------
    name : str
    ki : Quantity or None
        Equilibrium dissociation constant at the target; ``None``: does not bind.
    kon : Quantity
        Association rate constant (1/(M s)); ``koff = ki * kon``.
    """

    name: str
    ki: brian2.Quantity | None
    kon: brian2.Quantity = field(default_factory=lambda: DEFAULT_KON)

    def rates(self) -> tuple[float, float]:
        """(kon in 1/(nM s), koff in 1/s); a non-binder has both zero."""
        if self.ki is None:
            return 0.0, 0.0
        kon = float(self.kon / _PER_NM_S)
        return kon, kon * float(self.ki / nM)


@dataclass
class AssayRecord:
    """What the bench records for one assay.

    Attributes
    ----------
    protocol : str
        ``"competition"``, ``"saturation"``, ``"association"`` or ``"dissociation"``.
    tubes : dict
        Per tube: ``type`` (``added`` = aliquot of radioligand counted
        directly, ``total``, ``nsb``, ``test``), ``competitor`` (nominal test
        concentration, Quantity, 0 where none), ``radioligand`` (nominal
        radioligand concentration, Quantity), ``time`` (incubation time at
        filtration, Quantity), ``counts`` (int).
    meta : dict
        Conditions the experimenter knows: names, nominal concentrations,
        the radioligand's data-sheet Kd and koff, specific activity, counting
        efficiency, background, counting time, volume, protein, temperature.
    """

    protocol: str
    tubes: dict
    meta: dict = field(default_factory=dict)


def resolve_reference(name: str, target: str, field: str = "nsb_reference") -> Ligand:
    """The unlabelled ligand ``name`` at ``target`` (reference table or drug library).

    Raises
    ------
    RapheInputError
        If the name is unknown or the ligand does not bind ``target``.
    """
    if name in REFERENCE_LIGANDS:
        ref = REFERENCE_LIGANDS.get(name)
        ki = ref.ki.get(target)
        if ki is None:
            raise RapheInputError(field, name, f"an unlabelled ligand that binds {target}")
        return Ligand(ref.name, ki, ref.kon)
    try:
        from raphe.circuits.pharmacology import DRUGS
    except ImportError:  # pragma: no cover - library not installed
        DRUGS = None
    if DRUGS is not None and name in DRUGS:
        drug = DRUGS.get(name)
        ki = drug.ki(target)
        if ki is None:
            raise RapheInputError(field, name, f"an unlabelled ligand that binds {target}")
        return Ligand(drug.name, ki, drug_kon(drug))
    valid = list(REFERENCE_LIGANDS.names()) + (list(DRUGS.names()) if DRUGS is not None else [])
    raise RapheInputError(field, name, "one of: " + ", ".join(sorted(valid)))


def _radioligand(assay: StandardAssay) -> Radioligand:
    return RADIOLIGANDS.get(assay.radioligand, field="radioligand")


def _koff_wash(rl: Radioligand, assay: StandardAssay, bench: BenchConstants) -> float:
    """koff (1/s) of the radioligand at the wash temperature (Q10 rule)."""
    koff = float(rl.koff * brian2.second)
    dT = float((bench.wash_temperature - assay.temperature) / brian2.kelvin)
    return koff * bench.q10_koff ** (dT / 10.0)


@dataclass(frozen=True)
class _Prep:
    """One assay's realized membrane preparation and radioligand dilution."""

    Rt: float          # nM receptor in the tube at nominal pipetting
    L_factor: float    # actual / nominal radioligand concentration
    phi: float         # non-specific fraction


def _prepare(assay: StandardAssay, variability: Variability, rng) -> _Prep:
    bmax = float(assay.bmax / (1e-15 * brian2.mole / brian2.mgram))  # fmol/mg
    fmol = bmax * float(assay.protein / brian2.mgram)
    Rt = fmol * 1e-15 / float(assay.volume / brian2.liter) * 1e9  # nM
    return _Prep(
        Rt=Rt * _lognormal(rng, variability.bmax_cv),
        L_factor=_lognormal(rng, variability.radioligand_cv),
        phi=assay.nonspecific_fraction * _lognormal(rng, variability.nonspecific_cv),
    )


def _lognormal(rng, cv, size=None):
    if cv <= 0:
        return np.ones(size) if size is not None else 1.0
    s = np.sqrt(np.log1p(cv * cv))
    return rng.lognormal(-0.5 * s * s, s, size)


def _meta(assay: StandardAssay, rl: Radioligand, bench: BenchConstants, **extra) -> dict:
    meta = {
        "target": assay.target,
        "radioligand": rl.name,
        "tissue": assay.tissue,
        "kd": rl.kd,
        "koff": rl.koff,
        "kon": rl.kon,
        "specific_activity": rl.specific_activity,
        "radioligand_concentration": assay.radioligand_concentration,
        "bmax_nominal": assay.bmax,
        "protein": assay.protein,
        "volume": assay.volume,
        "incubation": assay.incubation,
        "temperature": assay.temperature,
        "nsb_reference": assay.nsb_reference,
        "nsb_concentration": assay.nsb_concentration,
        "efficiency": bench.efficiency,
        "background": bench.background,
        "count_time": bench.count_time,
        "wash_time": bench.wash_time,
        "wash_temperature": bench.wash_temperature,
    }
    meta.update(extra)
    return meta


def _run_tubes(assay, rl, prep, kinds, L_nominal, comp_conc, comp_rates, times, bench,
               variability, rng, y0=None, switch=None):
    """Incubate, filter, wash and count a set of tubes; return counts.

    ``kinds``: per tube ``added``/``total``/``nsb``/``test``; ``L_nominal`` and
    ``comp_conc`` in nM; ``comp_rates``: per tube (kon, koff); ``times``: per
    tube filtration time (s).
    """
    n = len(kinds)
    kinds = np.asarray(kinds)
    pip = lambda: _lognormal(rng, variability.pipetting_cv, n)  # noqa: E731
    Rt = prep.Rt * pip()
    Lt = np.asarray(L_nominal, float) * prep.L_factor * pip()
    It = np.asarray(comp_conc, float) * pip()
    kon_I = np.array([r[0] for r in comp_rates])
    koff_I = np.array([r[1] for r in comp_rates])
    kon_L = float(rl.kon / _PER_NM_S)
    koff_L = float(rl.koff * brian2.second)
    volume = float(assay.volume / brian2.liter)
    times = np.asarray(times, float)
    filt = kinds != "added"
    moles = np.zeros(n)
    # aliquots of the radioligand solution counted directly (no membranes, no filter)
    moles[~filt] = Lt[~filt] * 1e-9 * volume
    if filt.any():
        uniq = np.unique(times[filt])
        RL = np.zeros(n)
        L_free = np.zeros(n)
        sel = np.flatnonzero(filt)
        if switch is None:
            rl_t, _ = physics.incubate(Rt[sel], Lt[sel], It[sel], kon_L, koff_L,
                                       kon_I[sel], koff_I[sel], uniq)
        else:  # dissociation: pre-incubate without competitor, then add it
            pre_time, pre_It = switch
            rl0, ri0 = physics.incubate(Rt[sel], Lt[sel], pre_It[sel], kon_L, koff_L,
                                        kon_I[sel], koff_I[sel], [pre_time])
            rl_t, _ = physics.incubate(Rt[sel], Lt[sel], It[sel], kon_L, koff_L,
                                       kon_I[sel], koff_I[sel], uniq, y0=(rl0[:, -1], ri0[:, -1]))
        col = np.searchsorted(uniq, times[sel])
        RL[sel] = rl_t[np.arange(sel.size), col]
        L_free[sel] = Lt[sel] - RL[sel]
        moles[filt] = physics.filter_and_wash(
            RL[filt], L_free[filt], volume, _koff_wash(rl, assay, bench),
            float(bench.wash_time / brian2.second), prep.phi)
    eff = bench.efficiency * _lognormal(rng, bench.efficiency_cv, n)
    return physics.count(moles, float(rl.specific_activity / CI_PER_MMOL) * 1e3,
                         eff, float(bench.background / CPM),
                         float(bench.count_time / (60 * brian2.second)), rng)


def competition_assay(assay: StandardAssay, competitor: Ligand, concentrations, rng,
                      replicates: int = 3, bench: BenchConstants = BenchConstants(),
                      variability: Variability = Variability(),
                      nsb_ligand: Ligand | None = None) -> AssayRecord:
    """One competition assay: fixed radioligand, increasing test concentrations.

    Parameters
    ----------
    assay : StandardAssay
        Membranes, radioligand and conditions.
    competitor : Ligand
        True constants of the test compound at ``assay.target``.
    concentrations : Quantity array
        Test concentrations (positive, increasing).
    rng : numpy.random.Generator
    replicates : int
        Tubes per condition (3: triplicates).
    bench, variability : optional
        Filtration/counting constants and variability.
    nsb_ligand : Ligand, optional
        NSB reference; resolved from ``assay.nsb_reference`` by default.

    Returns
    -------
    AssayRecord
    """
    rl = _radioligand(assay)
    if nsb_ligand is None:
        nsb_ligand = resolve_reference(assay.nsb_reference, assay.target)
    conc = np.asarray(concentrations / nM, float)
    prep = _prepare(assay, variability, rng)
    kinds, comp, rates = [], [], []
    for kind, c, r in ([("added", 0.0, (0.0, 0.0))] * replicates
                       + [("total", 0.0, (0.0, 0.0))] * replicates
                       + [("nsb", float(assay.nsb_concentration / nM), nsb_ligand.rates())] * replicates
                       + [("test", ci, competitor.rates()) for ci in conc for _ in range(replicates)]):
        kinds.append(kind)
        comp.append(c)
        rates.append(r)
    n = len(kinds)
    L0 = float(assay.radioligand_concentration / nM)
    t_inc = float(assay.incubation / brian2.second)
    counts = _run_tubes(assay, rl, prep, kinds, np.full(n, L0), comp, rates, np.full(n, t_inc),
                        bench, variability, rng)
    competitor_q = np.array([c if k == "test" else 0.0 for k, c in zip(kinds, comp)]) * nM
    tubes = {"type": np.array(kinds), "competitor": competitor_q,
             "radioligand": np.full(n, L0) * nM, "time": np.full(n, t_inc) * brian2.second,
             "counts": counts}
    return AssayRecord("competition", tubes, _meta(assay, rl, bench, competitor=competitor.name))


def saturation_assay(assay: StandardAssay, concentrations, rng, replicates: int = 3,
                     bench: BenchConstants = BenchConstants(),
                     variability: Variability = Variability()) -> AssayRecord:
    """One saturation assay: total and NSB binding over radioligand concentrations.

    Parameters
    ----------
    assay : StandardAssay
    concentrations : Quantity array
        Nominal radioligand concentrations (positive, increasing).
    rng : numpy.random.Generator
    replicates : int
        Total and NSB tubes per concentration (added-radioactivity aliquots: 2).

    Returns
    -------
    AssayRecord
    """
    rl = _radioligand(assay)
    ref = resolve_reference(assay.nsb_reference, assay.target)
    conc = np.asarray(concentrations / nM, float)
    prep = _prepare(assay, variability, rng)
    kinds, L, comp, rates = [], [], [], []
    for c in conc:
        for kind, n_rep in (("added", 2), ("total", replicates), ("nsb", replicates)):
            for _ in range(n_rep):
                kinds.append(kind)
                L.append(c)
                comp.append(float(assay.nsb_concentration / nM) if kind == "nsb" else 0.0)
                rates.append(ref.rates() if kind == "nsb" else (0.0, 0.0))
    n = len(kinds)
    t_inc = float(assay.incubation / brian2.second)
    counts = _run_tubes(assay, rl, prep, kinds, L, comp, rates, np.full(n, t_inc),
                        bench, variability, rng)
    tubes = {"type": np.array(kinds), "competitor": np.zeros(n) * nM,
             "radioligand": np.asarray(L) * nM, "time": np.full(n, t_inc) * brian2.second,
             "counts": counts}
    return AssayRecord("saturation", tubes, _meta(assay, rl, bench))


#: sampling times in units of the expected relaxation time (1/kobs or 1/koff)
KINETIC_TIMES = np.array([0.1, 0.2, 0.35, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 7.0])


def kinetic_assays(assay: StandardAssay, rng, replicates: int = 3,
                   bench: BenchConstants = BenchConstants(),
                   variability: Variability = Variability(),
                   radioligand_concentration=None) -> tuple[AssayRecord, AssayRecord]:
    """Association and dissociation time courses of the radioligand.

    Association: membranes added to radioligand at t = 0, tubes filtered at
    times spanning 0.1-7 expected relaxation times ``1/(kon L + koff)`` (from
    the data sheet). Dissociation: membranes pre-incubated with radioligand
    for the standard incubation, then the NSB reference (excess, blocks
    rebinding) is added at t = 0 and tubes are filtered at 0.1-7 ``1/koff``.
    NSB tubes are run at every time point. Both share one membrane preparation.

    Returns
    -------
    association, dissociation : AssayRecord
    """
    rl = _radioligand(assay)
    ref = resolve_reference(assay.nsb_reference, assay.target)
    prep = _prepare(assay, variability, rng)
    L0 = float((radioligand_concentration if radioligand_concentration is not None
                 else assay.radioligand_concentration) / nM)
    kon = float(rl.kon / _PER_NM_S)
    koff = float(rl.koff * brian2.second)
    ref_c = float(assay.nsb_concentration / nM)
    records = []
    for protocol, tau in (("association", 1.0 / (kon * L0 + koff)), ("dissociation", 1.0 / koff)):
        kinds, times, comp, rates = ["added"] * replicates, [0.0] * replicates, \
            [0.0] * replicates, [(0.0, 0.0)] * replicates
        for t in KINETIC_TIMES * tau:
            for kind in ("total", "nsb"):
                for _ in range(replicates):
                    kinds.append(kind)
                    times.append(t)
                    if protocol == "association":
                        comp.append(ref_c if kind == "nsb" else 0.0)
                    else:  # reference present from t = 0 of dissociation in every tube
                        comp.append(ref_c)
                    rates.append(ref.rates())
        n = len(kinds)
        switch = None
        if protocol == "dissociation":
            pre_It = np.array([ref_c if k == "nsb" else 0.0 for k in kinds])
            switch = (float(assay.incubation / brian2.second), pre_It)
        counts = _run_tubes(assay, rl, prep, kinds, np.full(n, L0), comp, rates, times,
                            bench, variability, rng, switch=switch)
        tubes = {"type": np.array(kinds), "competitor": np.zeros(n) * nM,
                 "radioligand": np.full(n, L0) * nM, "time": np.asarray(times) * brian2.second,
                 "counts": counts}
        records.append(AssayRecord(protocol, tubes, _meta(
            assay, rl, bench, radioligand_concentration=L0 * nM)))
    return records[0], records[1]
