"""Virtual cohorts: groups of individual animals, each with its own seed.

Every subject is drawn from its own :class:`numpy.random.SeedSequence`, keyed
by ``(group index, subject index)`` under the run's seed, so a subject's
physiology and noise do not depend on how many other subjects or groups there
are, nor on the order in which worker processes finish.

Between-subject variability (all log-normal factors with median 1; CVs are
[U] priors, chosen to give the 20-40 % spread of individual microdialysis
responses usually seen, and configurable in ``[cohort.variability]``):

``body_weight_cv``
    Body weight around the nominal weight (default 8 % [U]; e.g. 280-320 g
    rats in one study).
``clearance_cv``
    Drug clearance (hepatic metabolism) factor, default 30 % [U].
``volume_cv``
    Volume of distribution factor, default 20 % [U].
``recovery_cv``
    Probe relative recovery factor per probe and analyte, default 30 % [U];
    the published in vivo SD of 5-HT recovery is 12 points on 39 %, i.e.
    about 31 % CV [R] (Yang 2013, in mice; taken for rats [U]).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

#: Spawn-key tags that separate a subject's random streams.
STREAM_PHYSIOLOGY, STREAM_ENGINE, STREAM_ASSAY = 0, 1, 2


@dataclass(frozen=True)
class Subject:
    """One virtual animal.

    Attributes
    ----------
    id : str
        ``<group>-<nn>``, unique in the run.
    group : str
    group_index, index : int
        Position of the group in the config and of the subject in its group.
    entropy : int
        The run's seed.
    body_weight_factor, clearance_factor, volume_factor : float
        Multiplicative factors (median 1).
    recovery_factor : dict
        ``{region: {analyte: factor}}``.
    engine_seed : int
        Seed handed to the engine (spiking noise, neuron parameters if the
        circuit is individual).
    """

    id: str
    group: str
    group_index: int
    index: int
    entropy: int
    body_weight_factor: float
    clearance_factor: float
    volume_factor: float
    recovery_factor: dict = field(default_factory=dict)
    engine_seed: int = 0

    def seed_sequence(self, stream: int) -> np.random.SeedSequence:
        """The subject's independent stream ``stream`` (see ``STREAM_*``)."""
        return np.random.SeedSequence(self.entropy, spawn_key=(self.group_index, self.index, stream))

    def rng(self, stream: int) -> np.random.Generator:
        return np.random.default_rng(self.seed_sequence(stream))

    @property
    def pk_scale(self) -> dict:
        """Factors handed to the pharmacokinetics (``clearance``, ``volume``)."""
        return {"clearance": self.clearance_factor, "volume": self.volume_factor}


def lognormal_factor(rng: np.random.Generator, cv: float) -> float:
    """A log-normal factor with median 1 and coefficient of variation ``cv``."""
    if cv <= 0:
        return 1.0
    sigma = float(np.sqrt(np.log1p(cv * cv)))
    return float(np.exp(sigma * rng.standard_normal()))


def make_subject(seed: int, group: str, group_index: int, index: int, variability: dict,
                 probes: dict[str, tuple[str, ...]]) -> Subject:
    """Draw one subject.

    Parameters
    ----------
    seed : int
        The run's seed.
    group : str
    group_index, index : int
    variability : dict
        CVs: ``body_weight_cv``, ``clearance_cv``, ``volume_cv``, ``recovery_cv``.
    probes : dict
        ``{region: analytes}`` for probe recovery factors.
    """
    ss = np.random.SeedSequence(seed, spawn_key=(group_index, index, STREAM_PHYSIOLOGY))
    rng = np.random.default_rng(ss)
    bw = lognormal_factor(rng, variability["body_weight_cv"])
    cl = lognormal_factor(rng, variability["clearance_cv"])
    vol = lognormal_factor(rng, variability["volume_cv"])
    rec = {region: {a: lognormal_factor(rng, variability["recovery_cv"]) for a in analytes}
           for region, analytes in probes.items()}
    engine_ss = np.random.SeedSequence(seed, spawn_key=(group_index, index, STREAM_ENGINE))
    engine_seed = int(engine_ss.generate_state(1, dtype=np.uint32)[0])
    return Subject(id=f"{group}-{index + 1:02d}", group=group, group_index=group_index, index=index,
                   entropy=seed, body_weight_factor=bw, clearance_factor=cl, volume_factor=vol,
                   recovery_factor=rec, engine_seed=engine_seed)


def make_cohort(seed: int, groups: list[tuple[str, int]], variability: dict,
                probes: dict[str, tuple[str, ...]]) -> list[Subject]:
    """All subjects of a study, group by group.

    Parameters
    ----------
    groups : list of (name, n)
    """
    return [make_subject(seed, name, gi, i, variability, probes)
            for gi, (name, n) in enumerate(groups) for i in range(n)]


def shared_seed(seed: int, tag: int = 0xC1C) -> int:
    """A seed derived from the run's seed for things shared by all subjects."""
    return int(np.random.SeedSequence(seed, spawn_key=(tag,)).generate_state(1, dtype=np.uint32)[0])


