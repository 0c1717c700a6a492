"""The validation table, ``validation.h5``, the figure and ``VALIDATION.md``."""

from __future__ import annotations

import datetime
import math
import re
from pathlib import Path

import numpy as np

from raphe.validation.targets import FAMILIES

STATUS_COLOURS = {"pass": "#2e7d32", "expected miss": "#ef6c00", "miss": "#c62828",
                  "unexpected pass": "#6a1b9a", "error": "#424242"}


def short_source(source: str) -> str:
    """``"Hajos, Gartside & Sharp 1995 ..."`` -> ``"Hajos 1995"``."""
    year = re.search(r"(19|20)\d\d", source)
    first = re.split(r"[ ,]", source.strip(), maxsplit=1)[0]
    if first.lower() in ("neuropharmacology",) and year:
        pmid = re.search(r"PMID \d+", source)
        return f"{pmid.group(0) if pmid else first} ({year.group(0)})"
    return f"{first} {year.group(0)}" if year else first


def _num(x: float) -> str:
    if not math.isfinite(x):
        return "nan"
    return f"{x:.3g}" if abs(x) < 1000 else f"{x:.0f}"


def rows(result) -> list[list[str]]:
    """Table rows: target, family, source, published [low-high] unit, model, status."""
    out = []
    for r in result.results:
        t = r.target
        out.append([t.name, t.family, short_source(t.source),
                    f"{_num(t.published)} [{_num(t.tolerance.low)}-{_num(t.tolerance.high)}] {t.unit}",
                    _num(r.value), r.status])
    return out


HEAD = ["target", "family", "source", "published [tolerance]", "model", "result"]


def format_table(result) -> str:
    """One text table of the suite, with a summary line."""
    body = rows(result)
    widths = [max(len(x) for x in col) for col in zip(HEAD, *body)]
    fmt = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
    lines = [fmt(HEAD), fmt(["-" * w for w in widths])] + [fmt(r) for r in body]
    counts = result.counts()
    lines.append("")
    lines.append(f"{len(result.results)} targets ({'quick' if result.quick else 'full'}), "
                 + ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
                 + f"; {result.seconds:.0f} s")
    for r in result.results:
        if r.error:
            lines.append(f"error in {r.target.name}: {r.error}")
    return "\n".join(lines)


def write_h5(result, path) -> Path:
    """Write the suite's outcome to ``path`` atomically (built in memory, one write, a rename:
    a full disk is a one-line :class:`~raphe.errors.WriteError`)."""
    from raphe import __version__
    from raphe.io import store

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with store.memory_file() as h5:
        h5.attrs.update({"quick": bool(result.quick), "seconds": float(result.seconds),
                         "created": datetime.datetime.now().isoformat(timespec="seconds"),
                         "raphe_version": __version__, "ok": bool(result.ok),
                         "complete": True})
        for r in result.results:
            t = r.target
            g = h5.create_group(f"targets/{t.name}")
            p = t.protocol
            g.attrs.update({
                "family": t.family, "source": t.source, "description": t.description,
                "published": float(t.published), "unit": t.unit,
                "tolerance_low": float(t.tolerance.low), "tolerance_high": float(t.tolerance.high),
                "tolerance_basis": t.tolerance.basis, "model": float(r.value), "status": r.status,
                "expected_failure": t.expected_failure or "", "seconds": float(r.seconds),
                "error": r.error, "drugs": ", ".join(t.drugs),
                "species": p.species, "drug": p.drug, "dose": p.dose, "salt": p.salt,
                "route": p.route, "region": p.region, "anaesthesia": p.anaesthesia})
        names = [r.target.name for r in result.results]
        h5.create_dataset("table/target", data=np.array(names, dtype="S"))
        h5.create_dataset("table/published", data=[r.target.published for r in result.results])
        h5.create_dataset("table/model", data=[r.value for r in result.results])
        h5.create_dataset("table/status", data=np.array([r.status for r in result.results],
                                                         dtype="S"))
        store.save_image(h5, path, path.with_name(f".{path.name}.partial"))
    return path


def read_h5(path) -> dict:
    """What :func:`write_h5` wrote: ``{"quick": bool, "ok": bool, "targets": {name: {"model",
    "status", "published", "tolerance_low", "tolerance_high", ...}}}``.

    Raises
    ------
    RapheInputError
        The file is not a complete validation results file.
    """
    import h5py

    from raphe.errors import RapheInputError

    with h5py.File(path, "r") as h5:
        if not h5.attrs.get("complete", False) or "targets" not in h5:
            raise RapheInputError("validation results", str(path),
                                  "a complete file written by `raphe validate`")
        return {"quick": bool(h5.attrs["quick"]), "ok": bool(h5.attrs["ok"]),
                "seconds": float(h5.attrs["seconds"]),
                "targets": {name: {k: (v.item() if hasattr(v, "item") else v)
                                   for k, v in g.attrs.items()}
                            for name, g in h5["targets"].items()}}


