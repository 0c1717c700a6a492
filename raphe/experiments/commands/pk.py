"""``raphe pk``: pharmacokinetics of a dosing regimen.

Prints a table (or JSON, or a figure) of total plasma concentration, free brain
ECF concentration and target occupancy over time for one drug (its active
metabolites included), computed by :func:`raphe.circuits.pharmacology.simulate_pk`.

Examples
--------
``raphe pk sertraline``                              rat, 10 mg/kg i.p., 24 h
``raphe pk sertraline --species human --dose 50mg --every 24h --days 28``
``raphe pk citalopram --dose 20mg/kg/day --route minipump --days 14 --plot cit.png``
``raphe pk WAY-100635 --json``                        0.1 mg/kg s.c. (the record's nominal dose)
"""

from __future__ import annotations

import json
import math
import sys

NAME = "pk"
HELP = "pharmacokinetics of a dosing regimen: plasma, free brain concentration, occupancy"


def add_arguments(parser) -> None:
    """Add the ``raphe pk`` options to ``parser``."""
    parser.add_argument("drug", metavar="DRUG", nargs="?", default=None,
                        help="drug name or alias (see `raphe list drugs`); not with --table")
    parser.add_argument("--species", default="rat", help="rat (default) or human")
    parser.add_argument("--dose", default=None,
                        help="amount per administration: rat '10mg/kg', human '50mg', minipump "
                             "'20mg/kg/day' (default: the drug's nominal dose for the species, "
                             "10 mg/kg i.p. for SSRIs in rat)")
    parser.add_argument("--route", default=None,
                        help="iv, iv_infusion, ip, sc, po or minipump (default: the nominal route)")
    parser.add_argument("--salt", action="store_true",
                        help="the dose is of the salt (e.g. sertraline HCl), not the free base")
    parser.add_argument("--every", default=None, help="dosing interval for repeated doses, e.g. 24h")
    parser.add_argument("--days", default=None,
                        help="repeat for this many days (daily unless --every is given)")
    parser.add_argument("--hours", default=None,
                        help="simulated duration in hours (default 24, or --days)")
    parser.add_argument("--duration", default=None,
                        help="infusion or minipump duration, e.g. 10min, 14days "
                             "(minipump default: the whole simulation)")
    parser.add_argument("--body-weight", default=None,
                        help="body weight, e.g. 0.3kg (default 0.3 kg rat, 70 kg human)")
    parser.add_argument("--points", default=None,
                        help="number of output time points (default: 1 per 6 min, at most 4033)")
    parser.add_argument("--rows", default="25", help="rows of the printed table")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--plot", default=None, metavar="PNG", help="write a figure to this file")
    parser.add_argument("--pet", default=None, metavar="TRACER",
                        help="also report SERT occupancy as this tracer's scan would (human; "
                             "DASB, DASB-arterial, DASB-MRTM2, ADAM)")
    parser.add_argument("--table", action="store_true",
                        help="steady-state troughs of every SSRI at its usual dose vs the AGNP "
                             "reference ranges, extensive and poor metabolisers (no DRUG)")


def _positive(value, field, expected):
    from raphe.errors import RapheInputError
    if value is None:
        return None
    if not math.isfinite(value) or value <= 0:
        raise RapheInputError(field, value, expected)
    return value


