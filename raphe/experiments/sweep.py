"""Parameter sweeps: a grid of configs, one task per sweep point and subject.

A sweep takes an experiment config and a grid over config keys (the keys of
``--set``, e.g. ``group.0.doses.0.amount``), from the command line
(``--grid KEY=V1,V2,...``) or from a ``[sweep]`` table in the TOML file::

    [sweep]
    zip = false                  # true: pair the i-th values instead of the product
    x = "group.0.doses.0.amount" # x axis of the figure and of ED50 fits (default: first key)
    readouts = ["NAc/5-HT", "PFC/5-HT", "NAc/DA"]   # fitted and drawn (default: all)
    fit = "hill"                 # "hill", "logistic" or "none"

    [sweep.grid]
    "group.0.doses.0.amount" = ["0.3 mg/kg", "1 mg/kg", "3 mg/kg", "10 mg/kg", "30 mg/kg"]

Every point's config is validated before anything runs (a bad key or value
is a one-line :class:`~raphe.errors.RapheInputError` naming it).

Random state
    Point ``i`` has its own seed, ``SeedSequence(run seed, spawn_key=(0x5EE9, i))``;
    its cohort (PK and probe variability, assay noise, engine seeds) is drawn
    from that seed exactly as a ``raphe run`` draws a cohort from the run
    seed. The circuit shared by the subjects (``circuit.individual = false``)
    comes from the *run* seed, so every point probes the same virtual strain,
    and one compiled circuit and one response surface serve the whole sweep.
    Nothing depends on the executor, the number of workers or the order in
    which tasks finish: the same config and seed give identical datasets.

Tasks, parts, resume
    Each (point, subject) is one task: it runs the protocol's subject function
    in a worker and writes its own part ``.<out>.parts/pNNN/<subject>.h5``
    (atomically, :func:`raphe.io.store.write_part`). A failed task is
    retried once; if it fails again the sweep stops after the other tasks,
    reports each failed task with its parameters and error, keeps every
    finished part, and ``--resume`` continues. The gather step copies each
    point's parts under ``/points/pNNN/`` (the same layout as a ``raphe run``
    file: ``subjects``, ``microdialysis``, ``summary/microdialysis``,
    ``cohort``, ``spikes``), then writes the tidy table ``/summary/sweep/``
    and ED50 fits, into ``.<out>.partial``, renamed to ``out`` when complete.

Layout of ``/summary/sweep/`` (one dataset per column, ``units`` attributes)
    One row per (point, group): ``point``, one column per grid key (numbers
    with a ``units`` attribute when every value is ``"<number> <unit>"`` with
    the same unit, otherwise text), ``group``, ``n``, and per probed region
    and analyte ``auc_<region>_<analyte>`` (group mean, % baseline x min),
    ``auc_<region>_<analyte>_sem`` and ``peak_<region>_<analyte>`` (% baseline).
    ``/summary/sweep/subjects/`` has the same per subject (``subject``,
    ``engine_seed``, ``auc_*``); ``/summary/sweep/fits/<region>_<analyte>``
    holds the ED50 fit as attributes.
"""

from __future__ import annotations

import copy
import itertools
import json
import math
import logging
import os
import re
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import h5py
import numpy as np
from pydantic import Field

from raphe.errors import RapheError, RapheInputError
from raphe.experiments import config as C
from raphe.experiments import models
from raphe.experiments.executors import Executor, make_executor
from raphe.io import store

log = logging.getLogger(__name__)

#: Spawn-key tag of the per-point seeds.
POINT_TAG = 0x5EE9

class SweepTable(models.Model):
    """``[sweep]``: the grid of a sweep and what is fitted."""

    grid: dict[str, Any] = Field(default_factory=dict, description="config key -> list of values")
    zip: models.Bool = Field(False, description="pair the i-th values of every key instead of the product")
    x: models.Str = Field("", description="grid key on the x axis of the figure and ED50 fits")
    readouts: list[Any] = Field(default_factory=list, description="REGION/ANALYTE readouts to fit and draw")
    fit: models.choice(lambda: ("hill", "logistic", "none"), "dose-response model") = "hill"


