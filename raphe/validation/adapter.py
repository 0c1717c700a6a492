"""The one place the validation suite runs experiments.

:func:`run_experiment` takes an experiment config (a built-in name or a dict in
the TOML layout) plus ``KEY=VALUE`` overrides, runs it with the project's
runner and returns the path of the finished HDF5 file. Until the public
experiment API (``raphe.run``) is on main, this goes through
:mod:`raphe.experiments.config` and :mod:`raphe.experiments.runner`; when it
lands, only this module changes.

:class:`Runs` memoizes runs within one suite, so targets that read the same
experiment (two regions of one microdialysis study) share it.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from pathlib import Path
from typing import Mapping, Sequence

log = logging.getLogger(__name__)


def config_text(config: str | Mapping, overrides: Sequence[str] = ()) -> str:
    """A stable text identifying an experiment: the TOML of a dict config (or the
    built-in name) and the overrides."""
    from raphe.experiments.config import dumps_toml

    body = config if isinstance(config, str) else dumps_toml(config)
    return body + "\n# overrides\n" + "\n".join(overrides)


def run_experiment(config: str | Mapping, out: Path, overrides: Sequence[str] = (), *,
                   jobs: int = 1, cache_dir: str | None = None) -> Path:
    """Run one experiment and return its results file.

    Parameters
    ----------
    config : str or mapping
        A built-in experiment name, a TOML path, or a config dict in the TOML
        layout (``{"experiment": {...}, "microdialysis": {...}, "group": [...]}``).
    out : path
        Results file to write (``.h5``).
    overrides : sequence of str
        ``KEY=VALUE`` strings, as ``raphe run --set`` takes them.
    jobs : int
        Worker processes for the protocol's spiking windows.
    cache_dir : str, optional
        Surface and build cache (default: the project's, ``$RAPHE_CACHE``).

    Returns
    -------
    Path
        ``out``, complete.
    """
    from raphe.experiments.config import dumps_toml, load_config
    from raphe.experiments.runner import run_experiment as _run

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(config, str):
        cfg = load_config(config, overrides=list(overrides))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "experiment.toml"
            path.write_text(dumps_toml(config))
            cfg = load_config(str(path), overrides=list(overrides))
    log.info("running %s -> %s", cfg.name, out)
    _run(cfg, out, jobs=jobs, cache_dir=cache_dir, options={"no_plot": True})
    return out


class Runs:
    """Runs of one suite, memoized by config and overrides.

    Parameters
    ----------
    directory : path
        Where the results files go (one per distinct experiment).
    jobs : int
    cache_dir : str, optional
    """

    def __init__(self, directory, jobs: int = 1, cache_dir: str | None = None):
        self.directory = Path(directory)
        self.jobs = jobs
        self.cache_dir = cache_dir
        self._done: dict[str, Path] = {}

    def run(self, config: str | Mapping, overrides: Sequence[str] = (), label: str = "run") -> Path:
        """The results file of ``config`` with ``overrides`` (run once per suite)."""
        key = hashlib.sha256(config_text(config, overrides).encode()).hexdigest()[:16]
        if key not in self._done:
            out = self.directory / f"{label}-{key}.h5"
            self._done[key] = run_experiment(config, out, overrides, jobs=self.jobs,
                                             cache_dir=self.cache_dir)
        return self._done[key]
