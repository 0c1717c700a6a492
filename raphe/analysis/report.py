"""One-page report figure per results file.

:func:`microdialysis_report` reads a microdialysis results file (never
simulates) and draws: dialysate % baseline time courses per region and
analyte (mean +- SEM, every group), AUC vs the reference group with Welch
p-values, free brain drug concentration and transporter occupancy, firing
rates over time, and spike rasters and rates at baseline vs after the dose.
"""

from __future__ import annotations

import h5py
import numpy as np

from raphe.analysis import figure_cache, metrics, plots
from raphe.io import labels as run_labels, read as load


def _text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def _subjects(h5) -> list:
    """``(group, subject group, time)`` of every subject, each read once (time on first use)."""
    out = []
    for sg in h5["subjects"].values():
        out.append([_text(sg.attrs.get("group")), sg, None])
    return out


def _time_of(subject) -> np.ndarray:
    if subject[2] is None:
        subject[2] = subject[1]["time"][()]
    return subject[2]


def _group_series(subjects, groups, labels, key, sub):
    """Mean +- SEM over the subjects of each group of ``subjects/<id>/<key>``."""
    out = []
    for gi, (g, label) in enumerate(zip(groups, labels)):
        arrs, time = [], None
        for subject in subjects:
            sg = subject[1]
            if subject[0] != g or key not in sg:
                continue
            node = sg[key]
            if sub is not None:
                if sub not in node:
                    continue
                node = node[sub]
            arr = node[()]
            t = _time_of(subject)
            if len(arr) != len(t):
                continue
            arrs.append(arr)
            time = t
        if arrs:
            st = metrics.group_mean_sem(np.array(arrs))
            sem = np.where(np.isfinite(st.sem), st.sem, 0.0)
            out.append({"label": label, "group_label": label, "time_min": time, "value": st.mean, "lo": st.mean - sem,
                        "hi": st.mean + sem, "colour": plots.colour(gi)})
    return out


_LINESTYLES = ("-", "-", "--", ":", "-.")


def _group_of(labels, groups, curve):
    return groups[labels.index(curve["group_label"])]


def microdialysis_report(path, png_path, dpi: int = 130, cache: bool = True) -> None:
    """Draw the one-page report of a microdialysis results file to ``png_path``.

    With ``cache`` (default), a page drawn before from the same data, code and matplotlib
    settings is copied from :mod:`raphe.analysis.figure_cache` instead of drawn again.
    """
    page = _page_data(path)
    figure_cache.draw_or_copy("microdialysis_report", [page, dpi], (__file__, plots.__file__, figure_cache.__file__),
                              png_path, lambda: _draw(page, png_path, dpi), cache=cache)


