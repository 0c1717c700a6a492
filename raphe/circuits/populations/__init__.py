"""Population registry: one module per population of the default circuit.

Each module defines ``SPEC`` (a :class:`~raphe.circuits.spec.PopulationSpec`)
and registers it; ``POPULATIONS.get(name)`` returns the spec. A new population
is a new module in this package plus a line in ``_MODULES`` (the tuple is the order of the
populations in the default circuit, hence of neuron indices, so it is kept explicit); another
package adds one with :func:`register_population` from a ``raphe.plugins`` entry point, and
gives a population a receptor site of a (new) registered type with :func:`add_receptor_site`.
"""

from __future__ import annotations

import dataclasses
import importlib

from raphe.circuits.spec import PopulationSpec, ReceptorSite
from raphe.errors import RapheInputError
from raphe.registry import Registry

POPULATIONS: Registry[PopulationSpec] = Registry("population")

_MODULES = ("drn_5ht", "drn_gaba", "pfc_pyramidal", "pfc_interneuron",
            "nac_d1", "nac_d2", "vta_da", "lc_ne")


def _load_builtin() -> None:
    """Import and register the package's population modules (idempotent)."""
    for module in _MODULES:
        mod = importlib.import_module(f"raphe.circuits.populations.{module}")
        if mod.SPEC.name not in POPULATIONS:
            POPULATIONS.register(mod.SPEC.name, mod.SPEC)


def load_all() -> Registry[PopulationSpec]:
    """Import every population module (idempotent), then the ``raphe.plugins`` entry points; return the registry."""
    from raphe.registry import load_plugins

    _load_builtin()
    load_plugins()
    return POPULATIONS


def register_population(spec: PopulationSpec) -> PopulationSpec:
    """Add a population (a plugin's) to the registry."""
    if spec.name not in POPULATIONS:
        POPULATIONS.register(spec.name, spec)
    return POPULATIONS.get(spec.name)


def add_receptor_site(population: str, site: ReceptorSite) -> PopulationSpec:
    """Express a registered receptor site in a population (a plugin's way of changing a built-in one).

    Parameters
    ----------
    population : str
        A registered population (``"PFC_I"``).
    site : ReceptorSite
        The site (a :func:`~raphe.circuits.receptors.register_receptor` name with effector
        ``"conductance"``) and its maximal conductance with a source.

    Returns
    -------
    PopulationSpec
        The population's spec with the site added (validated again); it replaces the
        registered one, so every circuit built afterwards has the site.

    Raises
    ------
    RapheInputError
        An unknown population or receptor, a release-controlling site, or a site the
        population already has.
    """
    from raphe.circuits.receptors import RECEPTORS
    from raphe.circuits.spec import check_quantity

    import brian2

    _load_builtin()
    spec = POPULATIONS.get(population, field="add_receptor_site population")
    if not isinstance(site, ReceptorSite):
        raise RapheInputError("add_receptor_site site", site, "a ReceptorSite(receptor, gmax)")
    rec = RECEPTORS.get(site.receptor, field="add_receptor_site receptor")
    if rec.effector != "conductance":
        raise RapheInputError(f"{spec.name}.receptors", site.receptor,
                              "a conductance site (release sites sit on a pool's terminals)")
    if any(s.receptor == rec.name for s in spec.receptors):
        raise RapheInputError(f"{spec.name}.receptors", site.receptor, "a site the population does not have yet")
    check_quantity(f"{spec.name}.receptors[{rec.name}].gmax", site.gmax.value, brian2.nS)
    new = dataclasses.replace(spec, receptors=tuple(spec.receptors) + (site,))
    return POPULATIONS.replace(spec.name, new)
