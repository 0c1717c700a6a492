"""Results of pure numerical functions kept on disk, found by their exact inputs.

A warm ``raphe run`` repeats the numerical calls of the run before it: the matrix
exponentials of its pharmacokinetics, the t-distribution tails of its Welch tests, the
least-squares fits of its dose-response curves. Each is a call into scipy, and importing
scipy costs a fresh process 0.3-0.6 s, more than all the calls. :func:`call` keys a call
by a name, the exact bytes of its arguments and the versions of Python, numpy and scipy,
and keeps what it returned (arrays) in ``<cache>/memo`` (``$RAPHE_CACHE`` or
``~/.cache/raphe``, as the window cache). A later call with the same key reads those
arrays: bit for bit what the function returned, without calling it. Any failure to read
or write the cache only means the function is called.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np

__all__ = ["call", "cache_root", "cache_dir", "feed", "store_file", "KEEP"]

log = logging.getLogger(__name__)

#: Results kept per name (the oldest are removed when a process first stores one).
KEEP = 4096

_pruned: set = set()
_versions: list = []


def cache_root() -> Path:
    """``$RAPHE_CACHE`` (default ``~/.cache/raphe``), as the window cache."""
    return Path(os.environ.get("RAPHE_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "raphe"))


def cache_dir() -> Path:
    """``<cache>/memo``: :func:`call`'s results, a folder per name."""
    return cache_root() / "memo"


def store_file(path: Path, write: Callable, keep: int | None = None) -> None:
    """Write ``path`` atomically (``write(f)`` into a temporary file of its folder, then a
    rename); with ``keep``, then keep the newest ``keep`` files of the folder with its suffix
    (a file read is made newest by its reader's ``os.utime``).

    Raises
    ------
    OSError
        The folder or the file could not be written (nothing is left behind).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    if keep is not None:
        kept = sorted((e.stat().st_mtime_ns, e.path) for e in os.scandir(path.parent)
                      if e.name.endswith(path.suffix) and not e.name.startswith("."))
        for _, old in kept[:-keep]:
            os.unlink(old)


def feed(h, obj) -> None:
    """Feed ``obj`` to hash ``h`` with its type and length, so different values never collide
    by concatenation; TypeError for a value that has no exact form here."""
    if obj is None:
        h.update(b"N")
    elif isinstance(obj, bool):
        h.update(b"B1" if obj else b"B0")
    elif isinstance(obj, int):
        h.update(b"I%d;" % obj)
    elif isinstance(obj, float):
        h.update(b"F" + float.hex(obj).encode())
    elif isinstance(obj, str):
        b = obj.encode("utf-8", "surrogatepass")
        h.update(b"S%d;" % len(b) + b)
    elif isinstance(obj, bytes):
        h.update(b"Y%d;" % len(obj) + obj)
    elif isinstance(obj, (np.ndarray, np.generic)):
        arr = np.asarray(obj)
        h.update(b"A" + arr.dtype.str.encode() + repr(arr.shape).encode())
        if arr.dtype.hasobject:
            for item in arr.ravel().tolist():
                feed(h, item)
        else:
            h.update(np.ascontiguousarray(arr).tobytes())
    elif isinstance(obj, Mapping):
        h.update(b"D%d;" % len(obj))
        for k, v in obj.items():  # in order
            feed(h, k)
            feed(h, v)
    elif isinstance(obj, (list, tuple)):
        h.update((b"L%d;" if isinstance(obj, list) else b"T%d;") % len(obj))
        for v in obj:
            feed(h, v)
    else:
        raise TypeError(f"no exact digest of a {type(obj).__name__}")


def _environment() -> list:
    """Python's and numpy's versions and scipy's version file (read, not imported)."""
    if not _versions:
        import importlib.util

        scipy = b""
        try:
            spec = importlib.util.find_spec("scipy")  # finds the package, does not run it
            for d in (spec.submodule_search_locations or []) if spec is not None else []:
                scipy += Path(d, "version.py").read_bytes()
        except (ImportError, OSError, ValueError):
            scipy = b"?"
        _versions[:] = [sys.version, np.__version__, scipy]
    return _versions


def call(name: str, fn: Callable, *args, code: bytes = b"", **kwargs) -> tuple[np.ndarray, ...]:
    """``fn(*args, **kwargs)`` as a tuple of arrays, read from the cache if called before.

    Parameters
    ----------
    name : str
        The function's name in the cache (one folder each).
    fn : callable
        A pure function of its arguments (numbers, strings, arrays and lists, tuples and
        dicts of them) returning an array-like or a tuple of them.
    code : bytes
        Anything else the result depends on, e.g. the source of a function ``fn`` calls
        (part of the key, not passed to ``fn``).

    Returns
    -------
    tuple of ndarray
        What ``fn`` returned (each item through ``np.asarray``; a 0-d array for a scalar).
    """
    h = hashlib.sha256()
    try:
        feed(h, name)
        feed(h, _environment())
        feed(h, code)
        feed(h, args)
        feed(h, kwargs)
    except TypeError as err:
        log.debug("%s not cached: %s", name, err)
        key = None
    else:
        key = h.hexdigest()
        path = cache_dir() / name / f"{key}.npz"
        try:
            with np.load(path, allow_pickle=False) as z:
                arrays = tuple(z[f"arr_{i}"] for i in range(len(z.files)))
            os.utime(path)  # recently used: kept longest
            return arrays
        except FileNotFoundError:
            pass  # not cached: compute
        except (OSError, ValueError, KeyError, EOFError) as err:  # damaged: compute, and say so
            log.warning("damaged cache entry %s (%s); recomputing it", path,
                        (str(err).splitlines() or [type(err).__name__])[0])
    result = fn(*args, **kwargs)
    arrays = tuple(np.asarray(r) for r in (result if isinstance(result, tuple) else (result,)))
    if key is not None and not any(a.dtype.hasobject for a in arrays):
        _store(name, path, arrays)
    return arrays


def _store(name: str, path: Path, arrays: tuple) -> None:
    """Write ``arrays`` to ``path``; once per process and name, keep the newest :data:`KEEP`."""
    first = name not in _pruned
    _pruned.add(name)
    try:
        store_file(path, lambda f: np.savez(f, *arrays), keep=KEEP if first else None)
    except OSError as err:
        log.debug("%s not cached: %s", path, err)
