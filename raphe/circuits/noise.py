"""A cheaper standard-normal generator for the membrane noise of compiled (cpp_standalone) circuits.

The membrane equation's white noise (``sigma*sqrt(2*gL/Cm)*xi``) draws one standard normal
number per neuron and time step. Brian2's C++ generator draws them by the polar Box-Muller
method from a Mersenne twister (about 5 twister outputs, a logarithm, a square root and a
division per pair), which measured ~70 % of a full-scale window's run time. Here the same
N(0, 1) numbers come from the ziggurat method of Marsaglia & Tsang (2000, J Stat Softw
5(8):1; 128 layers) with the layer index and the magnitude taken from independent bits of
one 64-bit output (Doornik 2005's correction of the original's correlation), driven by
xoshiro256++ (Blackman & Vigna 2021, ACM Trans Math Softw 47:36). The ziggurat is exact
rejection sampling, not an approximation: the numbers are standard normal, as Brian2's.

Seeding: the generator's state is drawn, at its first use in a run, from Brian2's generator
of that run (``brian2.seed``), so a run is reproducible from its seed and every run of a
compiled binary with the same seed draws the same numbers.

The default (``CircuitSpec.noise``); ``CircuitSpec(noise="brian2")`` (or ``noise = "brian2"``
in a config's ``[circuit]`` table) keeps Brian2's own generator.

Euler-Maruyama integrates ``dv = f dt + g dW`` as ``v += f*dt + g*sqrt(dt)*z``; the builder
writes the noise term as ``g*gauss_noise()/sqrt(dt)`` in a deterministic Euler step, which is
the same update with ``z`` from this generator. Runtime back ends (numpy, cython) keep
Brian2's ``xi``. Not for OpenMP builds (one generator state per process).
"""

from __future__ import annotations

import brian2

#: C++ of the generator (support code of the code object that uses it)
GAUSS_CPP = r"""
#include <stdint.h>
#include <cmath>
#ifndef RAPHE_GAUSS_NOISE
#define RAPHE_GAUSS_NOISE
namespace raphe_gauss {
static uint64_t s[4];
static bool ready = false;
static uint32_t kn[128];
static double wn[128], fn[128];
static inline uint64_t rotl(const uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
static inline uint64_t next() {  // xoshiro256++
    const uint64_t result = rotl(s[0] + s[3], 23) + s[0];
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= t; s[3] = rotl(s[3], 45);
    return result;
}
static inline double uniform() { return ((next() >> 11) + 0.5) * (1.0 / 9007199254740992.0); }  // (0, 1)
static inline uint64_t splitmix(uint64_t &x) {
    uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static void setup(uint64_t seed) {
    for (int k = 0; k < 4; k++) s[k] = splitmix(seed);
    // ziggurat tables, 128 layers (Marsaglia & Tsang 2000)
    const double m1 = 2147483648.0, vn = 9.91256303526217e-3;
    double dn = 3.442619855899, tn = dn;
    const double q = vn / exp(-0.5 * dn * dn);
    kn[0] = (uint32_t)((dn / q) * m1); kn[1] = 0;
    wn[0] = q / m1; wn[127] = dn / m1;
    fn[0] = 1.0; fn[127] = exp(-0.5 * dn * dn);
    for (int i = 126; i >= 1; i--) {
        dn = sqrt(-2.0 * log(vn / dn + exp(-0.5 * dn * dn)));
        kn[i + 1] = (uint32_t)((dn / tn) * m1);
        tn = dn;
        fn[i] = exp(-0.5 * dn * dn);
        wn[i] = dn / m1;
    }
    ready = true;
}
static double fix(int64_t hz, int iz) {  // the base strip's tail and the wedges
    const double r = 3.442619855899;
    for (;;) {
        double x = hz * wn[iz];
        if (iz == 0) {
            double y;
            do { x = -log(uniform()) / r; y = -log(uniform()); } while (y + y < x * x);
            return hz > 0 ? r + x : -r - x;
        }
        if (fn[iz] + uniform() * (fn[iz - 1] - fn[iz]) < exp(-0.5 * x * x)) return x;
        const uint64_t u = next();
        iz = (int)(u & 127);
        hz = (int32_t)(u >> 32);
        if ((uint64_t)(hz < 0 ? -hz : hz) < kn[iz]) return hz * wn[iz];
    }
}
static inline double normal() {
    const uint64_t u = next();
    const int iz = (int)(u & 127);             // layer: low bits
    const int64_t hz = (int32_t)(u >> 32);     // signed magnitude: high bits
    if ((uint64_t)(hz < 0 ? -hz : hz) < kn[iz]) return hz * wn[iz];
    return fix(hz, iz);
}
}  // namespace raphe_gauss
#endif
"""

#: the function as a code object calls it; seeds from Brian2's generator of the run on first use
_CALL_CPP = r"""
inline double _raphe_gauss_noise(const int _vectorisation_idx) {
    if (!raphe_gauss::ready) {
        const uint64_t a = (uint64_t)(brian::_random_generators[0].rand() * 4294967296.0);
        const uint64_t b = (uint64_t)(brian::_random_generators[0].rand() * 4294967296.0);
        raphe_gauss::setup((a << 32) ^ b);
    }
    return raphe_gauss::normal();
}
"""

#: how the noise is drawn (part of the builder's model code, so caches go stale if it changes)
DESCRIPTION = "noise: cpp_standalone ziggurat-128 on xoshiro256++, seeded from brian2.seed; runtime: brian2 xi"


def gauss_noise() -> brian2.Function:
    """``gauss_noise()``: one standard normal number per call (cpp_standalone only)."""
    def unavailable(*args):
        raise NotImplementedError("gauss_noise has only a C++ (cpp_standalone) implementation")

    func = brian2.Function(unavailable, arg_units=[], return_unit=1, stateless=False, auto_vectorise=True)
    func.implementations.add_implementation("cpp", code=GAUSS_CPP + _CALL_CPP, name="_raphe_gauss_noise")
    return func


def standalone_membrane(equations: str) -> str:
    """The membrane equations with ``xi`` written as a Euler step's ``gauss_noise()/sqrt(dt)``."""
    if equations.count("*xi ") != 1:
        raise ValueError("expected exactly one white-noise term '*xi' in the membrane equation")
    return equations.replace("*xi ", "*gauss_noise()/sqrt(dt) ")
