"""Every label a figure or NWB file shows follows the config that ran, not the built-in one.

A drug swapped into ``acute-microdialysis`` by ``--set`` with the quick settings: the group's
name and legend label follow the new drug, the salt flag set for sertraline is dropped, and the
figure's subtitle and the NWB session description state the drug, n and durations that ran.
"""

from __future__ import annotations

import h5py
import pytest
from matplotlib.figure import Figure

from raphe.experiments import cli
from raphe.experiments.config import load_config
from raphe.io import labels

import test_microdialysis_standin as standin

SWAP = ["--set", "group.1.doses.0.drug=fluoxetine"]


def test_swapped_drug_renames_relabels_and_drops_the_salt():
    cfg = load_config("acute-microdialysis", overrides=["group.1.doses.0.drug=fluoxetine"])
    group = cfg.raw["group"][1]
    assert group["name"] == "fluoxetine-10" and group["label"] == "fluoxetine 10 mg/kg i.p."
    assert "salt" not in group["doses"][0]  # the dose is of fluoxetine itself


def test_explicit_salt_label_and_name_are_kept():
    cfg = load_config("acute-microdialysis", overrides=[
        "group.1.doses.0.drug=fluoxetine", "group.1.doses.0.salt=true", "group.1.label=my drug",
        "group.1.name=mine"])
    group = cfg.raw["group"][1]
    assert (group["name"], group["label"], group["doses"][0]["salt"]) == ("mine", "my drug", True)


def test_unchanged_config_keeps_the_authors_description():
    cfg = load_config("acute-microdialysis", seed=3)
    assert labels.description(cfg.effective_text, cfg.overrides) == cfg.raw["experiment"]["description"]


def test_figure_and_nwb_follow_the_swapped_drug_and_quick_settings(tmp_path, monkeypatch):
    pytest.importorskip("pynwb")
    import pynwb

    from raphe.analysis import figure_cache

    standin.install(monkeypatch)
    monkeypatch.setattr(figure_cache, "cache_dir", lambda: tmp_path / "figures")  # drawn, not copied
    figures = []
    save = Figure.savefig
    monkeypatch.setattr(Figure, "savefig", lambda fig, *a, **k: (figures.append(fig), save(fig, *a, **k))[1])
    out = tmp_path / "swap.h5"
    assert cli.main(["run", "acute-microdialysis", "--quick", "--quiet", "--jobs", "1", "--out", str(out),
                     *SWAP]) == 0
    with h5py.File(out, "r") as h5:
        assert sorted(h5["subjects"]) == ["fluoxetine-10-01", "vehicle-01"]
    (fig,) = figures
    texts = " | ".join(t.get_text() for t in fig.texts)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    for words in ("fluoxetine 10 mg/kg i.p.", "n = 1 per group", "60 min baseline then 40 min"):
        assert words in texts, texts
    assert "sertraline" not in texts and "n = 6" not in texts and "4 h" not in texts
    assert legend == ["vehicle i.p. (n=1)", "fluoxetine 10 mg/kg i.p. (n=1)"]
    assert cli.main(["export", str(out), "--nwb", str(tmp_path / "swap.nwb")]) == 0
    with pynwb.NWBHDF5IO(str(tmp_path / "swap-fluoxetine-10-01.nwb"), "r") as io:
        desc = io.read().session_description
    assert "fluoxetine 10 mg/kg i.p." in desc and "n = 1 per group" in desc and "40 min" in desc
    assert "sertraline" not in desc and "n = 6" not in desc


def test_a_changed_copy_in_python_drops_the_description_written_for_the_original():
    import raphe

    exp = raphe.experiment("acute-microdialysis")
    given = exp.to_dict()["experiment"]["description"]
    assert "n = 6 per group" in given
    assert exp.replace(seed=3).to_dict()["experiment"]["description"] == given  # the same experiment
    short = exp.replace(duration="40 min", spike_windows=["-10 min", "20 min"])
    assert short.to_dict()["experiment"]["description"] == ""
    text = labels.description(short.to_toml())
    assert "then 40 min" in text and "n = 6 per group" in text and "4 h" not in text
    mine = exp.replace(duration="40 min", spike_windows=["-10 min", "20 min"], description="my short run")
    assert mine.to_dict()["experiment"]["description"] == "my short run"