class SweepFailed(RapheError):
    """Tasks of a sweep failed twice; finished tasks were kept for ``--resume``."""


# ---------------------------------------------------------------- grid parsing


def _split_values(text: str) -> list[str]:
    """Split ``V1,V2,...`` on commas outside brackets and quotes."""
    out, depth, quote, cur = [], 0, "", []
    for ch in text:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append("".join(cur).strip())
            cur = []
            continue
        cur.append(ch)
    out.append("".join(cur).strip())
    return out


def parse_grid(text: str) -> tuple[str, list]:
    """Parse one ``--grid KEY=V1,V2,...`` into ``(key, values)``.

    Values are read like ``--set`` values (TOML when they are TOML, else text),
    so ``group.0.doses.0.amount=0.3 mg/kg,1 mg/kg`` needs no quotes.

    Raises
    ------
    RapheInputError
        No ``=``, a malformed key, an empty value or a repeated value.
    """
    example = "KEY=V1,V2,... e.g. group.0.doses.0.amount=1 mg/kg,10 mg/kg"
    if not isinstance(text, str) or "=" not in text:
        raise RapheInputError("--grid", text, example)
    key, values = text.split("=", 1)
    key = key.strip()
    try:
        C.parse_set(f"{key}=0")
    except RapheInputError:
        raise RapheInputError("--grid", text, "a dotted KEY of letters, digits, _ + - ("
                              + example + ")") from None
    items = _split_values(values)
    if not items or any(v == "" for v in items):
        raise RapheInputError(f"--grid {key}", values, "a comma-separated list of values, none empty")
    parsed = [C.parse_set(f"{key}={v}")[1] for v in items]
    return key, _check_values(f"--grid {key}", parsed)


def _check_values(field: str, values) -> list:
    if not isinstance(values, list) or not values:
        raise RapheInputError(field, values, "a non-empty list of values")
    texts = [json.dumps(v, sort_keys=True, default=str) for v in values]
    if len(set(texts)) != len(texts):
        raise RapheInputError(field, values, "values without repeats")
    return values


# ---------------------------------------------------------------- sweep definition


@dataclass(frozen=True)
class Point:
    """One sweep point.

    Attributes
    ----------
    index : int
    id : str
        ``pNNN``.
    values : dict
        Grid key -> value (as in TOML).
    seed : int
        The point's seed (its cohort is drawn from it).
    """

    index: int
    id: str
    values: dict
    seed: int

    @property
    def label(self) -> str:
        return ", ".join(f"{k}={_text(v)}" for k, v in self.values.items())


def _text(v) -> str:
    return v if isinstance(v, str) else C.dumps_toml({"v": v}).split("=", 1)[1].strip()


def point_seed(run_seed: int, index: int) -> int:
    """Seed of sweep point ``index``: a SeedSequence child of the run seed (63 bits)."""
    state = np.random.SeedSequence(int(run_seed), spawn_key=(POINT_TAG, int(index))).generate_state(
        1, dtype=np.uint64)[0]
    return int(state >> np.uint64(1))


@dataclass
class Sweep:
    """A validated sweep: base config, grid, points and their configs.

    Attributes
    ----------
    name, source, text : str
        Experiment name, config source, config text as given.
    base_raw : dict
        Parsed config after ``--set`` (without ``[sweep]``).
    overrides : list of str
        ``--set``/``--subjects``/``--seed`` strings applied to the base.
    seed : int
        The run's seed.
    grid : dict
        Key -> list of values (insertion order = product order, first slowest).
    zip : bool
    x : str
        Grid key of the figure's x axis.
    readouts : list of str
        ``REGION/ANALYTE`` to fit and draw.
    fit : str
    protocol : Protocol
    points : list of Point
    configs : list
        The protocol's validated config of each point.
    """

    name: str
    source: str
    text: str
    base_raw: dict
    overrides: list
    seed: int
    grid: dict
    zip: bool
    x: str
    readouts: list
    fit: str
    protocol: Any
    points: list = field(default_factory=list)
    configs: list = field(default_factory=list)

    @property
    def effective_text(self) -> str:
        """Base config plus the ``[sweep]`` table as it ran, as TOML."""
        raw = copy.deepcopy(self.base_raw)
        raw["sweep"] = {"zip": self.zip, "x": self.x, "readouts": list(self.readouts), "fit": self.fit,
                        "grid": {k: list(v) for k, v in self.grid.items()}}
        return C.dumps_toml(raw)

    def fingerprint(self) -> str:
        """Identifies a sweep for ``--resume``: effective config and seed."""
        return f"# sweep\n# seed = {self.seed}\n{self.effective_text}"

    @property
    def n_tasks(self) -> int:
        return sum(len(self.protocol.subjects(c, p.seed)) for p, c in zip(self.points, self.configs))


