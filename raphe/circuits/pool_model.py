"""The pool model's steady state: release per spike, terminal autoreceptor scaling, the
cytosolic fill and the steady concentration for fast inputs (pure numpy, no Brian2 objects).

The Brian2 equations these solve are :data:`raphe.circuits.builder.POOL_EQUATIONS`; the
builder uses these functions to derive release per spike and to start each window near its
steady state.
"""

from __future__ import annotations

import brian2
import numpy as np

from raphe.circuits.receptors import RECEPTORS
from raphe.circuits.spec import PoolSpec


def autoreceptor_response(pool: PoolSpec, c_nM, agonist=0.0, competitor=0.0, sensitivity=1.0):
    """Steady-state response ``a`` (0..1) of the pool's terminal autoreceptor at ``c_nM`` (0 if none)."""
    if pool.autoreceptor is None:
        return 0.0 * np.asarray(c_nM, dtype=float)
    rec = RECEPTORS.get(pool.autoreceptor.receptor)
    return rec.response(c_nM, agonist, competitor, sensitivity)


def release_scale(pool: PoolSpec, c_nM, agonist=0.0, competitor=0.0, sensitivity=1.0):
    """Factor ``1 - Imax*a`` on release per spike at steady state (1 without an autoreceptor)."""
    if pool.autoreceptor is None:
        return 1.0 + 0.0 * np.asarray(c_nM, dtype=float)
    return 1.0 - float(pool.autoreceptor.imax.value) * autoreceptor_response(
        pool, c_nM, agonist, competitor, sensitivity)


def release_per_spike(pool: PoolSpec, n_releasing: int):
    """Concentration increment per spike (``q``) and tonic release that put the pool at ``basal``.

    At steady state, release balances clearance at the basal level:
    ``R = Vmax*C0/(Km + C0) + k_diff*C0``; the impulse-dependent part
    ``(1 - tonic_fraction)*R`` is shared by ``n_releasing`` neurons firing at
    ``nominal_rate``, each spike releasing ``q*(1 - Imax*a0)`` with ``a0`` the
    terminal autoreceptor's basal response.
    """
    c0, km, vmax, kd = pool.basal.value, pool.km.value, pool.vmax.value, pool.k_diff.value
    total = vmax * c0 / (km + c0) + kd * c0
    impulse = (1 - pool.tonic_fraction.value) * total
    h0 = float(release_scale(pool, float(c0 / brian2.nM)))
    return impulse / (n_releasing * pool.nominal_rate.value * h0), pool.tonic_fraction.value * total


def basal_uptake(pool: PoolSpec):
    """The transporter's uptake flux ``J0 = Vmax*C0/(Km + C0)`` at the basal level (Quantity)."""
    return pool.vmax.value * pool.basal.value / (pool.km.value + pool.basal.value)


def cytosolic_fill(pool: PoolSpec, flux_ratio):
    """Steady cytosolic fill ``(1 - rho) + rho*J/J0`` for an uptake flux ``J/J0`` (1 without a pool)."""
    rho = pool.reuptake_share
    return (1 - rho) + rho * np.asarray(flux_ratio, dtype=float)


def store_fill(pool: PoolSpec, inputs: dict) -> float:
    """The fill of the pool's releasable store from fast inputs (1 without a store)."""
    if pool.store is None:
        return 1.0
    return float(inputs.get(f"store.{pool.transmitter}", 1.0))


def steady_state_concentration(pool: PoolSpec, occupancy: float, release_factor: float = 1.0,
                               agonist: float = 0.0, competitor: float = 0.0, sensitivity: float = 1.0,
                               store: float = 1.0):
    """Pool concentration (nM, float) at steady state for a transporter occupancy.

    ``release_factor`` scales the impulse-dependent release (the releasing
    population's rate relative to ``nominal_rate``); ``agonist``,
    ``competitor`` and ``sensitivity`` are the fast inputs of the pool's
    terminal autoreceptor, ``store`` the fill of its releasable store (scales
    all release). The impulse-independent release is scaled by the cytosolic
    fill at steady state (:func:`cytosolic_fill`). Used to start a window near
    its steady state.
    """
    from scipy.optimize import brentq

    c0 = float(pool.basal.value / brian2.nM)
    km0 = float(pool.km.value / brian2.nM)
    vmax = float(pool.vmax.value / (brian2.nM / brian2.second))
    kd = float(pool.k_diff.value / brian2.Hz)
    tf = float(pool.tonic_fraction.value)
    total = vmax * c0 / (km0 + c0) + kd * c0
    h0 = float(release_scale(pool, c0))
    km = km0 / max(1e-12, 1 - min(occupancy, 1 - 1e-12))

    j0 = vmax * c0 / (km0 + c0)

    def balance(c):
        uptake = vmax * c / (km + c)
        release = store * (tf * total * float(cytosolic_fill(pool, uptake / j0)) + (1 - tf) * total
                           * release_factor * float(release_scale(pool, c, agonist, competitor, sensitivity)) / h0)
        return uptake + kd * c - release

    high = max(1.0, (total * max(1.0, release_factor) / h0) / kd * 2 + 1.0)
    if balance(0.0) >= 0:
        return 0.0
    return float(brentq(balance, 0.0, high, xtol=1e-12, rtol=1e-10))


def uptake_ratio(pool: PoolSpec, c_nM: float, occupancy: float) -> float:
    """The transporter's uptake flux at ``c_nM`` and ``occupancy`` over its basal flux ``J0``."""
    c0, km = float(pool.basal.value / brian2.nM), float(pool.km.value / brian2.nM)
    km_app = km / max(1e-12, 1 - min(occupancy, 1 - 1e-12))
    return (c_nM / (km_app + c_nM)) / (c0 / (km + c0))


def autoreceptor_inputs(pool: PoolSpec, inputs: dict) -> tuple[float, float, float]:
    """(agonist, competitor, sensitivity) of the pool's terminal autoreceptor from fast inputs."""
    if pool.autoreceptor is None:
        return 0.0, 0.0, 1.0
    rec = RECEPTORS.get(pool.autoreceptor.receptor)
    return (float(inputs.get(f"agonist.{rec.receptor_type}", 0.0)),
            float(inputs.get(f"competitor.{rec.receptor_type}", 0.0)),
            float(inputs.get(f"sensitivity.{rec.name}", 1.0)))


__all__ = ["autoreceptor_inputs", "autoreceptor_response", "basal_uptake", "cytosolic_fill",
           "release_per_spike", "release_scale", "steady_state_concentration", "store_fill", "uptake_ratio"]
