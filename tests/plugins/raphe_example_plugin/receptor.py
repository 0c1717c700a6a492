"""A receptor type, 5-HT2C, on the PFC interneurons (Gq, depolarising; Liu et al. 2007 Neuroscience 146:1677)."""

import brian2

from raphe.circuits.populations import add_receptor_site
from raphe.circuits.receptors import E_CATION, ReceptorType, register_receptor
from raphe.circuits.spec import P, ReceptorSite

register_receptor(ReceptorType(
    "5-HT2C_PFC_I", "5-HT2C", "5-HT",          # site, the type drugs bind, the endogenous agonist
    P(10 * brian2.nM, "5-HT at 5-HT2C, pKi ~8; range 2-50 nM", "U"),
    E_CATION, "on PFC GABA interneurons; Gq, a mixed-cation conductance as 5-HT2A's"))

add_receptor_site("PFC_I", ReceptorSite(     # a built-in population expresses it
    "5-HT2C_PFC_I", P(2 * brian2.nS, "a full agonist depolarises by a few mV; range 0.5-5 nS", "U")))
