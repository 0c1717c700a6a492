"""Subcommands of ``raphe``: one module each.

Each module defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``. Modules are imported only when their command runs, so
``raphe --help`` stays fast.
"""

import atexit
import contextlib
import gc
import sys

#: command name -> module name (in this package)
COMMANDS = {
    "run": "run",
    "window": "window",
    "list": "list_",
    "pk": "pk",
    "plot": "plot",
    "inspect": "inspect_",
    "sweep": "sweep",
    "export": "export",
    "schema": "schema",
    "validate": "validate",
}

#: one-line help per command (kept here so ``raphe --help`` imports nothing heavy)
HELPS = {
    "run": "run an experiment (built-in name or TOML config) and write HDF5 results and a figure",
    "window": "run one fast spiking window of the circuit and print its readouts",
    "list": "list registered populations, receptors, drugs, regions, experiments, protocols or inputs",
    "pk": "pharmacokinetics of a dosing regimen: plasma, free brain concentration, occupancy",
    "plot": "draw the figure of a results file",
    "inspect": "describe a results file and check that it is complete and valid",
    "sweep": "run a parameter sweep (e.g. a dose-response) on local worker processes or a Dask cluster",
    "export": "export a results file to NWB, one file per subject (needs the nwb extra: pynwb)",
    "schema": "print the JSON schema of a protocol's config (keys, types, units, defaults)",
    "validate": "run the validation suite (published results not used for fitting) and write VALIDATION.md",
}


def whole_number(text, flag: str, minimum: int = 0):
    """A command-line whole number (``None`` stays None); else a one-line error naming ``flag``."""
    if text is None:
        return None
    from raphe.errors import RapheInputError

    expected = "a positive whole number" if minimum == 1 else f"a whole number >= {minimum}"
    try:
        value = int(str(text).strip())
    except ValueError:
        raise RapheInputError(flag, text, expected) from None
    if value < minimum:
        raise RapheInputError(flag, text, expected)
    return value


def number(text, flag: str, what: str = "a number"):
    """A command-line number (``None`` stays None); else a one-line error naming ``flag``."""
    if text is None:
        return None
    import math

    from raphe.errors import RapheInputError

    try:
        value = float(str(text).strip())
    except ValueError:
        raise RapheInputError(flag, text, what) from None
    if not math.isfinite(value):
        raise RapheInputError(flag, text, what)
    return value


_FREEZE_AT_EXIT: list = []


@contextlib.contextmanager
def imports_uncollected():
    """Import a command's libraries and validate its input without cycle collection.

    Importing brian2 (with sympy and matplotlib) makes about a million long-lived objects,
    and the collector's full passes over a growing heap cost a warm ``raphe run`` about a
    second. Collection is paused meanwhile; the objects are then frozen out of its way
    (:func:`gc.freeze`: collection resumes for what the command allocates next), and at
    interpreter exit the final pass skips whatever the process still holds.
    """
    from raphe import brian2_deferred

    enabled = gc.isenabled()
    if brian2_deferred.loaded():  # not a fresh process (a test, a notebook): freeze no garbage of
        gc.collect()              # earlier runs (Brian2 objects would outlive them)
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
        if not _FREEZE_AT_EXIT:
            _FREEZE_AT_EXIT.append(atexit.register(gc.freeze))
