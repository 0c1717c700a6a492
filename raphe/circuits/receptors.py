"""Receptor sites: one registry entry per site; the operational model of agonism.

Every site is one :func:`register_receptor` call. The lists of receptor types
that take exogenous ligand terms, of sensitivity sites and the identifiers used
in equations all derive from this registry (see :mod:`raphe.circuits.inputs`),
so a new receptor is one registration plus its use in a population (a
:class:`~raphe.circuits.spec.ReceptorSite`) or a pool (a
:class:`~raphe.circuits.spec.TerminalAutoreceptor`).

Occupancy and response
----------------------
A site's agonist occupancy (efficacy-weighted) combines the endogenous
transmitter ``x = C/K`` with the exogenous agonist and competitor terms of its
receptor type (fast inputs, :mod:`raphe.circuits.inputs`)::

    rho = (x + agonist) / (1 + x + agonist + competitor)

and the response follows the operational model of agonism (Black & Leff 1983
Proc R Soc Lond B 220:141) with a transducer ratio ``tau`` per site, scaled by
the site's sensitivity ``s`` (1 naive)::

    E/Em = s*tau*rho / (1 + s*tau*rho)
         = s*tau*(x + ag) / (1 + x + ag + comp + s*tau*(x + ag))

which is the operational model with ``tau_i = e_i*tau`` for a drug of
efficacy ``e_i`` (its term ``ag = sum e_i*C_i/K_i``), so one response surface
over the drug-agnostic inputs serves every drug. Desensitization lowers ``s``:
receptor reserve (coupling) is lost, so potency falls first and the maximal
effect only when ``s*tau`` falls towards 1 or below, while binding (``K``) is
unchanged, as after chronic SSRIs (Le Poul et al. 1995 Naunyn-Schmiedeberg's
Arch Pharmacol 352:141: lower 8-OH-DPAT potency on DRN firing, unchanged
[3H]8-OH-DPAT and [3H]WAY-100635 binding) [R].

Effectors: a ``"conductance"`` site drives ``g = gmax*E/Em`` with its
reversal potential on the population that expresses it; a ``"release"`` site
(terminal autoreceptor) scales release per spike of its region's pool by
``1 - Imax*a``, ``a`` following ``E/Em`` with the site's time constant.

The readout ``receptor_activation`` of a site is ``rho`` (the efficacy-weighted
agonist occupancy): the slow adaptation (:mod:`raphe.circuits.adaptation`)
acts on it, and restoring ``s*rho`` to its naive value restores the response
exactly (``E`` depends on ``s*rho`` only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import brian2

from raphe.circuits.spec import P, Param, check_quantity
from raphe.errors import RapheInputError
from raphe.registry import Registry

#: reversal potentials of receptor-driven conductances
E_K = P(-90 * brian2.mV, "K+ reversal in DRN/LC neurons, typical in vivo value", "R2")
E_CATION = P(-10 * brian2.mV, "mixed-cation current reversal (5-HT2A, D1 facilitation), typical", "U")
E_GABA_A = P(-80 * brian2.mV, "GABA-A (Cl-) reversal, as the circuit's synaptic inhibition", "R2")

#: identifier of each transmitter in equations
TRANSMITTER_VAR = {"5-HT": "C_5HT", "DA": "C_DA", "NE": "C_NE"}
#: what a site acts on
EFFECTORS = ("conductance", "release")


def identifier_of(name: str) -> str:
    """Identifier of a receptor type or site in equations: ``"5-HT1A"`` -> ``"htr1a"``.

    ``"5-HT"`` becomes ``"htr"``, every other character that is not a letter or
    digit an underscore, and the result is lower case; a leading digit gets an
    ``r`` in front.
    """
    text = re.sub(r"[^0-9a-zA-Z]+", "_", name.replace("5-HT", "htr")).strip("_").lower()
    return text if text[:1].isalpha() else "r" + text


def type_identifier(receptor_type: str) -> str:
    """Identifier of a receptor type in equations (``"5-HT1A"`` -> ``"htr1a"``)."""
    return identifier_of(receptor_type)


@dataclass(frozen=True)
class ReceptorType:
    """A receptor site definition.

    Attributes
    ----------
    name : str
        Registry name of the site (``"5-HT1A_somatodendritic"``).
    receptor_type : str
        Pharmacological type shared by sites (``"5-HT1A"``); exogenous terms are per type.
    transmitter : str
        Endogenous agonist (``"5-HT"``, ``"DA"``, ``"NE"``).
    k_endogenous : Param
        Affinity ``K`` of the endogenous transmitter (concentration).
    reversal : Param or None
        Reversal potential of the driven conductance (``None`` for a release site).
    description : str
    tau : Param
        Transducer ratio of the operational model at sensitivity 1 (dimensionless, > 0).
    effector : str
        ``"conductance"`` or ``"release"``.
    lag : Param or None
        Time constant of a release site's effect (seconds); ``None`` for conductances.
    """

    name: str
    receptor_type: str
    transmitter: str
    k_endogenous: Param
    reversal: Param | None
    description: str
    tau: Param = P(1.0, "no receptor-reserve figure for this site; tau = 1 (half the receptors "
                         "occupied by a full agonist give half the maximal response)", "U")
    effector: str = "conductance"
    lag: Param | None = None

    def __post_init__(self):
        field = f"receptor {self.name}"
        if not isinstance(self.name, str) or not identifier_of(self.name):
            raise RapheInputError(f"{field}.name", self.name, "a non-empty name")
        if not isinstance(self.receptor_type, str) or not identifier_of(self.receptor_type):
            raise RapheInputError(f"{field}.receptor_type", self.receptor_type, "a non-empty type name")
        if self.transmitter not in TRANSMITTER_VAR:
            raise RapheInputError(f"{field}.transmitter", self.transmitter,
                                  "one of " + ", ".join(TRANSMITTER_VAR))
        if self.effector not in EFFECTORS:
            raise RapheInputError(f"{field}.effector", self.effector, "one of " + ", ".join(EFFECTORS))
        check_quantity(f"{field}.k_endogenous", self.k_endogenous.value, brian2.nM)
        if not self.k_endogenous.value > 0 * brian2.nM:
            raise RapheInputError(f"{field}.k_endogenous", self.k_endogenous.value, "a positive concentration")
        tau = self.tau.value
        if isinstance(tau, bool) or not isinstance(tau, (int, float)) or not 0 < tau < 1e4:
            raise RapheInputError(f"{field}.tau", tau, "a transducer ratio in (0, 1e4)")
        if self.effector == "conductance":
            if self.reversal is None:
                raise RapheInputError(f"{field}.reversal", None, "a reversal potential for a conductance site")
            check_quantity(f"{field}.reversal", self.reversal.value, brian2.mV)
        else:
            if self.lag is None:
                raise RapheInputError(f"{field}.lag", None, "a time constant for a release site")
            check_quantity(f"{field}.lag", self.lag.value, brian2.second)
            if not self.lag.value > 0 * brian2.second:
                raise RapheInputError(f"{field}.lag", self.lag.value, "a positive duration")

    @property
    def identifier(self) -> str:
        """Identifier of this site in equations (``"htr1a_somatodendritic"``)."""
        return identifier_of(self.name)

    @property
    def type_id(self) -> str:
        return type_identifier(self.receptor_type)

    def occupancy(self, concentration_nM, agonist=0.0, competitor=0.0):
        """Efficacy-weighted agonist occupancy ``rho`` (0..1) for a concentration in nM."""
        x = concentration_nM / float(self.k_endogenous.value / brian2.nM)
        return (x + agonist) / (1.0 + x + agonist + competitor)

    #: the readout ``receptor_activation`` is the occupancy ``rho``
    activation = occupancy

    def response(self, concentration_nM, agonist=0.0, competitor=0.0, sensitivity=1.0):
        """Operational-model response ``E/Em`` (0..1), the formula the circuit runs."""
        st = sensitivity * float(self.tau.value)
        rho = self.occupancy(concentration_nM, agonist, competitor)
        return st * rho / (1.0 + st * rho)

    # ------------------------------------------------------------ conductance sites

    def equations(self) -> str:
        """Brian2 variables of a conductance site: occupancy, maximal conductance, sensitivity."""
        s = self.identifier
        return (f"act_{s} : 1\n"
                f"gmax_{s} : siemens (constant)\n"
                f"sens_{s} : 1 (shared)\n")

    def update(self) -> str:
        """Brian2 statement computing this site's occupancy from its transmitter and ligand terms."""
        s, t, c = self.identifier, self.type_id, TRANSMITTER_VAR[self.transmitter]
        return (f"act_{s} = ({c}/K_{s} + agonist_{t})/"
                f"(1 + {c}/K_{s} + agonist_{t} + competitor_{t})")

    def conductance(self) -> str:
        """Expression of the conductance this site drives (siemens): ``gmax*E/Em``."""
        s = self.identifier
        return f"gmax_{s}*(sens_{s}*tau_{s}*act_{s})/(1 + sens_{s}*tau_{s}*act_{s})"

    def namespace(self) -> dict:
        out = {f"K_{self.identifier}": self.k_endogenous.value, f"tau_{self.identifier}": float(self.tau.value)}
        if self.reversal is not None:
            out[f"E_{self.identifier}"] = self.reversal.value
        return out