def build(args):
    """Turn the parsed arguments into ``(regimen, species, body_weight, times)`` (validated)."""
    import brian2
    import numpy as np

    from raphe.circuits.pharmacology import DRUGS, SPECIES, Dose, Regimen
    from raphe.errors import RapheInputError, UnknownNameError
    from raphe.experiments.commands import number, whole_number
    from raphe.units import parse_quantity, spaced

    def _parse_time(value, field, positive=False):
        return parse_quantity(spaced(value), field, unit=brian2.second, example="'24 h'",
                              strictly_positive=positive)

    args.days = number(args.days, "--days", "a number of days")
    args.hours = number(args.hours, "--hours", "a number of hours")
    args.points = whole_number(args.points, "--points")
    args.rows = whole_number(args.rows, "--rows", minimum=1)
    from raphe.registry import load_plugins

    load_plugins()
    hour = 3600 * brian2.second
    if args.drug is None:
        raise RapheInputError("DRUG", None, "a drug name (see `raphe list drugs`), or --table")
    drug = DRUGS.get(args.drug, field="drug")
    if args.species not in SPECIES:
        raise UnknownNameError("--species", args.species, SPECIES)
    pk = drug.species_pk(args.species)
    days = _positive(args.days, "--days", "a number of days greater than zero")
    hours = _positive(args.hours, "--hours", "a number of hours greater than zero")
    if args.points is not None and not 2 <= args.points <= 200001:
        raise RapheInputError("--points", args.points, "a whole number between 2 and 200001")
    if args.plot:
        import os
        parent = os.path.dirname(os.path.abspath(args.plot))
        if not os.path.isdir(parent):
            raise RapheInputError("--plot", args.plot, "a file in an existing directory")
    if args.rows < 1:
        raise RapheInputError("--rows", args.rows, "a whole number >= 1")
    route = args.route or pk.nominal_route or ("ip" if args.species == "rat" else "po")
    dose = args.dose or pk.nominal_dose
    if dose is None:
        raise RapheInputError("--dose", None, f"a dose: {drug.name} has no nominal "
                                              f"{args.species} dose")
    every = _parse_time(args.every, "--every", positive=True) if args.every else None
    if every is None and days is not None:
        every = 24 * hour
    total_h = hours if hours is not None else (days * 24 if days is not None else 24.0)
    count = 1
    if every is not None:
        if days is not None:
            count = max(1, int(math.ceil(days * 24 / float(every / hour) - 1e-9)))
        else:
            count = max(1, int(math.ceil(total_h / float(every / hour) - 1e-9)))
    duration = args.duration
    if duration is None and route == "minipump":
        duration = f"{(days * 24 if days is not None else total_h)} h"
    if route == "minipump":
        count, every = 1, None  # one pump for the whole duration
    body_weight = None
    if args.body_weight is not None:
        body_weight = parse_quantity(spaced(args.body_weight), "--body-weight", unit=brian2.kgram,
                                     example="'0.3 kg'", strictly_positive=True)
    try:
        d = Dose(drug=drug.name, amount=dose, route=route, every=every, count=count,
                 duration=duration, salt=args.salt)
        regimen = Regimen((d,))
        regimen.validate(args.species)
    except RapheInputError as err:  # name the command-line option, not the Dose field
        flag = {"amount": "--dose", "route": "--route", "duration": "--duration", "every": "--every",
                "salt": "--salt"}.get(err.field.rsplit(".", 1)[-1])
        if flag is None:
            raise
        given = {"--dose": dose, "--route": route, "--duration": duration, "--every": args.every,
                 "--salt": args.salt}[flag]
        raise RapheInputError(flag, given, err.expected) from None
    n = args.points or int(min(4033, max(241, round(total_h * 10) + 1)))
    times = np.linspace(0.0, total_h, n) * hour
    return regimen, args.species, body_weight, times


