"""Population registry: one module per population of the default circuit.

Each module defines ``SPEC`` (a :class:`~raphe.circuits.spec.PopulationSpec`)
and registers it; ``POPULATIONS.get(name)`` returns the spec. A new population
is a new module in this package plus a line in ``_MODULES`` (the tuple is the order of the
populations in the default circuit, hence of neuron indices, so it is kept explicit); another
package adds one with :func:`register_population` from a ``raphe.plugins`` entry point.
"""

from __future__ import annotations

import importlib

from raphe.circuits.spec import PopulationSpec
from raphe.registry import Registry

POPULATIONS: Registry[PopulationSpec] = Registry("population")

_MODULES = ("drn_5ht", "drn_gaba", "pfc_pyramidal", "pfc_interneuron",
            "nac_d1", "nac_d2", "vta_da", "lc_ne")


def load_all() -> Registry[PopulationSpec]:
    """Import every population module (idempotent), then the ``raphe.plugins`` entry points; return the registry."""
    from raphe.registry import load_plugins

    for module in _MODULES:
        mod = importlib.import_module(f"raphe.circuits.populations.{module}")
        if mod.SPEC.name not in POPULATIONS:
            POPULATIONS.register(mod.SPEC.name, mod.SPEC)
    load_plugins()
    return POPULATIONS


def register_population(spec: PopulationSpec) -> PopulationSpec:
    """Add a population (a plugin's) to the registry."""
    if spec.name not in POPULATIONS:
        POPULATIONS.register(spec.name, spec)
    return POPULATIONS.get(spec.name)
