"""The circuit's fast inputs: drug-agnostic, changeable between windows.

The pharmacology layer turns drug concentrations into these numbers; the
circuit never sees a drug. They are group variables of the built network, so
a compiled (cpp_standalone) circuit takes new values through ``run_args``
without recompiling.

Names
-----
``occupancy.SERT``, ``occupancy.DAT``, ``occupancy.NET``
    Fraction of the transporter occupied by inhibitors, 0..1. Clearance uses
    the competitive form ``Km_app = Km * (1 + sum_i C_i/Ki) = Km / (1 - occupancy)``.
``agonist.<receptor>``
    Efficacy-weighted exogenous agonist term, ``sum_i e_i * C_i / K_i`` (>= 0).
``competitor.<receptor>``
    Non-activating exogenous occupancy term, ``sum_i (1 - e_i) * C_i / K_i`` (>= 0):
    silent antagonists contribute fully, partial agonists the part they do not activate.
``store.<transmitter>``
    Fill of the releasable store of the terminal pools of that transmitter
    (0..1, default 1): scales their release; slow state like the sensitivities.
``sensitivity.<site>``
    Multiplier of a receptor site's transducer ratio ``tau`` (its coupling,
    receptor reserve), 0..2, default 1 (the only inputs whose drug-free value
    is not 0). Slow adaptation (desensitization,
    :mod:`raphe.circuits.adaptation`) moves it over days; the engine treats it
    as one more response-surface dimension.

With the endogenous transmitter at ``x = C / K_endogenous``, a receptor's
efficacy-weighted occupancy is ``rho = (x + agonist) / (1 + x + agonist +
competitor)`` (every ligand competes for the same site, Clark/Gaddum) and its
response is ``s*tau*rho / (1 + s*tau*rho)`` (operational model, see
:mod:`raphe.circuits.receptors`).

The receptor types and sensitivity sites derive from the receptor registry:
:func:`receptor_types`, :func:`sensitivity_sites` and :data:`FAST_INPUTS`
follow every :func:`~raphe.circuits.receptors.register_receptor` call
(``RECEPTOR_TYPES`` and ``SENSITIVITY_SITES`` are the lists at the time they
are read).
"""

from __future__ import annotations

import math
from collections.abc import Mapping as _AbcMapping
from dataclasses import dataclass
from typing import Mapping

from raphe.circuits.receptors import RECEPTORS, receptor_types, sensitivity_sites
from raphe.errors import RapheInputError, UnknownNameError

TRANSPORTERS = ("SERT", "DAT", "NET")
#: Transmitters whose terminal pools may have a releasable store (fast input ``store.<transmitter>``).
STORES = ("5-HT",)


@dataclass(frozen=True)
class FastInput:
    """One named fast input with its valid range."""

    name: str
    minimum: float
    maximum: float
    description: str
    default: float = 0.0


def _build() -> dict[str, FastInput]:
    table = {}
    RECEPTOR_TYPES, SENSITIVITY_SITES = receptor_types(), sensitivity_sites()
    for t in TRANSPORTERS:
        table[f"occupancy.{t}"] = FastInput(
            f"occupancy.{t}", 0.0, 1.0, f"fraction of {t} occupied by inhibitors")
    for r in RECEPTOR_TYPES:
        table[f"agonist.{r}"] = FastInput(
            f"agonist.{r}", 0.0, 1e9, f"efficacy-weighted exogenous agonist term at {r} (sum e*C/K)")
        table[f"competitor.{r}"] = FastInput(
            f"competitor.{r}", 0.0, 1e9, f"non-activating exogenous occupancy term at {r} (sum (1-e)*C/K)")
    for tr in STORES:
        table[f"store.{tr}"] = FastInput(
            f"store.{tr}", 0.0, 1.0, f"fill of the releasable {tr} store of terminal pools (1 = naive; "
            "slow state, depleted when transporter recycling stops)", default=1.0)
    for site in SENSITIVITY_SITES:
        table[f"sensitivity.{site}"] = FastInput(
            f"sensitivity.{site}", 0.0, 2.0,
            f"sensitivity of {site} (multiplies its transducer ratio tau; 1 = naive)", default=1.0)
    return table


class _FastInputTable(_AbcMapping):
    """Every fast input by name, rebuilt when the receptor registry changes."""

    def __init__(self):
        self._key = None
        self._table: dict[str, FastInput] = {}

    def _current(self) -> dict[str, FastInput]:
        key = tuple(RECEPTORS.names())
        if key != self._key:
            self._table, self._key = _build(), key
        return self._table

    def __getitem__(self, name):
        return self._current()[name]

    def __iter__(self):
        return iter(self._current())

    def __len__(self):
        return len(self._current())

    def __contains__(self, name):
        return name in self._current()

    def __repr__(self):
        return f"FAST_INPUTS({list(self._current())})"


#: Every fast input by name (a live view of the registries).
FAST_INPUTS: Mapping[str, FastInput] = _FastInputTable()


def __getattr__(name):  # RECEPTOR_TYPES and SENSITIVITY_SITES, derived when read
    if name == "RECEPTOR_TYPES":
        return receptor_types()
    if name == "SENSITIVITY_SITES":
        return sensitivity_sites()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def default_inputs() -> dict[str, float]:
    """All fast inputs at their drug-free, naive value (0; sensitivities 1)."""
    return {name: spec.default for name, spec in FAST_INPUTS.items()}


def validate_inputs(inputs: Mapping[str, float], field: str = "inputs") -> dict[str, float]:
    """Check names and ranges; return a complete input dict (missing ones at their default).

    Raises
    ------
    UnknownNameError
        For a name that is not a fast input (the message lists the valid ones).
    RapheInputError
        For a non-finite or out-of-range value.
    """
    full = default_inputs()
    for name, value in inputs.items():
        if name not in FAST_INPUTS:
            raise UnknownNameError(f"{field} name", name, FAST_INPUTS)
        spec = FAST_INPUTS[name]
        try:
            v = float(value)
        except (TypeError, ValueError):
            raise RapheInputError(f"{field}.{name}", value,
                                  f"a number in [{spec.minimum:g}, {spec.maximum:g}]") from None
        if not math.isfinite(v) or v < spec.minimum or v > spec.maximum:
            raise RapheInputError(f"{field}.{name}", value,
                                  f"a finite number in [{spec.minimum:g}, {spec.maximum:g}]")
        full[name] = v
    return full