def _table(res, rows: int) -> str:
    import brian2
    import numpy as np

    t = res.time_h
    idx = np.unique(np.round(np.linspace(0, len(t) - 1, rows)).astype(int))
    compounds = list(res.plasma_ng_per_ml)
    targets = [k for k, v in res.occupancy.items() if np.max(v) > 1e-4]
    terms = [k for k, v in res.fast_inputs.items()
             if k.startswith(("agonist.", "competitor.")) and np.max(v) > 0]
    head = ["time (h)"]
    head += [f"{c} plasma (ng/mL)" for c in compounds]
    head += [f"{c} brain free (nM)" for c in compounds]
    head += [f"{t_} occ (%)" for t_ in targets]
    head += terms
    data = []
    for i in idx:
        row = [f"{t[i]:.2f}"]
        row += [f"{res.plasma_ng_per_ml[c][i]:.4g}" for c in compounds]
        row += [f"{res.brain_free_nM[c][i]:.4g}" for c in compounds]
        row += [f"{100 * res.occupancy[k][i]:.1f}" for k in targets]
        row += [f"{res.fast_inputs[k][i]:.3g}" for k in terms]
        data.append(row)
    widths = [max(len(r[j]) for r in [head, *data]) for j in range(len(head))]
    fmt = lambda r: "  ".join(c.rjust(w) for c, w in zip(r, widths))  # noqa: E731
    lines = [fmt(head), *(fmt(r) for r in data), ""]
    for c in compounds:
        p = res.plasma_ng_per_ml[c]
        i = int(np.argmax(p))
        lines.append(f"{c}: plasma Cmax {p[i]:.4g} ng/mL ({res.plasma_nM[c][i]:.4g} nM) at "
                     f"{t[i]:.2f} h; brain free max {np.max(res.brain_free_nM[c]):.4g} nM")
    doses = res.regimen.doses
    if len(doses) == 1 and doses[0].every is not None and doses[0].count > 1:
        tau = float(doses[0].every / (3600 * brian2.second))
        last = float(doses[0].times()[-1] / (3600 * brian2.second))
        sl = (t >= last) & (t <= last + tau)
        if np.count_nonzero(sl) > 1:
            lines.append(f"last dosing interval ({last:g}-{last + tau:g} h):")
            for c in compounds:
                p = res.plasma_ng_per_ml[c][sl]
                lines.append(f"  {c}: plasma trough {p.min():.4g}, peak {p.max():.4g}, "
                             f"mean {p.mean():.4g} ng/mL")
            for k in targets:
                o = 100 * res.occupancy[k][sl]
                lines.append(f"  {k}: occupancy {o.min():.1f}-{o.max():.1f} %, mean {o.mean():.1f} %")
    for k in targets:
        o = res.occupancy[k]
        i = int(np.argmax(o))
        lines.append(f"{k}: peak occupancy {100 * o[i]:.1f} % at {t[i]:.2f} h")
    for k in terms:
        lines.append(f"{k}: peak {np.max(res.fast_inputs[k]):.3g}")
    return "\n".join(lines)


def _describe(regimen, species, res) -> str:
    import brian2
    parts = []
    for d in regimen.doses:
        sched = f" every {float(d.every / (3600 * brian2.second)):g} h x {d.count}" if d.every is not None \
            else ""
        dur = f" over {float(d.duration / (3600 * brian2.second)):g} h" if d.duration is not None else ""
        parts.append(f"{d.drug} {_dose_text(d)} {d.route}{dur}{sched}{' (salt)' if d.salt else ''}")
    bw = float(res.body_weight / brian2.kgram)
    return f"{species} ({bw:g} kg): " + "; ".join(parts)


def _dose_text(d) -> str:
    import brian2
    q = d.amount
    dims = brian2.get_dimensions(q)
    if dims == brian2.get_dimensions(1):
        mg_kg = float(q) * 1e6
        return f"{mg_kg * 1000:g} ug/kg" if 0 < mg_kg < 0.1 else f"{mg_kg:g} mg/kg"
    if dims == brian2.get_dimensions(brian2.Hz):
        return f"{float(q * 86400 * brian2.second) * 1e6:g} mg/kg/day"
    if dims == brian2.get_dimensions(brian2.kgram):
        return f"{float(q / brian2.mgram):g} mg"
    return f"{float(q * 86400 * brian2.second / brian2.mgram):g} mg/day"


def plot(res, path: str, title: str) -> None:
    """Plasma, free brain and occupancy panels over time, written to ``path``."""
    from matplotlib.figure import Figure  # no pyplot: the caller's backend is left alone
    import numpy as np

    t = res.time_h
    in_days = t[-1] - t[0] > 72
    x = t / 24 if in_days else t
    fig = Figure(figsize=(8, 9), constrained_layout=True)
    axes = fig.subplots(3, 1, sharex=True)
    for c, p in res.plasma_ng_per_ml.items():
        axes[0].plot(x, p, label=c)
    axes[0].set_ylabel("total plasma (ng/mL)")
    for c, b in res.brain_free_nM.items():
        axes[1].plot(x, b, label=c)
    axes[1].set_ylabel("free brain ECF (nM)")
    for k, o in res.occupancy.items():
        if np.max(o) > 1e-3:
            axes[2].plot(x, 100 * o, label=k)
    axes[2].set_ylabel("target occupancy (%)")
    axes[2].set_ylim(0, 100)
    axes[2].set_xlabel("time (days)" if in_days else "time (h)")
    for ax in axes:
        ax.grid(alpha=0.3)
        ax.set_ylim(bottom=0)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(loc="best", fontsize=9)
    axes[0].set_title(title, fontsize=10)
    import os
    from pathlib import Path

    from raphe.errors import WriteError

    path = Path(path)
    tmp = path.with_name(f".{path.stem}.partial{path.suffix}")  # a cut figure never takes the name
    try:
        fig.savefig(tmp, dpi=120)
        os.replace(tmp, path)
    except OSError as err:
        raise WriteError(path, err) from err
    finally:
        tmp.unlink(missing_ok=True)


