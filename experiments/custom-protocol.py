"""A protocol of your own in one file: DRN firing and PFC 5-HT at one time after a dose.

A protocol on raphe's skeleton supplies its config model, ``validate``,
``simulate_subject`` (one virtual animal), ``summarize`` (group statistics) and
``plot``; the skeleton owns cohorts, seeds, parallel work, resume and the
results file. Here each rat gets its group's doses and is "recorded" once,
``snapshot.time`` after the first dose (one point of the engine's protocol clock).

Run: ``python experiments/custom-protocol.py [--quick] [--out PATH] [--seed S] [--subjects N]``
"""

from dataclasses import dataclass

import brian2
import numpy as np
from pydantic import Field

import raphe
from raphe.analysis.metrics import group_mean_sem
from raphe.experiments import models
from raphe.experiments.protocols import common, register
from raphe.experiments.protocols.base import CohortProtocol
from raphe.io import store
from raphe.units import minute


class SnapshotSection(models.Model):
    """``[snapshot]``: when the animal is recorded."""

    time: models.quantity(minute, "'60 min'", minimum=0, maximum=24 * 60) = Field(
        default_factory=lambda: 60 * minute, description="time after the first dose")


class Snapshot(models.CohortExperiment):
    """The experiment object (and TOML form) of the protocol."""

    protocol = "snapshot"
    section = "snapshot"
    snapshot: SnapshotSection = Field(default_factory=SnapshotSection)


@dataclass(frozen=True)
class SnapshotConfig:
    """What ``validate`` hands to the protocol (frozen, picklable)."""

    animal: dict
    circuit: dict
    engine: dict
    groups: tuple
    variability: dict
    time: object


class SnapshotProtocol(CohortProtocol):
    name = "snapshot"
    description = "DRN firing and PFC 5-HT at one time after a dose"
    model = Snapshot

    def validate(self, raw):
        v = models.validate(Snapshot, raw)
        groups = common.groups_of(v, v["animal"]["species"])
        settings = common.engine_settings(v["engine"], v["circuit"]["backend"])
        return SnapshotConfig(v["animal"], v["circuit"], {"settings": settings}, groups,
                              v["cohort"]["variability"], v["snapshot"]["time"])

    def simulate_subject(self, cfg, subject, seed):
        from raphe.circuits.pharmacology import Regimen
        from raphe.experiments.engine import simulate_subject

        setup = common.subject_setup(cfg, subject, seed)  # group, circuit, body weight of this rat
        doses = setup.group.doses
        res = simulate_subject(circuit=setup.circuit, regimen=Regimen(doses) if doses else None,
                               species=cfg.animal["species"], body_weight=setup.body_weight,
                               pk_scale=subject.pk_scale, times=np.array([float(cfg.time / brian2.second)]) * brian2.second,
                               seed=subject.engine_seed, settings=cfg.engine["settings"])

        def write(h5):
            g = h5.require_group(f"snapshot/{subject.group}/{subject.id}")
            store.write_array(g, "drn_rate", res.rates_hz["DRN_5HT"], "Hz")
            store.write_array(g, "pfc_5ht", res.concentrations_nM["PFC"]["5-HT"], "nM")
        return write

    def summarize(self, h5, cfg, cohort):
        h5.require_group("summary/snapshot").attrs["groups"] = [g.name for g in cfg.groups]
        for group in cfg.groups:
            sub = h5[f"snapshot/{group.name}"]
            out = h5.require_group(f"summary/snapshot/{group.name}")
            for key, unit in (("drn_rate", "Hz"), ("pfc_5ht", "nM")):
                stats = group_mean_sem(np.array([[sub[s][key][0]] for s in sub]).T)
                out.attrs[f"{key}_mean"], out.attrs[f"{key}_sem"] = float(stats.mean[0]), float(stats.sem[0])
                out.attrs[f"{key}_unit"] = unit

    def plot(self, h5file, png_path):
        import h5py
        from matplotlib.figure import Figure  # no pyplot: the caller's backend is left alone

        with h5py.File(h5file, "r") as h5:
            root = h5["summary/snapshot"]
            rows = {str(g): dict(root[g].attrs) for g in root.attrs["groups"]}
        fig = Figure(figsize=(7, 3))
        axes = fig.subplots(1, 2)
        for ax, key, label in ((axes[0], "drn_rate", "DRN 5-HT firing (Hz)"), (axes[1], "pfc_5ht", "PFC 5-HT (nM)")):
            ax.bar(list(rows), [r[f"{key}_mean"] for r in rows.values()],
                   yerr=[np.nan_to_num(r[f"{key}_sem"]) for r in rows.values()], color=["0.5", "#c0392b"])
            ax.set_ylabel(label)
        fig.tight_layout()
        fig.savefig(png_path, dpi=120)


register(SnapshotProtocol())


def main():
    options = raphe.script_options(__doc__)
    if options.pop("quick"):
        options["overrides"] = ["circuit.scale=0.25", "cohort.n=1"]
        options["out"] = options["out"] or "results/snapshot-quick.h5"  # never over the full result
    exp = Snapshot(name="snapshot", seed=3, subjects=3,
                   groups=[raphe.Group("vehicle"),
                           raphe.Group("citalopram", [raphe.Dose("citalopram", "2.5 mg/kg", route="ip")])])
    print(exp.to_toml())
    res = raphe.run(exp, plot=True, **options)
    print(res)
    print("figure:", res.path.with_suffix(".png"))


if __name__ == "__main__":
    main()
