"""cpp_standalone back end: compile a circuit once, rerun it with new inputs.

A window's structure (circuit spec and seed, durations, recorded potential)
is compiled once into a project directory in a cache; fast inputs, initial
pool concentrations and thresholds are group variables, so every further
window with the same structure reruns the binary through ``run_args``
without recompiling (about 0.1 s of overhead per window).

The compile is guarded by a file lock so concurrent processes share one
build; each run writes its own results directory.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import gc
import hashlib
import logging
import os
import sys
import threading
import uuid

import brian2
import numpy as np

from raphe.circuits.builder import TTX_SLICE, build, initial_pool_state, input_assignments
from raphe.circuits.spec import CircuitSpec
from raphe.errors import CompileError, WriteError, os_reason


def default_cache_dir() -> str:
    """Per-user cache directory (``$RAPHE_CACHE`` or ``~/.cache/raphe``)."""
    return os.environ.get("RAPHE_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "raphe")


class _Session:
    """The one compiled circuit this process currently holds."""

    key: str | None = None
    built = None
    directory: str | None = None


_SESSION = _Session()

#: Building a circuit (code generation, plus the one-off compile on a cold cache) is logged at
#: INFO on this logger when it starts and ends; the command line shows it beside the progress bar.
log = logging.getLogger(__name__)


def session() -> tuple:
    """``(structure key, project directory, built circuit)`` of the compiled circuit this process
    holds, or Nones (the built circuit's monitors and groups are those of the last window run)."""
    return _SESSION.key, _SESSION.directory, _SESSION.built


@contextlib.contextmanager
def _locked(path: str, shared: bool = False):
    """File lock: exclusive while (re)building a project, shared while running it.

    A rebuild rewrites static arrays and relinks the binary, so it must not
    overlap a run of the same project in another process.
    """
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _structure_key(spec: CircuitSpec, warmup, duration, record_v) -> str:
    # the Python environment is part of the key: two venvs sharing a cache never rebuild each other's binary
    text = repr((spec.fingerprint(), spec.seed, float(warmup / brian2.second),
                 float(duration / brian2.second), record_v, brian2.__version__, sys.prefix))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


_DEVICE_USED = [False]


def activate_standalone(project: str) -> None:
    """Switch Brian2 to a fresh cpp_standalone device building into ``project``.

    Forgets the window session (its objects belong to the previous build).
    """
    if _DEVICE_USED[0]:
        brian2.device.reinit()
    _DEVICE_USED[0] = True
    _SESSION.key = _SESSION.built = _SESSION.directory = None
    # Brian2 suffixes a new object's name ("_1") while an object of that name is alive, and a
    # dropped build's objects hold reference cycles, so they live until the collector runs: the
    # next build's code objects would then be named after the process's history, and the same
    # structure compiled once more (:func:`_ensure_built` keys projects by those names).
    gc.collect()
    brian2.set_device("cpp_standalone", directory=project, build_on_run=False)
    brian2.prefs.devices.cpp_standalone.extra_make_args_unix = ["-j2"]


def compile_project(project: str, run: bool = False) -> None:
    """Compile (and optionally run) the current standalone project under a file lock."""
    with _locked(project + ".lock"):
        build_project(project, run=run)


def _compile_cause(output: str) -> str:
    """The line of a compiler's output that says why it failed (a full disk first)."""
    lines = [ln.strip() for ln in output.splitlines() if ln.strip()]
    for test in (lambda ln: "no space left" in ln.lower(), lambda ln: "error" in ln.lower()):
        hit = next((ln for ln in lines if test(ln)), None)
        if hit:
            return hit[:300]
    return lines[-1][:300] if lines else ""


def _raise_if_disk_full(directory: str, err: BaseException) -> None:
    """A window whose binary could not write its results (the disk under the cache full; Brian2
    then fails reading them back): one line naming the directory."""
    import shutil

    try:
        free = shutil.disk_usage(directory).free
    except OSError:
        return
    if free < 4 * 1024 * 1024 or "no space left" in os_reason(err):
        raise WriteError(directory, OSError(errno.ENOSPC, "no space left on device"),
                         "the compiled circuit could not write its results (free space, or point "
                         "$RAPHE_CACHE at another disk)") from err


def build_project(project: str, run: bool = False) -> None:
    """``brian2.device.build`` into ``project`` with the compiler's output held back.

    Raises
    ------
    raphe.errors.CompileError
        One line naming the project and the cause (``No space left on device`` from ``ld``
        on a full disk) instead of the compiler's whole log; the log goes to the debug log.
    """
    read, write = os.pipe()
    chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: chunks.extend(iter(lambda: os.read(read, 65536), b"")),
                              daemon=True)
    reader.start()
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    os.dup2(write, 1)
    os.dup2(write, 2)
    failure = None
    try:
        brian2.device.build(directory=project, compile=True, run=run)
    except (RuntimeError, OSError) as err:
        failure = err
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in (*saved, write):
            os.close(fd)
        reader.join(timeout=10)
        os.close(read)
    output = b"".join(chunks).decode(errors="replace")
    if failure is None:
        if output.strip():
            log.debug("brian2 build output:\n%s", output)
        return
    log.debug("brian2 build output:\n%s", output)
    cause = _compile_cause(output) or os_reason(failure)
    if "no space left" in (cause + str(failure)).lower():
        cause = f"no space left on device ({cause})"
    raise CompileError(f"compiling the circuit in {project} failed: {cause}") from failure


