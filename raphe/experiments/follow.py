"""What follows a group's doses when ``--set`` changes them: its salt, legend label and name.

A built-in group such as ``sertraline-10`` (label ``"sertraline 10 mg/kg i.p."``,
``salt = true``) describes its doses. When an override swaps the drug or the
amount, the words that were made of the old doses are rewritten from the new
ones, and a salt flag set for the old drug is dropped (the dose is then of the
new drug's base), unless the same overrides set them explicitly.
"""

from __future__ import annotations

import copy
import logging

from raphe.io import labels

log = logging.getLogger(__name__)


def snapshot(raw: dict) -> list:
    """The ``[[group]]`` tables before overrides (a deep copy), for :func:`follow_doses`."""
    groups = raw.get("group")
    return copy.deepcopy(groups) if isinstance(groups, list) else []


def _set_keys(overrides, index: int) -> set:
    """Keys under ``group.<index>.`` the overrides set (``("doses", "0", "salt")``, ``("label",)``)."""
    out = set()
    for item in overrides:
        key = str(item).split("=", 1)[0].strip().split(".")
        if key[:2] == ["group", str(index)]:
            out.add(tuple(key[2:]))
    return out


def _changed_doses(before: list, after: list) -> list[tuple[int, dict, dict]]:
    return [(j, b, a) for j, (b, a) in enumerate(zip(before, after))
            if isinstance(a, dict) and isinstance(b, dict)
            and (a.get("drug"), a.get("amount"), a.get("route")) != (b.get("drug"), b.get("amount"), b.get("route"))]


def follow_doses(before: list, raw: dict, overrides) -> None:
    """Rewrite, in ``raw``, the salt, label and name of every group whose doses an override changed.

    Parameters
    ----------
    before : list
        :func:`snapshot` of ``raw`` before the overrides.
    raw : dict
        The config after the overrides (changed in place).
    overrides : sequence of str
        The ``KEY=VALUE`` overrides applied.
    """
    groups = raw.get("group")
    if not isinstance(groups, list) or len(groups) != len(before):
        return
    cohort = raw.get("cohort") if isinstance(raw.get("cohort"), dict) else {}
    for i, (old, new) in enumerate(zip(before, groups)):
        if not isinstance(old, dict) or not isinstance(new, dict):
            continue
        changed = _changed_doses(old.get("doses") or [], new.get("doses") or [])
        if not changed:
            continue
        given = _set_keys(overrides, i)
        for j, b, a in changed:
            if a.get("drug") != b.get("drug") and a.get("salt") and ("doses", str(j), "salt") not in given:
                a.pop("salt")
                log.info("group.%d.doses.%d.salt: the dose is of %s itself (the salt flag was set for %s; "
                         "--set group.%d.doses.%d.salt=true for a dose of the salt)",
                         i, j, a.get("drug"), b.get("drug"), i, j)
            if ("label",) not in given and isinstance(new.get("label"), str):
                new["label"] = new["label"].replace(labels.dose_label(b), labels.dose_label(a))
            if ("name",) not in given and new.get("name") == labels.dose_name(b):
                new["name"] = labels.dose_name(a)
                if cohort.get("reference") == old.get("name") and not any(
                        str(o).split("=", 1)[0].strip() == "cohort.reference" for o in overrides):
                    cohort["reference"] = new["name"]
