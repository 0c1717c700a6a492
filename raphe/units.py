"""Units: parsing quantities from text and stripping them for storage.

Every physical number in raphe is a Brian2 quantity. Configs and the command
line give them as text (``"10 mg/kg"``, ``"20 min"``, ``"0.3 uL/min"``); this
module turns such text into quantities and checks their dimension, with a
one-line :class:`~raphe.errors.RapheInputError` naming the field otherwise.

Doses per body weight (mg/kg) are dimensionless in SI, so a bare number would
pass a dimension check; :func:`parse_quantity` therefore always requires a unit
unless ``allow_bare`` is set.
"""

from __future__ import annotations

import ast
import math
import operator

import brian2
import numpy as np

from raphe.errors import RapheInputError

#: Units that may be written in text, by symbol.
UNITS: dict[str, brian2.Quantity] = {
    # time
    "s": brian2.second, "sec": brian2.second, "second": brian2.second, "seconds": brian2.second,
    "ms": brian2.msecond, "us": brian2.usecond,
    "min": 60 * brian2.second, "minute": 60 * brian2.second, "minutes": 60 * brian2.second,
    "h": 3600 * brian2.second, "hr": 3600 * brian2.second, "hour": 3600 * brian2.second,
    "hours": 3600 * brian2.second,
    "day": 86400 * brian2.second, "days": 86400 * brian2.second,
    "week": 7 * 86400 * brian2.second, "weeks": 7 * 86400 * brian2.second,
    # mass
    "kg": brian2.kgram, "g": brian2.gram, "mg": brian2.mgram, "ug": brian2.ugram,
    "ng": 1e-12 * brian2.kgram,
    "pg": 1e-15 * brian2.kgram,
    # volume
    "L": brian2.liter, "l": brian2.liter, "mL": brian2.mliter, "ml": brian2.mliter,
    "uL": brian2.uliter, "ul": brian2.uliter, "nL": 1e-3 * brian2.uliter,
    # amount and concentration
    "mol": brian2.mole, "mmol": 1e-3 * brian2.mole, "umol": 1e-6 * brian2.mole,
    "nmol": 1e-9 * brian2.mole, "pmol": 1e-12 * brian2.mole, "fmol": 1e-15 * brian2.mole,
    "M": brian2.molar, "mM": brian2.mmolar, "uM": brian2.umolar, "nM": brian2.nmolar,
    "pM": 1e-3 * brian2.nmolar,
    # electrophysiology
    "V": brian2.volt, "mV": brian2.mvolt, "A": brian2.amp, "nA": brian2.namp, "pA": brian2.pamp,
    "S": brian2.siemens, "nS": brian2.nsiemens, "uS": brian2.usiemens, "pF": brian2.pfarad,
    "Hz": brian2.Hz, "kHz": brian2.kHz,
    # length
    "m": brian2.meter, "cm": brian2.cmeter, "mm": brian2.mmeter, "um": brian2.umeter,
    # dimensionless
    "percent": 0.01,
}

_BINOPS = {ast.Mult: operator.mul, ast.Div: operator.truediv, ast.Pow: operator.pow}


def _evaluate(node, text):
    if isinstance(node, ast.Expression):
        return _evaluate(node.body, text)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
            and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.Name) and node.id in UNITS:
        return UNITS[node.id]
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        left = _evaluate(node.left, text)
        right = _evaluate(node.right, text)
        if isinstance(node.op, ast.Pow) and not isinstance(right, (int, float)):
            raise ValueError("exponent must be a number")
        return _BINOPS[type(node.op)](left, right)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _evaluate(node.operand, text)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.Name):
        raise ValueError(f"unknown unit {node.id!r}")
    raise ValueError("not a quantity")


_GLUED = __import__("re").compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-zµμ%].*)$")


def spaced(value):
    """``"10mg/kg"`` -> ``"10 mg/kg"``, ``"24h"`` -> ``"24 h"`` (command-line style; other values as given)."""
    if isinstance(value, str):
        m = _GLUED.match(value)
        if m:
            return f"{m.group(1)} {m.group(2)}"
    return value


def _to_expression(text: str) -> str:
    """``"10 mg/kg"`` -> ``"10 * mg/kg"``; ``"0.3 uL/min"`` -> ``"0.3 * uL/min"``."""
    text = text.strip().replace("µ", "u").replace("μ", "u").replace("%", " percent")
    parts = text.split(None, 1)
    if len(parts) == 2:
        try:
            float(parts[0])
            return f"{parts[0]} * ({parts[1]})"
        except ValueError:
            pass
    return text


