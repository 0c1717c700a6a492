"""Where sweep tasks run: in this process, local worker processes, or Dask.

Every executor has the same small interface (:class:`Executor`): ``submit``
a picklable module-level function with its arguments, ``wait`` for the first
finished futures, ``close``. Tasks never share state through the executor:
each writes its own part file, so the results do not depend on which
executor ran them, nor on how many workers it had, nor on the order in which
they finished.

* :class:`InlineExecutor` -- one worker: tasks run one after another in this
  process (no spawn overhead; the compiled circuit stays loaded).
* :class:`LocalExecutor` -- ``N`` spawned worker processes
  (:class:`concurrent.futures.ProcessPoolExecutor`); a crashed worker
  (``BrokenProcessPool``) restarts the pool.
* :class:`DaskExecutor` -- a Dask distributed cluster: an existing scheduler
  (``tcp://HOST:PORT``; dask-jobqueue starts one on SLURM/PBS) or a
  :class:`distributed.LocalCluster` on 127.0.0.1 with one single-threaded
  worker process per core asked for.

:func:`make_executor` picks one from command-line style options and checks
them (an unreachable scheduler is a one-line
:class:`~raphe.errors.RapheInputError` before any task starts).
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import re
from typing import Any, Callable, Iterable

from raphe.errors import RapheInputError

#: ``scheme://host[:port]`` of a Dask scheduler.
SCHEDULER_RE = re.compile(r"^(tcp|tls|ws|wss|ucx|inproc)://[^\s/:]+(:\d{1,5})?/?$")


def spawn_pool(workers: int):
    """A pool of ``workers`` spawned processes (spawn: no inherited Brian2 device state).

    The one place raphe starts local worker processes: sweep tasks
    (:class:`LocalExecutor`), whole subjects of a cohort
    (:func:`raphe.experiments.cohort.run_cohort`) and the engine's helper
    processes (:mod:`raphe.experiments.engine.parallel`).
    """
    return cf.ProcessPoolExecutor(max_workers=int(workers), mp_context=multiprocessing.get_context("spawn"))


class Executor:
    """Interface of the sweep executors.

    Attributes
    ----------
    name : str
        Short description (``"local x2"``, ``"dask tcp://..."``).
    workers : int
        Number of tasks that can run at once.
    """

    name = "executor"
    workers = 1

    def submit(self, fn: Callable, *args) -> Any:
        """Start ``fn(*args)``; return a future with ``result()``/``exception()``."""
        raise NotImplementedError

    def wait(self, futures: Iterable) -> tuple[set, set]:
        """Block until at least one of ``futures`` is done; return ``(done, not_done)``."""
        raise NotImplementedError

    def recover(self, future) -> bool:
        """After ``future`` failed, make the executor usable again.

        Returns True if the executor was restarted (tasks running on it were
        lost; their futures fail and are retried like any failed task).
        """
        return False

    def broadcast(self, fn: Callable, *args) -> None:
        """Run ``fn(*args)`` once in every worker process and wait for all of them."""
        fn(*args)

    def close(self) -> None:
        """Release workers and connections (idempotent)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class _DoneFuture:
    """Result of a task run inline, with the future interface."""

    def __init__(self, fn, args):
        self._result = self._error = None
        try:
            self._result = fn(*args)
        except KeyboardInterrupt:
            raise
        except BaseException as err:  # reported by the driver, never swallowed
            self._error = err

    def done(self):
        return True

    def result(self):
        if self._error is not None:
            raise self._error
        return self._result

    def exception(self):
        return self._error


class InlineExecutor(Executor):
    """Run tasks one at a time in this process."""

    name = "local x1 (in process)"
    workers = 1

    def submit(self, fn, *args):
        return _DoneFuture(fn, args)

    def wait(self, futures):
        futures = set(futures)
        return futures, set()


