"""Protocol registry: one module per protocol (microdialysis, binding, ...).

A protocol is a :class:`~raphe.experiments.protocols.base.CohortProtocol`
(the skeleton that owns cohorts, seeds, parallel work, resume and the store)
supplying its config model, ``validate``, ``simulate_subject``, ``summarize``
and ``plot``. Adding a protocol is one module in this package that calls
:func:`register` at import (modules are found, not listed); another package
registers one from a ``raphe.plugins`` entry point.
"""

from __future__ import annotations

import importlib
import pkgutil
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

#: modules of this package that are not protocols
_SHARED = ("base", "common")


def get_protocol(name: str):
    """Return the registered protocol ``name`` (imports protocol modules lazily).

    A built-in protocol's own module is imported first, then the plugins; the
    other protocol modules only if ``name`` is still unknown (for the error's list).
    """
    if name not in PROTOCOLS:
        from raphe.registry import load_plugins

        module = str(name).replace("-", "_")
        if module not in _SHARED and module in {info.name for info in pkgutil.iter_modules(__path__)}:
            importlib.import_module(f"{__name__}.{module}")
        if name not in PROTOCOLS:
            load_plugins()
        if name not in PROTOCOLS:
            load_all()
    return PROTOCOLS.get(name, field="experiment.protocol")


def load_all() -> Registry:
    """Import the protocol modules, then the ``raphe.plugins`` entry points; return the registry."""
    from raphe.registry import load_plugins

    for info in pkgutil.iter_modules(__path__):
        if info.name not in _SHARED:
            importlib.import_module(f"{__name__}.{info.name}")
    load_plugins()
    return PROTOCOLS


def register(protocol):
    """Add a protocol (a :class:`~raphe.experiments.protocols.base.CohortProtocol`) to the registry."""
    if protocol.name not in PROTOCOLS:
        PROTOCOLS.register(protocol.name, protocol)
    return PROTOCOLS.get(protocol.name)