RECEPTORS: Registry[ReceptorType] = Registry("receptor")


def register_receptor(receptor: ReceptorType) -> ReceptorType:
    """Register a receptor site; every list of types and sensitivity sites derives from the registry."""
    if not isinstance(receptor, ReceptorType):
        raise RapheInputError("register_receptor", receptor, "a ReceptorType")
    ident = receptor.identifier
    for other in RECEPTORS.names():
        if RECEPTORS.get(other).identifier == ident and other.lower() != receptor.name.lower():
            raise RapheInputError("receptor name", receptor.name,
                                  f"a name whose identifier {ident!r} is not used by {other!r}")
    return RECEPTORS.register(receptor.name, receptor)


def receptor_types() -> tuple[str, ...]:
    """Receptor types of the registered sites (registration order, each once)."""
    return tuple(dict.fromkeys(RECEPTORS.get(n).receptor_type for n in RECEPTORS.names()))


def sensitivity_sites() -> tuple[str, ...]:
    """Names of the registered sites (each has a ``sensitivity.<site>`` fast input)."""
    return tuple(RECEPTORS.names())


# ---------------------------------------------------------------- built-in sites
# 5-HT1A autoreceptor of DRN 5-HT neurons. K is the operational (functional)
# affinity of 5-HT, tau its receptor reserve; both are fitted in
# tests/calibration/test_drn_autoreceptor.py (see the population module).
HTR1A_AUTO_K = P(100 * brian2.nM, "functional affinity KA of 5-HT at the 5-HT1A autoreceptor in the operational "
                 "model [U]: binding of 5-HT to the G-protein-coupled state is low nM (pKi 8-9) but the "
                 "operational KA of full agonists lies 1-2 orders above their high-affinity Ki "
                 "(Black & Leff 1983); range 20-500 nM; 100 nM keeps the basal autoreceptor "
                 "occupancy low (rho0 ~ 0.025) so the naive animal has reserve left for desensitization "
                 "to act on potency (Le Poul 1995)", "U")
