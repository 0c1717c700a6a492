"""``raphe.brian2_deferred``: Brian2's units first, the rest of Brian2 on first use.

Each case runs in a fresh interpreter: the deferral only acts before Brian2 is imported.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest


def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_units_and_circuit_specs_need_only_brian2_units():
    out = _python("""
        import importlib.metadata, sys
        from raphe import brian2_deferred
        assert brian2_deferred.defer() and not brian2_deferred.loaded()
        import brian2
        from raphe.circuits import default_circuit
        from raphe.units import parse_quantity
        from raphe.experiments.models import builtin
        spec = default_circuit(scale=0.05, seed=1)
        spec.fingerprint()
        builtin("acute-microdialysis")
        q = parse_quantity("20 min", "field")
        assert brian2.__version__ == importlib.metadata.version("brian2")
        assert not brian2_deferred.loaded()
        assert not any(m.startswith(("brian2.core", "brian2.codegen", "brian2.devices")) for m in sys.modules)
        print("units only", q)
    """)
    assert "units only 1.2 ks" in out


@pytest.mark.parametrize("first_use", [
    "brian2.NeuronGroup",                                        # a name of the whole package
    "__import__('brian2.devices.cpp_standalone.device').Network",  # a submodule beyond the units
    "__import__('brian2', fromlist=['prefs']).prefs",            # from brian2 import prefs
    "exec('from brian2 import *', {})",                          # a user's script's star import
    "dir(brian2)",
])
def test_first_use_imports_the_rest_into_the_same_module(first_use):
    out = _python(f"""
        import sys
        from raphe import brian2_deferred
        assert brian2_deferred.defer()
        import brian2
        early = 3 * brian2.ms
        module = sys.modules["brian2"]
        {first_use}
        assert brian2_deferred.loaded() and sys.modules["brian2"] is module
        assert isinstance(early, brian2.Quantity) and brian2.second is brian2.units.second
        assert float(early / brian2.second) == 0.003
        net = brian2.Network(brian2.NeuronGroup(2, "dv/dt = -v/(10*ms) : 1", method="exact"))
        net.run(1 * brian2.ms)
        assert not brian2_deferred.defer()  # already loaded: nothing to do
        print("whole brian2", brian2.__version__)
    """)
    assert "whole brian2" in out


def test_no_deferral_once_brian2_is_imported():
    out = _python("""
        import brian2
        from raphe import brian2_deferred
        assert not brian2_deferred.defer() and brian2_deferred.loaded()
        print("ordinary", type(brian2).__name__)
    """)
    assert "ordinary module" in out


def _unit_latex(defer: bool, sympy_first: bool = False) -> str:
    """Every unit's LaTeX name and two quantities' ``_repr_latex_``, in a fresh interpreter."""
    return _python(f"""
        import sys
        {"import sympy" if sympy_first else ""}
        from raphe import brian2_deferred
        if {defer}:
            assert brian2_deferred.defer()
            # the units were imported without sympy and matplotlib (unless imported before)
            assert ("sympy" in sys.modules) == {sympy_first}, sorted(m for m in sys.modules if "sympy" in m)
            assert "matplotlib" not in sys.modules
        import brian2
        from brian2.units.allunits import all_units
        for u in all_units:
            print(u.name, u.latexname)
        print((3 * brian2.mV / brian2.second ** 2)._repr_latex_())
        print((2.5 * brian2.meter ** 0.5)._repr_latex_())
        import sympy
        assert hasattr(sympy, "Symbol")  # the real sympy once the units are in
        print(brian2.units.fundamentalunits.latex.__module__)
    """)


@pytest.mark.parametrize("sympy_first", [False, True])
def test_units_without_sympy_write_the_latex_sympy_writes(sympy_first):
    """While the deferred units import, ``sympy`` is a stand-in whose ``latex`` writes a Python
    int as sympy does (units' powers, e.g. ``meter**3``) and imports sympy for anything else;
    every unit's LaTeX name and a quantity's ``_repr_latex_`` equal those of ``import brian2``."""
    deferred = _unit_latex(True, sympy_first).splitlines()
    plain = _unit_latex(False).splitlines()
    assert deferred[:-1] == plain[:-1] and len(plain) > 100
    assert (deferred[-1] == "raphe.brian2_deferred") != sympy_first
