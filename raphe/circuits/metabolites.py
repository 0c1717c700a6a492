"""Transmitter metabolites in the extracellular fluid: 5-HIAA from cytosolic 5-HT.

5-HIAA is formed inside 5-HT terminals by MAO-A from cytosolic 5-HT (Best, Nijhout &
Reed 2010 Theor Biol Med Model 7:34: cytosolic 5-HT is removed by MAO and vesicular
uptake) [R] and leaves the brain's ECF slowly (acid transport to blood and CSF). Its
formation therefore follows the cytosolic fill of the pool's terminals
(:class:`raphe.circuits.spec.CytosolicPool`), which falls when SERT is blocked: dialysate
5-HIAA decreases after SSRIs (Bel & Artigas 1992 Eur J Pharmacol 229:101; Fuller 1992
Life Sci 50:1683; Guan & McBride 1988 Brain Res Bull, abstracts) [R].

The model: ``dH/dt = (H0*f_cyt(t) - H)/tau``, with ``f_cyt`` the steady cytosolic fill for
the window's 5-HT level and SERT occupancy (:func:`raphe.circuits.builder.cytosolic_fill`),
``H0`` the basal ECF 5-HIAA and ``tau`` its clearance time. Nothing here runs the circuit:
it turns a simulated 5-HT time course into a 5-HIAA one.
"""

from __future__ import annotations

from dataclasses import dataclass

import brian2
import numpy as np

from raphe.circuits.pool_model import cytosolic_fill, uptake_ratio
from raphe.circuits.spec import P, Param, PoolSpec
from raphe.errors import RapheInputError


@dataclass(frozen=True)
class Metabolite:
    """An extracellular metabolite formed from a pool's cytosolic transmitter.

    Attributes
    ----------
    name, parent : str
        The metabolite and the transmitter it is formed from.
    basal_ratio : Param
        Basal ECF metabolite / basal ECF transmitter.
    tau : Param
        Clearance time of the metabolite from the ECF.
    """

    name: str
    parent: str
    basal_ratio: Param
    tau: Param


METABOLITES = {
    "5-HIAA": Metabolite(
        "5-HIAA", "5-HT",
        P(186.0, "basal push-pull perfusate 5-HIAA 13 vs 5-HT 0.07 pmol/h in rat NAc (Guan & McBride "
              "1988 Brain Res Bull, abstract) [R]: ratio 186; taken for every region [U], range 50-500", "R"),
        P(45 * 60 * brian2.second, "clearance of 5-HIAA from brain ECF [U]: the SSRI-induced fall of "
              "dialysate 5-HIAA develops over 2-3 h (Guan & McBride 1988, abstract) [R]; 45 min, "
              "range 20-90 min")),
}


def metabolite_of(analyte: str) -> Metabolite | None:
    """The :class:`Metabolite` named ``analyte``, or ``None`` for a transmitter."""
    return METABOLITES.get(analyte)


def metabolite_timecourse(pool: PoolSpec, metabolite: Metabolite, time, transmitter_nM, occupancy):
    """ECF metabolite (nM) over protocol ``time`` from the pool's transmitter time course.

    Parameters
    ----------
    pool : PoolSpec
        The parent transmitter's pool (its cytosolic pool sets the formation).
    metabolite : Metabolite
    time : Quantity array
        Increasing protocol times.
    transmitter_nM, occupancy : array
        The pool's concentration (nM) and its transporter's occupancy at those times.

    Returns
    -------
    ndarray
        Metabolite concentration (nM), starting at its steady state for the first time.
    """
    if pool.transmitter != metabolite.parent:
        raise RapheInputError("analyte", metabolite.name, f"a metabolite of {pool.transmitter}")
    t = np.asarray(time / brian2.second, dtype=float)
    c = np.asarray(transmitter_nM, dtype=float)
    occ = np.asarray(occupancy, dtype=float)
    if t.shape != c.shape or c.shape != occ.shape or t.ndim != 1:
        raise ValueError("time, concentration and occupancy must be 1-d arrays of equal length")
    fill = np.array([float(cytosolic_fill(pool, uptake_ratio(pool, ci, oi))) for ci, oi in zip(c, occ)])
    target = float(metabolite.basal_ratio.value) * float(pool.basal.value / brian2.nM) * fill
    tau = float(metabolite.tau.value / brian2.second)
    out = np.empty_like(target)
    out[0] = target[0]
    for k in range(1, len(t)):  # target held at its mean over each step
        a = np.exp(-(t[k] - t[k - 1]) / tau)
        mean_target = 0.5 * (target[k] + target[k - 1])
        out[k] = mean_target + (out[k - 1] - mean_target) * a
    return out


__all__ = ["Metabolite", "METABOLITES", "metabolite_of", "metabolite_timecourse"]