HTR1A_AUTO_TAU = P(6.0, "receptor reserve of DRN 5-HT1A autoreceptors [U]: partial agonists (gepirone, "
                   "buspirone) act as full agonists on DRN firing but as partial agonists at postsynaptic "
                   "hippocampal 5-HT1A receptors (Blier & de Montigny 1987 Synapse 1:470) [R2], and "
                   "chronic paroxetine shifts the 8-OH-DPAT EC50 on DRN firing 4.3-fold (10.7 -> 46.2 nM) "
                   "in slices [R, abstract] with the maximal effect kept (Le Poul 1995), which needs "
                   "tau >= ~4; range 4-30; value fitted with the DRN calibration (8-OH-DPAT ED50 and "
                   "silencing, citalopram ED50)", "U")

register_receptor(ReceptorType(
    "5-HT1A_somatodendritic", "5-HT1A", "5-HT", HTR1A_AUTO_K, E_K,
    "autoreceptor on DRN 5-HT neurons; Gi/o -> GIRK (Aghajanian & Lakoski 1984 Brain Res 305:181; "
    "Williams, Colmers & Pan 1988 J Neurosci 8:3499)", tau=HTR1A_AUTO_TAU))
register_receptor(ReceptorType(
    "5-HT1A_postsynaptic", "5-HT1A", "5-HT",
    P(5 * brian2.nM, "same receptor protein as the autoreceptor; chosen", "U"),
    E_K, "on PFC pyramidal neurons; GIRK, inhibitory (Amargos-Bosch 2004 Cereb Cortex 14:281)",
    tau=P(1.0, "postsynaptic 5-HT1A sites have little receptor reserve: partial agonists are partial "
               "there (Blier & de Montigny 1987) [R2]; tau = 1 chosen", "U")))
register_receptor(ReceptorType(
    "5-HT1B", "5-HT1B", "5-HT",
    P(5 * brian2.nM, "5-HT high affinity at 5-HT1B (low nM); chosen", "U"),
    E_K, "net inhibitory 5-HT effect on NAc MSNs (5-HT1B heteroreceptors on their glutamate "
         "afferents, lumped as a K+ conductance)"))
