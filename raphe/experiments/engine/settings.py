"""Settings of the engine (``[engine]`` in a config)."""

from __future__ import annotations

from dataclasses import dataclass, field

import brian2

from raphe.circuits.spec import check_quantity
from raphe.circuits.window import BACKENDS
from raphe.errors import RapheInputError, UnknownNameError


@dataclass(frozen=True)
class EngineSettings:
    """Settings of the engine.

    Attributes
    ----------
    backend : str
        Brian2 back end of the spiking windows (``"cpp_standalone"`` compiles
        once and reruns; ``"numpy"`` needs no compiler; ``"cython"``).
    warmup : Quantity
        Discarded start of each window (the circuit and pools settle in ~1-2 s).
    window : Quantity
        Measured part of each window.
    grid_step : float
        Grid spacing in the transformed input coordinates (0.3 = a factor of
        two in free transporter, ``1 - occupancy``).
    min_effect : float
        Inputs whose largest deviation from their default in the protocol stays
        below this (occupancy or receptor term) are held at the default (they
        change no readout measurably).
    sensitivity_step : float
        Grid spacing of ``sensitivity.<site>`` inputs (linear coordinate; 1, the
        naive value, is always a node).
    min_sensitivity_change : float
        Sensitivities that stay within this of 1 are held at 1.
    adaptive : bool
        Place the nodes of a trajectory (more than one time) adaptively
        (:mod:`~raphe.experiments.engine.adaptive`): cells the protocol only passes
        through stay up to ``2**coarse_levels`` grid steps wide, cells where it dwells
        are ``grid_step`` wide and split further (down to ``grid_step / 2**refine_levels``)
        while their interpolation-error estimate exceeds ``tolerance``; inputs that do
        not interact are combined additively. ``False``: the uniform grid at ``grid_step``
        (single points, e.g. the chronic slow clock, and trajectories recording unit rates
        unless ``adaptive_unit_rates``, always use it). Along a trajectory that records unit
        rates (a challenge on top of a treatment), inputs that stay put are held at their
        exact values and nodes placed along the others only.
    adaptive_unit_rates : bool
        Place the nodes of trajectories that record unit rates (electrophysiology, the
        chronic agonist challenge; every node a spike window) adaptively too. The 8-OH-DPAT
        response halves inside the first grid cell, so on the uniform grid its ED50 can be
        several-fold off; adaptive nodes cost more windows.
    agonist_octaves : int
        0: off. ``n > 0``: along a trajectory recording unit rates in which only an agonist's
        receptor term moves (a cumulative agonist challenge on top of a treatment), nodes sit at
        0 and at the powers ``2**(n k)`` of the term, interpolated in its logarithm
        (:meth:`~raphe.experiments.engine.surface.ResponseSurface.geometric_plan`) instead of on
        the uniform grid (whose first cell holds the steep part of 8-OH-DPAT's response); the
        inputs held meanwhile sit at the nearest node of the finest cell (``grid_step /
        2**refine_levels``), so animals whose inputs differ by less share the nodes.
        Overridden by ``adaptive_unit_rates``.
    tolerance : float
        Relative interpolation error aimed at in the cells where the protocol dwells
        (readouts relative to their value, with floors of 0.1 nM, 0.5 Hz and 0.05
        activation); a cell holding a fraction ``p < dwell`` of the protocol's times may
        have ``tolerance * dwell / p``.
    dwell : float
        Fraction of the protocol's times inside a cell above which it is refined to
        ``grid_step`` and held to ``tolerance``.
    coarse_levels : int
        Halvings from the coarsest cell (``grid_step * 2**coarse_levels``) to ``grid_step``.
    refine_levels : int
        Halvings below ``grid_step`` the error estimate may ask for.
    cache : bool
        Keep windows in the on-disk cache.
    cache_dir : str
        Cache directory (default ``$RAPHE_CACHE`` or ``~/.cache/raphe``).
    workers : int
        Processes that run the missing surface nodes of one request side by
        side: this one plus ``workers - 1`` helper processes, each holding
        its own copy of the compiled circuit (loaded once, ~15 s). 2 on a
        2-core machine nearly halves a cold surface; results are identical
        for any number.
    """

    backend: str = "cpp_standalone"
    warmup: object = field(default_factory=lambda: 2 * brian2.second)
    window: object = field(default_factory=lambda: 4 * brian2.second)
    grid_step: float = 0.3
    adaptive: bool = True
    adaptive_unit_rates: bool = False
    agonist_octaves: int = 0
    tolerance: float = 0.06
    dwell: float = 0.1
    coarse_levels: int = 2
    refine_levels: int = 4
    min_effect: float = 0.05
    sensitivity_step: float = 0.1
    min_sensitivity_change: float = 0.01
    cache: bool = True
    cache_dir: str = ""
    workers: int = 1

    def __post_init__(self):
        if self.backend not in BACKENDS:
            raise UnknownNameError("engine.backend", self.backend, BACKENDS)
        check_quantity("engine.warmup", self.warmup, brian2.second)
        check_quantity("engine.window", self.window, brian2.second)
        if not (0 * brian2.second <= self.warmup <= 60 * brian2.second):
            raise RapheInputError("engine.warmup", self.warmup, "a duration in [0 s, 60 s]")
        if not (0.2 * brian2.second <= self.window <= 600 * brian2.second):
            raise RapheInputError("engine.window", self.window, "a duration in [0.2 s, 600 s]")
        if not (isinstance(self.grid_step, (int, float)) and 0.02 <= self.grid_step <= 2):
            raise RapheInputError("engine.grid_step", self.grid_step, "a number in [0.02, 2]")
        if not isinstance(self.adaptive, bool):
            raise RapheInputError("engine.adaptive", self.adaptive, "true or false")
        if not isinstance(self.adaptive_unit_rates, bool):
            raise RapheInputError("engine.adaptive_unit_rates", self.adaptive_unit_rates, "true or false")
        if not (isinstance(self.tolerance, (int, float)) and 0.001 <= self.tolerance <= 0.5):
            raise RapheInputError("engine.tolerance", self.tolerance, "a number in [0.001, 0.5]")
        if not (isinstance(self.dwell, (int, float)) and 0 < self.dwell <= 1):
            raise RapheInputError("engine.dwell", self.dwell, "a number in (0, 1]")
        if not (isinstance(self.agonist_octaves, int) and not isinstance(self.agonist_octaves, bool)
                and 0 <= self.agonist_octaves <= 6):
            raise RapheInputError("engine.agonist_octaves", self.agonist_octaves, "a whole number in [0, 6]")
        for name in ("coarse_levels", "refine_levels"):
            value = getattr(self, name)
            if not (isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6):
                raise RapheInputError(f"engine.{name}", value, "a whole number in [0, 6]")
        if not (isinstance(self.min_effect, (int, float)) and 0 <= self.min_effect < 0.5):
            raise RapheInputError("engine.min_effect", self.min_effect, "a number in [0, 0.5)")
        if not (isinstance(self.sensitivity_step, (int, float)) and 0.01 <= self.sensitivity_step <= 1
                and abs(round(1.0 / self.sensitivity_step) * self.sensitivity_step - 1.0) < 1e-9):
            raise RapheInputError("engine.sensitivity_step", self.sensitivity_step,
                                  "a number in [0.01, 1] that divides 1 (0.05, 0.1, 0.125, 0.2, 0.25 ...)")
        if not (isinstance(self.workers, int) and not isinstance(self.workers, bool)
                and 1 <= self.workers <= 64):
            raise RapheInputError("engine.workers", self.workers, "a whole number of processes in [1, 64]")
        if not (isinstance(self.min_sensitivity_change, (int, float))
                and 0 <= self.min_sensitivity_change < 0.5):
            raise RapheInputError("engine.min_sensitivity_change", self.min_sensitivity_change,
                                  "a number in [0, 0.5)")
