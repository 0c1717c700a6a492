"""Shared fixtures: one small compiled circuit for the circuit tests."""

import os

import pytest

# Every test run shares one cache (compiled circuits, response surfaces) per machine.
os.environ.setdefault("RAPHE_CACHE", os.path.join(os.path.expanduser("~"), ".cache", "raphe-tests"))
# `raphe run` uses every core by default (--jobs auto); tests that need helper processes ask for them
os.environ.setdefault("RAPHE_JOBS", "1")


@pytest.fixture(scope="session")
def small_circuit():
    """The default circuit at half size (in-degrees are fixed, so rates do not depend on scale)."""
    from raphe.circuits import default_circuit

    return default_circuit(scale=0.5, seed=3)


@pytest.fixture(scope="session")
def window(small_circuit):
    """Run a window of the small circuit (cpp_standalone, compiled once per machine), memoized."""
    import brian2

    from raphe.circuits import run_window

    cache = {}

    def run(ttx=False, **inputs):
        key = (ttx, tuple(sorted(inputs.items())))
        if key not in cache:
            cache[key] = run_window(small_circuit, inputs, warmup=2 * brian2.second,
                                    duration=4 * brian2.second, backend="cpp_standalone", ttx=ttx)
        return cache[key]

    return run