def _validate_point(base_raw: dict, assignments: list):
    """Apply grid values to a copy of the base config and validate it."""
    from raphe.experiments.protocols import get_protocol

    raw = copy.deepcopy(base_raw)
    for key, value in assignments:
        try:
            C.apply_set(raw, key.split("."), copy.deepcopy(value))
        except RapheInputError as err:
            raise RapheInputError(err.field.replace("--set ", "--grid ", 1), err.value,
                                  err.expected) from None
    protocol = get_protocol(C.experiment_info(raw).protocol)
    return protocol, protocol.validate(raw)


def load_sweep(name_or_path: str, grid=(), zip_: bool | None = None, overrides=(),
               subjects: int | None = None, seed: int | None = None) -> Sweep:
    """Resolve a config, combine its ``[sweep]`` table with ``--grid``, validate every point.

    Parameters
    ----------
    name_or_path : str
        Built-in experiment (e.g. ``dose-response``) or a TOML file.
    grid : sequence of str or (key, values)
        ``KEY=V1,V2,...`` strings (or ``(key, values)`` pairs); a key given here replaces the same key of
        the ``[sweep.grid]`` table, new keys are added after it.
    zip_ : bool, optional
        Pair values instead of the product (default: the config's ``zip``).
    overrides : sequence of str
        ``--set KEY=VALUE`` applied to the base config.
    subjects, seed : int, optional
        As for ``raphe run``.

    Raises
    ------
    RapheInputError
        Any problem, naming the key, before anything runs.
    """
    if isinstance(name_or_path, tuple):  # (name, TOML text, source) of a config made in Python
        name, text, source = name_or_path
    else:
        name, text, source = C.resolve(name_or_path)
    raw = C.parse_toml(text, source if not source.startswith("builtin:") else name)
    sweep_raw = raw.pop("sweep", {})
    table = models.validate(SweepTable, sweep_raw, prefix=("sweep",))
    applied = list(overrides)
    for item in overrides:
        path, value = C.parse_set(item)
        if path[0] == "sweep":
            raise RapheInputError("--set " + ".".join(path), value, "a config key (use --grid/--zip "
                                  "for the sweep)")
        C.apply_set(raw, path, value)
    if subjects is not None:
        if isinstance(subjects, bool) or not isinstance(subjects, int) or subjects < 1:
            raise RapheInputError("--subjects", subjects, "a positive integer")
        C.apply_set(raw, ["cohort", "n"], subjects)
        applied.append(f"cohort.n={subjects}")
    if seed is not None:
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise RapheInputError("--seed", seed, "a non-negative integer")
        C.apply_set(raw, ["experiment", "seed"], seed)
        applied.append(f"experiment.seed={seed}")
    exp = C.experiment_info(raw)

    keys: dict = {}
    for key, values in table["grid"].items():
        try:
            C.parse_set(f"{key}=0")
        except RapheInputError:
            raise RapheInputError(f"sweep.grid.{key}", values, "a dotted config key") from None
        keys[key] = _check_values(f"sweep.grid.{key}", values)
    for item in grid:
        if isinstance(item, tuple):  # (key, values) from Python
            key, values = item
            try:
                C.parse_set(f"{key}=0")
            except RapheInputError:
                raise RapheInputError(f"grid.{key}", values, "a dotted config key") from None
            values = _check_values(f"grid.{key}", list(values))
        else:
            key, values = parse_grid(item)
        keys[key] = values
    if not keys:
        raise RapheInputError("--grid", "(none)", "at least one --grid KEY=V1,V2,... or a [sweep.grid] table")
    do_zip = table["zip"] if zip_ is None else bool(zip_)
    if do_zip:
        lengths = {k: len(v) for k, v in keys.items()}
        if len(set(lengths.values())) > 1:
            raise RapheInputError("--zip", lengths, "grid keys with the same number of values")
        combos = list(zip(*keys.values()))
    else:
        combos = list(itertools.product(*keys.values()))
    x = table["x"] or next(iter(keys))
    if x not in keys:
        raise RapheInputError("sweep.x", x, "one of the grid keys: " + ", ".join(keys))
    readouts = table["readouts"]
    if not isinstance(readouts, list) or not all(isinstance(r, str) and r.count("/") == 1 for r in readouts):
        raise RapheInputError("sweep.readouts", readouts, 'a list like ["NAc/5-HT", "PFC/5-HT"]')

    sw = Sweep(name=exp.name or name, source=source, text=text, base_raw=raw, overrides=applied,
               seed=exp.seed, grid=keys, zip=do_zip, x=x, readouts=list(readouts),
               fit=table["fit"], protocol=None)
    for i, combo in enumerate(combos):
        values = dict(zip(keys, combo))
        protocol, validated = _validate_point(raw, list(values.items()))
        sw.protocol = protocol
        sw.points.append(Point(index=i, id=f"p{i:03d}", values=values, seed=point_seed(sw.seed, i)))
        sw.configs.append(validated)
    if sw.readouts and sw.protocol.name != "microdialysis":
        raise RapheInputError("sweep.readouts", sw.readouts, "no readouts (REGION/ANALYTE readouts are "
                              "microdialysis AUCs; other protocols tabulate their summary)")
    for r in sw.readouts:
        region, analyte = r.split("/")
        cfg = sw.configs[0]
        if region not in cfg.md["regions"] or analyte not in cfg.md["analytes"]:
            raise RapheInputError("sweep.readouts", r, "a probed REGION/ANALYTE ("
                                  + ", ".join(f"{a}/{b}" for a in cfg.md["regions"]
                                              for b in cfg.md["analytes"]) + ")")
    return sw


