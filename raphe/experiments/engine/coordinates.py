"""Coordinates of the response surface over the fast inputs.

Transporter occupancies map to ``-log10(1 - occupancy)`` and receptor terms
to ``log10(1 + term)``, so grid nodes are dense where the response is steep
(high occupancy); sensitivities (``sensitivity.<site>``) stay linear.
"""

from __future__ import annotations

import numpy as np

from raphe.circuits.inputs import FAST_INPUTS, default_inputs
from raphe.circuits.receptors import RECEPTORS

_DEFAULTS: list = [None, {}]


def defaults() -> dict[str, float]:
    """Every fast input's default (shared: do not change it), rebuilt when the receptor
    registry changes, as ``FAST_INPUTS`` is; one registry look-up instead of one per input."""
    key = tuple(RECEPTORS.names())
    if key != _DEFAULTS[0]:
        _DEFAULTS[:] = [key, default_inputs()]
    return _DEFAULTS[1]


def is_sensitivity(name: str) -> bool:
    """Slow-state inputs (receptor sensitivities, store fills): default 1, linear grid."""
    return name.startswith(("sensitivity.", "store."))


def default_of(name: str) -> float:
    return defaults()[name]


def to_coord(name: str, value: np.ndarray) -> np.ndarray:
    value = np.asarray(value, dtype=float)
    if is_sensitivity(name):
        return np.clip(value, FAST_INPUTS[name].minimum, FAST_INPUTS[name].maximum)
    if name.startswith("occupancy."):
        return -np.log10(1.0 - np.clip(value, 0.0, 0.9999))
    return np.log10(1.0 + np.clip(value, 0.0, None))


def coord_of(name: str, value: float) -> float:
    """:func:`to_coord` of one value, as a float: the same operations (clipping in Python, the
    logarithm by numpy's ``log10`` on the one value), so the same bits, without array overhead."""
    value = float(value)
    if is_sensitivity(name):
        spec = FAST_INPUTS[name]
        return float(min(max(value, spec.minimum), spec.maximum))
    if name.startswith("occupancy."):
        return float(-np.log10(1.0 - min(max(value, 0.0), 0.9999)))
    return float(np.log10(1.0 + max(value, 0.0)))


def from_coord(name: str, coord: float) -> float:
    if is_sensitivity(name):
        return float(round(coord, 9))
    if name.startswith("occupancy."):
        return float(1.0 - 10.0 ** (-coord))
    return float(10.0 ** coord - 1.0)