def parse_quantity(value, field: str, unit: brian2.Quantity | None = None,
                   example: str | None = None, allow_bare: bool = False,
                   minimum: float | None = None, maximum: float | None = None,
                   strictly_positive: bool = False):
    """Parse ``value`` (text, number or Quantity) into a Brian2 quantity.

    Parameters
    ----------
    value : str, float or Quantity
        ``"10 mg/kg"``, ``"20 min"``, ``3 * brian2.second`` ...
    field : str
        Name used in the error message.
    unit : Quantity, optional
        A quantity with the expected dimension (``brian2.second``); also the
        unit in which ``minimum``/``maximum`` are given.
    example : str, optional
        Example shown in the error (``"'20 min'"``).
    allow_bare : bool
        Accept a bare number (interpreted in ``unit``).
    minimum, maximum : float, optional
        Inclusive bounds in ``unit``.
    strictly_positive : bool
        Reject zero.

    Returns
    -------
    Quantity or float
    """
    expected_unit_text = example or (str(brian2.get_unit(unit)) if unit is not None else "a number")
    expected = f"a quantity like {expected_unit_text}"
    if isinstance(value, bool):
        raise RapheInputError(field, value, expected)
    if isinstance(value, brian2.Quantity) or isinstance(value, (int, float, np.number)):
        q = value
        if not isinstance(value, brian2.Quantity) and not allow_bare and unit is not None \
                and not _dimensionless(unit):
            raise RapheInputError(field, value, expected + " (a number needs a unit)")
        if not isinstance(value, brian2.Quantity) and unit is not None and allow_bare:
            q = value * unit
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            raise RapheInputError(field, value, expected)
        bare = True
        try:
            float(text)
        except ValueError:
            bare = False
        if bare:
            if not allow_bare:
                raise RapheInputError(field, value, expected + " (a number needs a unit)")
            q = float(text) * (unit if unit is not None else 1)
        else:
            try:
                q = _evaluate(ast.parse(_to_expression(text), mode="eval"), text)
            except (SyntaxError, ValueError, TypeError, ZeroDivisionError,
                    brian2.DimensionMismatchError, OverflowError, RecursionError,
                    MemoryError) as err:
                raise RapheInputError(field, value, f"{expected} ({err})") from None
            if not isinstance(q, brian2.Quantity) and isinstance(q, (int, float)) and \
                    unit is not None and not _dimensionless(unit):
                raise RapheInputError(field, value, expected)
    else:
        raise RapheInputError(field, value, expected)
    if unit is not None:
        if brian2.get_dimensions(q) != brian2.get_dimensions(unit):
            raise RapheInputError(field, value, expected + " (wrong kind of unit)")
    magnitude = float(np.asarray(q / unit if unit is not None else q))
    if not math.isfinite(magnitude):
        raise RapheInputError(field, value, expected + " (a finite value)")
    if minimum is not None and magnitude < minimum:
        raise RapheInputError(field, value, f"{expected} of at least {minimum:g}")
    if maximum is not None and magnitude > maximum:
        raise RapheInputError(field, value, f"{expected} of at most {maximum:g}")
    if strictly_positive and magnitude <= 0:
        raise RapheInputError(field, value, expected + " greater than zero")
    return q


def _dimensionless(unit) -> bool:
    return brian2.get_dimensions(unit).is_dimensionless


# ------------------------------------------------------------------ for scripts

#: Units for experiment scripts (``60 * minute``, ``10 * mg / kg``); Brian2 has no minute,
#: hour or day, and its ``mgram`` reads poorly in a dose.
minute = UNITS["min"]
hour = UNITS["h"]
day = UNITS["day"]
mg = UNITS["mg"]
ug = UNITS["ug"]
g = UNITS["g"]
kg = UNITS["kg"]

#: Units tried, in order, when a quantity is written back as text (:func:`quantity_text`).
_TEXT_UNITS = ("day", "h", "min", "s", "ms", "kg", "g", "mg", "ug", "uL/min", "mm", "uL", "fmol",
               "nM", "uM", "Hz", "mV", "nS", "pA")


def quantity_text(q) -> str:
    """Text for a quantity that :func:`parse_quantity` reads back to the same value.

    ``quantity_text(60 * minute) == "60 min"``; a value that no listed unit
    represents exactly is written in SI base units (``"0.00012 s"``).
    Dimensionless values are written as plain numbers.
    """
    if not isinstance(q, brian2.Quantity) or brian2.get_dimensions(q).is_dimensionless:
        return repr(float(q))
    exact = []
    for name in _TEXT_UNITS:
        unit = parse_quantity(f"1 {name}", "unit")
        if brian2.get_dimensions(unit) != brian2.get_dimensions(q):
            continue
        v = float(q / unit)
        text = f"{v:.12g} {name}"
        if parse_quantity(text, "q") == q:
            if abs(v) >= 1:
                return text
            exact.append(text)
    if exact:
        return exact[-1]
    unit = brian2.get_unit(brian2.get_dimensions(q))
    return f"{float(q / unit)!r} {unit}"


def in_unit(q, unit) -> float | np.ndarray:
    """Strip a quantity to a float/array in ``unit`` (checks the dimension)."""
    return np.asarray(q / unit, dtype=float) if np.ndim(q) else float(q / unit)


def format_quantity(q, unit, name: str) -> str:
    """``format_quantity(0.02*second, ms, "ms")`` -> ``"20 ms"``."""
    return f"{in_unit(q, unit):g} {name}"
