"""Figures: each function draws on a given matplotlib Axes from plain arrays.

Nothing here reads or simulates; :mod:`raphe.analysis.report` reads the file
and lays out a page.
"""

from __future__ import annotations

import numpy as np

#: Colours per group position (first = reference, grey).
GROUP_COLOURS = ("0.35", "#c0392b", "#2471a3", "#7d3c98", "#d68910", "#138d75", "#a04000")
#: Colour families per transmitter of a population's region (5-HT red, DA orange, ...).
_PALETTE = ("#c0392b", "#7f8c8d", "#2471a3", "#5dade2", "#7d3c98", "#af7ac5", "#d68910", "#138d75",
            "#a04000", "#1abc9c", "#34495e", "#e67e22")


def colour(i: int) -> str:
    return GROUP_COLOURS[i % len(GROUP_COLOURS)]


def population_colours() -> dict:
    """A colour per registered population, in registry order (a plugin's populations included)."""
    from raphe.circuits.populations import load_all

    return {name: _PALETTE[i % len(_PALETTE)] for i, name in enumerate(load_all().names())}


def pin_titles(fig) -> None:
    """Fix each axes title at the top of its axes where matplotlib's automatic placement
    would leave it there anyway (ticks and labels at the bottom, no offset text such as
    ``1e-5`` above the y axis); the placement is otherwise searched again at every draw,
    measuring every y tick label (~15 % of drawing the microdialysis report)."""
    for ax in fig.axes:
        title = ax.title
        if not title.get_text() or ax.xaxis.get_ticks_position() != "bottom" \
                or ax.xaxis.get_label_position() != "bottom":
            continue
        formatter = ax.yaxis.get_major_formatter()
        formatter.set_locs(ax.yaxis.get_majorticklocs())
        if formatter.get_offset():
            continue
        ax.set_title(title.get_text(), y=1.0, fontsize=title.get_fontsize())


def dialysate_time_course(ax, series, title: str = "", dose_times=(0.0,), ylabel: str = "% of baseline"):
    """Mean +- SEM of % baseline per group.

    Parameters
    ----------
    series : list of dict
        ``{"label", "time_min", "mean", "sem", "n"}`` per group.
    dose_times : sequence of float
        Dose times (min) marked with arrows.
    """
    ax.axhline(100, color="0.7", lw=0.8, zorder=0)
    for i, s in enumerate(series):
        t, m, e = (np.asarray(s[k], float) for k in ("time_min", "mean", "sem"))
        e = np.where(np.isfinite(e), e, 0.0)
        c = s.get("colour", colour(i))
        ax.errorbar(t, m, yerr=e, color=c, marker="o", ms=3, lw=1.2, capsize=2,
                    label=f"{s['label']} (n={int(np.max(s['n'])) if len(s['n']) else 0})")
    for d in dose_times:
        ax.axvline(d, color="k", lw=0.6, ls=":")
    ax.set_title(title, fontsize=9)
    ax.set_xlabel("time from first dose (min)", fontsize=8)
    ax.set_ylabel(ylabel, fontsize=8)
    ax.tick_params(labelsize=7)
    lo, hi = ax.get_ylim()
    ax.set_ylim(min(lo, 60), max(hi, 140))


def concentration_time_course(ax, curves, ylabel: str, title: str = "", log: bool = False):
    """Lines of ``{"label", "time_min", "value", optional "lo", "hi", "colour"}``."""
    for i, c in enumerate(curves):
        col = c.get("colour", colour(i + 1))
        ax.plot(c["time_min"], c["value"], color=col, lw=1.3, ls=c.get("ls", "-"), label=c["label"])
        if c.get("lo") is not None:
            ax.fill_between(c["time_min"], c["lo"], c["hi"], color=col, alpha=0.2, lw=0)
    if log:
        ax.set_yscale("log")
    ax.axvline(0, color="k", lw=0.6, ls=":")
    ax.set_title(title, fontsize=9)
    ax.set_xlabel("time from first dose (min)", fontsize=8)
    ax.set_ylabel(ylabel, fontsize=8)
    ax.tick_params(labelsize=7)
    if curves:
        ax.legend(fontsize=6, frameon=False)


