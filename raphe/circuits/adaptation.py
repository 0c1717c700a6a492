"""Slow adaptation on the scale of days: receptor desensitization and CREB/BDNF.

These processes are the *very slow* layer of the model (DESIGN.md): they are
integrated on the engine's slow clock (hours) and driven by the fast readouts
(receptor activations, window averages) interpolated from the response
surface. They feed back into the fast circuit only through fast inputs
(``sensitivity.<site>``), so one response surface serves naive and adapted
animals alike.

Desensitization
---------------
A site's sensitivity ``s`` (multiplier of its maximal conductance, 1 = naive)
relaxes towards a target set by the receptor's activation ``a`` relative to
its drug-free activation ``a0``::

    ds/dt = (s_target(a) - s) / tau,   s_target = clip((a0 / a) ** gain, s_min, s_max)

The relaxation is a first-order low-pass filter: ``s`` follows the
activation *averaged over about tau*, so a single dose (hours) moves it little
and sustained treatment (days to weeks) moves it fully. With ``gain = 1`` the
steady state restores the naive signalling ``s * a = a0`` (homeostatic
desensitization), which is what full recovery of raphe firing after 14-21
days of SSRI treatment implies. Persistent under-activation (a chronic
antagonist) raises the sensitivity up to ``s_max``.

Sources: chronic (not acute) SSRIs desensitize somatodendritic 5-HT1A
autoreceptors (reduced agonist potency on firing) [R] (Le Poul et al. 1995
Naunyn-Schmiedeberg's Arch Pharmacol 352:141; Blier & de Montigny 1994 Trends
Pharmacol Sci 15:220); firing of DRN 5-HT neurons under citalopram 20
mg/kg/day is markedly reduced at day 2, partly recovered at day 7 and fully at
day 14 [R] (Chaput, de Montigny & Blier 1986 Naunyn-Schmiedeberg's Arch
Pharmacol 333:342). The time constant (6 days), the gain (1) and the bounds
are [U]: chosen so that the model reproduces that time course; the functional
form is an assumption of the model.

Alpha-2 autoreceptors on LC neurons follow the same rule when switched on
(``alpha2=True``); the primary evidence is thin (literature.md 6), so the
hypothesis is off by default and labelled in every output.

CREB / BDNF
-----------
A three-stage cascade in PFC pyramidal neurons, driven by postsynaptic 5-HT
receptor signalling ``r = mean_i(a_i / a0_i) - 1`` over the sites
``5-HT1A_postsynaptic`` and ``5-HT2A`` (relative excess activation; the sign
convention that both pathways raise CREB phosphorylation through ERK/CaMK is
an assumption [U])::

    dx/dt    = (r - x) / tau_signal          (sustained kinase activity, 3 days)
    dCREB/dt = (1 + creb_gain * x - CREB) / tau_creb     (pCREB, 4 days)
    dBDNF/dt = (CREB - BDNF) / tau_bdnf      (BDNF expression, 5 days)

CREB and BDNF are 1 in a naive animal. Chronic (about 14-21 days), not
acute, antidepressant treatment raises CREB mRNA and BDNF/trkB mRNA [R,
qualitative] (Nibuya, Nestler & Duman 1996 J Neurosci 16:2365; Nibuya et al.
1995 J Neurosci 15:7539); the time constants and the gain (0.25, giving a rise
of roughly 30-50 % after three weeks of sustained SERT blockade) are [U].

The optional BDNF feedback (``bdnf_feedback=True``, off by default) scales the
sensitivity of the PFC postsynaptic receptors (``5-HT1A_postsynaptic`` and
``5-HT2A``) by ``1 + bdnf_feedback_gain * (BDNF - 1)``: a stand-in for
BDNF-dependent synaptic strengthening of serotonergic signalling in PFC [U].
The circuit's glutamatergic weights are compile-time constants, so the
feedback acts through the receptor sensitivities, which are fast inputs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import brian2

from raphe.circuits.inputs import SENSITIVITY_SITES
from raphe.circuits.spec import P, Param, check_quantity
from raphe.errors import RapheInputError, SimulationError

DAY = 86400 * brian2.second


@dataclass(frozen=True)
class Desensitization:
    """Activation-driven desensitization of one receptor site.

    Attributes
    ----------
    site : str
        Receptor site (one of :data:`raphe.circuits.inputs.SENSITIVITY_SITES`).
    tau : Param
        Time constant (days).
    gain : float
        Exponent of ``(a0/a)`` in the target sensitivity.
    s_min, s_max : float
        Bounds of the sensitivity.
    """

    site: str = "5-HT1A_somatodendritic"
    tau: Param = field(default_factory=lambda: P(6 * DAY, "desensitization time constant; chosen so "
                                                 "DRN firing is partly recovered at day 7 and recovered by day 14 of citalopram "
                                                 "(Chaput 1986) [U]", "U"))
    gain: float = 1.0
    s_min: float = 0.05
    s_max: float = 2.0

    def __post_init__(self):
        if self.site not in SENSITIVITY_SITES:
            raise RapheInputError("desensitization.site", self.site,
                                  "one of " + ", ".join(SENSITIVITY_SITES))
        check_quantity("desensitization.tau", self.tau.value, brian2.second)
        if not float(self.tau.value / brian2.second) > 0:
            raise RapheInputError("desensitization.tau", self.tau.value, "a positive duration")
        if not (0 <= self.gain <= 5):
            raise RapheInputError("desensitization.gain", self.gain, "a number in [0, 5]")
        if not (0 <= self.s_min <= 1 <= self.s_max <= 2):
            raise RapheInputError("desensitization.s_min/s_max", (self.s_min, self.s_max),
                                  "0 <= s_min <= 1 <= s_max <= 2")

    def target(self, activation: float, reference: float) -> float:
        """Target sensitivity for an activation (``reference``: drug-free activation)."""
        if activation <= 0:
            return self.s_max
        return float(min(self.s_max, max(self.s_min, (reference / activation) ** self.gain)))

    def step(self, sensitivity: float, activation: float, reference: float, dt_s: float) -> float:
        """Advance by ``dt_s`` seconds (exact for a constant activation over the step)."""
        tau = float(self.tau.value / brian2.second)
        target = self.target(activation, reference)
        return float(target + (sensitivity - target) * math.exp(-dt_s / tau))


@dataclass(frozen=True)
class CrebBdnf:
    """Slow CREB/BDNF cascade in PFC pyramidal neurons (see the module docstring)."""

    sites: tuple = ("5-HT1A_postsynaptic", "5-HT2A")
    tau_signal: Param = field(default_factory=lambda: P(3 * DAY, "sustained kinase activity", "U"))
    tau_creb: Param = field(default_factory=lambda: P(4 * DAY, "pCREB / CREB expression", "U"))
    tau_bdnf: Param = field(default_factory=lambda: P(5 * DAY, "BDNF expression", "U"))
    creb_gain: float = 0.25
    feedback: bool = False
    feedback_gain: float = 0.5

    def drive(self, activation: dict, reference: dict) -> float:
        """Relative excess postsynaptic signalling ``mean(a/a0) - 1``."""
        ratios = [activation[s] / reference[s] for s in self.sites if reference.get(s, 0) > 0]
        return float(sum(ratios) / len(ratios) - 1.0) if ratios else 0.0

    def step(self, state: dict, drive: float, dt_s: float) -> dict:
        """Advance ``{"signal", "CREB", "BDNF"}`` by ``dt_s`` seconds (exponential Euler)."""
        def relax(value, target, tau):
            return target + (value - target) * math.exp(-dt_s / float(tau.value / brian2.second))

        x = relax(state["signal"], drive, self.tau_signal)
        creb = relax(state["CREB"], max(0.0, 1.0 + self.creb_gain * x), self.tau_creb)
        bdnf = relax(state["BDNF"], creb, self.tau_bdnf)
        return {"signal": x, "CREB": creb, "BDNF": bdnf}

    def feedback_sensitivity(self, bdnf: float) -> float:
        """Sensitivity of the PFC postsynaptic sites under BDNF feedback (1 if off)."""
        if not self.feedback:
            return 1.0
        return float(min(2.0, max(0.0, 1.0 + self.feedback_gain * (bdnf - 1.0))))


@dataclass(frozen=True)
class Adaptation:
    """The slow adaptation model of one animal.

    Attributes
    ----------
    desensitization : tuple of Desensitization
        Sites that desensitize (default: the 5-HT1A somatodendritic autoreceptor).
    alpha2 : bool
        Also desensitize LC alpha-2 autoreceptors (hypothesis, off by default).
    alpha2_tau : Param
        Its time constant [U].
    creb : CrebBdnf
    """

    desensitization: tuple = field(default_factory=lambda: (Desensitization(),))
    alpha2: bool = False
    alpha2_tau: Param = field(default_factory=lambda: P(7 * DAY, "alpha-2 desensitization (hypothesis)", "U"))
    creb: CrebBdnf = field(default_factory=CrebBdnf)

    @property
    def rules(self) -> tuple:
        rules = tuple(self.desensitization)
        if self.alpha2 and not any(r.site == "alpha2_autoreceptor" for r in rules):
            rules += (Desensitization(site="alpha2_autoreceptor", tau=self.alpha2_tau),)
        return rules

    def initial_state(self) -> dict:
        state = {f"sensitivity.{r.site}": 1.0 for r in self.rules}
        state.update({"signal": 0.0, "CREB": 1.0, "BDNF": 1.0})
        return state

    def fast_inputs(self, state: dict) -> dict:
        """The fast inputs this state sets (sensitivities)."""
        out = {k: v for k, v in state.items() if k.startswith("sensitivity.")}
        if self.creb.feedback:
            f = self.creb.feedback_sensitivity(state["BDNF"])
            for site in self.creb.sites:
                out[f"sensitivity.{site}"] = out.get(f"sensitivity.{site}", 1.0) * f
        return out

    def step(self, state: dict, activation: dict, reference: dict, dt_s: float) -> dict:
        """Advance the whole state by ``dt_s`` seconds given the receptor activations.

        Raises
        ------
        SimulationError
            If a driving activation or the new state is not finite and >= 0
            (``min``/``max`` would otherwise turn a NaN into a bound silently).
        """
        for label, values in (("activation", activation), ("reference activation", reference)):
            for site, a in values.items():
                if not (math.isfinite(a) and a >= 0):
                    raise SimulationError(f"{label} of {site} = {float(a)!r} (expected finite, >= 0)")
        new = dict(state)
        for r in self.rules:
            key = f"sensitivity.{r.site}"
            new[key] = r.step(state[key], activation[r.site], reference[r.site], dt_s)
        new.update(self.creb.step(state, self.creb.drive(activation, reference), dt_s))
        for key, value in new.items():  # "signal" (relative excess) may be negative
            if not (math.isfinite(value) and (value >= 0 or key == "signal")):
                raise SimulationError(f"{key} = {float(value)!r} after a step of {dt_s:g} s "
                                      f"(expected finite{'' if key == 'signal' else ', >= 0'})")
        return new


__all__ = ["Desensitization", "CrebBdnf", "Adaptation", "DAY"]
