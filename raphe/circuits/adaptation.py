"""Slow adaptation on the scale of days: receptor desensitization and CREB/BDNF.

These processes are the *very slow* layer of the model: they are
integrated on the engine's slow clock (hours) and driven by the fast readouts
(receptor activations, window averages) interpolated from the response
surface. They feed back into the fast circuit only through fast inputs
(``sensitivity.<site>``), so one response surface serves naive and adapted
animals alike.

Desensitization
---------------
A site's sensitivity ``s`` (multiplier of its transducer ratio ``tau`` in the
operational model of agonism, i.e. of its coupling or receptor reserve, 1 =
naive; see :mod:`raphe.circuits.receptors`) relaxes towards a target set by
the receptor's activation ``a`` (efficacy-weighted agonist occupancy)
relative to its drug-free activation ``a0``::

    ds/dt = (s_target(a) - s) / tau,   s_target = clip((a0 / a) ** gain, s_min, s_max)

The relaxation is a first-order low-pass filter: ``s`` follows the
activation *averaged over about tau*, so a single dose (hours) moves it little
and sustained treatment (days to weeks) moves it fully. With ``gain = 1`` the
steady state restores the naive signalling ``s * a = a0`` (homeostatic
desensitization; the response ``s*tau*a/(1 + s*tau*a)`` depends on ``s*a``
only, so it is restored exactly), which is what full recovery of raphe firing
after 14-21 days of SSRI treatment implies. Because ``s`` scales coupling,
not the maximal conductance, an agonist's potency falls first and its maximal
effect only once ``s*tau`` approaches 1, while binding is unchanged (Le Poul
1995). Persistent under-activation (a chronic
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

Terminal 5-HT1B autoreceptors (``5-HT1B_terminal_<region>``) follow the same
rule only when switched on (``terminal_5ht1b=True``, off by default): in the rat
PFC the effect of the 5-HT1B antagonists SB-224289 and GR127935 on
extracellular 5-HT is unaltered after 15 days of citalopram (University of
Groningen group 2005 Prog Neuropsychopharmacol Biol Psychiatry 29:738) [R],
and after 14 days of citalopram autoreceptor blockade still potentiates the
SSRI (Hjorth & Auerbach 1999 Brain Res 835:224) [R].

Alpha-2 autoreceptors on LC neurons follow the same rule when switched on
(``alpha2=True``); primary evidence for it was not found (the claim of
enhanced frontal NE after chronic sertraline through alpha-2 desensitization
is unsourced), so the
hypothesis is off by default and labelled in every output.

Releasable store
----------------
Forebrain 5-HT release draws on a releasable store refilled from cytosolic 5-HT,
which synthesis and SERT reuptake supply (Best, Nijhout & Reed 2010 Theor Biol
Med Model 7:34) [R]. When SERT is blocked for days the recycled share of the
supply is lost and the store runs down; its fill ``f`` (fast input
``store.5-HT``, 1 = naive, scaling the release of every pool with a
:class:`~raphe.circuits.spec.ReleasableStore`) relaxes as::

    df/dt = (f_target - f) / tau_store,   f_target = (1 - r) + r * U/U0

with ``r`` the pool's recycling fraction and ``U/U0 = (1 - occupancy.SERT) * C/C0``
the SERT uptake flux relative to the naive animal (linear regime, C << Km), read
from the reference pool (PFC). This is what lets forebrain 5-HT stay near 3x
under chronic citalopram whether raphe firing is suppressed (day 2) or recovered
(day 13) (Ceglia et al. 2004 Br J Pharmacol 142:469) [R]. Acute protocols keep
the naive store (``tau_store`` of days).

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

from raphe.circuits.inputs import sensitivity_sites
from raphe.circuits.spec import P, Param, check_quantity
from raphe.errors import RapheInputError, SimulationError

DAY = 86400 * brian2.second

#: ``float(param.value / second)`` per time-constant Param (the slow clock steps every hour for
#: weeks, and a Quantity division costs ~50 us): ``id -> (param, seconds)``
_SECONDS: dict[int, tuple] = {}


def _seconds(param: Param) -> float:
    """A time constant in seconds, ``float(param.value / brian2.second)``, computed once per Param."""
    known = _SECONDS.get(id(param))
    if known is None or known[0] is not param:  # the Param is held, so its id is not reused
        if len(_SECONDS) > 1024:
            _SECONDS.clear()
        known = _SECONDS[id(param)] = (param, float(param.value / brian2.second))
    return known[1]


@dataclass(frozen=True)
class Desensitization:
    """Activation-driven desensitization of one receptor site.

    Attributes
    ----------
    site : str
        Receptor site (a registered site, see :func:`raphe.circuits.inputs.sensitivity_sites`).
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
        if self.site not in sensitivity_sites():
            raise RapheInputError("desensitization.site", self.site,
                                  "one of " + ", ".join(sensitivity_sites()))
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
        tau = _seconds(self.tau)
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
            return target + (value - target) * math.exp(-dt_s / _seconds(tau))

        x = relax(state["signal"], drive, self.tau_signal)
        creb = relax(state["CREB"], max(0.0, 1.0 + self.creb_gain * x), self.tau_creb)
        bdnf = relax(state["BDNF"], creb, self.tau_bdnf)
        return {"signal": x, "CREB": creb, "BDNF": bdnf}

    def feedback_sensitivity(self, bdnf: float) -> float:
        """Sensitivity of the PFC postsynaptic sites under BDNF feedback (1 if off)."""
        if not self.feedback:
            return 1.0
        return float(min(2.0, max(0.0, 1.0 + self.feedback_gain * (bdnf - 1.0))))


