"""Test helper (no tests here): a fast stand-in for the engine's simulate_subject.

Used only by the microdialysis/store/CLI tests so they run in seconds; the
end-to-end test uses the real engine. Concentrations follow the real PK
(:func:`raphe.circuits.pharmacology.simulate_pk`): extracellular transmitter
rises as its transporter is occupied, ``C = basal / (1 - 0.8 * occupancy)``.
"""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass, field

import brian2
import numpy as np

BASAL = {"DRN": {"5-HT": 2.0}, "PFC": {"5-HT": 0.8, "NE": 1.5}, "NAc": {"5-HT": 0.8, "DA": 4.2},
         "VTA": {"DA": 5.0}, "LC": {"NE": 3.0}}
TRANSPORTER = {"5-HT": "SERT", "DA": "DAT", "NE": "NET"}
POPS = {"DRN_5HT": (40, 1.5), "PFC_PYR": (60, 3.0)}


@dataclass(frozen=True)
class StandInSettings:
    """Mimics EngineSettings: a few typed fields."""

    window: object = field(default_factory=lambda: 2 * brian2.second)
    warmup: object = field(default_factory=lambda: 1 * brian2.second)
    backend: str = "numpy"
    surface: bool = True


@dataclass
class StandInResult:
    time: object
    concentrations_nM: dict
    rates_hz: dict
    receptor_activation: dict
    pk: object
    spikes: list = field(default_factory=list)
    engine_stats: dict = field(default_factory=dict)


def fake_simulate_subject(circuit=None, regimen=None, species="rat", body_weight=None, pk_scale=None,
                          affinities=None, times=None, seed=0, settings=None, spike_windows=(),
                          progress=None):
    from raphe.circuits.pharmacology import simulate_pk

    rng = np.random.default_rng(seed)
    n = len(times)
    if regimen is not None:
        pk = simulate_pk(regimen, species=species, body_weight=body_weight, times=times,
                         pk_scale=pk_scale, affinities=affinities)
        occ = pk.occupancy
    else:
        pk = None
        occ = {}
    conc = {}
    for region, d in BASAL.items():
        conc[region] = {}
        for analyte, basal in d.items():
            o = np.asarray(occ.get(TRANSPORTER[analyte], np.zeros(n)))
            conc[region][analyte] = basal / (1 - 0.8 * o) * (1 + 0.02 * rng.standard_normal(n))
    rates = {p: np.full(n, r) * (1 - 0.5 * np.asarray(occ.get("SERT", np.zeros(n)))) if p == "DRN_5HT"
             else np.full(n, r) for p, (size, r) in POPS.items()}
    spikes = []
    for t0 in spike_windows:
        pops = {}
        for p, (size, r) in POPS.items():
            k = rng.poisson(r * size * 2.0)
            t = float(t0 / brian2.ms) + np.sort(rng.uniform(0, 2000.0, k))
            pops[p] = (t * brian2.ms, rng.integers(0, size, k))
        spikes.append((t0, pops))
    return StandInResult(time=times, concentrations_nM=conc, rates_hz=rates,
                         receptor_activation={"5-HT1A_DRN": np.full(n, 0.2)}, pk=pk, spikes=spikes,
                         engine_stats={"windows": 0, "standin": True})


def install(monkeypatch):
    """Patch the protocol's engine call (and provide an engine module if none exists yet)."""
    from raphe.experiments.protocols import microdialysis as proto

    try:
        import raphe.experiments.engine  # noqa: F401
    except ImportError:
        mod = types.ModuleType("raphe.experiments.engine")
        mod.EngineSettings = StandInSettings
        mod.simulate_subject = fake_simulate_subject
        monkeypatch.setitem(sys.modules, "raphe.experiments.engine", mod)
        import raphe.experiments as pkg
        monkeypatch.setattr(pkg, "engine", mod, raising=False)
    monkeypatch.setattr(proto, "_simulate", fake_simulate_subject)


def run_tiny(tmp_path, monkeypatch, toml: str):
    """``raphe run`` of a small microdialysis config on the stand-in engine, without a figure;
    returns the results file."""
    from raphe.experiments import cli

    install(monkeypatch)
    cfg = tmp_path / "tiny.toml"
    cfg.write_text(toml)
    out = tmp_path / "tiny.h5"
    assert cli.main(["run", str(cfg), "--out", str(out), "--quiet", "--no-plot"]) == 0
    return out
