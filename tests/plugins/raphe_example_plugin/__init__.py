"""A tiny raphe plugin for the tests, found through the ``raphe.plugins`` entry points.

One file per addition, each named by its own entry point (``entry_points.txt`` in the
``.dist-info`` next to this package, what ``pip install`` writes from a ``pyproject.toml``):

- ``region.py``: a brain region (dorsal hippocampus) that microdialysis offers as a probe site;
- ``receptor.py``: a new receptor type, 5-HT2C, expressed by the PFC interneurons;
- ``drug.py``: a drug record, the 5-HT2C agonist WAY-163909.
"""
