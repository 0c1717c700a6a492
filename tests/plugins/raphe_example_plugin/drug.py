"""A drug: WAY-163909, a selective 5-HT2C agonist (Dunlop et al. 2005 J Pharmacol Exp Ther 313:862)."""

import raphe_example_plugin.receptor  # noqa: F401  (its target, 5-HT2C, registered first)
from raphe.circuits.pharmacology.library import IV, register
from raphe.circuits.pharmacology.model import (R, U, Absorption, Drug, SpeciesPK, L_per_h_per_kg, L_per_kg,
                                               affinity, efficacy, minute, per_hour)

DUNLOP = "Dunlop et al. 2005 J Pharmacol Exp Ther 313:862, abstract"

register(Drug(
    name="WAY-163909", aliases=("WAY163909",), formula="C14H18N2",
    sources={"formula": U("free base, as recalled from PubChem")},
    affinities={"5-HT2C": affinity(10.5, R(DUNLOP + ": Ki 10.5 nM")),
                "5-HT2A": affinity(212.0, R(DUNLOP + ": Ki 212 nM"))},
    efficacy={"5-HT2C": efficacy(0.9, R(DUNLOP + ": Emax 90 % of 5-HT")),
              "5-HT2A": efficacy(0.0, R(DUNLOP + ": no agonism at 5-HT2A"))},
    pk={"rat": SpeciesPK(
        species="rat", clearance=3.0 * L_per_h_per_kg, volume=3.0 * L_per_kg, fu=0.5, kp_uu=1.0,
        brain_half_time=10 * minute, routes={"iv": IV, "ip": Absorption(0.5, 3.0 * per_hour)},
        nominal_dose="3 mg/kg", nominal_route="ip",
        sources={"clearance": U("range 1-6 L/h/kg"), "volume": U("range 1-10 L/kg"),
                 "fu": U("range 0.2-0.8"), "kp_uu": U("range 0.3-1"), "brain_half_time": U("range 5-30 min"),
                 "routes.iv": U("bolus"), "routes.ip": U("F 0.5, ka 3/h: active at 1-3 mg/kg i.p.")})},
))
