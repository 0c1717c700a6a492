"""raphe: a spiking simulator of the brain's serotonin system built on Brian2.

Subpackages
-----------
circuits
    The virtual animal: populations, projections, transmitter pools, receptors,
    pharmacology. Only :mod:`raphe.circuits.builder` creates Brian2 objects.
experiments
    What is done to the animal: the multiscale engine, protocols, cohorts,
    the HDF5 store and the ``raphe`` command line.
analysis
    Reads result files only: metrics, fits, figures, reports.
"""

__version__ = "0.1.0"
