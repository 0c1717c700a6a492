"""Protocol registry: one module per protocol (microdialysis, binding, ...).

A protocol is a :class:`~raphe.experiments.protocols.base.CohortProtocol`
(the skeleton that owns cohorts, seeds, parallel work, resume and the store)
supplying its config model, ``validate``, ``simulate_subject``, ``summarize``
and ``plot``. Adding a protocol is one module that calls :func:`register` at
import and one line in ``_MODULES``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Callable

from raphe.registry import Registry


@dataclass
class RunContext:
    """What a protocol gets from the generic runner.

    Attributes
    ----------
    h5 : h5py.File
        The results file, open for writing (under its temporary name).
    seed : int
        The run's seed; derive per-subject seeds with :func:`numpy.random.SeedSequence`.
    jobs : int
        Worker processes the protocol may use.
    progress : callable
        ``progress(n)`` advances the run's progress bar by ``n`` units.
    cache_dir : str
        Directory for caches (response surfaces, compiled circuits).
    options : dict
        Extra runner options (``no_plot``, ``resume`` ...).
    """

    h5: Any
    seed: int
    jobs: int = 1
    progress: Callable[[float], None] = lambda n: None
    cache_dir: str | None = None
    options: dict = field(default_factory=dict)


PROTOCOLS: Registry = Registry("protocol")

#: protocol modules imported on first use of the registry
_MODULES = ("microdialysis", "binding", "electrophysiology", "chronic")


def get_protocol(name: str):
    """Return the registered protocol ``name`` (imports protocol modules lazily)."""
    load_all()
    return PROTOCOLS.get(name, field="experiment.protocol")


def load_all() -> Registry:
    """Import the protocol modules, then the ``raphe.plugins`` entry points; return the registry."""
    from raphe.registry import load_plugins

    for module in _MODULES:
        try:
            importlib.import_module(f"raphe.experiments.protocols.{module}")
        except ModuleNotFoundError as err:  # a protocol still being written
            if err.name != f"raphe.experiments.protocols.{module}":
                raise
    load_plugins()
    return PROTOCOLS


def register(protocol):
    """Add a protocol (a :class:`~raphe.experiments.protocols.base.CohortProtocol`) to the registry."""
    if protocol.name not in PROTOCOLS:
        PROTOCOLS.register(protocol.name, protocol)
    return PROTOCOLS.get(protocol.name)
