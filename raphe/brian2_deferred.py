"""Brian2's units now, the rest of Brian2 when a window first needs it.

``import brian2`` costs a fresh process over a second, most of it code generation,
devices, Cython and pylab that only building and running a spiking window uses. A
``raphe run`` whose windows are all in the cache needs Brian2's units and nothing else.
:func:`defer` (called by the ``raphe`` command line, never on import) registers a
``brian2`` module that holds only :mod:`brian2.units`; the first use of any other name,
or the import of any other Brian2 submodule, runs Brian2's own ``__init__`` into that
same module object, so the objects already made (quantities, units) stay valid and
everything after that sees the ordinary ``brian2``.

Brian2's units also import sympy for one function (``latex``, used by
``Quantity._repr_latex_``) and try to import matplotlib only to compare its version with
1.3.1 (a workaround for that release); the two cost a fresh process ~0.7 s. While
:func:`defer` imports the units, ``sympy`` is a module holding a ``latex`` that imports
sympy when first called, and ``matplotlib`` is absent (the ImportError Brian2 expects
without it), unless either is imported already; both are ordinary imports afterwards.

A Python session that imports raphe without calling :func:`defer` imports Brian2 as
usual.
"""

from __future__ import annotations

import contextlib
import gc
import importlib.abc
import importlib.util
import logging
import sys
import threading
import types

__all__ = ["defer", "loaded"]

log = logging.getLogger(__name__)

#: Brian2 modules the deferred package may import before the rest of Brian2
_EARLY = ("brian2.units", "brian2._version")

_LOCK = threading.RLock()


class _DeferredBrian2(types.ModuleType):
    """The ``brian2`` package with only its units imported, until anything else is used."""

    def __getattr__(self, name):
        # only called for names not (yet) in the module's namespace
        if not self.__dict__.get("_raphe_loaded", True):
            units = sys.modules.get("brian2.units")
            if units is not None and name in units.__all__:
                return getattr(units, name)
            if name in ("__version__", "__version_tuple__"):
                try:
                    return getattr(importlib.import_module("brian2._version"), name)
                except (ImportError, AttributeError):  # a source checkout: Brian2 works it out
                    pass
            elif name.startswith("__") and name.endswith("__") and name != "__all__":
                raise AttributeError(name)  # (``from brian2 import *`` asks for __all__: load)
            _load(self, f"brian2.{name}")
            return getattr(self, name)
        raise AttributeError(f"module 'brian2' has no attribute {name!r}")

    def __dir__(self):
        if not self.__dict__.get("_raphe_loaded", True):
            _load(self, "dir(brian2)")
        return types.ModuleType.__dir__(self)


class _LoadFirst(importlib.abc.MetaPathFinder):
    """Runs Brian2's ``__init__`` before any Brian2 submodule other than its units."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname.startswith("brian2.") and not fullname.startswith(_EARLY):
            module = sys.modules.get("brian2")
            if isinstance(module, _DeferredBrian2) and not module._raphe_loaded:
                _load(module, fullname)
        return None  # the ordinary finders import it


def _load(module: _DeferredBrian2, reason: str) -> None:
    with _LOCK:
        if module.__dict__.get("_raphe_loaded", True):
            return
        module._raphe_loaded = True  # Brian2's __init__ imports its submodules: let them pass
        log.debug("importing the rest of Brian2 (first use: %s)", reason)
        enabled = gc.isenabled()
        gc.disable()  # a million long-lived objects: no collector passes over them meanwhile
        try:
            module.__spec__.loader.exec_module(module)
        except BaseException:
            module._raphe_loaded = False
            raise
        else:  # the ordinary brian2 module from now on
            del module._raphe_loaded
            module.__class__ = types.ModuleType
        finally:
            _remove_finder()
            gc.freeze()
            if enabled:
                gc.enable()


def _remove_finder() -> None:
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _LoadFirst)]


def _latex(expr, **settings):
    """``sympy.latex``; a Python int (the exponent of a unit's power, as Brian2's units make
    ``meter**3``) is written as sympy writes it, anything else imports sympy."""
    if type(expr) is int and not settings:
        return str(expr)
    if getattr(sys.modules.get("sympy"), "latex", None) is _latex:
        del sys.modules["sympy"]  # the stand-in of :func:`_units_alone`: import sympy itself
    from sympy import latex

    return latex(expr, **settings)


@contextlib.contextmanager
def _units_alone():
    """``sympy`` as a module holding :func:`_latex` and ``matplotlib`` absent, unless imported
    already, for the import of Brian2's units; the modules are restored afterwards."""
    placed = {}
    if "sympy" not in sys.modules:
        stub = types.ModuleType("sympy", "sympy.latex, imported at the first call (raphe)")
        stub.latex = _latex
        placed["sympy"] = stub
    if "matplotlib" not in sys.modules:
        placed["matplotlib"] = None  # ``import matplotlib`` raises ImportError
    sys.modules.update(placed)
    try:
        yield
    finally:
        for name, value in placed.items():
            if name in sys.modules and sys.modules[name] is value:
                del sys.modules[name]


def defer() -> bool:
    """Register a ``brian2`` that imports only its units until anything else is used.

    Returns
    -------
    bool
        True if the deferred module is in place; False if Brian2 was imported already
        (or cannot be found), in which case nothing changes.
    """
    with _LOCK:
        if "brian2" in sys.modules:
            return isinstance(sys.modules["brian2"], _DeferredBrian2)
        spec = importlib.util.find_spec("brian2")
        if spec is None or spec.loader is None or spec.submodule_search_locations is None:
            return False
        module = importlib.util.module_from_spec(spec)
        module.__class__ = _DeferredBrian2
        module._raphe_loaded = False
        sys.modules["brian2"] = module
        sys.meta_path.insert(0, _LoadFirst())
        try:
            with _units_alone():
                importlib.import_module("brian2.units")
        except BaseException:
            del sys.modules["brian2"]
            _remove_finder()
            raise
        return True


def loaded() -> bool:
    """Whether the whole of Brian2 (not only its units) is imported in this process."""
    module = sys.modules.get("brian2")
    return module is not None and not isinstance(module, _DeferredBrian2)