def _page_data(path) -> dict:
    """Everything the report draws, read from the results file (plain values and arrays)."""
    summary = load.microdialysis_summary(path)
    co = load.cohort(path)
    groups, labels, ref = co["groups"], co["labels"], co["reference"]
    with load.open_results(path) as h5:
        attrs = dict(h5.attrs)
        pairs = []
        m = h5["microdialysis"].attrs
        for region in m["regions"]:
            for analyte in m["analytes"]:
                region, analyte = _text(region), _text(analyte)
                if any(analyte in summary[g].get(region, {}) for g in groups):
                    pairs.append((region, analyte))
        subjects = _subjects(h5)
        drugs = sorted({d for _, sg, _ in subjects if "pk/brain_free_nM" in sg
                        for d in sg["pk/brain_free_nM"]})
        targets = sorted({t for _, sg, _ in subjects if "pk/occupancy" in sg
                          for t, node in sg["pk/occupancy"].items() if isinstance(node, h5py.Dataset)})
        conc_curves = []
        n_drug_groups = sum(1 for g in groups if g != ref)
        for k, d in enumerate(drugs):
            for c in _group_series(subjects, groups, labels, "pk/brain_free_nM", d):
                c["label"] = f"{d} ({c['label']})" if n_drug_groups > 1 else d
                c["colour"] = plots.colour(k + 1)
                c["ls"] = _LINESTYLES[groups.index(_group_of(labels, groups, c)) % len(_LINESTYLES)]
                conc_curves.append(c)
        occ_curves = []
        shown = []  # targets with a visible curve, so neighbouring lines get distinct colours
        for t in targets:
            for c in _group_series(subjects, groups, labels, "pk/occupancy", t):
                if np.nanmax(c["value"]) <= 1e-3:
                    continue
                if t not in shown:
                    shown.append(t)
                c["ls"] = _LINESTYLES[groups.index(_group_of(labels, groups, c)) % len(_LINESTYLES)]
                c["label"] = f"{t} ({c['label']})" if n_drug_groups > 1 else t
                c["colour"] = plots.colour(shown.index(t) + 1)
                c["value"] = 100 * c["value"]
                c["lo"], c["hi"] = 100 * c["lo"], 100 * c["hi"]
                occ_curves.append(c)
        rate_curves = _group_series(subjects, groups, labels, "rate", "DRN_5HT")
        # rasters: first subject of the first non-reference group with spikes
        raster_data = None
        for g in [x for x in groups if x != ref] + [ref]:
            for sid, sg in h5["subjects"].items():
                if _text(sg.attrs.get("group")) == g and "spike_windows" in sg and len(sg["spike_windows"]):
                    wins = []
                    for w in sorted(sg["spike_windows"]):
                        wg = sg["spike_windows"][w]
                        wins.append((float(wg.attrs["t0_ms"]),
                                     {p: (wg[p]["times"][()], wg[p]["neuron_ids"][()]) for p in wg}))
                    rates = {}
                    t = sg["time"][()]
                    for (t0, _) in wins:
                        i = int(np.argmin(np.abs(t - t0 / 60000.0)))
                        rates[t0] = {p: float(sg["rate"][p][i]) for p in sg.get("rate", {})}
                    raster_data = (sid, wins, rates)
                    break
            if raster_data:
                break
    desc = run_labels.description(_text(attrs.get("config_effective_toml", "")), _text(attrs.get("overrides", "")))
    return {"summary": summary, "groups": groups, "labels": labels, "reference": ref, "pairs": pairs,
            "conc_curves": conc_curves, "occ_curves": occ_curves, "rate_curves": rate_curves,
            "raster": raster_data, "description": desc,
            "population_colours": plots.population_colours() if raster_data else None,
            "attrs": {"seed": attrs["seed"], **{k: attrs.get(k) for k in ("experiment", "raphe_version", "git_commit")}}}


