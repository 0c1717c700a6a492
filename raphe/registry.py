"""Named registries, one per extension axis (populations, receptors, drugs, ...).

An unknown or duplicate name is an error that lists the valid names, as in
Brian2's and nengo's registries.
"""

from __future__ import annotations

from typing import Generic, Iterator, TypeVar

from raphe.errors import RapheInputError, UnknownNameError

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
