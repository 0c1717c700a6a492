"""The results format: readers of raphe's HDF5 results files and exporters (NWB)."""
