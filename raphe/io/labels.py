"""Labels a reader sees (figure subtitle, legend, NWB session description) derived from a config.

The functions read a config as TOML data (the effective config stored in a
results file, or a config being loaded), so every label follows what actually
ran: after ``--quick`` or ``--set`` a label written for the built-in experiment
would describe another one.
"""

from __future__ import annotations

import re
import tomllib

#: route name -> how a methods section writes it
ROUTES = {"ip": "i.p.", "sc": "s.c.", "iv": "i.v.", "po": "p.o.", "iv_infusion": "i.v. infusion",
          "minipump": "minipump", "icv": "i.c.v."}

#: overrides that leave the author's description true
_HARMLESS = ("experiment.seed=", "experiment.name=", "circuit.backend=")


def dose_label(dose: dict) -> str:
    """``"sertraline 10 mg/kg i.p."`` for one dose table (salt not shown)."""
    route = str(dose.get("route", "ip"))
    return f"{dose.get('drug', '?')} {dose.get('amount', '?')} {ROUTES.get(route, route)}".strip()


def group_label(doses) -> str:
    """The legend label of a group given ``doses`` (``"vehicle"`` without doses)."""
    doses = [d for d in (doses or []) if isinstance(d, dict)]
    return " + ".join(dose_label(d) for d in doses) if doses else "vehicle"


def amount_number(amount) -> str:
    """The number of an amount as written (``"10 mg/kg"`` -> ``"10"``), ``""`` if none."""
    match = re.match(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)", str(amount))
    return match.group(1) if match else ""


def dose_name(dose: dict) -> str:
    """The group name a dose suggests: ``"sertraline-10"``."""
    return f"{dose.get('drug', '')}-{amount_number(dose.get('amount', ''))}"


def _listing(items) -> str:
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def _n_text(raw: dict) -> str:
    default = (raw.get("cohort") or {}).get("n")
    ns = [g.get("n") or default for g in raw.get("group") or [] if isinstance(g, dict)]
    ns = [n for n in ns if n is not None]
    if not ns:
        return ""
    return f"n = {ns[0]} per group" if len(set(ns)) == 1 else "n = " + ", ".join(str(n) for n in ns)


def _groups_text(raw: dict) -> str:
    groups = [g for g in raw.get("group") or [] if isinstance(g, dict)]
    ref = (raw.get("cohort") or {}).get("reference") or (groups[0].get("name") if groups else None)

    def label(g):
        if g.get("label"):
            return str(g["label"])
        if "cumulative_doses" in g:  # electrophysiology: cumulative i.v. doses of one drug
            doses = g.get("cumulative_doses") or []
            return f"{g.get('drug', '?')} " + (f"{doses[0]} to {doses[-1]}" if doses else "") + " cumulative"
        return group_label(g.get("doses"))

    treated = [label(g) for g in groups if g.get("name") != ref]
    refs = [label(g) for g in groups if g.get("name") == ref]
    return " vs ".join([", ".join(treated)] + refs) if treated else ", ".join(refs)


def derived_description(raw: dict) -> str:
    """A one-line description of a config built from its values (species, groups, timing, n)."""
    species = str((raw.get("animal") or {}).get("species", "rat")).capitalize()
    groups = _groups_text(raw)
    parts = [f"{species}, {groups}" if groups else species]
    md = raw.get("microdialysis")
    if isinstance(md, dict):
        what = "dialysate " + ", ".join(md.get("analytes") or ["5-HT"])
        if md.get("regions"):
            what += " in " + _listing(md["regions"])
        timing = [f"{md['baseline']} baseline"] if md.get("baseline") else []
        if md.get("duration"):
            timing.append(f"then {md['duration']}" if timing else str(md["duration"]))
        parts.append(what + ("; " + " ".join(timing) if timing else ""))
    chronic = raw.get("chronic")
    if isinstance(chronic, dict) and chronic.get("duration"):
        parts.append(f"chronic treatment for {chronic['duration']}")
    text = ": ".join(parts[:2]) + "".join(f"; {p}" for p in parts[2:])
    n = _n_text(raw)
    return f"{text}; {n}" if n else text


def description(effective_toml: str, overrides: str | list = "") -> str:
    """The description to show for a run: the author's, unless overrides changed what it describes.

    Parameters
    ----------
    effective_toml : str
        The effective config (after overrides) as TOML text.
    overrides : str or list of str
        The ``--set`` overrides the run applied (newline-separated text as stored, or a list).

    Returns
    -------
    str
        ``[experiment] description`` when no override changed the experiment (or the
        description itself was set), else :func:`derived_description` of the effective config.
    """
    try:
        raw = tomllib.loads(effective_toml or "")
    except tomllib.TOMLDecodeError:
        return ""
    if isinstance(overrides, str):
        overrides = [o for o in overrides.splitlines() if o.strip()]
    given = str((raw.get("experiment") or {}).get("description", "") or "")
    changed = [o for o in overrides if not o.strip().startswith(_HARMLESS)]
    if given and (not changed or any(o.strip().startswith("experiment.description=") for o in changed)):
        return given
    return derived_description(raw)
