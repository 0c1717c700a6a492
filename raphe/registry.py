"""Named registries, one per extension axis (populations, receptors, drugs, regions, protocols).

An unknown or duplicate name is an error that lists the valid names, as in
Brian2's and nengo's registries. A user's own package adds to any registry
through the entry point group ``raphe.plugins``: each entry point names a
module (imported: its registrations run) or a callable (called with no
arguments), loaded once per process by :func:`load_plugins`, which raphe calls before it
lists names and which a registry calls the first time it misses a name::

    # pyproject.toml of the user's package
    [project.entry-points."raphe.plugins"]
    my_lab = "my_lab.raphe_plugin"
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Callable, Generic, Iterator, TypeVar

from raphe.errors import RapheError, RapheInputError, UnknownNameError

T = TypeVar("T")


class Registry(Generic[T]):
    """A mapping from unique names (with optional aliases) to items.

    Parameters
    ----------
    kind : str
        What the registry holds, used in error messages (``"drug"``).
    """

    def __init__(self, kind: str):
        self.kind = kind
        self._items: dict[str, T] = {}
        self._aliases: dict[str, str] = {}

    def register(self, name: str, item: T, aliases: tuple[str, ...] = ()) -> T:
        """Add ``item`` under ``name``; a name already taken is an error."""
        for key in (name, *aliases):
            if key.lower() in self._aliases:
                raise RapheInputError(
                    f"{self.kind} name", key,
                    f"a name not already registered (registered: {', '.join(self.names())})")
        self._items[name] = item
        for key in (name, *aliases):
            self._aliases[key.lower()] = name
        return item

    def replace(self, name: str, item: T) -> T:
        """Put ``item`` in place of the registered ``name`` (same name and aliases)."""
        self._items[self.canonical(name)] = item
        return item

    def _key(self, name) -> str | None:
        """The registered name of ``name``; an unknown name loads the plugins once, then looks again."""
        key = self._aliases.get(str(name).lower())
        if key is None and _autoload_plugins():
            key = self._aliases.get(str(name).lower())
        return key

    def snapshot(self) -> tuple:
        """The registry's contents now, for :meth:`restore` (a docs build or a test undoing additions)."""
        return dict(self._items), dict(self._aliases)

    def restore(self, state: tuple) -> None:
        """Return to the contents of a :meth:`snapshot`: later registrations and replacements are undone."""
        items, aliases = state
        self._items, self._aliases = dict(items), dict(aliases)

    def get(self, name: str, field: str | None = None) -> T:
        """Return the item called ``name`` (case-insensitive, aliases allowed).

        A name not registered yet loads the ``raphe.plugins`` entry points (once per
        process) before it is an error, so a plugin's drug or receptor is found by name
        wherever raphe looks one up.
        """
        key = self._key(name)
        if key is None:
            raise UnknownNameError(field or self.kind, name, self.names())
        return self._items[key]

    def canonical(self, name: str, field: str | None = None) -> str:
        """Return the registered name for ``name`` or an alias of it (plugins loaded as in :meth:`get`)."""
        key = self._key(name)
        if key is None:
            raise UnknownNameError(field or self.kind, name, self.names())
        return key

    def names(self) -> list[str]:
        return list(self._items)

    def items(self):
        return self._items.items()

    def __contains__(self, name: object) -> bool:
        return str(name).lower() in self._aliases

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


class LiveNames(Sequence):
    """A read-only tuple of names recomputed from the registries on every use.

    A list that derives from a registry (the drug targets from the receptor
    types, say) must not be frozen when its module is imported: a plugin may
    register more later. ``LiveNames(fn)`` behaves like ``fn()`` (a tuple of
    str) wherever it is read: ``in``, iteration, indexing, ``len``, ``+`` and
    ``==`` against tuples.
    """

    def __init__(self, compute: Callable[[], tuple]):
        self._compute = compute

    def _now(self) -> tuple:
        return tuple(self._compute())

    def __getitem__(self, index):
        return self._now()[index]

    def __len__(self) -> int:
        return len(self._now())

    def __iter__(self):
        return iter(self._now())

    def __contains__(self, name) -> bool:
        return name in self._now()

    def __add__(self, other):
        return self._now() + tuple(other)

    def __radd__(self, other):
        return tuple(other) + self._now()

    def __eq__(self, other):
        if isinstance(other, (LiveNames, tuple, list)):
            return self._now() == tuple(other)
        return NotImplemented

    def __hash__(self):
        return hash(self._now())

    def __repr__(self) -> str:
        return repr(self._now())


#: Entry point group through which other packages extend raphe's registries.
PLUGIN_GROUP = "raphe.plugins"
_PLUGINS: dict[str, object] = {}
_STATE = {"autoloaded": False, "loading": False}


def _autoload_plugins() -> bool:
    """Load the plugins the first time a registry misses a name; True if that happened now."""
    if _STATE["autoloaded"] or _STATE["loading"]:
        return False
    _STATE["autoloaded"] = True
    load_plugins()
    return True


_SCAN: dict = {}


def _plugin_entry_points() -> list:
    """The ``raphe.plugins`` entry points, rescanned only when the import path or one of its
    folders changed (a package installed or removed changes its folder's mtime).

    Scanning every installed distribution costs ~10 ms, and ``load_plugins`` runs once per
    subject; the stat of each path entry costs microseconds.
    """
    import os
    import sys
    from importlib.metadata import entry_points

    def mtime(path):
        try:
            return os.stat(path or ".").st_mtime_ns
        except (OSError, TypeError, ValueError):
            return None

    try:
        cwd = os.getcwd()  # "" on sys.path is the working directory
    except OSError:  # the working directory was removed
        cwd = None
    stamp = (cwd, tuple(sys.path), tuple(mtime(p) for p in sys.path))
    if _SCAN.get("stamp") != stamp:
        _SCAN["stamp"] = stamp
        _SCAN["entry_points"] = list(entry_points(group=PLUGIN_GROUP))
    return _SCAN["entry_points"]


def load_plugins() -> dict:
    """Load every ``raphe.plugins`` entry point once (idempotent); return ``{name: loaded object}``.

    Raises
    ------
    RapheError
        A plugin that fails to load, named with its entry point, in one line.
    """
    if _STATE["loading"]:  # a plugin being imported looked a name up: no recursion
        return dict(_PLUGINS)
    _STATE["loading"] = True
    try:
        for ep in _plugin_entry_points():
            if ep.name in _PLUGINS:
                continue
            try:
                obj = ep.load()
                if callable(obj) and not isinstance(obj, type):
                    obj()
            except RapheError:
                raise
            except Exception as err:  # a broken plugin: say which, in one line
                raise RapheError(f"raphe plugin {ep.name!r} ({ep.value}) failed to load: "
                                 f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}") from err
            _PLUGINS[ep.name] = obj
    finally:
        _STATE["loading"] = False
    return dict(_PLUGINS)