def with_engine_settings(cfg, **changes):
    """``cfg`` with fields of its engine settings changed (``cfg`` itself if nothing changes)."""
    import dataclasses

    settings = cfg.engine["settings"]
    if all(getattr(settings, k) == v for k, v in changes.items()):
        return cfg
    return dataclasses.replace(cfg, engine={**cfg.engine, "settings": dataclasses.replace(settings, **changes)})


def with_cache_dir(cfg, cache_dir):
    """``cfg`` with the runner's ``--cache-dir`` passed to its engine settings (if not set)."""
    if not cache_dir or cfg.engine["settings"].cache_dir:
        return cfg
    return with_engine_settings(cfg, cache_dir=str(cache_dir))


#: A subject simulated in less than this (s) is held in memory, not written to a part file:
#: cheap to redo, so an interrupted run loses little by not keeping it.
HOLD_BELOW_SECONDS = 1.0
#: Held subjects are flushed to part files when their summed simulation time exceeds this (s) ...
HOLD_MAX_SECONDS = 5.0
#: ... or when this many are held (bounds memory).
HOLD_MAX_SUBJECTS = 64


def run_cohort(cfg, ctx, cohort: list, run_subject, simulate_subject=None) -> list:
    """Run every subject not yet finished; return, in cohort order, each subject's part file or
    held writer.

    ``run_subject(cfg, subject, seed, parts_dir)`` simulates a subject and writes its part file
    atomically, so an interrupted run keeps every finished subject and ``--resume`` continues.

    Held subjects: when ``simulate_subject(cfg, subject, seed)`` (which returns the subject's
    writer ``fill(h5)``) is given, subjects run here one after another and one whose simulation
    took less than ``HOLD_BELOW_SECONDS`` (e.g. every window in the cache) keeps its writer in
    memory instead of writing a part: the gather step calls the writer on the results file
    (:func:`raphe.io.store.gather_parts`), which saves writing and copying a part file. Held
    writers are written to parts once their summed simulation time exceeds
    ``HOLD_MAX_SECONDS`` or ``HOLD_MAX_SUBJECTS`` are held, so an interrupted run loses at most
    a few seconds of work (held subjects were never written: ``--resume`` recomputes them).
    The results file is the same either way. The writer must only write (the work is done in
    ``simulate_subject``).

    With ``ctx.jobs > 1``: if the subjects share one circuit (the default), they
    share its response surface, so they run here one after another and the
    surface windows each needs run in ``ctx.jobs`` processes side by side
    (``EngineSettings.workers``); with individual circuits (``[circuit]
    individual``) whole subjects run in ``ctx.jobs`` worker processes, each into its part.

    Returns
    -------
    list
        Per subject: the :class:`~pathlib.Path` of its part file, or its held writer (a callable).
    """
    import logging
    import time
    from pathlib import Path

    from raphe.io import store
    from raphe.experiments.engine.parallel import release_helpers

    log = logging.getLogger(__name__)
    parts = Path(ctx.options["parts_dir"])
    done = store.finished_parts(parts)
    todo = [s for s in cohort if s.id not in done]
    ctx.progress(len(cohort) - len(todo))
    shared = not cfg.circuit.get("individual", False)
    held: dict = {}  # subject id -> (writer, seconds), not written to a part
    if ctx.jobs <= 1 or len(todo) <= 1 or shared:
        if ctx.jobs > 1:
            cfg = with_engine_settings(cfg, workers=max(ctx.jobs, cfg.engine["settings"].workers))

        def flush():
            for sid, (fill, _) in held.items():
                store.write_part(parts, sid, fill)
            log.debug("wrote %d held subject(s) to parts", len(held))
            held.clear()

        try:
            for s in todo:
                if simulate_subject is None:
                    run_subject(cfg, s, ctx.seed, str(parts))
                else:
                    start = time.perf_counter()
                    fill = simulate_subject(cfg, s, ctx.seed)
                    seconds = time.perf_counter() - start
                    if seconds < HOLD_BELOW_SECONDS:
                        held[s.id] = (fill, seconds)
                        if (len(held) >= HOLD_MAX_SUBJECTS
                                or sum(x for _, x in held.values()) > HOLD_MAX_SECONDS):
                            flush()
                    else:
                        store.write_part(parts, s.id, fill)
                ctx.progress(1)
        finally:
            release_helpers()
        if held:
            log.debug("%d subject(s) held in memory for the gather step", len(held))
    else:
        cfg = with_engine_settings(cfg, workers=1)  # whole subjects in parallel already use every job
        from raphe.experiments.executors import LocalExecutor

        pool = LocalExecutor(ctx.jobs)
        try:
            running = {pool.submit(run_subject, cfg, s, ctx.seed, str(parts)) for s in todo}
            while running:
                done, running = pool.wait(running)
                for f in done:
                    f.result()
                    ctx.progress(1)
        except BaseException:
            pool.abort()
            raise
        pool.close()
    finished = store.finished_parts(parts) if len(held) < len(cohort) else {}
    return [held[s.id][0] if s.id in held else finished[s.id] for s in cohort]
