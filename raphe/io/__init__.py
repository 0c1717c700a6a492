"""The results format: HDF5 files written by experiments, read by analysis and users.

Modules
-------
frames
    Tidy pandas data frames of a results file (samples, time series, units,
    summaries).
nwb
    Export of a results file to NWB (optional extra ``[nwb]``).
"""
