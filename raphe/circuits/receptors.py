"""Receptor sites: one definition per type, activation by competitive occupancy.

A site's activation combines the endogenous transmitter (``x = C/K``) with the
exogenous agonist and competitor terms of its receptor type (fast inputs, see
:mod:`raphe.circuits.inputs`)::

    act = (x + agonist) / (1 + x + agonist + competitor)

and drives a conductance ``g = gmax * sensitivity * act`` with the site's
reversal potential. Activations are updated every millisecond (receptor and
GIRK kinetics are tens to hundreds of ms), which keeps the membrane update
of every time step cheap. ``sensitivity`` (1 by default) is the hook for
desensitization on the slow clock.

Sources
-------
- 5-HT1A/GIRK on DRN 5-HT neurons: Bayliss et al. 1997 J Neurophysiol 77:1349
  (5-HT 1-5 uM hyperpolarises by 13.4 mV, 16 pA outward current) [R];
  Kirby et al. 2003 (5-CT, 8-11 mV) [R].
- 5-HT affinities: high-affinity 5-HT1A (low nM) vs 5-HT2A (tens of nM)
  [R2, reviews of 5-HT receptor pharmacology; exact values chosen, U].
- D1 low / D2 high affinity for DA: Richfield, Penney & Young 1989 Neuroscience
  30:767 [R2].
- Alpha-2 autoreceptors on LC: Aghajanian & VanderMaelen 1982 Science 215:1394
  (GIRK-mediated hyperpolarisation) [R2].
"""

from __future__ import annotations

from dataclasses import dataclass

import brian2

from raphe.circuits.inputs import RECEPTOR_TYPES
from raphe.circuits.spec import P, Param
from raphe.errors import RapheInputError
from raphe.registry import Registry

#: reversal potentials of receptor-driven conductances
E_K = P(-90 * brian2.mV, "K+ reversal in DRN/LC neurons, typical in vivo value", "R2")
E_CATION = P(-10 * brian2.mV, "mixed-cation current reversal (5-HT2A, D1 facilitation), typical", "U")

#: identifier of each transmitter in equations
TRANSMITTER_VAR = {"5-HT": "C_5HT", "DA": "C_DA", "NE": "C_NE"}


def type_identifier(receptor_type: str) -> str:
    """Identifier of a receptor type in equations: ``"5-HT1A"`` -> ``"htr1a"``."""
    ids = {"5-HT1A": "htr1a", "5-HT1B": "htr1b", "5-HT2A": "htr2a",
           "D1": "drd1", "D2": "drd2", "alpha2": "adra2"}
    return ids[receptor_type]


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
        Affinity of the endogenous transmitter (nM).
    reversal : Param
        Reversal potential of the driven conductance.
    description : str
    """

    name: str
    receptor_type: str
    transmitter: str
    k_endogenous: Param
    reversal: Param
    description: str

    def __post_init__(self):
        if self.receptor_type not in RECEPTOR_TYPES:
            raise RapheInputError(f"receptor {self.name}.receptor_type", self.receptor_type,
                                  "one of " + ", ".join(RECEPTOR_TYPES))
        if self.transmitter not in TRANSMITTER_VAR:
            raise RapheInputError(f"receptor {self.name}.transmitter", self.transmitter,
                                  "one of " + ", ".join(TRANSMITTER_VAR))

    @property
    def identifier(self) -> str:
        """Identifier of this site in equations (``"htr1a_somatodendritic"``)."""
        return self.name.replace("5-HT", "htr").replace("-", "_").lower()

    @property
    def type_id(self) -> str:
        return type_identifier(self.receptor_type)

    def activation(self, concentration_nM, agonist=0.0, competitor=0.0):
        """Activation (0..1) for a transmitter concentration in nM (numpy-friendly).

        This is the same formula as :meth:`equations`, for readouts.
        """
        x = concentration_nM / float(self.k_endogenous.value / brian2.nM)
        return (x + agonist) / (1.0 + x + agonist + competitor)

    def equations(self) -> str:
        """Brian2 variables of this site: its activation, maximal conductance, sensitivity."""
        s = self.identifier
        return (f"act_{s} : 1\n"
                f"gmax_{s} : siemens (constant)\n"
                f"sens_{s} : 1 (shared)\n")

    def update(self) -> str:
        """Brian2 statement computing this site's activation from its transmitter and ligand terms."""
        s, t, c = self.identifier, self.type_id, TRANSMITTER_VAR[self.transmitter]
        return (f"act_{s} = ({c}/K_{s} + agonist_{t})/"
                f"(1 + {c}/K_{s} + agonist_{t} + competitor_{t})")

    def conductance(self) -> str:
        """Expression of the conductance this site drives (siemens)."""
        s = self.identifier
        return f"gmax_{s}*sens_{s}*act_{s}"

    def namespace(self) -> dict:
        return {f"K_{self.identifier}": self.k_endogenous.value,
                f"E_{self.identifier}": self.reversal.value}


RECEPTORS: Registry[ReceptorType] = Registry("receptor")


def register_receptor(receptor: ReceptorType) -> ReceptorType:
    return RECEPTORS.register(receptor.name, receptor)


register_receptor(ReceptorType(
    "5-HT1A_somatodendritic", "5-HT1A", "5-HT",
    P(10 * brian2.nM, "5-HT at 5-HT1A, low nM (pKi ~8-9); chosen 10 nM so the autoreceptor is partly active at basal raphe 5-HT", "U"),
    E_K, "autoreceptor on DRN 5-HT neurons; Gi/o -> GIRK (Bayliss 1997)"))
register_receptor(ReceptorType(
    "5-HT1A_postsynaptic", "5-HT1A", "5-HT",
    P(5 * brian2.nM, "same receptor protein as the autoreceptor", "U"),
    E_K, "on PFC pyramidal neurons; GIRK, inhibitory (Amargos-Bosch 2004 Cereb Cortex 14:281)"))
register_receptor(ReceptorType(
    "5-HT1B", "5-HT1B", "5-HT",
    P(5 * brian2.nM, "5-HT high affinity at 5-HT1B (low nM); chosen", "U"),
    E_K, "net inhibitory 5-HT effect on NAc MSNs (lumped 5-HT1B terminal inhibition)"))
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