def write_figure(result, path) -> Path:
    """Model vs published, one panel per family.

    Each target is one row; the x axis is the value relative to the published
    one (log scale), the grey bar is the tolerance, the dot the model (coloured
    by status).
    """
    import matplotlib
    import matplotlib.ticker
    from matplotlib.lines import Line2D
    from matplotlib.figure import Figure  # no pyplot: the caller's backend is left alone

    families = [f for f in FAMILIES if any(r.target.family == f for r in result.results)]
    n_rows = [sum(r.target.family == f for r in result.results) for f in families]
    fig = Figure(figsize=(9.5, 1.2 + 0.55 * sum(n_rows) + 0.6 * len(families)))
    axes = fig.subplots(len(families), 1, gridspec_kw={"height_ratios": [max(n, 1) for n in n_rows]},
                        squeeze=False)
    lo_all, hi_all = 0.3, 3.0
    for r in result.results:
        t = r.target
        for v in (t.tolerance.low / t.published, t.tolerance.high / t.published,
                  r.value / t.published if math.isfinite(r.value) and r.value > 0 else 1.0):
            lo_all, hi_all = min(lo_all, v), max(hi_all, v)
    for ax, fam in zip(axes[:, 0], families):
        sel = [r for r in result.results if r.target.family == fam]
        for i, r in enumerate(sel):
            t = r.target
            y = len(sel) - 1 - i
            ax.plot([t.tolerance.low / t.published, t.tolerance.high / t.published], [y, y],
                    color="0.75", lw=7, solid_capstyle="butt", zorder=1)
            ax.plot([1.0], [y], marker="|", color="k", ms=14, zorder=2)
            if math.isfinite(r.value) and r.value > 0:
                ax.plot([r.value / t.published], [y], "o", ms=8, zorder=3,
                        color=STATUS_COLOURS.get(r.status, "k"))
            label = f"{t.name}\n{_num(t.published)} {t.unit}; model {_num(r.value)} ({r.status})"
            ax.text(1.01, y, label, transform=ax.get_yaxis_transform(), va="center", fontsize=7)
        ax.set_xscale("log")
        ax.set_xlim(lo_all / 1.3, hi_all * 1.3)
        ticks = [x for x in (0.03, 0.1, 0.25, 0.5, 1, 2, 4, 10, 30)
                 if lo_all / 1.3 <= x <= hi_all * 1.3]
        ax.xaxis.set_major_locator(matplotlib.ticker.FixedLocator(ticks))
        ax.xaxis.set_major_formatter(matplotlib.ticker.FixedFormatter([f"{x:g}" for x in ticks]))
        ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
        ax.set_ylim(-0.7, len(sel) - 0.3)
        ax.set_yticks([])
        ax.axvline(1.0, color="k", lw=0.5, ls=":")
        ax.set_title(fam, loc="left", fontsize=10)
    axes[-1, 0].set_xlabel("value / published (log)")
    handles = [Line2D([], [], marker="o", ls="", color=c, label=s)
               for s, c in STATUS_COLOURS.items()]
    axes[0, 0].legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.15), ncol=5,
                      fontsize=7, frameon=False)
    kind = "quick" if result.quick else "full"
    fig.suptitle(f"raphe validation ({kind} suite): grey = tolerance, | = published, dot = model",
                 x=0.02, ha="left", fontsize=11)
    fig.tight_layout(rect=(0, 0, 0.64, 1))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    return path


def write_markdown(result, path, occupancy_text: str | None = None, command: str = "") -> Path:
    """Regenerate ``VALIDATION.md``: the table, every expected failure with its reason,
    each target's protocol and tolerance basis, and the in-vivo potency table."""
    from raphe.validation.catalog import QUICK_NOTE

    lines = ["# Validation", "",
             f"Generated by `{command or 'raphe validate'}` on "
             f"{datetime.date.today().isoformat()}; do not edit by hand.", "",
             "Published results that no parameter of the model was fitted to, run as the papers "
             "ran them (species, drug, dose, salt, route, region). Calibration targets, the numbers "
             "parameters were fitted to, are checked in `tests/calibration/` instead. A target the "
             "model misses stays here as an expected miss, with its reason, until the mechanism "
             "is fixed; parameters are never retuned to pass one.", "",
             f"Suite: {'quick' if result.quick else 'full'}, {len(result.results)} targets, "
             + ", ".join(f"{n} {s}" for s, n in sorted(result.counts().items()))
             + f", {result.seconds:.0f} s." + (f" {QUICK_NOTE}" if result.quick else ""), "",
             "| " + " | ".join(HEAD) + " |", "|" + "|".join("---" for _ in HEAD) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows(result)]
    lines += ["", "## Expected misses", ""]
    misses = [r for r in result.results if r.target.expected_failure]
    lines += [f"- `{r.target.name}`: {r.target.expected_failure}." for r in misses] or ["None."]
    lines += ["", "## Targets", ""]
    for r in result.results:
        t, p = r.target, r.target.protocol
        lines += [f"### {t.name} ({t.family})", "",
                  f"- Source: {t.source}",
                  f"- Compared: {t.description}",
                  f"- Protocol: {p.species}; {p.drug} {p.dose} {p.route}; dose of: {p.salt}; "
                  f"{p.region}; {p.anaesthesia}" + (f"; {p.notes}" if p.notes else ""),
                  f"- Published {_num(t.published)} {t.unit}; tolerance {_num(t.tolerance.low)}-"
                  f"{_num(t.tolerance.high)} ({t.tolerance.basis})",
                  f"- Model {_num(r.value)}: {r.status}" + (f" ({r.error})" if r.error else ""),
                  ""]
    from raphe.validation.catalog import CALIBRATION

    lines += ["## Calibration targets (not validation)", "",
              "These numbers were used to fit parameters; `tests/calibration/` and the circuit's "
              "calibration tests check them, and none of them is a validation target.", "",
              "| calibration figure | source | what it fixes |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in CALIBRATION]
    lines.append("")
    if occupancy_text:
        lines += ["## In-vivo potency of the SSRIs (predictions, not targets)", "",
                  occupancy_text, ""]
    path = Path(path)
    path.write_text("\n".join(lines).rstrip() + "\n")
    return path
