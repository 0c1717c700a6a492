"""Registries extended from outside the package through the ``raphe.plugins`` entry point group.

``tests/plugins`` holds an installed-looking distribution (a ``.dist-info`` with an
``entry_points.txt``), found by :mod:`importlib.metadata` when the folder is on the path.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PLUGINS = Path(__file__).parent / "plugins"


def _raphe(*args):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(PLUGINS), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, "-m", "raphe", *args], capture_output=True, text=True, env=env,
                          timeout=300)


def test_plugin_region_is_registered_and_probed():
    out = _raphe("list", "regions")
    assert out.returncode == 0, out.stderr
    assert "HPC" in out.stdout and "plugin" in out.stdout
    schema = _raphe("schema", "microdialysis")
    assert schema.returncode == 0
    bad = _raphe("run", "acute-microdialysis", "--set", 'microdialysis.regions=["PFC", "HPX"]')
    assert bad.returncode == 2 and "HPC" in bad.stderr  # the plugin's region is a valid choice


def test_without_the_plugin_the_region_is_unknown():
    out = subprocess.run([sys.executable, "-m", "raphe", "list", "regions"], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0 and "HPC" not in out.stdout


RUN_WITH_PLUGIN = '''
import sys
import raphe
from raphe.units import minute, mg, kg

exp = raphe.Microdialysis(
    name="plugin-5ht2c", seed=1, subjects=1, regions=["PFC"], circuit={"scale": 0.25},
    baseline=20 * minute, baseline_samples=1, duration=40 * minute, sample_interval=20 * minute,
    spike_windows=[-10 * minute, 20 * minute],
    groups=[raphe.Group("way-163909", [raphe.Dose("WAY-163909", 3 * mg / kg, route="ip")])])
raphe.run(exp, out=sys.argv[1])
'''


def test_plugin_receptor_and_drug_run_in_an_experiment(tmp_path):
    """The plugin's 5-HT2C receptor (on PFC interneurons) and its agonist WAY-163909, run as any drug."""
    import raphe

    listed = _raphe("list", "receptors")
    assert listed.returncode == 0 and "5-HT2C_PFC_I" in listed.stdout, listed.stderr
    listed = _raphe("list", "drugs")
    assert listed.returncode == 0 and "WAY-163909" in listed.stdout, listed.stderr

    out = tmp_path / "plugin.h5"
    (tmp_path / "run.py").write_text(RUN_WITH_PLUGIN)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(PLUGINS), os.environ.get("PYTHONPATH", "")]))
    run = subprocess.run([sys.executable, str(tmp_path / "run.py"), str(out)], capture_output=True, text=True,
                         env=env, cwd=tmp_path, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]

    res = raphe.load(out)  # read back without the plugin: the file carries its own names
    occ = res.timeseries("occupancy")
    assert occ[occ.target == "5-HT2C"].value.max() > 0.1  # 3 mg/kg i.p. reaches its new target
    act = res.timeseries("receptor_activation")
    site = act[act.receptor == "5-HT2C_PFC_I"].sort_values("time")
    before, after = site[site.time < 0].value.mean(), site[site.time > 0].value.max()
    assert after > 2 * before  # an agonist (efficacy 0.9) at 5-HT2C activates the new site
    rate = res.timeseries("rate")
    pfc_i = rate[rate.population == "PFC_I"].sort_values("time")
    # a depolarising Gq conductance speeds the interneurons up (5-HT2C agonists excite mPFC GABA cells:
    # Liu et al. 2007 Neuroscience 146:1677): the only direction the mechanism allows
    assert pfc_i[pfc_i.time > 0].value.max() > 1.05 * pfc_i[pfc_i.time < 0].value.mean()


def test_without_the_plugin_its_drug_is_unknown():
    out = subprocess.run([sys.executable, "-m", "raphe", "pk", "WAY-163909"], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 2 and "WAY-163909" in out.stderr and "expected one of" in out.stderr


def test_readme_extending_blocks_are_the_plugin_files():
    """The README's receptor, drug and region snippets are the files this plugin runs (so they work)."""
    import re

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Extending\n"):readme.index("## Tests and benchmarks\n")]
    blocks = [b.strip("\n") for b in re.findall(r"```python\n(.*?)```", section, flags=re.S)]
    for name in ("receptor.py", "drug.py", "region.py"):
        assert (PLUGINS / "raphe_example_plugin" / name).read_text(encoding="utf-8").strip("\n") in blocks, name
    entry_points = (PLUGINS / "raphe_example_plugin-0.1.dist-info" / "entry_points.txt").read_text()
    for line in entry_points.splitlines()[1:]:
        key, value = (p.strip() for p in line.split("="))
        assert f'{key} = "{value}"' in section


def test_plugin_scan_is_reused_until_the_import_path_changes(tmp_path, monkeypatch):
    """The entry-point scan is memoized, but a distribution put on the path (a new path entry,
    or a new ``.dist-info`` in a folder already on it) is found by the next scan."""
    import os

    from raphe import registry

    def dist(folder, name):
        info = folder / f"{name}-0.1.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
        (info / "entry_points.txt").write_text(f"[raphe.plugins]\n{name} = {name}:register\n")

    before = {ep.name for ep in registry._plugin_entry_points()}
    assert registry._plugin_entry_points() is registry._plugin_entry_points()  # memoized
    dist(tmp_path, "raphe_scan_a")
    monkeypatch.syspath_prepend(str(tmp_path))
    names = {ep.name for ep in registry._plugin_entry_points()}
    assert names == before | {"raphe_scan_a"}
    dist(tmp_path, "raphe_scan_b")
    os.utime(tmp_path, ns=(1, 1))  # the folder changed (whatever the clock's resolution)
    names = {ep.name for ep in registry._plugin_entry_points()}
    assert names == before | {"raphe_scan_a", "raphe_scan_b"}
    monkeypatch.undo()
    assert {ep.name for ep in registry._plugin_entry_points()} == before
