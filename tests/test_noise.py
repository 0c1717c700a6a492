"""The ziggurat generator of the membrane noise, the default of compiled circuits (raphe.circuits.noise)."""

import shutil
import subprocess

import numpy as np
import pytest
from scipy import stats

from raphe.circuits import default_circuit
from raphe.circuits.noise import GAUSS_CPP, standalone_membrane
from raphe.circuits.populations.base import MEMBRANE
from raphe.errors import RapheInputError

N_DRAWS = 2_000_000

_MAIN = r"""
#include <cstdio>
#include <cstdlib>
int main(int argc, char** argv) {
    const long n = atol(argv[1]);
    raphe_gauss::setup(strtoull(argv[2], 0, 10));
    for (long k = 0; k < n; k++) { const double x = raphe_gauss::normal(); fwrite(&x, sizeof(double), 1, stdout); }
}
"""


@pytest.fixture(scope="module")
def draws(tmp_path_factory):
    compiler = shutil.which("g++") or shutil.which("c++")
    if compiler is None:
        pytest.fail("no C++ compiler: cpp_standalone windows need one too")
    tmp = tmp_path_factory.mktemp("gauss")
    (tmp / "gauss.cpp").write_text(GAUSS_CPP + _MAIN)
    # the flags of raphe's compiled circuits (Brian2's defaults): fast-math must not bias the draws
    subprocess.run([compiler, "-O3", "-ffast-math", "-fno-finite-math-only", "-w", "gauss.cpp", "-o", "gauss"],
                   cwd=tmp, check=True)

    def run(seed):
        out = subprocess.run([str(tmp / "gauss"), str(N_DRAWS), str(seed)], check=True, capture_output=True)
        return np.frombuffer(out.stdout, dtype=np.float64)

    return run


def test_draws_are_standard_normal(draws):
    # protects: the generator's numbers are N(0, 1): moments within 5 standard errors, tail
    # probabilities of |z| > 1..4 within 5 binomial standard errors, and a KS test
    x = draws(5)
    n = len(x)
    assert n == N_DRAWS
    assert abs(x.mean()) < 5 / np.sqrt(n)
    assert abs(x.var() - 1) < 5 * np.sqrt(2 / n)
    assert abs(stats.skew(x)) < 5 * np.sqrt(6 / n)
    assert abs(stats.kurtosis(x)) < 5 * np.sqrt(24 / n)
    for z in (1, 2, 3, 4):
        p = 2 * stats.norm.sf(z)
        assert abs(np.mean(np.abs(x) > z) - p) < 5 * np.sqrt(p * (1 - p) / n), z
    assert stats.kstest(x, "norm").pvalue > 1e-4
    assert abs(np.corrcoef(x[:-1], x[1:])[0, 1]) < 5 / np.sqrt(n)


def test_draws_are_reproducible_per_seed(draws):
    # protects: one seed, one sequence; another seed, another sequence
    a, b, c = draws(7), draws(7), draws(8)
    assert np.array_equal(a, b)
    assert not np.array_equal(a[:1000], c[:1000])


def test_membrane_noise_term_becomes_an_euler_step():
    # protects: the rewritten equation keeps every term and scales the draw by 1/sqrt(dt)
    text = standalone_membrane(MEMBRANE)
    assert "xi" not in text.split(":")[0]
    assert "sigma*sqrt(2*gL/Cm)*gauss_noise()/sqrt(dt)" in text
    assert text.replace("gauss_noise()/sqrt(dt)", "xi") == MEMBRANE


def test_unknown_noise_generator_is_rejected():
    # protects: a bad CircuitSpec.noise names the field, the value and the choices
    with pytest.raises(RapheInputError, match="circuit.noise.*box-muller"):
        default_circuit(scale=0.25).with_(noise="box-muller")


def test_config_chooses_the_noise_generator():
    # protects: ``[circuit] noise`` reaches the subject's circuit spec; the default is the spec's
    from raphe.circuits.spec import CircuitSpec
    from raphe.experiments.models import Circuit

    assert Circuit().noise == default_circuit(scale=0.25).noise == CircuitSpec.__dataclass_fields__["noise"].default
    assert Circuit(noise="Brian2").noise == "brian2"
    assert default_circuit(scale=0.25, noise="brian2").noise == "brian2"
    with pytest.raises(RapheInputError, match="noise.*'x'.*brian2, ziggurat"):
        Circuit(noise="x")
