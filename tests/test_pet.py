"""The virtual PET/SPECT readout: ceiling, noise, inverse, input errors."""

from __future__ import annotations

import brian2
import numpy as np
import pytest

from raphe.circuits.pharmacology.pet import (
    TRACERS, R, apparent_occupancy, in_vivo_ki_from_ec50, true_for_apparent,
)
from raphe.errors import RapheInputError


def test_dasb_plateau_near_85_percent():
    # Meyer et al. 2001 Am J Psychiatry 158:1843: plateau around 85 % (abstract)
    assert apparent_occupancy(1.0, "DASB") == pytest.approx(0.85)
    assert 0.80 <= apparent_occupancy(0.95, "DASB") <= 0.85


def test_noise_has_the_tracer_sd_and_no_bias():
    rng = np.random.default_rng(1)
    draws = apparent_occupancy(np.full(20000, 0.8), "ADAM", rng=rng)
    tr = TRACERS.get("ADAM")
    assert draws.mean() == pytest.approx(tr.ceiling * 0.8, abs=0.002)
    assert draws.std() == pytest.approx(tr.test_retest_sd, rel=0.05)


def test_true_for_apparent_inverts_and_rejects_the_plateau():
    assert true_for_apparent(0.8 * 0.85, "DASB") == pytest.approx(0.8)
    with pytest.raises(RapheInputError, match="ceiling"):
        true_for_apparent(0.86, "DASB")


def test_bad_inputs_name_the_field():
    with pytest.raises(RapheInputError, match="true_occupancy"):
        apparent_occupancy(1.2)
    with pytest.raises(RapheInputError, match="ec50"):
        in_vivo_ki_from_ec50(-1.0, "C19H20FNO3", 0.05, 0.5, R("x"))
    with pytest.raises(Exception, match="tracer"):
        apparent_occupancy(0.5, "no-such-tracer")


def test_in_vivo_ki_conversion():
    # 1 ng/mL of a 329.4 g/mol base = 3.036 nM; x fu 0.05 x Kp,uu 0.5
    aff = in_vivo_ki_from_ec50(1.0, "C19H20FNO3", 0.05, 0.5, R("x"))
    assert float(aff.ki / brian2.nmolar) == pytest.approx(0.025 * 1e3 / 329.37, rel=1e-3)
