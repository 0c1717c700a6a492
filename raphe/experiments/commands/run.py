"""``raphe run NAME_OR_CONFIG.toml``: run an experiment, write HDF5 and a figure."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "run"
HELP = "run an experiment (built-in name or TOML config) and write HDF5 results and a figure"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("experiment", metavar="NAME_OR_CONFIG",
                        help="built-in experiment (see `raphe list experiments`) or a .toml file")
    parser.add_argument("--out", metavar="PATH", help="results file (default results/<name>.h5)")
    parser.add_argument("--set", dest="overrides", metavar="KEY=VALUE", action="append", default=[],
                        help="override a config value, e.g. --set cohort.n=4 "
                             "--set 'microdialysis.sample_interval=30 min' (repeatable)")
    parser.add_argument("--subjects", type=_positive_int, metavar="N", help="subjects per group")
    parser.add_argument("--seed", type=_nonnegative_int, metavar="S", help="seed of the run")
    parser.add_argument("--jobs", type=_positive_int, default=1, metavar="N",
                        help="processes (default 1): subjects sharing a circuit run their spiking "
                             "windows N at a time; with [circuit] individual = true, N subjects run "
                             "at once")
    parser.add_argument("--no-plot", action="store_true", help="do not draw the figure")
    parser.add_argument("--resume", action="store_true",
                        help="continue an interrupted run of the same config and seed")
    parser.add_argument("--cache-dir", metavar="DIR", help="cache directory (response surfaces)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def _positive_int(text):
    from raphe.errors import RapheInputError

    try:
        value = int(text)
    except ValueError:
        raise RapheInputError("argument", text, "a positive integer") from None
    if value < 1:
        raise RapheInputError("argument", text, "a positive integer")
    return value


def _nonnegative_int(text):
    from raphe.errors import RapheInputError

    try:
        value = int(text)
    except ValueError:
        raise RapheInputError("--seed", text, "a non-negative integer") from None
    if value < 0:
        raise RapheInputError("--seed", text, "a non-negative integer")
    return value


def run(args) -> int:
    import raphe.api as api
    from raphe.experiments import store
    from raphe.experiments.runner import RunInterrupted, default_output

    cfg = api.configure(args.experiment, overrides=args.overrides, subjects=args.subjects, seed=args.seed)
    out = Path(args.out) if args.out else default_output(cfg.name)
    store.check_writable(out)
    total = cfg.protocol.work(cfg.validated)
    bar = None
    if not args.quiet:
        from tqdm import tqdm

        bar = tqdm(total=total, desc=cfg.name, unit=getattr(cfg.protocol, "unit", "step"), file=sys.stderr,
                   dynamic_ncols=True)
    listener = None
    if bar is not None:
        from raphe.circuits import standalone

        def listener(message):
            bar.set_postfix_str(message or "", refresh=True)
        standalone.BUILD_LISTENERS.append(listener)
    try:
        result = api.run(cfg, out=out, jobs=args.jobs, resume=args.resume,
                         progress=(bar.update if bar else None), cache_dir=args.cache_dir)
    except RunInterrupted as err:
        if bar:
            bar.close()
        print(f"raphe run: {err}", file=sys.stderr)
        return 130
    finally:
        if bar:
            bar.close()
        if listener is not None:
            standalone.BUILD_LISTENERS.remove(listener)
    print(f"results: {result.path}" + (f" ({result.n_resumed} subject(s) resumed)" if result.n_resumed else ""))
    if not args.no_plot:
        print(f"figure:  {result.plot()}")
    return 0
