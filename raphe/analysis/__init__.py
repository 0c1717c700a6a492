"""Analysis of results files: metrics, fits, figures, reports.

This package reads files (through :mod:`raphe.io`) only; it never runs a simulation.

Modules
-------
metrics
    % of baseline, group mean and SEM, AUC, peak, Welch test.
fits
    The one dose-response fitter (four-parameter logistic / Hill in log dose).
ephys, sweep, binding
    ED50 and binding fits and the figures of those protocols.
plots
    Dialysate time courses, drug concentration and occupancy, rasters, rates.
report
    One-page report figure per results file.
"""