def _forebrain_recycling() -> float:
    from raphe.circuits.circuit import FOREBRAIN_STORE  # the one source of the figure

    return float(FOREBRAIN_STORE.recycling.value)


@dataclass(frozen=True)
class StoreDepletion:
    """Slow depletion of the releasable 5-HT store when SERT recycling stops (see the module docstring).

    Attributes
    ----------
    tau : Param
        Time constant of the store's fill (days).
    recycling : float
        Share of the naive supply that comes from SERT reuptake (the pools' ``store.recycling``).
    pool : str
        Reference pool whose level gives the uptake flux (``"PFC.5-HT"``).
    """

    tau: Param = field(default_factory=lambda: P(
        3 * DAY, "run-down of the releasable store over days [U]: fitted so the day-2 and day-13 "
        "PFC levels of the citalopram minipump are alike (Ceglia 2004: 306 and 302 %); range 0.5-5 days",
        "U"))
    recycling: float = field(default_factory=lambda: _forebrain_recycling())
    pool: str = "PFC.5-HT"
    input: str = "store.5-HT"

    def target(self, inputs: dict, concentrations: dict, reference: dict) -> float:
        occupancy = float(inputs.get("occupancy.SERT", 0.0))
        ratio = concentrations[self.pool] / reference[self.pool] if reference.get(self.pool) else 1.0
        return float(min(1.0, max(0.0, (1 - self.recycling) + self.recycling * (1 - occupancy) * ratio)))

    def step(self, fill: float, target: float, dt_s: float) -> float:
        tau = _seconds(self.tau)
        return float(target + (fill - target) * math.exp(-dt_s / tau))


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
    store : StoreDepletion or None
        Run-down of the releasable 5-HT store under SERT blockade (None: off).
    terminal_5ht1b : bool
        Also desensitize terminal 5-HT1B autoreceptors (off by default: not seen after
        15 days of citalopram in rat PFC, see the module docstring).
    creb : CrebBdnf
    """

    desensitization: tuple = field(default_factory=lambda: (Desensitization(),))
    alpha2: bool = False
    alpha2_tau: Param = field(default_factory=lambda: P(7 * DAY, "alpha-2 desensitization (hypothesis)", "U"))
    terminal_5ht1b: bool = False
    store: StoreDepletion | None = field(default_factory=StoreDepletion)
    creb: CrebBdnf = field(default_factory=CrebBdnf)

    @property
    def rules(self) -> tuple:
        rules = tuple(self.desensitization)
        if self.alpha2 and not any(r.site == "alpha2_autoreceptor" for r in rules):
            rules += (Desensitization(site="alpha2_autoreceptor", tau=self.alpha2_tau),)
        if self.terminal_5ht1b:
            from raphe.circuits.receptors import RECEPTORS

            have = {r.site for r in rules}
            rules += tuple(Desensitization(site=name) for name in RECEPTORS.names()
                           if RECEPTORS.get(name).effector == "release" and name not in have)
        return rules

    def initial_state(self) -> dict:
        state = {f"sensitivity.{r.site}": 1.0 for r in self.rules}
        if self.store is not None:
            state[self.store.input] = 1.0
        state.update({"signal": 0.0, "CREB": 1.0, "BDNF": 1.0})
        return state

    def fast_inputs(self, state: dict) -> dict:
        """The fast inputs this state sets (sensitivities)."""
        out = {k: v for k, v in state.items() if k.startswith(("sensitivity.", "store."))}
        if self.creb.feedback:
            f = self.creb.feedback_sensitivity(state["BDNF"])
            for site in self.creb.sites:
                out[f"sensitivity.{site}"] = out.get(f"sensitivity.{site}", 1.0) * f
        return out

    def step(self, state: dict, activation: dict, reference: dict, dt_s: float, *, inputs: dict | None = None,
             concentrations: dict | None = None, reference_concentrations: dict | None = None) -> dict:
        """Advance the whole state by ``dt_s`` seconds given the receptor activations.

        ``inputs`` (the fast inputs of the step), ``concentrations`` and
        ``reference_concentrations`` (pool levels now and in the naive animal)
        drive the store; without them the store is held.

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
        if self.store is not None and self.store.input in state:
            fill = state[self.store.input]
            if inputs is not None and concentrations and reference_concentrations:
                target = self.store.target(inputs, concentrations, reference_concentrations)
                fill = self.store.step(fill, target, dt_s)
            new[self.store.input] = fill
        new.update(self.creb.step(state, self.creb.drive(activation, reference), dt_s))
        for key, value in new.items():  # "signal" (relative excess) may be negative
            if not (math.isfinite(value) and (value >= 0 or key == "signal")):
                raise SimulationError(f"{key} = {float(value)!r} after a step of {dt_s:g} s "
                                      f"(expected finite{'' if key == 'signal' else ', >= 0'})")
        return new


__all__ = ["Desensitization", "StoreDepletion", "CrebBdnf", "Adaptation", "DAY"]
