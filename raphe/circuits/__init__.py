"""The virtual animal: what exists (populations, projections, pools, receptors, drugs).

``circuits`` never imports ``experiments`` or ``analysis``. Specs describe;
:mod:`raphe.circuits.builder` is the only module creating Brian2 objects.
"""

from raphe.circuits.circuit import default_circuit
from raphe.circuits.inputs import FAST_INPUTS, default_inputs, validate_inputs
from raphe.circuits.spec import CircuitSpec, PoolSpec, PopulationSpec, ProjectionSpec, ReceptorSite
from raphe.circuits.window import BACKENDS, WindowResult, run_window

__all__ = ["default_circuit", "CircuitSpec", "PoolSpec", "PopulationSpec", "ProjectionSpec",
           "ReceptorSite", "FAST_INPUTS", "default_inputs", "validate_inputs", "BACKENDS",
           "WindowResult", "run_window"]