# ---------------------------------------------------------------- tasks


@dataclass(frozen=True)
class Task:
    """One (point, subject) simulation; picklable for any executor."""

    point: str
    protocol: str
    subject: Any          # cohort.Subject (or a protocol's unit of work)
    config: Any           # validated protocol config of the point
    run_seed: int
    parts_dir: str

    @property
    def key(self) -> str:
        return f"{self.point}/{self.subject.id}"


def run_task(task: Task) -> dict:
    """Run one task in a worker: simulate the subject and write its part.

    Returns
    -------
    dict
        ``key``, ``seconds``, ``pid``, ``host``, and compile-reuse facts:
        ``session_reused`` (this process already had the compiled circuit
        loaded), ``binary_built`` (the standalone binary was (re)linked during
        the task, i.e. compiled here or by a concurrent worker).
    """
    from raphe.circuits import standalone
    from raphe.experiments import cohort
    from raphe.experiments.protocols import get_protocol

    t0 = time.time()
    start = time.perf_counter()
    before = standalone.session()[0]
    config = task.config
    if hasattr(config, "engine"):  # the executor's workers are the parallelism
        config = cohort.with_engine_settings(config, workers=1)
    get_protocol(task.protocol).run_subject(config, task.subject, task.run_seed, task.parts_dir)
    binary_built = None
    key, directory, _ = standalone.session()
    if directory:
        main = os.path.join(directory, "main")
        if os.path.exists(main):
            binary_built = os.path.getmtime(main) >= t0
    return {"key": task.key, "seconds": time.perf_counter() - start, "pid": os.getpid(),
            "host": socket.gethostname(), "session_reused": before is not None
            and before == key, "binary_built": binary_built}


