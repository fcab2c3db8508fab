"""Sweeps: presets and the sweep core, the local and Dask runners, the results file."""
