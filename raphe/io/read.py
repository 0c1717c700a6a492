"""Reading results files: checks, summaries, subjects, spikes.

Every reader goes through :func:`open_results`, which refuses a missing,
truncated, foreign, other-schema or incomplete file with a one-line
:class:`~raphe.errors.ResultsFileError` instead of a traceback.

Examples
--------
>>> from raphe.io import read
>>> s = read.microdialysis_summary("results/acute-microdialysis.h5")  # doctest: +SKIP
>>> s["sertraline-10"]["NAc"]["5-HT"]["percent_baseline_mean"]  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import h5py
import numpy as np

from raphe.errors import ResultsFileError
from raphe.io.format import FORMAT, REQUIRED_ATTRS, REQUIRED_GROUPS, SCHEMA_VERSION

def _text(v):
    return v.decode() if isinstance(v, bytes) else v


def open_results(path, require_complete: bool = True) -> h5py.File:
    """Open a results file read-only after checking it.

    Raises
    ------
    ResultsFileError
        Missing, not HDF5 (truncated or foreign), not a raphe file, another
        schema version, or (with ``require_complete``) an unfinished run.
    """
    if isinstance(path, h5py.File):
        return path
    path = Path(path)
    if not path.exists():
        raise ResultsFileError(f"{path}: no such file")
    try:
        h5 = h5py.File(path, "r")
    except OSError as err:
        raise ResultsFileError(f"{path}: not a readable HDF5 file (truncated or not HDF5): "
                               f"{str(err).splitlines()[0]}") from None
    try:
        a = h5.attrs
        if _text(a.get("format")) != FORMAT:
            raise ResultsFileError(f"{path}: not a raphe results file (no format='{FORMAT}' attribute)")
        missing = [k for k in REQUIRED_ATTRS if k not in a]
        if missing:
            raise ResultsFileError(f"{path}: damaged raphe results file (missing attributes "
                                   f"{', '.join(missing)})")
        try:
            version = int(_text(a["schema_version"]))
        except (TypeError, ValueError):
            raise ResultsFileError(f"{path}: schema version {_text(a['schema_version'])!r} is not a whole number "
                                   f"(this raphe reads version {SCHEMA_VERSION}): a damaged or foreign file") from None
        if version != SCHEMA_VERSION:
            raise ResultsFileError(
                f"{path}: results schema version {version}; this raphe reads version {SCHEMA_VERSION}"
                + (" (written by an older raphe: rerun the experiment)" if version < SCHEMA_VERSION
                   else " (written by a newer raphe: upgrade)"))
        if require_complete and not bool(a["complete"]):
            raise ResultsFileError(f"{path}: incomplete results file (the run did not finish)")
        if require_complete:
            protocol = _text(a["protocol"])
            absent = [g for g in REQUIRED_GROUPS.get(protocol, ()) if g not in h5]
            if absent:
                raise ResultsFileError(f"{path}: damaged {protocol} results file (missing "
                                       f"{', '.join('/' + g for g in absent)})")
    except ResultsFileError:
        h5.close()
        raise
    except Exception as err:  # a damaged file fails in many ways
        h5.close()
        raise ResultsFileError(f"{path}: unreadable results file: {err}") from None
    return h5


@dataclass
class Description:
    """What :func:`describe` found."""

    text: str
    valid: bool
    config: str = ""
    problems: list = field(default_factory=list)


def describe(path, tree: bool = False) -> Description:
    """Summarise a results file for ``raphe inspect``.

    Raises
    ------
    ResultsFileError
        If the file is not a raphe results file at all.
    """
    h5 = open_results(path, require_complete=False)
    problems = []
    with h5:
        a = h5.attrs
        protocol = _text(a["protocol"])
        lines = [f"{path}: raphe results, schema {int(a['schema_version'])}, protocol {protocol}",
                 f"  experiment: {_text(a.get('experiment', '?'))}   seed: {int(a['seed'])}",
                 f"  created: {_text(a.get('created', '?'))}   raphe {_text(a.get('raphe_version', '?'))}"
                 f", brian2 {_text(a.get('brian2_version', '?'))}, numpy {_text(a.get('numpy_version', '?'))}"
                 f", h5py {_text(a.get('h5py_version', '?'))}",
                 f"  git commit: {_text(a.get('git_commit', '')) or 'unknown'}",
                 f"  config: {_text(a.get('config_source', '?'))}"
                 + (f"   overrides: {_text(a['overrides']).replace(chr(10), ', ')}"
                    if _text(a.get("overrides", "")) else "")]
        if not bool(a["complete"]):
            problems.append("incomplete: the run did not finish")
        for g in REQUIRED_GROUPS.get(protocol, ()):
            if g not in h5:
                problems.append(f"missing /{g}")
        if "subjects" in h5:
            subj = h5["subjects"]
            groups: dict[str, int] = {}
            for sid in subj:
                gname = _text(subj[sid].attrs.get("group", "?"))
                groups[gname] = groups.get(gname, 0) + 1
            lines.append(f"  subjects: {len(subj)} (" + ", ".join(f"{g}: {n}" for g, n in groups.items()) + ")")
        if "cohort" in h5 and "regimens" in h5["cohort"].attrs:
            for g, r in zip(h5["cohort"].attrs["groups"], h5["cohort"].attrs["regimens"]):
                lines.append(f"    {_text(g)}: {_text(r)}")
        if "microdialysis" in h5:
            m = h5["microdialysis"].attrs
            if "regions" in m:
                lines.append(f"  microdialysis: regions {', '.join(map(_text, m['regions']))}; analytes "
                             f"{', '.join(map(_text, m['analytes']))}; samples of "
                             f"{float(m['sample_interval_min']):g} min")
        if "summary/microdialysis" in h5:
            s = h5["summary/microdialysis"]
            for g in s:
                for region in s[g]:
                    parts = []
                    for analyte in s[g][region]:
                        d = s[g][region][analyte]
                        t = d["time_min"][()]
                        mean = d["percent_baseline_mean"][()]
                        post = (t > 0) & np.isfinite(mean)
                        if post.any():
                            parts.append(f"{analyte} peak {np.nanmax(mean[post]):.0f} %")
                    lines.append(f"    {g} {region}: " + ", ".join(parts))
        if "spikes" in h5:
            sp = h5["spikes"]
            counts = ", ".join(f"{p}: {len(sp[p]['timestamps'])}" for p in sp if "timestamps" in sp[p])
            lines.append(f"  spikes (SONATA): {counts or 'none'}")
        if tree:
            lines.append("  tree:")
            h5.visititems(lambda name, obj: lines.append(
                f"    /{name}" + (f"  {obj.shape} {obj.dtype} [{_text(obj.attrs.get('units', ''))}]"
                               if isinstance(obj, h5py.Dataset) else "/")))
        valid = not problems
        lines.append("  status: " + ("complete and valid" if valid else "; ".join(problems)))
        config = _text(a.get("config_effective_toml", a.get("config_toml", "")))
    return Description(text="\n".join(lines), valid=valid, config=config, problems=problems)


def _read_tree(g: h5py.Group) -> dict:
    out = {}
    for k, v in g.items():
        out[k] = _read_tree(v) if isinstance(v, h5py.Group) else v[()]
    return out


def microdialysis_summary(path) -> dict:
    """``{group: {region: {analyte: {time_min, percent_baseline_mean, _sem, n, ...}}}}``."""
    with open_results(path) as h5:
        s = h5["summary/microdialysis"]
        out = {}
        for g in s:
            out[g] = {}
            for region in s[g]:
                out[g][region] = {}
                for analyte in s[g][region]:
                    d = s[g][region][analyte]
                    entry = {k: d[k][()] for k in d}
                    entry.update({k: (_text(v) if isinstance(v, (str, bytes)) else v) for k, v in d.attrs.items()})
                    out[g][region][analyte] = entry
        return out


def cohort(path) -> dict:
    """Groups (in config order), labels, regimens, reference group, subject table."""
    with open_results(path) as h5:
        c = h5["cohort"]
        return {
            "groups": [_text(x) for x in c.attrs["groups"]],
            "labels": [_text(x) for x in c.attrs["labels"]],
            "regimens": [_text(x) for x in c.attrs["regimens"]],
            "reference": _text(c.attrs["reference"]),
            "subject": [_text(x) for x in c["subject"][()]],
            "group": [_text(x) for x in c["group"][()]],
        }


def subject(path, subject_id: str) -> dict:
    """One subject's stored time series as nested dicts of arrays (plus ``attrs``)."""
    with open_results(path) as h5:
        key = f"subjects/{subject_id}"
        if key not in h5:
            raise ResultsFileError(f"{path}: no subject {subject_id!r}")
        g = h5[key]
        out = _read_tree(g)
        out["attrs"] = {k: _text(v) for k, v in g.attrs.items()}
        return out


def microdialysis_samples(path, group: str, subject_id: str, region: str, analyte: str) -> dict:
    """One subject's samples as measured (amounts, LOD flags, % baseline) and attributes."""
    with open_results(path) as h5:
        key = f"microdialysis/{group}/{subject_id}/{region}/{analyte}"
        if key not in h5:
            raise ResultsFileError(f"{path}: no samples at /{key}")
        d = h5[key]
        out = {k: d[k][()] for k in d}
        out["attrs"] = dict(d.attrs)
        return out


def spikes(path, population: str) -> dict:
    """SONATA spikes of a population: timestamps (ms), node_ids, node table."""
    with open_results(path) as h5:
        key = f"spikes/{population}"
        if key not in h5:
            raise ResultsFileError(f"{path}: no spikes for population {population!r}")
        g = h5[key]
        nt = g.get("node_table")
        return {"timestamps_ms": g["timestamps"][()], "node_ids": g["node_ids"][()],
                "subject": [_text(x) for x in nt["subject"][()]] if nt else [],
                "first_node_id": nt["first_node_id"][()] if nt else np.zeros(0, np.uint64),
                "n_nodes": nt["n_nodes"][()] if nt else np.zeros(0, np.uint64)}