def raster(ax, populations, t0_ms: float, title: str = "", max_neurons: int = 60):
    """Spike raster of one window; populations stacked.

    Parameters
    ----------
    populations : dict
        ``{population: (times_ms, neuron_ids)}``.
    t0_ms : float
        Window start (protocol time, ms); the x axis is seconds into the window.
    """
    offset = 0
    ticks, labels = [], []
    colours = population_colours()
    for pop, (t, ids) in populations.items():
        t = np.asarray(t, float)
        ids = np.asarray(ids, int)
        keep = ids < max_neurons
        ax.scatter((t[keep] - t0_ms) / 1000.0, ids[keep] + offset, s=1.5, marker="|",
                   color=colours.get(pop, "k"), lw=0.6)
        n = min(max_neurons, int(ids.max()) + 1 if len(ids) else 1)
        ticks.append(offset + n / 2)
        labels.append(pop)
        offset += n + 3
    ax.set_yticks(ticks)
    ax.set_yticklabels(labels, fontsize=6)
    ax.set_xlabel("time in window (s)", fontsize=8)
    ax.set_title(title, fontsize=9)
    ax.tick_params(axis="x", labelsize=7)


def rate_bars(ax, rates_a: dict, rates_b: dict, labels=("baseline", "peak"), title: str = ""):
    """Grouped bars of population rates in two conditions."""
    pops = [p for p in rates_a if p in rates_b]
    x = np.arange(len(pops))
    ax.bar(x - 0.2, [rates_a[p] for p in pops], 0.4, color="0.6", label=labels[0])
    ax.bar(x + 0.2, [rates_b[p] for p in pops], 0.4, color="#c0392b", label=labels[1])
    ax.set_xticks(x)
    ax.set_xticklabels(pops, rotation=45, ha="right", fontsize=6)
    ax.set_ylabel("rate (Hz)", fontsize=8)
    ax.set_title(title, fontsize=9)
    ax.tick_params(axis="y", labelsize=7)
    ax.legend(fontsize=6, frameon=False)


def auc_bars(ax, rows, title: str = ""):
    """AUC (mean +- SEM) per comparison with Welch p-values.

    Parameters
    ----------
    rows : list of dict
        ``{"label", "auc", "sem", "p", "colour"}``.
    """
    y = np.arange(len(rows))[::-1]
    right = max([abs(r["auc"] / 60.0) + (abs(r["sem"] / 60.0) if np.isfinite(r["sem"]) else 0)
                 for r in rows if np.isfinite(r["auc"])] + [1.0])
    for yi, r in zip(y, rows):
        ax.barh(yi, r["auc"] / 60.0, xerr=(r["sem"] / 60.0 if np.isfinite(r["sem"]) else 0),
                color=r.get("colour", "0.5"), height=0.7)
        if r.get("p") is not None and np.isfinite(r["p"]):
            star = "***" if r["p"] < 0.001 else "**" if r["p"] < 0.01 else "*" if r["p"] < 0.05 else "ns"
            ax.text(0.98, yi, f"p={r['p']:.2g} {star}", fontsize=6, va="center", ha="right",
                    transform=ax.get_yaxis_transform())
    ax.set_yticks(y)
    ax.set_yticklabels([r["label"] for r in rows], fontsize=6)
    lo = min([r["auc"] / 60.0 for r in rows if np.isfinite(r["auc"])] + [0.0])
    ax.set_xlim(min(lo * 1.1, -0.05 * right), right * 1.6)
    ax.axvline(0, color="k", lw=0.6)
    ax.set_xlabel("AUC of % change (%·h), mean ± SEM", fontsize=8)
    ax.set_title(title, fontsize=9)
    ax.tick_params(axis="x", labelsize=7)