class LocalExecutor(Executor):
    """``workers`` spawned processes (spawn: no inherited Brian2 device state).

    Parameters
    ----------
    workers : int
        Number of worker processes.
    """

    def __init__(self, workers: int):
        self.workers = int(workers)
        self.name = f"local x{self.workers}"
        self._generation = 0
        self._pool = self._new_pool()

    def _new_pool(self):
        return spawn_pool(self.workers)

    def submit(self, fn, *args):
        fut = self._pool.submit(fn, *args)
        fut.raphe_generation = self._generation
        return fut

    def wait(self, futures):
        done, not_done = cf.wait(list(futures), return_when=cf.FIRST_COMPLETED)
        return set(done), set(not_done)

    def recover(self, future):
        """Restart the pool once if a worker died (``BrokenProcessPool``) under it."""
        from concurrent.futures.process import BrokenProcessPool

        if (isinstance(future.exception(), BrokenProcessPool)
                and getattr(future, "raphe_generation", -1) == self._generation):
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._generation += 1
            self._pool = self._new_pool()
            return True
        return False

    def broadcast(self, fn, *args):
        """Run ``fn(*args)`` in each of the ``workers`` processes (a barrier makes them distinct)."""
        manager = multiprocessing.get_context("spawn").Manager()
        try:
            barrier = manager.Barrier(self.workers, timeout=900)
            futures = [self._pool.submit(_at_barrier, barrier, fn, args) for _ in range(self.workers)]
            for f in futures:
                f.result()
        finally:
            manager.shutdown()

    def close(self):
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def abort(self):
        """Stop at once (Ctrl-C): cancel queued tasks, do not wait for running ones."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


class DaskExecutor(Executor):
    """Tasks on a Dask distributed cluster.

    Parameters
    ----------
    scheduler : str, optional
        Address of a running scheduler, ``tcp://HOST:PORT``.
    local_workers : int, optional
        Start a :class:`distributed.LocalCluster` with this many single-threaded
        worker processes, listening on 127.0.0.1 only.
    timeout : float
        Seconds to wait for the scheduler.

    Raises
    ------
    RapheInputError
        Dask is not installed, the address is malformed, or the scheduler does
        not answer.
    """

    def __init__(self, scheduler: str | None = None, local_workers: int | None = None,
                 timeout: float = 10.0):
        field = "--scheduler" if scheduler else "--dask-local"
        try:
            import distributed
        except ImportError:
            raise RapheInputError(field, scheduler or local_workers,
                                  "Dask installed (pip install 'raphe[dask]')") from None
        self._distributed = distributed
        self._cluster = None
        if scheduler:
            if not isinstance(scheduler, str) or not SCHEDULER_RE.match(scheduler.strip()):
                raise RapheInputError("--scheduler", scheduler,
                                      "a Dask scheduler address like tcp://HOST:PORT")
            try:
                self._client = distributed.Client(scheduler.strip(), timeout=timeout,
                                                  set_as_default=False)
            except (OSError, TimeoutError) as err:
                raise RapheInputError("--scheduler", scheduler, "a reachable Dask scheduler "
                                      f"({type(err).__name__}: {str(err).splitlines()[0][:120]})") from None
            self.name = f"dask {scheduler.strip()}"
        else:
            n = int(local_workers)
            if n < 1:
                raise RapheInputError("--dask-local", local_workers, "a positive number of workers")
            import logging

            self._cluster = distributed.LocalCluster(
                n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address=None, silence_logs=logging.ERROR)
            self._client = distributed.Client(self._cluster, set_as_default=False)
            self.name = f"dask LocalCluster x{n} ({self._cluster.scheduler_address})"
        info = self._client.scheduler_info()
        threads = sum(w.get("nthreads", 1) for w in info.get("workers", {}).values())
        self.workers = max(1, threads)

    def submit(self, fn, *args):
        return self._client.submit(fn, *args, pure=False)

    def wait(self, futures):
        with self._client.as_current():
            res = self._distributed.wait(list(futures), return_when="FIRST_COMPLETED")
        return set(res.done), set(res.not_done)

    def broadcast(self, fn, *args):
        """Run ``fn(*args)`` as a task pinned to each worker of the cluster."""
        workers = list(self._client.scheduler_info().get("workers", {}))
        futures = [self._client.submit(fn, *args, workers=[w], allow_other_workers=False, pure=False)
                   for w in workers]
        for f in futures:
            f.result()

    def close(self):
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def _at_barrier(barrier, fn, args):
    out = fn(*args)
    barrier.wait()  # keeps this worker busy until every worker has run fn
    return out


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def make_executor(jobs: int | None = None, scheduler: str | None = None,
                  dask_local: int | None = None) -> Executor:
    """Choose and start an executor.

    Parameters
    ----------
    jobs : int, optional
        Local worker processes (default: all cores; 1 runs in this process).
    scheduler : str, optional
        Dask scheduler address (``tcp://HOST:PORT``).
    dask_local : int, optional
        Start a Dask LocalCluster with this many workers.

    Raises
    ------
    RapheInputError
        Conflicting options, a malformed or unreachable scheduler.
    """
    given = [name for name, v in (("--jobs", jobs), ("--scheduler", scheduler),
                                  ("--dask-local", dask_local)) if v is not None]
    if len(given) > 1:
        raise RapheInputError(given[1], {"--jobs": jobs, "--scheduler": scheduler,
                                         "--dask-local": dask_local}[given[1]],
                              f"only one of --jobs, --scheduler, --dask-local (also got {given[0]})")
    if scheduler is not None:
        return DaskExecutor(scheduler=scheduler)
    if dask_local is not None:
        if isinstance(dask_local, bool) or not isinstance(dask_local, int) or dask_local < 1:
            raise RapheInputError("--dask-local", dask_local, "a positive number of workers")
        return DaskExecutor(local_workers=dask_local)
    n = default_workers() if jobs is None else jobs
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise RapheInputError("--jobs", jobs, "a positive integer")
    return InlineExecutor() if n == 1 else LocalExecutor(n)
