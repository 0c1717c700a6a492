"""``raphe run NAME_OR_CONFIG.toml``: run an experiment, write HDF5 and a figure."""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from pathlib import Path

NAME = "run"
HELP = "run an experiment (built-in name or TOML config) and write HDF5 results and a figure"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("experiment", metavar="NAME_OR_CONFIG",
                        help="built-in experiment (see `raphe list experiments`) or a .toml file")
    parser.add_argument("--out", metavar="PATH", help="results file (default results/<name>.h5; with --quick results/<name>-quick.h5, "
                        "so a quick run never replaces a full one)")
    parser.add_argument("--set", dest="overrides", metavar="KEY=VALUE", action="append", default=[],
                        help="override a config value, e.g. --set cohort.n=4 "
                             "--set 'microdialysis.sample_interval=30 min' (repeatable)")
    parser.add_argument("--subjects", metavar="N", help="subjects per group")
    parser.add_argument("--seed", metavar="S", help="seed of the run")
    parser.add_argument("--jobs", default=None, metavar="N|auto",
                        help="processes (default auto: the usable cores, or $RAPHE_JOBS): subjects "
                             "sharing a circuit run their spiking windows N at a time; with [circuit] "
                             "individual = true, N subjects run at once; results do not depend on N")
    parser.add_argument("--quick", action="store_true",
                        help="a shortened version (one subject per group, quarter-size circuit, short "
                             "protocol): a first look in about a minute")
    parser.add_argument("--no-plot", action="store_true", help="do not draw the figure")
    parser.add_argument("--resume", action="store_true",
                        help="continue an interrupted run of the same config and seed")
    parser.add_argument("--cache-dir", metavar="DIR", help="cache directory (response surfaces)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


class _BarNotice(logging.Handler):
    """Shows the circuit build notices (INFO of ``raphe.circuits.standalone``) beside the progress bar."""

    def __init__(self, bar):
        super().__init__(logging.INFO)
        self.bar = bar

    def emit(self, record):
        message = record.getMessage()
        self.bar.set_postfix_str("" if message == "circuit ready" else message, refresh=True)


@contextlib.contextmanager
def _build_notices(bar):
    """While the block runs, circuit builds show beside ``bar`` (if there is one)."""
    if bar is None:
        yield
        return
    logger = logging.getLogger("raphe.circuits.standalone")
    handler, level = _BarNotice(bar), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def resolve_jobs(text):
    """``--jobs`` as given, else ``$RAPHE_JOBS``, else ``auto``; ``auto`` = the usable cores."""
    import os

    text = text if text is not None else (os.environ.get("RAPHE_JOBS") or "auto")
    if str(text).strip().lower() == "auto":
        try:
            return len(os.sched_getaffinity(0))
        except AttributeError:  # not on Linux
            return os.cpu_count() or 1
    return text


def run(args) -> int:
    from raphe.experiments.commands import imports_uncollected, whole_number

    with imports_uncollected():
        import raphe.api as api
        from raphe.io import store
        from raphe.experiments.runner import RunInterrupted, default_output

        subjects = whole_number(args.subjects, "--subjects", minimum=1)
        seed = whole_number(args.seed, "--seed")
        jobs = whole_number(resolve_jobs(args.jobs), "--jobs", minimum=1)
        overrides = list(args.overrides)
        if args.quick:
            from raphe.experiments.config import experiment_info, parse_toml, resolve
            from raphe.experiments.quick import quick_overrides

            name, text, source = resolve(args.experiment)
            overrides = quick_overrides(experiment_info(parse_toml(text, name)).protocol) + overrides
        cfg = api.configure(args.experiment, overrides=overrides, subjects=subjects, seed=seed)
    out = Path(args.out) if args.out else default_output(cfg.name, quick=args.quick)
    store.check_writable(out)
    total = cfg.protocol.work(cfg.validated)
    total = int(total) if float(total).is_integer() else total  # "0/12", not "0/12.0"
    bar = None
    if not args.quiet:
        from tqdm import tqdm

        bar = tqdm(total=total, desc=cfg.name, unit=getattr(cfg.protocol, "unit", "step"), file=sys.stderr,
                   dynamic_ncols=True)
    with _build_notices(bar):
        try:
            result = api.run(cfg, out=out, jobs=jobs, resume=args.resume,
                             progress=(bar.update if bar else None), cache_dir=args.cache_dir)
        except RunInterrupted as err:
            print(f"raphe run: {err}", file=sys.stderr)
            return 130
        finally:
            if bar:
                bar.close()
    print(f"results: {result.path}" + (f" ({result.n_resumed} subject(s) resumed)" if result.n_resumed else ""))
    if not args.no_plot:
        print(f"figure:  {result.plot()}")
    return 0
