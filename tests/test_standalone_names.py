"""A compiled circuit's code does not depend on what the process built before.

Brian2 names a code object after its owner and suffixes it ("_1") while an object of that
name is alive; :func:`raphe.circuits.standalone._ensure_built` keys compiled projects by
those names, so names that depend on a process's history cost a second compile of the
same structure. Code is generated here without compiling (``build_on_run=False``).
"""

import subprocess
import sys

SCRIPT = r"""
import gc
import sys
import brian2
from raphe.circuits import default_circuit
from raphe.circuits.standalone import activate_standalone, generate

def names(seed, project):
    activate_standalone(project)
    built = generate(default_circuit(scale=0.25, seed=seed), 2 * brian2.second, 4 * brian2.second)
    return sorted(brian2.device.code_objects), built

gc.disable()  # no collection by chance (as in `raphe run`, which pauses the collector)
keep = sys.argv[2] == "keep"
order = [int(s) for s in sys.argv[3:]]
kept = []
for k, seed in enumerate(order):
    got, built = names(seed, sys.argv[1] + f"/p{k}")
    if k == len(order) - 1:
        print(" ".join(got))
    if keep:  # a caller holds on to the earlier build (as a test's fixture may)
        kept.append(built)
    del built  # else dropped, as the window session drops it; its reference cycles remain
"""


def _names(tmp_path, keep, *seeds):
    tmp_path.mkdir()
    args = [str(tmp_path), "keep" if keep else "drop", *map(str, seeds)]
    run = subprocess.run([sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True, timeout=600,
                         cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    return run.stdout.split()


def test_a_circuit_built_after_another_has_the_code_of_a_fresh_process(tmp_path):
    fresh = _names(tmp_path / "a", False, 6)
    assert fresh  # code objects were generated
    assert _names(tmp_path / "b", False, 5, 6) == fresh  # the earlier build dropped
    assert _names(tmp_path / "c", True, 5, 6) == fresh  # the earlier build still held
