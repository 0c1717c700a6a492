"""Validation: published results that no parameter of the model was fitted to.

>>> from raphe.validation import TARGETS, run_suite
>>> result = run_suite(only=["pk-occupancy"])          # doctest: +SKIP
>>> print(format_table(result))                         # doctest: +SKIP

Modules
-------
targets
    :class:`Target` records (source, the paper's protocol, published value,
    two-sided tolerance, expected-failure reason) and the :data:`TARGETS` registry.
catalog
    The targets themselves (rat, binding).
catalog_human
    Human SERT occupancy targets, read through the virtual PET/SPECT readout.
catalog_pools
    The pool model's targets (5-HIAA; issue 26).
adapter
    The one function that runs an experiment for the suite.
readouts
    Model values read from results files, as the papers report them.
suite
    Running and judging (:func:`run_suite`).
report
    The table, ``validation.h5``, the figure and ``VALIDATION.md``.
potency
    The in-vivo potency table (human SERT occupancy at usual doses, rat after
    i.p. doses): predictions, not targets.
"""

from raphe.validation import catalog as _catalog  # noqa: F401  (registers the targets)
from raphe.validation import catalog_human as _catalog_human  # noqa: F401  (human PET targets)
from raphe.validation import catalog_pools as _catalog_pools  # noqa: F401  (issue 26's targets)
from raphe.validation.report import format_table, write_figure, write_h5, write_markdown
from raphe.validation.suite import SuiteResult, TargetResult, run_suite, run_target
from raphe.validation.targets import (
    FAMILIES, TARGETS, PaperProtocol, Target, Tolerance, register_target,
)

__all__ = ["TARGETS", "FAMILIES", "Target", "PaperProtocol", "Tolerance", "register_target",
           "run_suite", "run_target", "SuiteResult", "TargetResult", "format_table", "write_h5",
           "write_figure", "write_markdown"]