def circuit_structures(sw: Sweep) -> list[tuple]:
    """Distinct compiled-circuit structures of a sweep's tasks (empty if per-subject circuits).

    Each is ``(scale, circuit seed, dt, EngineSettings)``.
    """
    from raphe.experiments.cohort import shared_seed

    out = []
    for cfg in sw.configs:
        if not hasattr(cfg, "circuit") or cfg.circuit["individual"]:
            return []
        s = (cfg.circuit["scale"], shared_seed(sw.seed), cfg.circuit["dt"], cfg.engine["settings"],
             cfg.circuit["noise"])
        if s not in out:
            out.append(s)
    return out


def warm_worker(structure: tuple) -> int:
    """Load (compile once per machine) a circuit structure in this worker process.

    Runs one discarded spiking window so the worker holds the compiled circuit
    before any task runs: workers then never rebuild the shared standalone
    project while another worker's windows run (see the report of issue 7).
    """
    from raphe.circuits import default_circuit, run_window
    from raphe.experiments.engine import ResponseSurface

    scale, seed, dt, settings, noise = structure
    circuit = default_circuit(scale=scale, seed=seed, dt=dt, noise=noise)
    if settings.backend == "cpp_standalone":
        surface = ResponseSurface(circuit, settings)
        run_window(circuit, {}, warmup=settings.warmup, duration=settings.window, backend=settings.backend,
                   standalone_dir=surface.standalone_dir)
    return os.getpid()


def tasks(sw: Sweep, parts: Path) -> list[Task]:
    """Every task of a sweep, point by point, subjects in cohort order."""

    out = []
    for p, cfg in zip(sw.points, sw.configs):
        for s in sw.protocol.subjects(cfg, p.seed):
            out.append(Task(point=p.id, protocol=sw.protocol.name, subject=s, config=cfg, run_seed=sw.seed,
                            parts_dir=str(parts / p.id)))
    return out


# ---------------------------------------------------------------- running


@dataclass
class SweepResult:
    """What :func:`run_sweep` did.

    Attributes
    ----------
    path : Path
        The results file.
    n_tasks, n_resumed, n_retried : int
    executor : str
    seconds : float
        Wall-clock time of the task phase.
    task_stats : list of dict
        :func:`run_task` results of the tasks run now.
    """

    path: Path
    n_tasks: int
    n_resumed: int
    n_retried: int
    executor: str
    seconds: float
    task_stats: list


def _prepare(parts: Path, fingerprint: str, resume: bool) -> tuple[Path, int]:
    if parts.exists() and not resume:
        _remove(parts)
    parts, _ = store.prepare_parts(parts, fingerprint, resume)
    n = sum(len(store.finished_parts(d)) for d in parts.iterdir() if d.is_dir())
    return parts, n


def _remove(parts: Path) -> None:
    """Remove a sweep's parts (only files the sweep writes)."""
    if not parts.is_dir():
        return
    for d in parts.iterdir():
        if d.is_dir() and re.fullmatch(r"p\d{3,}", d.name):
            store.remove_parts(d)
    store.remove_parts(parts)