def _draw(page: dict, png_path, dpi: int) -> None:
    """Lay out and save the report page of :func:`_page_data`."""
    # a Figure without pyplot: drawing a report leaves the caller's matplotlib backend alone
    # (a notebook keeps its inline figures)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.gridspec import GridSpec

    summary, groups, labels, ref = page["summary"], page["groups"], page["labels"], page["reference"]
    pairs, attrs, desc = page["pairs"], page["attrs"], page["description"]
    conc_curves, occ_curves, rate_curves = page["conc_curves"], page["occ_curves"], page["rate_curves"]
    raster_data = page["raster"]
    fig = Figure(figsize=(8.5, 11), dpi=dpi)
    FigureCanvasAgg(fig)  # the PNG's renderer, so text can be measured before drawing
    gs = GridSpec(4, 3, figure=fig, hspace=0.75, wspace=0.45, top=0.885, bottom=0.06, left=0.09, right=0.97)
    fig.suptitle(f"{_text(attrs.get('experiment'))}: virtual microdialysis", fontsize=12, y=0.985)
    _wrap_if_needed(fig.text(0.5, 0.955, desc, ha="center", fontsize=7.5))
    fig.text(0.5, 0.935, f"seed {int(attrs['seed'])} · raphe {_text(attrs.get('raphe_version'))} · "
             f"commit {(_text(attrs.get('git_commit')) or 'unknown')[:12]} · reference group: {ref}",
             ha="center", fontsize=6.5, color="0.4")

    slots = [gs[0, 0], gs[0, 1], gs[0, 2], gs[1, 0], gs[1, 1], gs[1, 2]]
    auc_rows = []
    handles = None
    for k, (region, analyte) in enumerate(pairs[:5]):
        ax = fig.add_subplot(slots[k])
        series = []
        for gi, (g, lab) in enumerate(zip(groups, labels)):
            d = summary[g].get(region, {}).get(analyte)
            if d is None:
                continue
            series.append({"label": lab, "time_min": d["time_min"], "mean": d["percent_baseline_mean"],
                           "sem": d["percent_baseline_sem"], "n": d["n"], "colour": plots.colour(gi)})
            if g != ref and "welch_p" in d:
                auc = d["auc_percent_min"]
                finite = auc[np.isfinite(auc)]
                sem = finite.std(ddof=1) / np.sqrt(len(finite)) if len(finite) > 1 else np.nan
                many = sum(1 for x in groups if x != ref) > 1
                auc_rows.append({"label": f"{region} {analyte}" + (f": {g}" if many else ""), "auc": float(np.mean(finite))
                                 if len(finite) else np.nan, "sem": sem, "p": float(d["welch_p"]),
                                 "colour": plots.colour(gi)})
        plots.dialysate_time_course(ax, series, title=f"{region} dialysate {analyte}")
        if handles is None:
            handles = ax.get_legend_handles_labels()
    if handles:
        fig.legend(*handles, loc="upper center", ncol=min(4, len(handles[0])), fontsize=7,
                   frameon=False, bbox_to_anchor=(0.5, 0.93))
    ax = fig.add_subplot(slots[5] if len(pairs) <= 5 else gs[1, 2])
    if auc_rows:
        plots.auc_bars(ax, auc_rows, title=f"AUC 0-end vs {ref} (Welch)")
    else:
        ax.axis("off")
        ax.text(0.5, 0.5, "no comparison group", ha="center", fontsize=8)

    ax = fig.add_subplot(gs[2, 0])
    plots.concentration_time_course(ax, [c for c in conc_curves if np.nanmax(c["value"]) > 0],
                                    "free brain conc. (nM)", "drug in brain (free)")
    ax = fig.add_subplot(gs[2, 1])
    plots.concentration_time_course(ax, occ_curves, "occupancy (%)", "transporter occupancy")
    ax.set_ylim(0, 105)
    ax = fig.add_subplot(gs[2, 2])
    plots.concentration_time_course(ax, rate_curves, "DRN 5-HT rate (Hz)", "DRN 5-HT firing")

    if raster_data:
        sid, wins, rates = raster_data
        first, last = wins[0], wins[-1]
        ax = fig.add_subplot(gs[3, 0])
        plots.raster(ax, first[1], first[0], title=f"{sid} at {first[0] / 60000:.0f} min")
        ax = fig.add_subplot(gs[3, 1])
        plots.raster(ax, last[1], last[0], title=f"{sid} at {last[0] / 60000:.0f} min")
        ax = fig.add_subplot(gs[3, 2])
        plots.rate_bars(ax, rates[first[0]], rates[last[0]],
                        labels=(f"{first[0] / 60000:.0f} min", f"{last[0] / 60000:.0f} min"),
                        title=f"population rates, {sid}")
    else:
        ax = fig.add_subplot(gs[3, :])
        ax.axis("off")
        ax.text(0.5, 0.5, "no spike windows stored (microdialysis.record_spikes = 'none')",
                ha="center", fontsize=8)
    plots.pin_titles(fig)
    # zlib level 1: the same pixels as the default level, a few % larger file, half the time
    fig.savefig(png_path, dpi=dpi, pil_kwargs={"compress_level": 1})


def _wrap_if_needed(text) -> None:
    """Turn on matplotlib's wrapping of a centred figure text only if it is wider than the
    figure: wrapping measures the text once per word at every draw, and a line that fits
    comes out unchanged."""
    fig = text.get_figure()
    width = text.get_window_extent(fig.canvas.get_renderer()).width
    if "\n" in text.get_text() or width > 0.95 * fig.bbox.width:
        text.set_wrap(True)
