"""Report figures already drawn, found by what they show.

A report page is a function of the data it reads from a results file, the drawing code,
and matplotlib's version, settings and fonts. :func:`digest` hashes all of these;
:func:`fetch` copies a PNG drawn earlier with the same digest to the requested path and
:func:`keep` stores one just drawn. A warm ``raphe run`` (the same results again) then
copies its figure instead of importing matplotlib's drawing modules and drawing ~350 texts
(about a quarter of its wall time). The figures live in ``<cache>/figures`` (``$RAPHE_CACHE``
or ``~/.cache/raphe``, as the window cache), the newest :data:`KEEP` of them kept. Any
failure to read or write the cache only means the figure is drawn.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sys
from pathlib import Path

import numpy as np

from raphe.memo import cache_root, feed, store_file

log = logging.getLogger(__name__)

#: Figures kept in the cache (the oldest are removed when one is stored).
KEEP = 64

#: rcParams that do not change a PNG drawn on an Agg canvas (``backend`` holds a sentinel
#: object whose text differs per process)
_RC_IGNORED = frozenset({"backend", "backend_fallback", "interactive", "toolbar", "timezone"})


def cache_dir() -> Path:
    """``$RAPHE_CACHE/figures`` (default ``~/.cache/raphe/figures``)."""
    return cache_root() / "figures"


def _environment() -> list:
    """What else decides the pixels: versions, matplotlib's settings, the font list.

    The settings are those of matplotlib's settings files (read, not imported: ~0.2 s), so a
    run that imported matplotlib (a cold run: Brian2 imports it) and one that did not (a warm
    run) find the same figures; if matplotlib is imported and a setting was changed since it
    read its files (``rcParams`` against ``rcParamsOrig``), the changed settings are added.
    """
    env = [sys.version, np.__version__]
    try:
        from PIL import __version__ as pil_version
    except ImportError:  # pragma: no cover - matplotlib requires Pillow
        pil_version = ""
    env += [pil_version, _matplotlib_files()]
    matplotlib = sys.modules.get("matplotlib")
    if matplotlib is not None:
        orig = getattr(matplotlib, "rcParamsOrig", {})
        changed = sorted((k, repr(v)) for k, v in dict.items(matplotlib.rcParams)
                         if k not in _RC_IGNORED and (k not in orig or repr(v) != repr(dict.get(orig, k))))
        if changed:
            env += ["rcParams changed", changed]
    for directory in _matplotlib_dirs("XDG_CACHE_HOME", ".cache"):  # the fonts family names resolve to
        try:
            env.append(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in os.scandir(directory)
                              if e.name.startswith("fontlist")))
        except OSError:
            env.append(None)
    return env


def _matplotlib_dirs(xdg: str, default: str) -> list[str]:
    """The directories matplotlib would take its configuration or cache from (``$MPLCONFIGDIR``,
    else ``$XDG_...``/matplotlib or ``~/<default>/matplotlib``, else ``~/.matplotlib``)."""
    if os.environ.get("MPLCONFIGDIR"):
        return [os.environ["MPLCONFIGDIR"]]
    home = os.path.expanduser("~")
    return [os.path.join(os.environ.get(xdg) or os.path.join(home, default), "matplotlib"),
            os.path.join(home, ".matplotlib")]


def _matplotlib_files() -> list:
    """Without importing matplotlib: its version file and every matplotlibrc it could read at
    import (``matplotlib.matplotlib_fname``'s candidates, the package default last), each as
    (path, bytes) or (path, None) if absent; more files than the one read only mean more
    misses."""
    import importlib.util

    spec = importlib.util.find_spec("matplotlib")  # finds the package, does not run it
    package = list(spec.submodule_search_locations or []) if spec is not None else []
    candidates = [os.path.abspath("matplotlibrc")]
    if "MATPLOTLIBRC" in os.environ:
        candidates += [os.environ["MATPLOTLIBRC"], os.path.join(os.environ["MATPLOTLIBRC"], "matplotlibrc")]
    candidates += [os.path.join(d, "matplotlibrc") for d in _matplotlib_dirs("XDG_CONFIG_HOME", ".config")]
    for d in package:
        candidates += [os.path.join(d, "_version.py"), os.path.join(d, "mpl-data", "matplotlibrc")]
    files = []
    for path in candidates:
        try:
            files.append((path, Path(path).read_bytes()))
        except OSError:  # absent, a directory, unreadable
            files.append((path, None))
    return [os.environ.get("MATPLOTLIBDATA"), files]


def digest(name: str, data, code_files) -> str | None:
    """Hex digest of a figure: its name, the data it draws, the source of ``code_files``
    (the modules that draw it) and matplotlib's environment; None if ``data`` holds a value
    without an exact digest (then the figure is not cached)."""
    h = hashlib.sha256()
    try:
        feed(h, name)
        for path in code_files:
            feed(h, Path(path).read_bytes())
        feed(h, _environment())
        feed(h, data)
    except (TypeError, OSError) as err:
        log.debug("figure %s not cached: %s", name, err)
        return None
    return h.hexdigest()


def draw_or_copy(name: str, data, code_files, png_path, draw, cache: bool = True) -> None:
    """Copy the figure of :func:`digest` ``(name, data, code_files)`` to ``png_path`` if it is
    cached, else call ``draw()`` (which writes ``png_path``) and cache what it drew."""
    key = digest(name, data, code_files) if cache else None
    if fetch(key, png_path):
        return
    draw()
    keep(key, png_path)


def fetch(key: str | None, png_path) -> bool:
    """Copy the cached figure ``key`` to ``png_path``; False if there is none."""
    if key is None:
        return False
    src = cache_dir() / f"{key}.png"
    try:
        shutil.copyfile(src, png_path)
        os.utime(src)  # recently used: kept longest
    except OSError:
        return False
    log.debug("figure %s copied from the cache", png_path)
    return True


def keep(key: str | None, png_path) -> None:
    """Store the figure just drawn at ``png_path`` under ``key`` (atomically), keeping the
    newest :data:`KEEP` figures."""
    if key is None:
        return

    def copy(f):
        with open(png_path, "rb") as src:
            shutil.copyfileobj(src, f)

    try:
        store_file(cache_dir() / f"{key}.png", copy, keep=KEEP)
    except OSError as err:
        log.debug("figure %s not cached: %s", png_path, err)