def run_sweep(sw: Sweep, out, *, executor: Executor | None = None, resume: bool = False,
              progress: Callable[[float], None] | None = None) -> SweepResult:
    """Run every unfinished task of ``sw`` on ``executor`` and gather ``out``.

    Parameters
    ----------
    sw : Sweep
        From :func:`load_sweep`.
    out : path
        Results file (``.h5``), written atomically.
    executor : Executor, optional
        Default: local worker processes on all cores. Closed by the caller.
    resume : bool
        Reuse the finished parts of an interrupted or failed sweep of the same
        config and seed.
    progress : callable, optional
        ``progress(n)``: ``n`` tasks finished.

    Raises
    ------
    RapheInputError
        Unwritable ``out``; ``--resume`` of another sweep.
    SweepFailed
        Tasks failed twice (listed with parameters and errors); finished parts kept.
    """
    progress = progress or (lambda n: None)
    out = store.check_writable(Path(out))
    parts, n_kept = _prepare(store.parts_dir(out), sw.fingerprint(), resume)
    all_tasks = tasks(sw, parts)
    for p in sw.points:
        (parts / p.id).mkdir(exist_ok=True)
    done = {p.id: store.finished_parts(parts / p.id) for p in sw.points}
    todo = [t for t in all_tasks if t.subject.id not in done[t.point]]
    progress(len(all_tasks) - len(todo))
    own = executor is None
    executor = executor or make_executor()
    labels = {p.id: p.label for p in sw.points}
    stats, failed, retried = [], [], 0
    start = time.perf_counter()
    try:
        structures = circuit_structures(sw)
        if todo and executor.workers > 1 and len(structures) == 1 \
                and structures[0][3].backend == "cpp_standalone":
            executor.broadcast(warm_worker, structures[0])
        attempts = {t.key: 0 for t in todo}
        running = {executor.submit(run_task, t): t for t in todo}
        for t in todo:
            attempts[t.key] = 1
        while running:
            finished, _ = executor.wait(running)
            for fut in finished:
                task = running.pop(fut)
                err = fut.exception()
                if err is None:
                    stats.append(fut.result())
                    progress(1)
                    continue
                executor.recover(fut)  # a dead local worker: new pool; its tasks fail and retry
                msg = f"{type(err).__name__}: {err}".splitlines()[0][:300]
                if attempts[task.key] < 2:
                    log.warning("task %s (%s) failed: %s; retrying", task.key, labels[task.point], msg)
                    attempts[task.key] += 1
                    retried += 1
                    running[executor.submit(run_task, task)] = task
                else:
                    log.error("task %s (%s) failed twice: %s", task.key, labels[task.point], msg)
                    failed.append((task, msg))
    except KeyboardInterrupt:
        getattr(executor, "abort", executor.close)()
        n_done = sum(len(store.finished_parts(parts / p.id)) for p in sw.points)
        from raphe.experiments.runner import RunInterrupted

        raise RunInterrupted(f"interrupted; {n_done} finished task(s) kept in {parts}; continue with "
                             f"the same command plus --resume") from None
    finally:
        if own:
            executor.close()
    seconds = time.perf_counter() - start
    if failed:
        n_done = sum(len(store.finished_parts(parts / p.id)) for p in sw.points)
        lines = [f"{len(failed)} task(s) failed twice; {n_done} finished task(s) kept in {parts} "
                 f"(fix the cause and rerun with --resume):"]
        lines += [f"  {t.key} [{labels[t.point]}]: {m}" for t, m in failed]
        raise SweepFailed("\n".join(lines))
    gather(sw, out, parts)
    _remove(parts)
    return SweepResult(path=out, n_tasks=len(all_tasks), n_resumed=len(all_tasks) - len(todo),
                       n_retried=retried, executor=executor.name, seconds=seconds, task_stats=stats)


# ---------------------------------------------------------------- gather


