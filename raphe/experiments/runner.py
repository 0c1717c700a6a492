"""The generic runner: any registered protocol, atomic results, resume.

:func:`run_experiment` takes a loaded :class:`~raphe.experiments.config.RunConfig`
and an output path and

1. checks the output location is writable (before anything runs);
2. prepares the run's parts directory ``.<out>.parts/`` (or, with
   ``resume``, checks that it belongs to the same config and seed);
3. opens the results file under its temporary name ``.<out>.partial``,
   writes provenance, and calls ``protocol.run(validated, ctx)`` with a
   :class:`~raphe.experiments.protocols.RunContext` whose
   ``options["parts_dir"]`` is where finished work is flushed;
4. marks the file complete and renames it to ``out``; removes the parts.

On any failure or Ctrl-C the final name is never created; finished parts stay
for ``--resume``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from raphe.errors import WriteError
from raphe.io import store
from raphe.experiments.config import RunConfig
from raphe.experiments.protocols import RunContext


class RunInterrupted(KeyboardInterrupt):
    """Ctrl-C during a run; finished work was kept. ``str()`` says how to resume."""


class ResultsWriteError(WriteError):
    """The results file (or a part of it) could not be written (disk full, permissions)."""


@dataclass
class RunResult:
    """What a finished run produced."""

    path: Path
    n_resumed: int


def default_output(name: str, directory: str | os.PathLike = "results", quick: bool = False) -> Path:
    """``results/<name>.h5`` relative to the current directory (``<name>-quick.h5`` for a quick run).

    A quick run has its own default name, so it never replaces the complete
    result of the same experiment.
    """
    return Path(directory) / (f"{name}-quick.h5" if quick else f"{name}.h5")


def fingerprint(cfg: RunConfig) -> str:
    """Text identifying a run for ``--resume``: effective config and seed."""
    return f"# seed = {cfg.seed}\n# protocol = {cfg.protocol.name}\n{cfg.effective_text}"


def run_experiment(cfg: RunConfig, out, *, jobs: int = 1, resume: bool = False,
                   progress: Callable[[float], None] | None = None, cache_dir: str | None = None,
                   options: dict | None = None) -> RunResult:
    """Run ``cfg`` and write the results file ``out`` atomically.

    Parameters
    ----------
    cfg : RunConfig
    out : path
        Final results path (``.h5``).
    jobs : int
        Worker processes for the protocol.
    resume : bool
        Continue the interrupted run of the same config (reuse its parts).
    progress : callable, optional
        ``progress(n)`` advances a progress display by ``n`` units of
        ``cfg.protocol.work(cfg.validated)``.
    cache_dir : str, optional
        Cache directory handed to the protocol.
    options : dict, optional
        Extra options for the protocol.

    Raises
    ------
    RapheInputError
        Unwritable ``out``, or ``resume`` of a run with another config.
    RunInterrupted
        On Ctrl-C (finished subjects kept; the message says how to resume).
    """
    out = store.check_writable(Path(out))
    parts, n_kept = store.prepare_parts(store.parts_dir(out), fingerprint(cfg), resume)
    tmp = store.partial_path(out)
    tmp.unlink(missing_ok=True)
    ctx_options = dict(options or {})
    ctx_options.update(parts_dir=str(parts), resume=resume, out=str(out))
    try:
        with store.memory_file() as h5:  # on disk in one write at the end (store.save_image)
            store.write_root_attrs(h5, seed=cfg.seed, experiment=cfg.name, protocol=cfg.protocol.name,
                                   config_text=cfg.text, effective_text=cfg.effective_text,
                                   overrides=cfg.overrides, source=cfg.source)
            h5.attrs["resumed_parts"] = n_kept
            ctx = RunContext(h5=h5, seed=cfg.seed, jobs=max(1, int(jobs)),
                             progress=progress or (lambda n: None), cache_dir=cache_dir,
                             options=ctx_options)
            cfg.protocol.run(cfg.validated, ctx)
            h5.attrs["complete"] = True
            store.save_image(h5, out, tmp)
    except KeyboardInterrupt:
        raise RunInterrupted(f"interrupted; {_kept(parts)}; continue with the same command plus "
                             f"--resume") from None
    except OSError as err:  # disk full, permissions changed under us ...
        path = err.path if isinstance(err, WriteError) else (err.filename or out)
        hint = f"{_kept(parts)} (free space, then the same command plus --resume)"
        raise ResultsWriteError(path, err, "; ".join(x for x in (getattr(err, "hint", ""), hint) if x)) from err
    finally:
        tmp.unlink(missing_ok=True)
        if not store.finished_parts(parts):  # nothing to resume from: no empty parts folder left
            store.remove_parts(parts)
    store.remove_parts(parts)
    return RunResult(path=out, n_resumed=n_kept)


def _kept(parts: Path) -> str:
    n_done = len(store.finished_parts(parts))
    return f"{n_done} finished subject(s) kept in {parts}" if n_done else "no finished subject kept"
