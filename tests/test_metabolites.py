"""5-HIAA as a microdialysis analyte (issue 26): the metabolite model and the config."""

import brian2
import numpy as np
import pytest

from raphe.circuits.circuit import POOLS
from raphe.circuits.metabolites import METABOLITES, metabolite_timecourse
from raphe.errors import RapheInputError
from raphe.experiments import microdialysis as md

PFC = next(p for p in POOLS if p.name == "PFC.5-HT")
NE = next(p for p in POOLS if p.name == "PFC.NE")
HIAA = METABOLITES["5-HIAA"]
MIN = 60 * brian2.second


def _run(occupancy_after, c_after=None, minutes=240):
    t = np.arange(0, minutes + 1, 5.0)
    occ = np.where(t > 0, occupancy_after, 0.0)
    c0 = float(PFC.basal.value / brian2.nM)
    c = np.where(t > 0, c0 if c_after is None else c_after, c0)
    return t, metabolite_timecourse(PFC, HIAA, t * MIN, c, occ)


def test_basal_5hiaa_is_the_basal_ratio_times_basal_5ht():
    _, h = _run(0.0)
    expected = float(HIAA.basal_ratio.value) * float(PFC.basal.value / brian2.nM)
    assert np.allclose(h, expected)


def test_sert_block_lowers_5hiaa_towards_the_synthesis_share():
    """A full SERT block leaves only the synthesis share (1 - rho) of the cytosolic supply."""
    t, h = _run(0.999, c_after=3 * float(PFC.basal.value / brian2.nM))
    floor = (1 - PFC.reuptake_share) * h[0]
    assert h[-1] < 0.9 * h[0]
    assert floor * 0.95 <= h[-1] <= floor * 1.1
    assert np.all(np.diff(h) <= 1e-12)  # falls monotonically after the step


def test_5hiaa_lags_by_its_clearance_time():
    t, h = _run(0.999, c_after=3 * float(PFC.basal.value / brian2.nM), minutes=600)
    tau_min = float(HIAA.tau.value / MIN)
    k = int(np.argmin(np.abs(t - tau_min)))
    done = (h[0] - h[k]) / (h[0] - h[-1])
    assert 0.55 <= done <= 0.72, done  # 1 - 1/e = 0.63 at one time constant


def test_metabolite_of_another_transmitter_is_refused():
    with pytest.raises(RapheInputError, match="analyte"):
        metabolite_timecourse(NE, HIAA, np.arange(3) * MIN, np.ones(3), np.zeros(3))


def test_5hiaa_is_an_analyte_with_its_own_recovery_and_lod():
    assert "5-HIAA" in md.ANALYTES and "5-HIAA" not in md.TRANSMITTER_ANALYTES
    r = md.relative_recovery("5-HIAA", 2 * brian2.mmeter, 1 * md.UL / md.MIN)
    assert 0 < r < 1
    assert md.ANALYTE_LOD["5-HIAA"] > 0 * md.FMOL


def test_microdialysis_config_takes_5hiaa_and_defaults_to_transmitters():
    from raphe.experiments.protocols.microdialysis import MicrodialysisSection

    section = MicrodialysisSection.model_validate({"regions": ["PFC"], "analytes": ["5-HT", "5-HIAA"]})
    assert section.analytes == ["5-HT", "5-HIAA"]
    assert "5-HIAA" not in MicrodialysisSection.model_validate({"regions": ["PFC"]}).analytes
