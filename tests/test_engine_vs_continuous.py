"""The engine's quasi-steady-state approximation against one continuous spiking run (issue 4).

Protocol: citalopram 1 mg/kg i.v. bolus at t = 0, 10 minutes. SERT occupancy rises
from 0 to ~0.85 within the protocol, so DRN firing and extracellular 5-HT change.
Goal (issue 4): time-averaged readouts of the engine within 5 % of the continuous run.
"""

import brian2
import numpy as np
import pytest

from raphe.circuits import default_circuit
from raphe.circuits.continuous import run_continuous
from raphe.circuits.pharmacology import Dose, Regimen, simulate_pk
from raphe.experiments.engine import EngineSettings, simulate_subject

pytestmark = pytest.mark.slow

CHUNK_S = 10.0
DURATION_S = 600.0


@pytest.fixture(scope="module")
def both():
    circuit = default_circuit(scale=0.25, seed=5)
    regimen = Regimen((Dose("citalopram", "1 mg/kg", route="iv"),))
    mids = (np.arange(0, DURATION_S, CHUNK_S) + CHUNK_S / 2) * brian2.second
    pk = simulate_pk(regimen, species="rat", times=mids)
    chunks = [{k: float(v[i]) for k, v in pk.fast_inputs.items() if v[i] > 0} for i in range(len(mids))]
    continuous = run_continuous(circuit, chunks, chunk=CHUNK_S * brian2.second)
    times = np.arange(0, DURATION_S + 1, 15.0) * brian2.second
    engine = simulate_subject(circuit=circuit, regimen=regimen, species="rat", times=times, seed=5,
                              settings=EngineSettings(backend="cpp_standalone"))
    return continuous, engine, np.asarray(times / brian2.second)


def _engine_mean(engine, t, values, t0, t1):
    sel = (t >= t0) & (t <= t1)
    return float(np.trapz(values[sel], t[sel]) / (t[sel][-1] - t[sel][0]))


@pytest.mark.parametrize("window", [(0, 600), (300, 600)])
def test_engine_matches_continuous_within_5_percent(both, window):
    continuous, engine, t = both
    t0, t1 = window
    ref = continuous.average(t0, t1)
    checks = [("DRN.5-HT", engine.concentrations_nM["DRN"]["5-HT"], ref["concentrations_nM"]["DRN.5-HT"]),
              ("PFC.5-HT", engine.concentrations_nM["PFC"]["5-HT"], ref["concentrations_nM"]["PFC.5-HT"]),
              ("NAc.5-HT", engine.concentrations_nM["NAc"]["5-HT"], ref["concentrations_nM"]["NAc.5-HT"]),
              ("NAc.DA", engine.concentrations_nM["NAc"]["DA"], ref["concentrations_nM"]["NAc.DA"]),
              ("DRN_5HT rate", engine.rates_hz["DRN_5HT"], ref["rates_hz"]["DRN_5HT"]),
              ("PFC_E rate", engine.rates_hz["PFC_E"], ref["rates_hz"]["PFC_E"])]
    for name, values, reference in checks:
        estimate = _engine_mean(engine, t, values, t0, t1)
        assert abs(estimate - reference) <= 0.05 * reference, (name, window, estimate, reference)
