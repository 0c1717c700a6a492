"""Protocol registry: one module per protocol (microdialysis, binding, ...).

A protocol turns a validated config section into work on virtual subjects and
writes its readouts into the open results file. Adding a protocol is one
module that calls :func:`register` at import and one line in ``_MODULES``.
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


@dataclass(frozen=True)
class Protocol:
    """A registered protocol.

    Attributes
    ----------
    name : str
        Name used in configs: ``[experiment] protocol = "microdialysis"``.
    description : str
        One line for ``raphe list protocols``.
    validate : callable
        ``validate(config: dict) -> object``: the whole raw config (parsed TOML)
        to a validated, frozen protocol config; raises ``RapheInputError``.
    run : callable
        ``run(validated, ctx: RunContext) -> None``: simulate and write results.
    work : callable
        ``work(validated) -> float``: total progress units, for the progress bar.
    plot : callable
        ``plot(h5file, png_path) -> None``: the protocol's figure from a results file.
    unit : str
        What one unit of ``work`` is, for the progress bar (``"subject"``, ``"assay"``).
    model : type
        The pydantic model of the protocol's config
        (:mod:`raphe.experiments.models`; ``raphe schema NAME`` prints its JSON schema).
    """

    name: str
    description: str
    validate: Callable[[dict], Any]
    run: Callable[[Any, RunContext], None]
    work: Callable[[Any], float]
    plot: Callable[[Any, str], None]
    unit: str = "step"
    model: Any = None


PROTOCOLS: Registry[Protocol] = Registry("protocol")

#: protocol modules imported on first use of the registry
_MODULES = ("microdialysis", "binding", "electrophysiology", "chronic")


def get_protocol(name: str) -> Protocol:
    """Return the registered protocol ``name`` (imports protocol modules lazily)."""
    load_all()
    return PROTOCOLS.get(name, field="experiment.protocol")


def load_all() -> Registry[Protocol]:
    for module in _MODULES:
        try:
            importlib.import_module(f"raphe.experiments.protocols.{module}")
        except ModuleNotFoundError as err:  # a protocol still being written
            if err.name != f"raphe.experiments.protocols.{module}":
                raise
    return PROTOCOLS


def register(protocol: Protocol) -> Protocol:
    if protocol.name not in PROTOCOLS:
        PROTOCOLS.register(protocol.name, protocol)
    return PROTOCOLS.get(protocol.name)
