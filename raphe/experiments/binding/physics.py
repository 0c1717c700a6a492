"""Numerical core of the virtual binding assay: mass action, filtration, counting.

Units are stripped here only: concentrations in nM, rate constants in 1/(nM s)
and 1/s, times in s, volumes in L, amounts in mol. Callers pass quantities
through :mod:`raphe.experiments.binding.bench`, which strips and restores units.

Model (one tube)
----------------
Receptor R (total ``Rt``), radioligand L (total ``Lt``) and an unlabelled
competitor I (total ``It``) bind one site competitively, with depletion of
every species (finite receptor in a finite volume)::

    dRL/dt = kon_L (Lt - RL) R - koff_L RL
    dRI/dt = kon_I (It - RI) R - koff_I RI,      R = Rt - RL - RI

solved from the moment the membranes are added (simultaneous addition; Motulsky
& Mahan 1984 Mol Pharmacol 25:1, PMID 6708928) with a stiff solver. Filtration
removes free ligand; during the washes (ice-cold) the bound radioligand
dissociates with the wash-temperature koff and nothing rebinds. Non-specific
binding is a fraction of the free radioligand retained by membranes and
filter. Radioactivity is counted with an efficiency and a background, with
Poisson counting noise.
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq
from scipy.sparse import csc_matrix

from raphe.errors import SimulationError

#: disintegrations per minute per curie
DPM_PER_CI = 2.22e12


def incubate(Rt, Lt, It, kon_L, koff_L, kon_I, koff_I, times, y0=None):
    """Integrate mass-action binding in ``n`` independent tubes.

    Parameters
    ----------
    Rt, Lt, It : array_like, shape (n,)
        Total receptor, radioligand and competitor (nM).
    kon_L, koff_L, kon_I, koff_I : float or array_like
        Rate constants (1/(nM s), 1/s).
    times : array_like
        Increasing output times (s), the last being the end of incubation.
    y0 : tuple of arrays, optional
        Initial (RL, RI) (nM); zero (membranes added last) by default.

    Returns
    -------
    RL, RI : ndarray, shape (n, len(times))
        Bound radioligand and competitor (nM).
    """
    Rt, Lt, It = (np.atleast_1d(np.asarray(a, float)) for a in (Rt, Lt, It))
    n = Rt.size
    kon_L, koff_L, kon_I, koff_I = (np.broadcast_to(np.asarray(a, float), (n,))
                                    for a in (kon_L, koff_L, kon_I, koff_I))
    times = np.asarray(times, float)
    if y0 is None:
        y = np.zeros(2 * n)
    else:
        y = np.concatenate([np.broadcast_to(y0[0], (n,)), np.broadcast_to(y0[1], (n,))]).astype(float)
    scale = np.maximum(Rt, 1e-12)  # integrate fractions of the receptor: well scaled
    last = {"t": 0.0, "x": None}  # where the solver was last: reported if it fails

    def rhs(t, x):
        last["t"], last["x"] = t, x
        RL = x[:n] * scale
        RI = x[n:] * scale
        R = Rt - RL - RI
        dRL = kon_L * (Lt - RL) * R - koff_L * RL
        dRI = kon_I * (It - RI) * R - koff_I * RI
        return np.concatenate([dRL, dRI]) / np.concatenate([scale, scale])

    idx = np.arange(n)
    rows = np.concatenate([idx, idx, n + idx, n + idx])
    cols = np.concatenate([idx, n + idx, idx, n + idx])

    def jac(t, x):
        RL = x[:n] * scale
        RI = x[n:] * scale
        R = Rt - RL - RI
        L = Lt - RL
        I = It - RI
        data = np.concatenate([-kon_L * (R + L) - koff_L, -kon_L * L, -kon_I * I,
                               -kon_I * (R + I) - koff_I])
        # scaling cancels: both rows and columns scale by the same tube's Rt
        return csc_matrix((data, (rows, cols)), shape=(2 * n, 2 * n))

    t0 = 0.0
    if times[0] < 0:
        raise ValueError("times must be non-negative")
    x0 = y / np.concatenate([scale, scale])
    out = solve_ivp(rhs, (t0, float(times[-1])), x0,
                    method="BDF", jac=jac, t_eval=times, rtol=1e-6, atol=1e-9)
    if not out.success or not np.all(np.isfinite(out.y)):
        raise SimulationError(_failure(out, last, x0, n, scale, Rt, Lt, It))
    RL = out.y[:n] * scale[:, None]
    RI = out.y[n:] * scale[:, None]
    return RL, RI


def _failure(out, last, x0, n, scale, Rt, Lt, It) -> str:
    """Message of a failed incubation: the solver's last time and state, and the tubes' inputs.

    The last right-hand-side evaluation is where the solver got to (with
    ``t_eval`` the result holds only output times); failing that, the last
    output (``sol.t[-1]``), or the start.
    """
    if last["x"] is not None:
        t, x = last["t"], last["x"]
    elif out.t.size:
        t, x = out.t[-1], out.y[:, -1]
    else:
        t, x = 0.0, x0
    x = np.asarray(x, float)
    fmt = dict(precision=4, threshold=12)
    return (f"binding kinetics failed at incubation time t = {float(t):g} s ({out.message}); state: "
            f"RL = {np.array2string(x[:n] * scale, **fmt)} nM, RI = {np.array2string(x[n:] * scale, **fmt)} nM "
            f"for Rt = {np.array2string(Rt, **fmt)} nM, Lt = {np.array2string(Lt, **fmt)} nM, "
            f"It = {np.array2string(It, **fmt)} nM")


def equilibrium(Rt, Lt, It, Kd_L, Ki_I):
    """Exact equilibrium of two competing ligands with depletion (one tube).

    Solves ``Rt = R + Lt R/(Kd_L + R) + It R/(Ki_I + R)`` for free receptor R
    (monotone in R; brentq). Used to check :func:`incubate`.

    Returns
    -------
    RL, RI : float
        Bound radioligand and competitor (nM).
    """
    if Rt <= 0:
        return 0.0, 0.0

    def f(R):
        return R + Lt * R / (Kd_L + R) + (It * R / (Ki_I + R) if It > 0 else 0.0) - Rt

    R = brentq(f, 0.0, Rt, xtol=1e-16 * max(Rt, 1.0), rtol=1e-13)
    return Lt * R / (Kd_L + R), (It * R / (Ki_I + R) if It > 0 else 0.0)


def filter_and_wash(RL, L_free, volume, koff_wash, wash_time, nonspecific_fraction):
    """Radioligand retained on the filter after filtration and washes (mol).

    Parameters
    ----------
    RL : array_like
        Specifically bound radioligand at the end of incubation (nM).
    L_free : array_like
        Free radioligand at the end of incubation (nM).
    volume : array_like
        Tube volume (L).
    koff_wash : float
        Dissociation rate at the wash temperature (1/s).
    wash_time : float
        Duration of filtration and washes (s).
    nonspecific_fraction : array_like
        Fraction of free radioligand retained non-specifically.
    """
    specific = np.asarray(RL) * np.exp(-koff_wash * wash_time)
    nonspecific = np.asarray(nonspecific_fraction) * np.asarray(L_free)
    return (specific + nonspecific) * 1e-9 * np.asarray(volume)


def count(moles, specific_activity_ci_per_mol, efficiency, background_cpm, count_time_min, rng):
    """Scintillation counts of vials holding ``moles`` of tritiated ligand.

    Parameters
    ----------
    moles : array_like
        Radioligand in each vial (mol).
    specific_activity_ci_per_mol : float
        Ci/mol.
    efficiency : array_like
        Counting efficiency of each vial (0..1).
    background_cpm : float
        Counter background (cpm).
    count_time_min : float
        Counting time (min).
    rng : numpy.random.Generator

    Returns
    -------
    ndarray of int
        Counts registered during ``count_time_min`` (Poisson).
    """
    dpm = np.asarray(moles) * specific_activity_ci_per_mol * DPM_PER_CI
    expected = (dpm * np.asarray(efficiency) + background_cpm) * count_time_min
    return rng.poisson(np.maximum(expected, 0.0)).astype(np.int64)