register_receptor(ReceptorType(
    "5-HT2A", "5-HT2A", "5-HT",
    P(50 * brian2.nM, "5-HT at 5-HT2A tens of nM, ~10x weaker than at 5-HT1A; chosen", "U"),
    E_CATION, "on PFC pyramidal neurons; Gq, depolarising (Amargos-Bosch 2004)"))
register_receptor(ReceptorType(
    "D1", "D1", "DA",
    P(1000 * brian2.nM, "D1 low-affinity state ~1 uM (Richfield 1989)", "R2"),
    E_CATION, "on direct-pathway NAc MSNs; excitatory facilitation"))
register_receptor(ReceptorType(
    "D2_postsynaptic", "D2", "DA",
    P(20 * brian2.nM, "D2 high-affinity state ~10-30 nM (Richfield 1989)", "R2"),
    E_K, "on indirect-pathway NAc MSNs; inhibitory"))
register_receptor(ReceptorType(
    "D2_autoreceptor", "D2", "DA",
    P(20 * brian2.nM, "same receptor protein as postsynaptic D2", "R2"),
    E_K, "somatodendritic autoreceptor on VTA DA neurons; GIRK"))
register_receptor(ReceptorType(
    "alpha2_autoreceptor", "alpha2", "NE",
    P(20 * brian2.nM, "NE at alpha-2A, tens of nM; chosen", "U"),
    E_K, "somatodendritic autoreceptor on LC neurons; GIRK (Aghajanian 1982)"))

# LC: 5-HT inhibits LC firing through 5-HT2A receptors on GABAergic afferents, not on NE
# neurons (Szabo & Blier 2001 Brain Res 922:9) [R]. Lumped as a GABA-A conductance on the LC
# neurons driven by the 5-HT2A occupancy of the LC 5-HT pool.
register_receptor(ReceptorType(
    "5-HT2A_LC_GABA", "5-HT2A", "5-HT",
    P(50 * brian2.nM, "5-HT at 5-HT2A, as in PFC (tens of nM); chosen", "U"),
    E_GABA_A, "5-HT2A on GABA neurons inhibiting LC NE neurons, lumped as GABA-A inhibition of "
              "LC (Szabo & Blier 2001 Brain Res 922:9)"))

# Terminal 5-HT1B autoreceptors: release per spike in the forebrain pools (one site per region,
# so each has its own sensitivity input).
HTR1B_TERMINAL_K = P(10 * brian2.nM, "5-HT at 5-HT1B: high affinity, pKi ~8 (Ki ~4-10 nM; IUPHAR 5-HT1B, "
                     "rat and human) [R2]; the functional EC50 of 5-HT at recombinant 5-HT1B is ~4 nM "
                     "[R2]; 10 nM chosen", "R2")
HTR1B_TERMINAL_TAU = P(2.0, "receptor reserve of terminal 5-HT1B autoreceptors [U]: no figure found; "
                       "with tau = 1 the basal tone is small, as 5-HT1B antagonists alone leave frontal "
                       "dialysate 5-HT unchanged or up to ~117 % (SB-224289: Roberts et al. 1997 "
                       "Neuropharmacology 36:549 [R]; SB-236057-A: Roberts et al. 2000 "
                       "Naunyn-Schmiedeberg's Arch Pharmacol 362:177 [R]); range 0.5-5", "U")
HTR1B_TERMINAL_LAG = P(20 * brian2.second, "terminal autoreceptor inhibition outlasts a 2-s stimulation by tens "
                       "of seconds (5-HT undershoots basal for ~30 s; Best et al. 2020 BMC Neurosci 21:54) "
                       "[R]; first-order lag 20 s chosen, range 5-60 s", "U")

for _region in ("PFC", "NAc"):
    register_receptor(ReceptorType(
        f"5-HT1B_terminal_{_region}", "5-HT1B", "5-HT", HTR1B_TERMINAL_K, None,
        f"terminal 5-HT1B autoreceptors of DRN axons in {_region}: inhibit release per spike "
        "(terminal-autoreceptor microdialysis with GR127935 / SB-224289; Hjorth et al. 2000 "
        "review of 5-HT1A vs 5-HT1B autoreceptors) ",
        tau=HTR1B_TERMINAL_TAU, effector="release", lag=HTR1B_TERMINAL_LAG))
del _region
