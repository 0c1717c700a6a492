"""Quick versions of experiments: the same protocol, shortened, for a first look and for tests.

``raphe run NAME --quick``, ``python experiments/NAME.py --quick`` and
``raphe.run(NAME, overrides=quick_overrides(protocol))`` apply the same
overrides, so the three give identical datasets for the same seed.
"""

from __future__ import annotations

#: per protocol: ``--set`` overrides that make a run take seconds to a minute on a warm cache
QUICK = {
    "microdialysis": ["cohort.n=1", "circuit.scale=0.25", "microdialysis.duration=40 min",
                      'microdialysis.spike_windows=["-10 min", "20 min"]'],
    "electrophysiology": ["cohort.n=1", "circuit.scale=0.25"],
    "chronic": ["cohort.n=1", "circuit.scale=0.25", "chronic.duration=3 day", "chronic.recording_days=[1, 3]",
                "chronic.agonist_challenge.day=3", "chronic.ssri_challenge.day=2"],
    "binding": ["binding.n_assays=1"],
    "pet-occupancy": ["pet.patients=3"],
}


def quick_overrides(protocol: str) -> list[str]:
    """The ``--set`` overrides of a protocol's quick version (none for an unknown protocol)."""
    return list(QUICK.get(protocol, []))
