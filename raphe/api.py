"""The Python API: run an experiment, load its results as data frames.

Examples
--------
>>> import raphe
>>> res = raphe.run("acute-microdialysis", subjects=2, seed=1)       # doctest: +SKIP
>>> res.summary.query("region == 'NAc' and analyte == '5-HT'")     # doctest: +SKIP
>>> res.plot()                                                        # doctest: +SKIP
>>> raphe.load(res.path).data.head()                                  # doctest: +SKIP

``raphe run NAME`` on the command line calls :func:`run`, so the command line,
a script and an interactive session give identical datasets for the same
experiment and seed.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

log = logging.getLogger(__name__)


def configure(experiment, *, subjects: int | None = None, seed: int | None = None, overrides=()):
    """The validated run config of ``experiment``; simulates nothing.

    Parameters
    ----------
    experiment : str, Path, Experiment or RunConfig
        A built-in experiment name (``"acute-microdialysis"``), a ``.toml``
        path, an experiment object (:class:`raphe.Microdialysis`, ...) or an
        already loaded run config.
    subjects : int, optional
        Subjects per group (``cohort.n``).
    seed : int, optional
        Seed of the run (``experiment.seed``).
    overrides : sequence of str
        ``KEY=VALUE`` strings as given to ``raphe run --set``.

    Raises
    ------
    RapheInputError
        One line naming the key, before anything runs.
    """
    from raphe.experiments import config as C
    from raphe.experiments.models import Experiment

    if isinstance(experiment, C.RunConfig):
        if not (subjects is None and seed is None and not overrides):
            return C.load_text(experiment.text, experiment.name, experiment.source,
                               overrides=list(experiment.overrides) + list(overrides),
                               subjects=subjects, seed=seed)
        return experiment
    if isinstance(experiment, Experiment):
        return C.load_text(experiment.to_toml(), experiment.name, "python", overrides=overrides,
                           subjects=subjects, seed=seed)
    if isinstance(experiment, (str, Path)):
        return C.load_config(str(experiment), overrides=overrides, subjects=subjects, seed=seed)
    from raphe.errors import RapheInputError

    raise RapheInputError("experiment", experiment,
                          "a built-in experiment name, a .toml path or an experiment object")


def run(experiment, *, subjects: int | None = None, seed: int | None = None, jobs: int = 1,
        out=None, overrides=(), resume: bool = False, plot: bool = False, quick: bool = False,
        progress: Callable[[float], None] | None = None, cache_dir: str | None = None) -> "Results":
    """Run an experiment and return its results.

    Parameters
    ----------
    experiment : str, Path, Experiment or RunConfig
        See :func:`configure`.
    subjects, seed, overrides
        See :func:`configure`.
    jobs : int
        Worker processes (as ``raphe run --jobs``; results do not depend on it).
        Scripts that use more than one must guard their entry point with
        ``if __name__ == "__main__":``.
    out : path, optional
        Results file (default ``results/<name>.h5`` under the current directory;
        ``results/<name>-quick.h5`` when ``quick``, so a quick run never replaces a full one).
    resume : bool
        Continue an interrupted run of the same config and seed.
    plot : bool
        Also draw the figure next to the file (``<out>.png``).
    quick : bool
        Run the shortened version (as ``raphe run NAME --quick``; :mod:`raphe.experiments.quick`).
    progress : callable, optional
        ``progress(n)`` is called as work finishes (``n`` units of the protocol's work).
    cache_dir : str, optional
        Cache directory for response surfaces (default ``$RAPHE_CACHE`` or ``~/.cache/raphe``).

    Returns
    -------
    Results

    Raises
    ------
    RapheInputError
        Bad input, before anything runs.
    RunInterrupted
        Ctrl-C; finished subjects are kept for ``resume=True``.
    """
    from raphe.io import store
    from raphe.experiments.runner import default_output, run_experiment

    if quick:
        from raphe.experiments.quick import quick_overrides

        protocol = configure(experiment).protocol.name
        overrides = quick_overrides(protocol) + list(overrides)
    cfg = configure(experiment, subjects=subjects, seed=seed, overrides=overrides)
    out = Path(out) if out is not None else default_output(cfg.name, quick=quick)
    store.check_writable(out, field="out")
    log.info("running %s (%s, seed %d) into %s", cfg.name, cfg.protocol.name, cfg.seed, out)
    result = run_experiment(cfg, out, jobs=jobs, resume=resume, progress=progress, cache_dir=cache_dir)
    res = Results(result.path)
    res.n_resumed = result.n_resumed
    if plot:
        res.plot()
    return res


def sweep(experiment, grid: dict | None = None, *, zip: bool | None = None, subjects: int | None = None,
          seed: int | None = None, jobs: int | None = None, out=None, overrides=(), resume: bool = False,
          plot: bool = False, progress: Callable[[float], None] | None = None) -> "Results":
    """Run a parameter sweep (as ``raphe sweep``) and return its results.

    Parameters
    ----------
    experiment : str, Path or Experiment
        Config of every point (a ``[sweep]`` table in a TOML file is used).
    grid : dict, optional
        ``{config key: [values]}``, e.g.
        ``{"group.0.doses.0.amount": ["1 mg/kg", "10 mg/kg"]}``.
    zip : bool, optional
        Pair the i-th values of every key instead of the product.
    jobs : int, optional
        Local worker processes (default: all cores).
    """
    from raphe.io import store
    from raphe.experiments.executors import make_executor
    from raphe.experiments.models import Experiment, to_toml_value
    from raphe.experiments.runner import default_output
    from raphe.experiments.sweep import load_sweep, run_sweep

    grid_args = []
    for key, values in (grid or {}).items():
        grid_args.append((key, [to_toml_value(v, f"grid.{key}") for v in values]))
    if isinstance(experiment, Experiment):
        source = (experiment.name, experiment.to_toml(), "python")
    else:
        source = str(experiment)
    sw = load_sweep(source, grid=grid_args, zip_=zip, overrides=overrides, subjects=subjects, seed=seed)
    out = Path(out) if out is not None else default_output(sw.name)
    store.check_writable(out, field="out")
    executor = make_executor(jobs=jobs)
    try:
        result = run_sweep(sw, out, executor=executor, resume=resume, progress=progress)
    finally:
        executor.close()
    res = Results(result.path)
    res.n_resumed = result.n_resumed
    if plot:
        res.plot()
    return res


def script_options(description: str = "", argv=None) -> dict:
    """Command-line options of an experiment script, as keyword arguments of :func:`run`.

    Every script in the top-level ``experiments/`` folder takes ``--quick``
    (the experiment shortened, :mod:`raphe.experiments.quick`), ``--out``,
    ``--seed``, ``--subjects`` and ``--jobs``; the result is passed to
    :func:`run` as ``raphe.run(experiment, **options)``. ``options["quick"]``
    is popped by :func:`run`.
    """
    import argparse

    parser = argparse.ArgumentParser(description=(description or "").strip().splitlines()[0] if description
                                     else None)
    parser.add_argument("--quick", action="store_true", help="a shortened version (about a minute)")
    parser.add_argument("--out", help="results file (default results/<name>.h5; results/<name>-quick.h5 "
                        "with --quick)")
    parser.add_argument("--seed", type=int, help="seed of the run")
    parser.add_argument("--subjects", type=int, help="subjects per group")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    args = parser.parse_args(argv)
    return {"quick": args.quick, "out": args.out, "seed": args.seed, "subjects": args.subjects,
            "jobs": args.jobs}


def load(path) -> "Results":
    """The :class:`Results` of a finished results file.

    Raises
    ------
    ResultsFileError
        One line: missing, truncated, foreign, another format version or unfinished.
    """
    return Results(path)


class Results:
    """A finished results file, read as data frames.

    Attributes
    ----------
    path : Path
        The HDF5 file.
    protocol : str
        ``microdialysis``, ``electrophysiology``, ``chronic``, ``binding`` or ``sweep``.
    name : str
        The experiment's name.
    seed : int
    attrs : dict
        Root attributes (provenance, config text).

    Notes
    -----
    Data frames are read on first use and kept; nothing is simulated.
    """

    def __init__(self, path):
        from raphe.io.read import open_results
        from raphe.io.frames import text

        self.path = Path(path)
        with open_results(self.path) as h5:
            self.attrs = {k: (text(v) if isinstance(v, (bytes, str)) else v) for k, v in h5.attrs.items()}
        self.protocol = str(self.attrs["protocol"])
        self.name = str(self.attrs.get("experiment", self.path.stem))
        self.seed = int(self.attrs["seed"])
        self.n_resumed = 0
        self._cache: dict = {}

    def _read(self, key, fn, *args):
        if key not in self._cache:
            from raphe.io.read import open_results

            with open_results(self.path) as h5:
                self._cache[key] = fn(h5, *args)
        return self._cache[key].copy()

    @property
    def data(self):
        """The protocol's measurements as a tidy data frame.

        Microdialysis: samples as measured (:func:`raphe.io.frames.samples`);
        electrophysiology: single units per dose (:func:`~raphe.io.frames.units`);
        chronic: readouts per recording day (:func:`~raphe.io.frames.recordings`);
        binding and sweeps: their per-row tables.
        """
        from raphe.io import frames

        if self.protocol == "microdialysis":
            return self._read("data", frames.samples)
        if self.protocol == "electrophysiology":
            return self._read("data", frames.units)
        if self.protocol == "chronic":
            return self._read("data", frames.recordings)
        if self.protocol == "sweep":
            return self._read("data", lambda h5: frames.with_unit_columns(frames.table(h5["summary/sweep/subjects"]))
                              if "summary/sweep/subjects" in h5 else frames.summary(h5, "sweep"))
        return self.summary

    @property
    def summary(self):
        """Group statistics as a paper would report them (a data frame)."""
        from raphe.io import frames

        return self._read("summary", frames.summary, self.protocol)

    @property
    def subjects(self):
        """One row per virtual subject: group, seeds, body weight and PK factors."""
        from raphe.io import frames

        return self._read("subjects", frames.subjects)

    def timeseries(self, kind: str = "concentration"):
        """Per-subject time series (see :func:`raphe.io.frames.timeseries` for ``kind``)."""
        from raphe.io import frames

        return self._read(("timeseries", kind), frames.timeseries, kind)

    @property
    def config_toml(self) -> str:
        """The config that ran (after overrides), as TOML text."""
        return str(self.attrs.get("config_effective_toml") or self.attrs.get("config_toml", ""))

    @property
    def experiment(self):
        """The experiment that ran, as an object (:class:`raphe.Microdialysis`, ...)."""
        from raphe.experiments.models import Experiment

        return Experiment.from_toml(self.config_toml)

    def plot(self, path=None) -> Path:
        """Draw the protocol's figure (default: the results path with ``.png``); returns its path."""
        from raphe.experiments.commands.plot import draw

        return draw(self.path, path)

    def to_nwb(self, path=None, **options) -> list:
        """Export to NWB, one file per subject (needs the ``nwb`` extra: pynwb).

        ``path`` (``OUT.nwb``, default: the results path with ``.nwb``) names the set: the
        files are ``OUT-<subject>.nwb`` (``OUT.nwb`` itself when one subject is exported).
        ``options`` go to :func:`raphe.io.nwb.export` (``subjects``, ``age``, ``sex``,
        ``experimenter``, ``institution``). Returns the paths written.
        """
        from raphe.io.nwb import export

        return export(self.path, path, **options)

    def open(self):
        """The results file opened read-only (an :class:`h5py.File`; use it in a ``with`` block)."""
        from raphe.io.read import open_results

        return open_results(self.path)

    def inspect(self) -> str:
        """What ``raphe inspect`` prints about the file."""
        from raphe.io.read import describe

        return describe(self.path).text

    def __repr__(self):
        return f"Results({str(self.path)!r}, protocol={self.protocol!r}, name={self.name!r}, seed={self.seed})"
