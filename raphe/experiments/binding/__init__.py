"""Virtual radioligand binding laboratory: assay physics and bench protocols.

Modules
-------
ligands
    Radioligands, unlabelled reference ligands, the standard assay per target,
    bench constants (filtration, counting) and variability, with sources.
physics
    Numerical core (floats): mass-action kinetics with depletion, filtration
    and washes, scintillation counting.
bench
    Saturation, competition and kinetic assays as run at the bench; each
    returns an :class:`~raphe.experiments.binding.bench.AssayRecord` of counts.
panel
    Every drug against every target with HDF5 output (used by the ``binding``
    protocol, :mod:`raphe.experiments.protocols.binding`).

Fits live in :mod:`raphe.analysis.binding`, figures in
:mod:`raphe.analysis.plots_binding`.
"""
