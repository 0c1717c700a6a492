"""raphe: a spiking simulator of the brain's serotonin system built on Brian2.

The Python API (imported on first use, so ``import raphe`` stays fast):

- :func:`run` an experiment (a built-in name, a TOML file or an experiment
  object) and get :class:`Results` (tidy pandas data frames, the summary,
  the figure, the HDF5 path); :func:`load` a finished results file;
  :func:`sweep` a parameter grid.
- Experiment objects: :class:`Microdialysis`, :class:`Electrophysiology`,
  :class:`Chronic`, :class:`Binding`, with :class:`Group` and :class:`Dose`.

Subpackages
-----------
circuits
    The virtual animal: populations, projections, transmitter pools, receptors,
    pharmacology. Only :mod:`raphe.circuits.builder` creates Brian2 objects.
experiments
    What is done to the animal: the multiscale engine, protocols, cohorts
    and the ``raphe`` command line.
io
    The results format: readers and tidy data frames.
analysis
    Reads result files only: metrics, fits, figures, reports.
"""

__version__ = "0.1.0"

_API = {
    "run": "raphe.api", "load": "raphe.api", "sweep": "raphe.api", "configure": "raphe.api",
    "script_options": "raphe.api",
    "Results": "raphe.api",
    "Experiment": "raphe.experiments.models", "Group": "raphe.experiments.models",
    "Microdialysis": "raphe.experiments.protocols.microdialysis",
    "Electrophysiology": "raphe.experiments.protocols.electrophysiology",
    "Chronic": "raphe.experiments.protocols.chronic", "Binding": "raphe.experiments.protocols.binding",
    "experiment": "raphe.experiments.models",
    "Dose": "raphe.circuits.pharmacology",
}
_RENAMED = {"experiment": "builtin"}

__all__ = sorted(_API)


def __getattr__(name):
    if name in _API:
        import importlib

        value = getattr(importlib.import_module(_API[name]), _RENAMED.get(name, name))
        globals()[name] = value
        return value
    raise AttributeError(f"module 'raphe' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_API))
