"""In-vivo potency of the SSRIs as the library predicts it (not fitted to these numbers).

- Human: mean SERT occupancy over the last 24 h of 28 daily oral doses at each
  SSRI's usual starting dose (free brain = Kp,uu x fu x plasma, metabolites
  included; the in-vivo Ki of each SSRI from one PET/SPECT series,
  :mod:`raphe.circuits.pharmacology.pet`; racemic citalopram as its
  enantiomers): true occupancy, and what a [11C]DASB scan would report
  (ceiling 0.85; PET groups report 76-85 % at these doses, Meyer et al. 2004 Am
  J Psychiatry 161:826).
- Rat: peak SERT occupancy within 8 h of 1, 3 and 10 mg/kg i.p. (free base).

``python -m raphe.validation.potency`` prints the table; ``raphe validate`` writes
it into ``VALIDATION.md``.
"""

from __future__ import annotations

import brian2
import numpy as np

HOUR = 3600 * brian2.second
#: Usual starting doses (p.o., once daily).
HUMAN_DOSES = {"sertraline": "50 mg", "paroxetine": "20 mg", "fluoxetine": "20 mg",
               "citalopram": "20 mg", "escitalopram": "10 mg", "fluvoxamine": "100 mg"}
RAT_DOSES = (1.0, 3.0, 10.0)


def human_row(drug: str, dose: str, days: int = 28) -> dict:
    """Steady-state SERT occupancy (%) and plasma level of one SSRI."""
    from raphe.circuits.pharmacology import simulate_pk
    from raphe.circuits.pharmacology.enantiomers import RACEMATES, daily_oral
    from raphe.circuits.pharmacology.pet import apparent_occupancy

    t = np.linspace((days - 1) * 24, days * 24, 97) * HOUR
    res = simulate_pk(daily_oral(drug, dose, days), species="human", times=t)
    occ = 100 * res.occupancy["SERT"]
    plasma = sum(np.mean(res.plasma_ng_per_ml[a]) for a in RACEMATES.get(drug, (drug,)))
    return {"drug": drug, "dose": dose, "occupancy_mean": float(occ.mean()),
            "occupancy_min": float(occ.min()), "occupancy_max": float(occ.max()),
            "dasb_mean": float(np.mean(apparent_occupancy(res.occupancy["SERT"], "DASB"))) * 100,
            "plasma_ng_per_ml": float(plasma)}


def rat_row(drug: str, doses=RAT_DOSES) -> dict:
    """Peak SERT occupancy (%) after each i.p. dose (mg/kg of base)."""
    from raphe.circuits.pharmacology import Dose, simulate_pk

    t = np.linspace(0, 8, 481) * HOUR
    out = {"drug": drug}
    for d in doses:
        res = simulate_pk(Dose(drug, f"{d:g} mg/kg", route="ip"), times=t)
        out[f"{d:g} mg/kg"] = float(100 * res.occupancy["SERT"].max())
    return out


def occupancy_table() -> tuple[list[dict], list[dict]]:
    """Human and rat rows for every SSRI."""
    human = [human_row(d, dose) for d, dose in HUMAN_DOSES.items()]
    rat = [rat_row(d) for d in HUMAN_DOSES]
    return human, rat


def format_occupancy(human: list[dict], rat: list[dict], markdown: bool = False) -> str:
    """The two tables as text (or Markdown)."""
    lines = []
    h_head = ["SSRI", "dose/day (p.o.)", "true SERT occupancy, mean (min-max) %",
              "[11C]DASB readout, mean %", "plasma (ng/mL)"]
    h_rows = [[r["drug"], r["dose"],
               f"{r['occupancy_mean']:.1f} ({r['occupancy_min']:.1f}-{r['occupancy_max']:.1f})",
               f"{r['dasb_mean']:.1f}", f"{r['plasma_ng_per_ml']:.1f}"] for r in human]
    r_head = ["SSRI"] + [f"{d:g} mg/kg i.p." for d in RAT_DOSES]
    r_rows = [[r["drug"]] + [f"{r[f'{d:g} mg/kg']:.1f}" for d in RAT_DOSES] for r in rat]
    for title, head, rows in (("Human, steady state (day 28), usual starting doses", h_head, h_rows),
                              ("Rat, peak SERT occupancy (%) within 8 h, doses of free base",
                               r_head, r_rows)):
        lines.append(title)
        lines.append("")
        lines += _table(head, rows, markdown)
        lines.append("")
    return "\n".join(lines)


def _table(head, rows, markdown):
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
        out += ["| " + " | ".join(r) + " |" for r in rows]
        return out
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    fmt = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
    return [fmt(head), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows]


if __name__ == "__main__":  # pragma: no cover
    print(format_occupancy(*occupancy_table()))
