"""Region registry: the brain regions of the circuit, with what a probe in each needs.

A region is a name, a description and the default active membrane length of
a microdialysis probe placed there (the usual choice in the rat studies the
protocols reproduce, with its source). The microdialysis and chronic protocols
take their region lists from here; a user's package adds a region with
:func:`register_region` (through the ``raphe.plugins`` entry point group).
"""

from __future__ import annotations

from dataclasses import dataclass

import brian2

from raphe.registry import Registry


@dataclass(frozen=True)
class Region:
    """A brain region of the circuit.

    Attributes
    ----------
    name : str
        Name used in pools (``"PFC.5-HT"``) and configs.
    description : str
    probe_length : Quantity
        Default active membrane length of a microdialysis probe in the region.
    source : str
        Where the length comes from, with its mark ([R], [R2] or [U] and the range allowed).
    probed : bool
        A microdialysis probe may sample it (``[microdialysis] regions``; all by default).
    """

    name: str
    description: str
    probe_length: object
    source: str
    probed: bool = True


REGIONS: Registry[Region] = Registry("region")


def register_region(region: Region) -> Region:
    """Add ``region`` to :data:`REGIONS`."""
    return REGIONS.register(region.name, region)


mm = brian2.mmeter

register_region(Region(
    "DRN", "dorsal raphe nucleus (5-HT cell bodies)", 1.5 * mm,
    "[U] 1-1.5 mm: the nucleus is about 1.5 mm deep dorsoventrally in the rat, so raphe probes are short"))
register_region(Region(
    "PFC", "medial prefrontal cortex (prelimbic and infralimbic)", 4 * mm,
    "[R2] 4 mm active membrane spanning prelimbic and infralimbic cortex (Dazzi et al. 2014, "
    "bio-protocol of the mPFC dialysis method); 3-4 mm usual"))
register_region(Region(
    "NAc", "nucleus accumbens", 2 * mm,
    "[U] 1.5-2 mm usual for accumbens probes"))
register_region(Region(
    "VTA", "ventral tegmental area (DA cell bodies)", 1 * mm,
    "[U] 1 mm: a small nucleus; not among the probe sites of the protocols", probed=False))
register_region(Region(
    "LC", "locus coeruleus (NE cell bodies)", 1 * mm,
    "[U] 1 mm: a small nucleus; not among the probe sites of the protocols", probed=False))


def probed_regions() -> tuple[str, ...]:
    """Regions a microdialysis probe may sample, in registry order (plugins' regions included)."""
    from raphe.registry import load_plugins

    load_plugins()
    return tuple(name for name, r in REGIONS.items() if r.probed)
