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
``sensitivity.<site>``
    Multiplier of a receptor site's maximal conductance, 0..2, default 1 (the
    only inputs whose drug-free value is not 0). Slow adaptation
    (desensitization, :mod:`raphe.circuits.adaptation`) moves it over days;
    the engine treats it as one more response-surface dimension.

With the endogenous transmitter at ``x = C / K_endogenous``, a receptor's
activation is ``(x + agonist) / (1 + x + agonist + competitor)``: every ligand
competes for the same site (Clark/Gaddum competitive occupancy).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

from raphe.errors import RapheInputError, UnknownNameError

TRANSPORTERS = ("SERT", "DAT", "NET")
#: Receptor *types* that take exogenous ligand terms (sites of one type share them).
RECEPTOR_TYPES = ("5-HT1A", "5-HT1B", "5-HT2A", "D1", "D2", "alpha2")
#: Receptor *sites* whose sensitivity is a fast input (names of :data:`raphe.circuits.receptors.RECEPTORS`).
SENSITIVITY_SITES = ("5-HT1A_somatodendritic", "5-HT1A_postsynaptic", "5-HT1B", "5-HT2A", "D1",
                     "D2_postsynaptic", "D2_autoreceptor", "alpha2_autoreceptor")


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
    for t in TRANSPORTERS:
        table[f"occupancy.{t}"] = FastInput(
            f"occupancy.{t}", 0.0, 1.0, f"fraction of {t} occupied by inhibitors")
    for r in RECEPTOR_TYPES:
        table[f"agonist.{r}"] = FastInput(
            f"agonist.{r}", 0.0, 1e9, f"efficacy-weighted exogenous agonist term at {r} (sum e*C/K)")
        table[f"competitor.{r}"] = FastInput(
            f"competitor.{r}", 0.0, 1e9, f"non-activating exogenous occupancy term at {r} (sum (1-e)*C/K)")
    for site in SENSITIVITY_SITES:
        table[f"sensitivity.{site}"] = FastInput(
            f"sensitivity.{site}", 0.0, 2.0,
            f"sensitivity of {site} (multiplies its maximal conductance; 1 = naive)", default=1.0)
    return table


FAST_INPUTS: dict[str, FastInput] = _build()


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