#: written into a project after its first complete build (sources, static arrays, binary)
_COMPLETE = "raphe-built"


def _reuse_project(project: str) -> None:
    """Point the current device at ``project``, built before for this structure, without rebuilding.

    The binary and static arrays depend only on the structure key (spec with its seed,
    durations, recorded potential, Brian2 and environment), and the built objects of this
    process have the same names, so ``device.run`` with ``run_args`` needs nothing more.
    A rebuild would regenerate every source and recompile ``main.cpp``, whose clock
    resets Brian2 writes in a different order in every process (~7 s per process).
    """
    brian2.get_device().project_dir = project


@contextlib.contextmanager
def _names_of_a_fresh_process():
    """Hide the Brian2 objects alive now from Brian2's choice of new names while inside.

    Brian2 names a new object ``name_1`` while an object called ``name`` is alive
    (``brian2.core.names.find_name`` looks at every tracked instance); a test's network or an
    earlier build kept by a caller would otherwise rename the code objects of the next build.
    Their tracking references are put back on exit (those of objects that died meanwhile are
    dropped).
    """
    from brian2.core.names import Nameable

    tracked = Nameable.__instances__()  # a set of weak references
    before = set(tracked)
    tracked.difference_update(before)
    try:
        yield
    finally:
        tracked.update(ref for ref in before if ref() is not None)


def generate(spec: CircuitSpec, warmup, duration, record_v="DRN_5HT"):
    """Build ``spec`` on the current device and run its network for ``warmup + duration``
    (code generation only under a standalone device with ``build_on_run=False``), with the
    code objects named as in a fresh process whatever Brian2 objects are alive. Returns the
    built circuit (:func:`raphe.circuits.builder.build`)."""
    with _names_of_a_fresh_process():
        brian2.seed(spec.seed)
        built = build(spec, {}, record_v=record_v, fast_pools_until=warmup)
        built.network.run(warmup + duration)
    return built


def _ensure_built(spec: CircuitSpec, warmup, duration, record_v, directory: str | None):
    key = _structure_key(spec, warmup, duration, record_v)
    if _SESSION.key == key:
        return _SESSION
    root = directory or os.path.join(default_cache_dir(), "standalone")
    activate_standalone(os.path.join(root, key))
    built = generate(spec, warmup, duration, record_v)
    # Brian2 suffixes a code object's name ("_1") while an object of that name from an earlier build
    # is still alive in this process (:func:`generate` hides them), so processes with different
    # histories could generate different code for one structure; sharing one project, each would
    # recompile it in full for the other. The project is keyed by the code objects' names too: one
    # compile per variant, never a rebuild.
    names = hashlib.sha256(" ".join(sorted(brian2.device.code_objects)).encode()).hexdigest()[:8]
    project = os.path.join(root, f"{key}-{names}")
    cold = not os.path.exists(os.path.join(project, _COMPLETE))
    log.info("compiling the circuit (%d neurons; one-off, ~15-30 s on 2 cores)" if cold
             else "loading the compiled circuit (%d neurons)", spec.n_neurons)
    with _locked(project + ".lock"):  # a first build in another process finishes before we look
        if os.path.exists(os.path.join(project, _COMPLETE)):
            _reuse_project(project)
        else:
            build_project(project)
            with open(os.path.join(project, _COMPLETE), "w") as handle:
                handle.write(key)
    log.info("circuit ready")
    _SESSION.key, _SESSION.built, _SESSION.directory = key, built, project
    return _SESSION


def load(spec: CircuitSpec, *, warmup, duration, record_v="DRN_5HT", directory=None) -> None:
    """Hold the compiled circuit of this window structure in this process (compile if needed).

    The arguments are those of :func:`raphe.circuits.window.run_window`; a
    later window of the same structure then starts at once.
    """
    _ensure_built(spec, warmup, duration, record_v, directory)


def run_standalone_window(spec: CircuitSpec, inputs: dict, *, warmup, duration, record_spikes=False,
                          ttx=False, record_v=None, directory=None):
    """Run one window with the cpp_standalone back end (see :func:`raphe.circuits.window.run_window`)."""
    from raphe.circuits.window import collect

    session = _ensure_built(spec, warmup, duration, record_v, directory)
    built = session.built
    run_args = {}
    for view, value in input_assignments(built, inputs):
        run_args[view] = value
    c0, a0, f0 = initial_pool_state(spec, inputs, built.pool_index)
    run_args[built.pools.C] = c0 * brian2.nM
    run_args[built.pools.ar] = a0
    run_args[built.pools.f_cyt] = f0
    if ttx:
        for key, value in TTX_SLICE.items():
            run_args[getattr(built.neurons, key)] = np.full(len(built.neurons), 1.0) * value
    results = f"results-{os.getpid()}-{uuid.uuid4().hex[:8]}"  # relative to the project
    try:
        with _locked(session.directory + ".lock", shared=True):
            try:
                brian2.device.run(directory=session.directory, results_directory=results, with_output=False,
                                  run_args=run_args)
            except (RuntimeError, ValueError, OSError) as err:
                _raise_if_disk_full(session.directory, err)
                raise
        return collect(built, inputs, warmup, duration, record_spikes)
    finally:
        import shutil

        shutil.rmtree(os.path.join(session.directory, results), ignore_errors=True)
