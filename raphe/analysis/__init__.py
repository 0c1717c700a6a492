"""Analysis of results files: reading, metrics, figures, reports.

This package reads files only; it never runs a simulation.

Modules
-------
load
    Open and check results files; read summaries, subjects, spikes.
metrics
    % of baseline, group mean and SEM, AUC, peak, Welch test.
plots
    Dialysate time courses, drug concentration and occupancy, rasters, rates.
report
    One-page report figure per results file.
"""
