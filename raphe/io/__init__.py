"""The results format: HDF5 files written by experiments, read by analysis and users.

Imports no other layer of raphe (``circuits``, ``experiments``, ``analysis``), so any tool
(an NWB exporter, a notebook) can read results through it alone.

Modules
-------
format
    Format name, schema version, required attributes and groups (no heavy imports).
store
    Writing: atomic files, resumable parts, datasets with units, SONATA spikes.
read
    Opening and checking files (one-line errors), ``raphe inspect``, summaries, subjects, spikes.
frames
    Tidy pandas data frames: samples, time series, single units, recordings, summaries.
binding
    Units and readers of the binding panel's tables and assays.
nwb
    Export of a results file to NWB (optional extra ``[nwb]``).
"""
