"""The one place the validation suite runs experiments.

:func:`run_experiment` takes an experiment config (a built-in name or a dict in
the TOML layout) plus ``KEY=VALUE`` overrides, runs it through the public
experiment API (:func:`raphe.run`, as a user would) and returns the path of the
finished HDF5 file.

:class:`Runs` memoizes runs within one suite, so targets that read the same
experiment (two regions of one microdialysis study) share it.
"""

from __future__ import annotations

import hashlib
import logging
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
    import raphe
    from raphe.experiments.config import dumps_toml, load_text

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(config, str):
        experiment = config
    else:  # a config dict in the TOML layout: its saved form, read as `raphe run FILE.toml` would
        name = str(config.get("experiment", {}).get("name", "validation"))
        experiment = load_text(dumps_toml(config), name, f"validation:{name}")
    log.info("running %s -> %s", name if not isinstance(config, str) else config, out)
    raphe.run(experiment, out=out, overrides=list(overrides), jobs=jobs, cache_dir=cache_dir, plot=False)
    return out


def _run_in_background(config, out, overrides, cache_dir) -> Path:
    """:func:`run_experiment` in a background process, its errors as picklable RuntimeErrors."""
    try:
        return run_experiment(config, out, overrides, jobs=1, cache_dir=cache_dir)
    except Exception as exc:
        raise RuntimeError(f"{type(exc).__name__}: {exc}") from None


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
        self._started: dict = {}
        self._pool = None

    @staticmethod
    def key(config: str | Mapping, overrides: Sequence[str] = ()) -> str:
        return hashlib.sha256(config_text(config, overrides).encode()).hexdigest()[:16]

    def run(self, config: str | Mapping, overrides: Sequence[str] = (), label: str = "run") -> Path:
        """The results file of ``config`` with ``overrides`` (run once per suite; if
        :meth:`start` began it, wait for it)."""
        key = self.key(config, overrides)
        if key in self._started:
            self._done[key] = self._started.pop(key).result()
        if key not in self._done:
            out = self.directory / f"{label}-{key}.h5"
            self._done[key] = run_experiment(config, out, overrides, jobs=self.jobs,
                                             cache_dir=self.cache_dir)
        return self._done[key]

    def start(self, config: str | Mapping, overrides: Sequence[str] = (), label: str = "run") -> None:
        """Begin the run of ``config`` in one background process (one job), so that an
        experiment bound by latency rather than by cores (a chronic slow clock waits for
        one step's few windows at a time) overlaps the others; :meth:`run` of the same
        config waits for it. Results do not depend on where a run ran."""
        key = self.key(config, overrides)
        if key in self._done or key in self._started:
            return
        if self._pool is None:
            from raphe.experiments.executors import spawn_pool

            self._pool = spawn_pool(1)
        out = self.directory / f"{label}-{key}.h5"
        self._started[key] = self._pool.submit(_run_in_background, config, out, tuple(overrides),
                                               self.cache_dir)

    def close(self) -> None:
        """Stop the background process (runs started and not waited for are abandoned)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._started.clear()

    @property
    def files(self) -> dict[str, Path]:
        """The results file of every run so far, by config key."""
        return dict(self._done)
