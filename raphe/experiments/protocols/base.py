"""The protocol skeleton: cohorts, subjects, seeds, parallel work, resume, gather and the store.

A protocol on this skeleton supplies only what is its own:

- ``model``: its config model (:mod:`raphe.experiments.models`), and
  ``validate(raw)``: the cross-field checks that turn a raw config into the
  validated config the protocol runs;
- ``simulate_subject(cfg, subject, seed)``: simulate one virtual subject and
  return a function that writes the subject's data into an open HDF5 file;
- ``summarize(h5, cfg, cohort)``: group statistics from the gathered file;
- ``plot(h5file, png)``: its figure.

The skeleton draws the cohort (each subject its own seeds,
:mod:`raphe.experiments.cohort`), runs the subjects not yet finished (one
after another, or in worker processes: :func:`~raphe.experiments.cohort.run_cohort`),
writes each as an atomic part file (so an interrupted run resumes; a subject
cheap to simulate is held in memory instead), gathers the parts (and held
subjects) into the results file and calls ``summarize``. Sweeps
(:mod:`raphe.experiments.sweep`) use the same ``subjects``/``run_subject``/``gather``
for every point, so every protocol can be swept.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable


@dataclass(frozen=True)
class Unit:
    """A unit of work that is not an animal (a whole binding panel): an ``id`` and its seed."""

    id: str
    seed: int = 0


class CohortProtocol:
    """Base class of the protocols run on cohorts of virtual subjects.

    Attributes
    ----------
    name, description : str
        Registered name and one line for ``raphe list protocols``.
    unit : str
        What one unit of :meth:`work` is, for the progress bar.
    model : type
        The config model (``raphe schema NAME`` prints its JSON schema).
    """

    name: str = ""
    description: str = ""
    unit: str = "subject"
    model: Any = None

    # ------------------------------------------------------------------ supplied by a protocol
    def validate(self, raw: dict):  # pragma: no cover - abstract
        """The validated config of a raw (TOML) config; RapheInputError naming the key otherwise."""
        raise NotImplementedError

    def simulate_subject(self, cfg, subject, seed: int) -> Callable:  # pragma: no cover - abstract
        """Simulate ``subject``; return ``write(h5)`` that stores it in an open (part) file."""
        raise NotImplementedError

    def summarize(self, h5, cfg, cohort: list) -> None:  # pragma: no cover - abstract
        """Write the group statistics (``/summary/<protocol>``) from the gathered subjects."""
        raise NotImplementedError

    def plot(self, h5file, png_path) -> None:  # pragma: no cover - abstract
        """Draw the protocol's figure of a results file."""
        raise NotImplementedError

    # ------------------------------------------------------------------ may be refined
    def subjects(self, cfg, seed: int) -> list:
        """The cohort of a run, group by group (each subject with its own seeds)."""
        from raphe.experiments.cohort import make_cohort

        return make_cohort(seed, [(g.name, g.n) for g in cfg.groups], {**cfg.variability, "recovery_cv": 0.0}, {})

    def gather(self, cfg, h5, part_files: list, cohort: list) -> None:
        """Put the finished subjects into ``h5`` (a file or a sweep point's group) and summarize.

        ``part_files``: per subject its part file, or its held writer
        (:func:`raphe.io.store.gather_parts`).
        """
        from raphe.io import store

        store.gather_parts(part_files, h5)
        h5.attrs.update(timing_attrs(cfg))
        self.summarize(h5, cfg, cohort)

    def sweep_rows(self, point_group, point) -> tuple[list, list]:
        """Rows of a sweep's tables for one point: ``(per group, per subject)``.

        Default: one row per group with the numeric attributes of
        ``/summary/<protocol>/<group>`` (and of its subgroups, as
        ``sub.attr``), no per-subject rows.
        """
        import numpy as np

        rows = []
        root = point_group.get(f"summary/{self.name}")
        for group, g in (root.items() if root is not None else ()):
            if hasattr(g, "shape"):  # a dataset, not a group's summary
                continue
            row = {"point": point.index, "group": group}

            def scalars(node, prefix=""):
                for k, v in node.attrs.items():
                    if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_)):
                        row[f"{prefix}{k}"] = float(v)
                for k, child in node.items():
                    if hasattr(child, "attrs") and not hasattr(child, "shape"):
                        scalars(child, f"{prefix}{k}.")
            scalars(g)
            rows.append(row)
        return rows, []

    # ------------------------------------------------------------------ owned by the skeleton
    def work(self, cfg) -> float:
        """Progress units of a run: one per subject."""
        return float(sum(g.n for g in cfg.groups))

    def run_subject(self, cfg, subject, seed: int, parts_dir: str) -> str:
        """Simulate one subject and write its part file atomically; returns its id."""
        from raphe.io import store
        from raphe.registry import load_plugins

        load_plugins()  # a worker process: plugins' drugs and receptors first
        write = self.simulate_subject(cfg, subject, seed)
        store.write_part(Path(parts_dir), subject.id, write)
        return subject.id

    def run(self, cfg, ctx) -> None:
        """Every subject not yet finished (parts, or held in memory if cheap), then gather and
        summarize into ``ctx.h5``."""
        from raphe.experiments.cohort import run_cohort, with_cache_dir
        from raphe.registry import load_plugins

        load_plugins()
        cfg = with_cache_dir(cfg, ctx.cache_dir)
        cohort = self.subjects(cfg, ctx.seed)
        self.gather(cfg, ctx.h5, run_cohort(cfg, ctx, cohort, self.run_subject, self.simulate_subject),
                    cohort)


def timing_attrs(cfg) -> dict:
    """``dt_ms`` (the circuit's time step: the resolution of spike times) and ``window_ms`` (the
    measured length of a spiking window) of a validated config, for the results file's root."""
    import brian2

    out = {}
    circuit, engine = getattr(cfg, "circuit", None), getattr(cfg, "engine", None)
    if isinstance(circuit, dict) and circuit.get("dt") is not None:
        out["dt_ms"] = float(circuit["dt"] / brian2.ms)
    settings = engine.get("settings") if isinstance(engine, dict) else None
    if settings is not None and getattr(settings, "window", None) is not None:
        out["window_ms"] = float(settings.window / brian2.ms)
    return out
