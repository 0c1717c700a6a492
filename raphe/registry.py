"""Named registries, one per extension axis (populations, receptors, drugs, regions, protocols).

An unknown or duplicate name is an error that lists the valid names, as in
Brian2's and nengo's registries. A user's own package adds to any registry
through the entry point group ``raphe.plugins``: each entry point names a
module (imported: its registrations run) or a callable (called with no
arguments), loaded once per process by :func:`load_plugins`::

    # pyproject.toml of the user's package
    [project.entry-points."raphe.plugins"]
    my_lab = "my_lab.raphe_plugin"
"""

from __future__ import annotations

from typing import Generic, Iterator, TypeVar

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

    def get(self, name: str, field: str | None = None) -> T:
        """Return the item called ``name`` (case-insensitive, aliases allowed)."""
        key = self._aliases.get(str(name).lower())
        if key is None:
            raise UnknownNameError(field or self.kind, name, self.names())
        return self._items[key]

    def canonical(self, name: str, field: str | None = None) -> str:
        """Return the registered name for ``name`` or an alias of it."""
        key = self._aliases.get(str(name).lower())
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


#: Entry point group through which other packages extend raphe's registries.
PLUGIN_GROUP = "raphe.plugins"
_PLUGINS: dict[str, object] = {}


def load_plugins() -> dict:
    """Load every ``raphe.plugins`` entry point once (idempotent); return ``{name: loaded object}``.

    Raises
    ------
    RapheError
        A plugin that fails to load, named with its entry point, in one line.
    """
    from importlib.metadata import entry_points

    for ep in entry_points(group=PLUGIN_GROUP):
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
    return dict(_PLUGINS)