def gather(sw: Sweep, out: Path, parts: Path) -> None:
    """Merge every part into ``out`` (atomically) with the tidy table and fits."""

    tmp = store.partial_path(out)
    tmp.unlink(missing_ok=True)
    try:
        with store.memory_file() as h5:  # on disk in one write at the end (store.save_image)
            store.write_root_attrs(h5, seed=sw.seed, experiment=sw.name, protocol="sweep",
                                   config_text=sw.text, effective_text=sw.effective_text,
                                   overrides=sw.overrides, source=sw.source)
            a = h5.attrs
            a["sweep_protocol"] = sw.protocol.name
            a["sweep_keys"] = list(sw.grid)
            a["sweep_zip"] = sw.zip
            a["sweep_x"] = sw.x
            a["sweep_readouts"] = list(sw.readouts) or [""]
            a["sweep_fit"] = sw.fit
            a["n_points"] = len(sw.points)
            for p, cfg in zip(sw.points, sw.configs):
                g = h5.create_group(f"points/{p.id}")
                g.attrs.update({"index": p.index, "seed": np.int64(p.seed), "label": p.label,
                                "values_json": json.dumps(p.values, sort_keys=True)})
                for k, v in p.values.items():
                    g.attrs[f"value:{k}"] = _text(v)
                cohort = sw.protocol.subjects(cfg, p.seed)
                found = store.finished_parts(parts / p.id)
                sw.protocol.gather(cfg, g, [found[s.id] for s in cohort], cohort)
            write_table(h5, sw)
            h5.attrs["complete"] = True
            store.save_image(h5, out, tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


_NUM_UNIT = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")


def grid_column(values: list) -> tuple[np.ndarray, str]:
    """Values of one grid key as a column: numbers and a unit when possible.

    ``["0.3 mg/kg", "1 mg/kg"]`` -> ``([0.3, 1.0], "mg/kg")``; plain numbers
    -> unit ``"1"``; anything else -> text (unit ``""``). Doses per body weight
    keep their unit as text because Brian2 reduces mg/kg to a pure number.
    """
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return np.asarray(values, dtype=float), "1"
    if all(isinstance(v, str) for v in values):
        m = [_NUM_UNIT.match(v) for v in values]
        if all(m) and len({x.group(2) for x in m}) == 1:
            return np.array([float(x.group(1)) for x in m]), m[0].group(2) or "1"
    return np.array([_text(v) for v in values], dtype=object), ""


def _col_name(region: str, analyte: str) -> str:
    return f"{region}_{analyte}"


def write_table(h5: h5py.File, sw: Sweep) -> None:
    """Write ``/summary/sweep`` (per point and group), its ``subjects`` table and fits."""
    from raphe.analysis import sweep as asweep

    rows, srows = [], []
    for p in sw.points:
        prow, psrow = sw.protocol.sweep_rows(h5[f"points/{p.id}"], p)
        rows += [(p, r) for r in prow]
        srows += [(p, r) for r in psrow]
    root = h5.require_group("summary/sweep")
    root.attrs["keys"] = list(sw.grid)
    root.attrs["x"] = sw.x
    root.attrs["note"] = ("one row per (point, group); auc_* = mean over subjects of the AUC of "
                          "(% baseline - 100) over post-dose samples; peak_* = peak of the group mean")
    _write_rows(root, sw, rows)
    if srows:
        _write_rows(root.require_group("subjects"), sw, srows)
    if sw.fit != "none":
        fits = root.require_group("fits")
        table = asweep.SweepTable.from_group(root, keys=list(sw.grid))
        for r in (sw.readouts or table.readouts()):
            region, analyte = r.split("/")
            for group in table.groups():
                try:
                    fit = asweep.fit_readout(table, region, analyte, x=sw.x, group=group,
                                             model=sw.fit)
                except ValueError as err:
                    fits.require_group(f"{group}/{_col_name(region, analyte)}").attrs["error"] = str(err)
                    continue
                g = fits.require_group(f"{group}/{_col_name(region, analyte)}")
                g.attrs.update(fit.as_attrs())


_UNITS = {"auc_": "percent*min", "peak_": "percent"}


def _write_rows(g: h5py.Group, sw: Sweep, rows: list) -> None:
    str_dt = h5py.string_dtype()
    store.write_array(g, "point", np.array([p.index for p, _ in rows], dtype=np.int64), "1")
    for key in sw.grid:
        col, unit = grid_column([p.values[key] for p, _ in rows])
        if unit == "":
            g.create_dataset(key, data=np.array(col, dtype=str_dt)).attrs["units"] = ""
        else:
            store.write_array(g, key, col, unit)
        g[key].attrs["grid_key"] = True
    names = []
    for _, r in rows:
        for k in r:
            if k not in names and k != "point":
                names.append(k)
    for name in names:
        vals = [r.get(name) for _, r in rows]
        if name in ("group", "subject"):
            g.create_dataset(name, data=np.array(vals, dtype=str_dt)).attrs["units"] = ""
        elif name in ("n", "engine_seed"):
            store.write_array(g, name, np.array(vals, dtype=np.int64), "1")
        else:
            unit = next((u for pre, u in _UNITS.items() if name.startswith(pre)), "1")
            store.write_array(g, name, np.array([math.nan if v is None else v for v in vals], float),
                              unit, nan_ok=True)
