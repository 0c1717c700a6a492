"""The multiscale engine: slow protocol clock + fast spiking windows.

The processes of a pharmacological protocol are well separated in time
: spikes, synapses and extracellular transmitter settle within
seconds; drug absorption and elimination take minutes to hours. The engine
therefore treats the fast circuit as quasi-steady given the slow inputs:

1. The pharmacology layer integrates the dosing regimen on the protocol clock
   and turns free brain concentrations into the circuit's drug-agnostic fast
   inputs (transporter occupancies, receptor agonist/competitor terms).
2. The fast readouts (rates, concentrations, receptor activations) are a
   *response surface* over those inputs: spiking windows are run at nodes
   over the inputs the protocol actually visits and interpolated in between.
   Coordinates are ``-log10(1 - occupancy)`` for transporters and
   ``log10(1 + term)`` for receptor terms. Along a trajectory the nodes are
   placed adaptively (:mod:`~.adaptive`: coarse where the protocol passes
   through, refined where an interpolation-error estimate asks, additive across
   inputs that do not interact); single points use the uniform grid. Along a
   trajectory that records unit rates the inputs that stay put are held at their
   exact values (:meth:`ResponseSurface.held_inputs`), nodes placed along the others.
3. Each window is cached on disk, keyed by the circuit's fingerprint, seed,
   back end and window durations, so repeated runs, subjects and groups
   sharing a circuit reuse it. Cache files are written atomically, so
   concurrent processes can share the cache.
4. Spike windows requested by the protocol are run directly at the exact
   inputs of that moment; comparing them with the interpolated surface gives
   the reported interpolation error.

5. Slow processes driven by fast readouts (receptor desensitization,
   CREB/BDNF; :mod:`raphe.circuits.adaptation`) are stepped on a slow clock
   by :func:`simulate_chronic`: at each step the fast readouts are
   interpolated from the surface at the current PK inputs *and* the current
   receptor sensitivities (``sensitivity.<site>`` fast inputs, one more
   surface dimension), and the slow state advances by one step.

6. The windows missing from one request (every node of a trajectory, the
   corners of a chronic step) can run side by side: with
   ``EngineSettings.workers = N`` this process and N - 1 spawned helper
   processes share them (:meth:`ResponseSurface.evaluate_many`). Windows are
   deterministic, so results do not depend on N; a helper that dies only
   costs time (its windows are rerun here). Helpers stop at the end of a
   run, or at the end of a :func:`keep_helpers` block that holds them across
   runs (a suite of experiments on one circuit).

Modules: :mod:`~.settings` (``EngineSettings``), :mod:`~.coordinates`, :mod:`~.adaptive`,
:mod:`~.surface` (``ResponseSurface``), :mod:`~.cache` (windows on disk),
:mod:`~.parallel` (helper processes), :mod:`~.clock` (``simulate_subject``,
``simulate_chronic``).
"""

from raphe.experiments.engine.cache import fresh_surface_cache
from raphe.experiments.engine.clock import (ChronicTimecourse, SubjectTimecourse, pk_and_trajectory,
                                            simulate_chronic, simulate_subject)
from raphe.experiments.engine.parallel import (active_helper_pools, helper_pool, keep_helpers,
                                               shutdown_helpers)
from raphe.experiments.engine.settings import EngineSettings
from raphe.experiments.engine.surface import ResponseSurface

__all__ = ["EngineSettings", "ResponseSurface", "SubjectTimecourse", "ChronicTimecourse", "simulate_subject",
           "simulate_chronic", "pk_and_trajectory", "fresh_surface_cache", "helper_pool", "keep_helpers", "shutdown_helpers",
           "active_helper_pools"]
