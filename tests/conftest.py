"""Shared fixtures (one small compiled circuit for the circuit tests) and test scheduling.

The suite runs in one process per usable core (``-n auto --dist loadgroup`` in
pyproject.toml, pytest-xdist). The processes share one cache: compiled circuits
are built under a file lock (the second process waits and reuses the binary),
surface-cache entries are written atomically, and tests that count windows or
cache hits use their own ``fresh_surface_cache``. Scheduling changes nothing a
test asserts: tests sharing an expensive fixture run in one process, and the
longest tests start first so no core waits alone at the end.
"""

import os

import pytest

# Every test run shares one cache (compiled circuits, response surfaces) per machine.
os.environ.setdefault("RAPHE_CACHE", os.path.join(os.path.expanduser("~"), ".cache", "raphe-tests"))
# `raphe run` uses every core by default (--jobs auto); tests that need helper processes ask for them
os.environ.setdefault("RAPHE_JOBS", "1")

#: Module- and session-scoped fixtures that run experiments: every test using one runs in the
#: same test process, so the fixture runs once (its group is the fixture's module and name).
SHARED_FIXTURES = ("calibration_runs", "engine_runs", "ephys_run", "panel_file", "both", "reference",
                   "context", "minipump_course")

#: The longest tests (from CI's --durations), longest first: started first, they leave the short
#: tests to fill both cores at the end. Only the order changes; a test not listed runs after these.
LONGEST_FIRST = (
    "test_numerics.py::test_chronic_28_day_1000_mg_per_kg_daily_is_physical",
    "test_scripts.py::test_extension_script_runs_quickly[new-drug]",
    "test_cli_run_engine.py::test_every_builtin_experiment_runs_three_ways_identically[chronic-ssri]",
    "test_plugins.py::test_plugin_receptor_and_drug_run_in_an_experiment",
    "test_sweep.py::test_same_datasets_with_1_and_2_local_workers_and_dask",
    "test_engine_workers.py::test_run_jobs_2_equals_jobs_1",
    "test_pools.py::test_chronic_citalopram_pfc_5ht_on_day_2_and_day_13",
    "test_chronic.py::test_chronic_protocol_end_to_end",
    "test_cli_run_engine.py::test_every_builtin_experiment_runs_three_ways_identically",
    "test_scripts.py::test_extension_script_runs_quickly",
    "test_drn_autoreceptor.py::test_citalopram_ed50_brackets",
    "test_terminals.py::test_chronic_desensitization_shifts_agonist_potency",
    "test_terminals.py::test_5ht1b_antagonist_augments_the_ssri_rise",
    "test_terminals.py::test_way_pretreatment_protocol_peak_ratio",
    "test_numerics.py::test_every_transporter_blocked_window_is_physical",
    "test_numerics.py::test_window_at_scale_four_is_physical",
)


def pytest_xdist_auto_num_workers(config):
    """``-n auto``: one test process per core this process may use (xdist would count physical cores)."""
    from raphe.experiments.executors import default_workers

    return default_workers()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Group the users of each shared fixture (``xdist_group``) and put the longest tests first."""
    for item in items:
        used = [name for name in SHARED_FIXTURES if name in getattr(item, "fixturenames", ())]
        if used and item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(f"{item.module.__name__}.{used[0]}"))

    def rank(item):
        return next((k for k, name in enumerate(LONGEST_FIRST) if name in item.nodeid), len(LONGEST_FIRST))

    items.sort(key=rank)


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
