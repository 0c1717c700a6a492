"""Helper processes that run the missing windows of a surface request side by side.

Each process keeps its helpers (spawned, from the one parallel layer,
:func:`raphe.experiments.executors.spawn_pool`) for its life, shared by every
surface, so each helper loads a compiled circuit once; results do not depend
on the number of helpers.
"""

from __future__ import annotations

import contextlib

from raphe.circuits.spec import CircuitSpec
from raphe.experiments.engine.cache import standalone_root
from raphe.experiments.engine.settings import EngineSettings

_HELPERS: dict = {}
_HELPER_SURFACES: dict = {}
_KEEP = [0]  # depth of keep_helpers() blocks


def has_helper_pool(n: int) -> bool:
    """Whether this process holds a pool of ``n`` helpers."""
    return n in _HELPERS


def active_helper_pools() -> dict:
    """``{n: pool}`` of the helper pools this process holds (a copy)."""
    return dict(_HELPERS)


def helper_pool(n: int):
    """This process's pool of ``n`` helper processes for surface windows (started on first use).

    Helpers are spawned (not forked: a forked Brian2 device state is not
    safe), kept for the life of the process and shared by every surface, so
    each loads a compiled circuit once. :func:`shutdown_helpers` stops them.
    """
    pool = _HELPERS.get(n)
    if pool is None:
        from raphe.experiments.executors import spawn_pool

        pool = spawn_pool(n)
        _HELPERS[n] = pool
    return pool


def drop_helper_pool(n: int) -> None:
    pool = _HELPERS.pop(n, None)
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def shutdown_helpers() -> None:
    """Stop every helper process of this process (they are restarted when needed)."""
    for n in list(_HELPERS):
        pool = _HELPERS.pop(n)
        pool.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def keep_helpers():
    """Keep this process's helpers alive across runs inside the block (a suite of
    experiments on one circuit loads it once per helper); stopped at its end."""
    _KEEP[0] += 1
    try:
        yield
    finally:
        _KEEP[0] -= 1
        if not _KEEP[0]:
            shutdown_helpers()


def release_helpers() -> None:
    """End of a run: stop the helpers, unless a :func:`keep_helpers` block holds them."""
    if not _KEEP[0]:
        shutdown_helpers()


def helper_load(circuit: CircuitSpec, settings: EngineSettings) -> None:
    """In a helper process: load the circuit's compiled windows (cpp_standalone) ahead of use."""
    if settings.backend == "cpp_standalone":
        from raphe.circuits.standalone import load

        load(circuit, warmup=settings.warmup, duration=settings.window,
             directory=standalone_root(settings.cache_dir))


def helper_evaluate(circuit: CircuitSpec, settings: EngineSettings, full: dict, record_spikes: bool):
    """In a helper process: the window at ``full`` (cached or run) and whether it was run."""
    import dataclasses

    from raphe.experiments.engine.surface import ResponseSurface

    settings = dataclasses.replace(settings, workers=1)
    surface = ResponseSurface(circuit, settings)
    surface = _HELPER_SURFACES.setdefault((surface.directory, repr(settings)), surface)
    runs = surface.windows_run
    result = surface.evaluate(full, record_spikes=record_spikes)
    return result, surface.windows_run > runs