def run(args) -> int:
    """Run ``raphe pk``; returns the exit code (input errors raise RapheInputError)."""
    from raphe.circuits.pharmacology import simulate_pk

    if args.table:
        return _agnp_table(args)
    regimen, species, body_weight, times = build(args)
    tracer = _pet_tracer(args, species)
    res = simulate_pk(regimen, species=species, body_weight=body_weight, times=times)
    title = _describe(regimen, species, res)
    if args.plot:
        plot(res, args.plot, title)
    if args.json:
        out = res.to_dict()
        out["regimen"] = title
        try:
            json.dump(out, sys.stdout)
            sys.stdout.write("\n")
        except BrokenPipeError:  # e.g. piped into `head`
            return 0
    else:
        print(title)
        print(_table(res, args.rows))
        if tracer is not None:
            print(_pet_lines(res, tracer))
            note = _racemate_note(regimen)
            if note:
                print(note)
        if args.plot:
            print(f"figure written to {args.plot}")
    return 0


def _pet_tracer(args, species):
    """The --pet tracer (validated before any simulation), or None."""
    from raphe.circuits.pharmacology.pet import TRACERS
    from raphe.errors import RapheInputError

    if args.pet is None:
        return None
    if species != "human":
        raise RapheInputError("--pet", args.pet, "a human regimen (--species human)")
    return TRACERS.get(args.pet, field="--pet")


def _pet_lines(res, tracer) -> str:
    """Apparent SERT occupancy a scan of ``tracer`` would report (peak, last sample)."""
    import numpy as np

    from raphe.circuits.pharmacology.pet import apparent_occupancy

    true = np.asarray(res.occupancy["SERT"])
    app = apparent_occupancy(true, tracer)
    i = int(np.argmax(app))
    return (f"{tracer.name} {tracer.modality} readout (ceiling {tracer.ceiling:g} "
            f"{tracer.ceiling_source.mark}): apparent SERT occupancy peak {100 * app[i]:.1f} % at "
            f"{res.time_h[i]:.2f} h, {100 * app[-1]:.1f} % at {res.time_h[-1]:.2f} h (true "
            f"{100 * true[-1]:.1f} %; the circuit acts on true occupancy)")


def _racemate_note(regimen) -> str:
    """A note when the drug is a racemate whose PET targets use its enantiomers."""
    from raphe.circuits.pharmacology.enantiomers import RACEMATES

    drug = regimen.doses[0].drug
    if drug not in RACEMATES:
        return ""
    a, b = RACEMATES[drug]
    return (f"note: {drug} is a racemate; the PET validation targets give it as {a} + {b} "
            f"(half the dose each: raphe.circuits.pharmacology.enantiomers.racemate_regimen), "
            f"whose occupancy differs from this one-ligand record")


def _agnp_table(args) -> int:
    """``raphe pk --table``: troughs vs AGNP ranges (and the figure with --plot)."""
    from raphe.circuits.pharmacology.clinical import (
        format_trough_table, plot_trough_table, trough_table,
    )
    from raphe.errors import RapheInputError

    if args.drug is not None:
        raise RapheInputError("DRUG", args.drug, "no drug with --table (it covers every SSRI)")
    rows = trough_table()
    if args.json:
        json.dump(rows, sys.stdout)
        sys.stdout.write("\n")
    else:
        print(format_trough_table(rows))
    if args.plot:
        plot_trough_table(rows, args.plot)
        if not args.json:
            print(f"figure written to {args.plot}")
    return 0
