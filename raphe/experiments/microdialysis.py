"""Virtual microdialysis probe: recovery, transit delay, sampling, HPLC-ECD.

What a real probe does to the extracellular concentration before a number
reaches the lab book, step by step:

1. **Recovery.** The dialysate leaving the membrane carries a fraction *R* of
   the extracellular concentration. For a membrane of length *L* perfused at
   flow *F*, steady-state extraction follows
   ``R = 1 - exp(-k * L / F)`` (Bungay, Morrison & Dedrick 1990, Life Sci
   46:105; the mass-transfer coefficient ``k`` lumps membrane and tissue
   resistance). ``k`` per analyte is calibrated so that the reference probe
   reproduces in vivo recoveries:

   * 5-HT 39 +- 12 % at 0.3 uL/min, no-net-flux [R] (Yang 2013 ACS Chem Neurosci,
     recorded in *mice*; taken for the rat probe, since in-vivo recovery is set by the
     membrane and the tissue's diffusion more than by species [U]); membrane length of
     that probe assumed 2 mm [U];
   * DA 65 +- 5 %, rat NAc, no-net-flux [R] (Parsons & Justice 1992 J
     Neurochem); flow assumed 0.3 uL/min and length 2 mm [U];
   * NE: no in vivo figure found; taken equal to DA (catecholamine of similar
     size and diffusivity) [U].

2. **Transit delay.** Dialysate takes ``dead_volume / flow`` to reach the
   collection vial (outlet tubing); the lab records collection times, so the
   drug effect appears late by that delay (7 min for an online system [R],
   Yang 2013).

3. **Sampling.** Each vial integrates the outlet for one interval (default
   20 min; 20-30 min is usual [R]): amount = F * integral of R*C(t - delay).

4. **Assay.** HPLC-ECD with a limit of detection (LOD) of about 0.8 fmol 5-HT
   per sample [R] (Yang 2013). The LOD is read as three times the blank noise
   (S/N = 3, the usual definition), so additive noise has SD = LOD/3; on top a
   multiplicative assay CV (default 5 % [U]). Samples measured below the LOD
   are **flagged** and excluded from % baseline, never silently kept.

5. **Baseline.** The mean of the last ``n`` (default 3) valid pre-dose samples;
   results as % of it (reported as % of the mean of 3-4 baseline samples [R]).

Everything here is a pure function of its inputs and a numpy Generator;
nothing simulates the circuit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import brian2
import numpy as np

from raphe.circuits.metabolites import METABOLITES
from raphe.circuits.receptors import TRANSMITTER_VAR
from raphe.errors import RapheInputError
from raphe.units import in_unit

MIN = 60 * brian2.second
UL = brian2.uliter
FMOL = 1e-15 * brian2.mole

#: The circuit's transmitters: the analytes assayed unless a config names others.
TRANSMITTER_ANALYTES = tuple(TRANSMITTER_VAR)
#: Analytes an HPLC assay measures: the transmitters and their metabolites
#: (:mod:`raphe.circuits.metabolites`; regions come from :mod:`raphe.circuits.regions`).
ANALYTES = TRANSMITTER_ANALYTES + tuple(METABOLITES)

#: HPLC-ECD limit of detection of analytes whose own differs from the probe's (per sample).
ANALYTE_LOD = {
    "5-HIAA": 5 * 1e-15 * brian2.mole,  # [U] a few fmol (range 1-20 fmol) for the acid metabolite
}


@dataclass(frozen=True)
class RecoveryReference:
    """A measured in vivo relative recovery and the probe it was measured with.

    Attributes
    ----------
    analyte : str
    recovery : float
        Fraction 0..1.
    sd : float
        Between-animal SD of the fraction, as published.
    flow : Quantity
    length : Quantity
    source : str
    """

    analyte: str
    recovery: float
    sd: float
    flow: object
    length: object
    source: str

    @property
    def k(self):
        """Mass-transfer coefficient ``k = -ln(1-R) * F / L`` (volume / time / length)."""
        return -math.log(1.0 - self.recovery) * self.flow / self.length


#: In vivo recoveries used to calibrate ``k`` per analyte.
RECOVERY_REFERENCES: dict[str, RecoveryReference] = {
    "5-HT": RecoveryReference(
        "5-HT", 0.39, 0.12, 0.3 * UL / MIN, 2 * brian2.mmeter,
        "39 +- 12 % at 0.3 uL/min [R] (Yang 2013 ACS Chem Neurosci, mouse; taken for rat [U]); length 2 mm [U]"),
    "DA": RecoveryReference(
        "DA", 0.65, 0.05, 0.3 * UL / MIN, 2 * brian2.mmeter,
        "65 +- 5 %, rat NAc no-net-flux [R] (Parsons & Justice 1992 J Neurochem); "
        "flow 0.3 uL/min and length 2 mm [U]"),
    "NE": RecoveryReference(
        "NE", 0.65, 0.05, 0.3 * UL / MIN, 2 * brian2.mmeter,
        "taken equal to DA [U]: no in vivo NE recovery found"),
    "5-HIAA": RecoveryReference(
        "5-HIAA", 0.39, 0.12, 0.3 * UL / MIN, 2 * brian2.mmeter,
        "taken equal to 5-HT [U] (an indole of similar size; no in vivo 5-HIAA recovery found); "
        "range 20-60 %"),
}


def relative_recovery(analyte: str, length, flow, k=None) -> float:
    """Steady-state relative recovery ``1 - exp(-k L / F)`` of a probe.

    Parameters
    ----------
    analyte : str
        ``"5-HT"``, ``"DA"`` or ``"NE"`` (selects the calibrated ``k``).
    length : Quantity
        Membrane length.
    flow : Quantity
        Perfusion flow (volume/time).
    k : Quantity, optional
        Mass-transfer coefficient (volume/time/length), overriding the
        calibrated one.

    Returns
    -------
    float
        Fraction in (0, 1).
    """
    if k is None:
        if analyte not in RECOVERY_REFERENCES:
            raise RapheInputError("analyte", analyte, "one of " + ", ".join(RECOVERY_REFERENCES))
        k = RECOVERY_REFERENCES[analyte].k
    x = float(k * length / flow)
    if not (x > 0 and math.isfinite(x)):
        raise RapheInputError("probe", f"k*L/F = {x}", "a positive finite number")
    return float(-np.expm1(-x))


def transit_delay(dead_volume, flow):
    """Time for dialysate to travel from membrane to vial: ``dead_volume / flow``."""
    return dead_volume / flow


@dataclass(frozen=True)
class Probe:
    """One microdialysis probe in one region of one animal.

    Attributes
    ----------
    region : str
    membrane_length : Quantity
    flow : Quantity
        Perfusion flow rate (volume/time).
    dead_volume : Quantity
        Outlet volume from membrane to vial (sets the transit delay).
    lod : Quantity
        HPLC-ECD limit of detection (amount per sample) of the transmitters.
    assay_cv : float
        Multiplicative assay noise (fraction).
    recovery : dict
        Relative recovery per analyte (fraction), already including the
        animal's between-subject factor.
    """

    region: str
    membrane_length: object
    flow: object
    dead_volume: object
    lod: object
    assay_cv: float
    recovery: dict = field(default_factory=dict)

    @property
    def delay(self):
        return transit_delay(self.dead_volume, self.flow)


def sample_schedule(baseline, duration, interval):
    """Collection intervals: baseline before time 0 (first dose), then after.

    Parameters
    ----------
    baseline : Quantity
        Pre-dose collection time (a whole number of intervals).
    duration : Quantity
        Post-dose collection time.
    interval : Quantity
        Sample (vial) duration.

    Returns
    -------
    start, end : Quantity arrays
        Collection start and end of every sample, in protocol time.
    """
    n_pre = int(round(float(baseline / interval)))
    n_post = int(round(float(duration / interval)))
    edges = (np.arange(-n_pre, n_post + 1)) * float(interval / brian2.second)
    return edges[:-1] * brian2.second, edges[1:] * brian2.second


@dataclass
class Samples:
    """Samples of one analyte from one probe, as measured.

    Attributes are plain arrays in the stated units (the writer records them).
    """

    start_min: np.ndarray
    end_min: np.ndarray
    true_fmol: np.ndarray
    measured_fmol: np.ndarray
    below_lod: np.ndarray
    volume_ul: float
    recovery: float
    delay_min: float
    lod_fmol: float

    @property
    def time_min(self) -> np.ndarray:
        """Sample mid-time (collection) relative to the first dose."""
        return 0.5 * (self.start_min + self.end_min)

    @property
    def dialysate_nM(self) -> np.ndarray:
        """Measured dialysate concentration (fmol / uL = nM)."""
        return self.measured_fmol / self.volume_ul


def collect(time, concentration_nM, probe: Probe, analyte: str, start, end,
            rng: np.random.Generator, points_per_sample: int = 64) -> Samples:
    """Sample an extracellular time course through a probe and an HPLC assay.

    Parameters
    ----------
    time : Quantity array
        Protocol times of ``concentration_nM`` (increasing).
    concentration_nM : array
        Extracellular concentration (nM) at those times; linear interpolation
        between them, held constant outside.
    probe : Probe
    analyte : str
    start, end : Quantity arrays
        Collection intervals (see :func:`sample_schedule`).
    rng : numpy.random.Generator
        Assay noise.
    points_per_sample : int
        Quadrature points per sample.

    Returns
    -------
    Samples
    """
    t = np.asarray(in_unit(time, MIN), dtype=float)
    c = np.asarray(concentration_nM, dtype=float)
    if t.shape != c.shape or t.ndim != 1:
        raise ValueError("time and concentration must be 1-d arrays of equal length")
    if not np.all(np.isfinite(c)) or np.any(c < 0):
        raise ValueError(f"{probe.region} {analyte}: concentrations must be finite and >= 0")
    s = np.atleast_1d(in_unit(start, MIN))
    e = np.atleast_1d(in_unit(end, MIN))
    delay = float(probe.delay / MIN)
    flow = float(probe.flow / (UL / MIN))
    recovery = float(probe.recovery[analyte])
    true = np.empty(len(s))
    for i, (a, b) in enumerate(zip(s, e)):
        tq = np.linspace(a - delay, b - delay, points_per_sample)
        true[i] = flow * recovery * np.trapezoid(np.interp(tq, t, c), tq)  # nM*uL = fmol
    lod = float(ANALYTE_LOD.get(analyte, probe.lod) / FMOL)
    measured = true * (1.0 + probe.assay_cv * rng.standard_normal(len(true))) \
        + (lod / 3.0) * rng.standard_normal(len(true))
    return Samples(start_min=s, end_min=e, true_fmol=true, measured_fmol=measured,
                   below_lod=measured < lod, volume_ul=float(flow * (e[0] - s[0])),
                   recovery=recovery, delay_min=delay, lod_fmol=lod)


@dataclass
class PercentBaseline:
    """Samples as % of baseline.

    Attributes
    ----------
    percent : array
        % of baseline; NaN where the sample is excluded (below LOD) or the
        baseline is undefined (``valid`` is False there).
    valid : bool array
    baseline_fmol : float
        NaN if no valid baseline sample.
    baseline_n : int
        Valid samples that made the baseline.
    n_excluded : int
        Samples excluded for being below the LOD.
    """

    percent: np.ndarray
    valid: np.ndarray
    baseline_fmol: float
    baseline_n: int
    n_excluded: int


def percent_of_baseline(time_min, amounts, below_lod, n_baseline: int = 3) -> PercentBaseline:
    """% of the mean of the last ``n_baseline`` valid pre-dose samples.

    Pre-dose samples are those ending at or before time 0. Samples below the
    LOD are excluded, both from the baseline and from the result.
    """
    time_min = np.asarray(time_min, dtype=float)
    amounts = np.asarray(amounts, dtype=float)
    below = np.asarray(below_lod, dtype=bool)
    pre = np.flatnonzero((time_min < 0) & ~below)
    use = pre[-n_baseline:] if n_baseline > 0 else pre[:0]
    n_excluded = int(below.sum())
    if len(use) == 0:
        return PercentBaseline(np.full(len(amounts), np.nan), np.zeros(len(amounts), bool),
                               float("nan"), 0, n_excluded)
    base = float(amounts[use].mean())
    if not base > 0:
        return PercentBaseline(np.full(len(amounts), np.nan), np.zeros(len(amounts), bool),
                               base, len(use), n_excluded)
    valid = ~below
    pct = np.where(valid, 100.0 * amounts / base, np.nan)
    return PercentBaseline(pct, valid, base, len(use), n_excluded)
