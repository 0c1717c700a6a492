"""``raphe sweep CONFIG --grid KEY=V1,V2,...``: parameter sweeps on local workers or Dask."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "sweep"
HELP = "run a parameter sweep (e.g. a dose-response) on local worker processes or a Dask cluster"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("experiment", metavar="NAME_OR_CONFIG",
                        help="built-in experiment (e.g. dose-response) or a .toml file")
    parser.add_argument("--grid", metavar="KEY=V1,V2,...", action="append", default=[],
                        help="sweep a config key over values, e.g. "
                             "--grid 'group.0.doses.0.amount=1 mg/kg,10 mg/kg' (repeatable; "
                             "the product of all keys unless --zip)")
    parser.add_argument("--zip", action="store_true", default=None,
                        help="pair the i-th values of every --grid key instead of the product")
    parser.add_argument("--set", dest="overrides", metavar="KEY=VALUE", action="append", default=[],
                        help="override a config value of every point (repeatable)")
    parser.add_argument("--out", metavar="PATH", help="results file (default results/<name>.h5)")
    parser.add_argument("--subjects", metavar="N", help="subjects per group")
    parser.add_argument("--seed", metavar="S", help="seed of the run")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--jobs", metavar="N",
                       help="local worker processes (default: all cores)")
    where.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                       help="run on an existing Dask cluster (dask-jobqueue for SLURM/PBS)")
    where.add_argument("--dask-local", metavar="N",
                       help="start a Dask LocalCluster of N workers on 127.0.0.1")
    parser.add_argument("--resume", action="store_true",
                        help="continue an interrupted or failed sweep of the same config and seed")
    parser.add_argument("--no-plot", action="store_true", help="do not draw the figure")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def run(args) -> int:
    from raphe.io import store
    from raphe.experiments.executors import make_executor
    from raphe.experiments.runner import RunInterrupted, default_output
    from raphe.experiments.sweep import load_sweep, run_sweep

    from raphe.experiments.commands import whole_number

    sw = load_sweep(args.experiment, grid=args.grid, zip_=args.zip, overrides=args.overrides,
                    subjects=whole_number(args.subjects, "--subjects", minimum=1),
                    seed=whole_number(args.seed, "--seed"))
    out = Path(args.out) if args.out else default_output(sw.name)
    store.check_writable(out)
    executor = make_executor(jobs=whole_number(args.jobs, "--jobs", minimum=1), scheduler=args.scheduler,
                             dask_local=whole_number(args.dask_local, "--dask-local", minimum=1))
    print(f"sweep {sw.name}: {len(sw.points)} point(s) x subjects = {sw.n_tasks} task(s) on "
          f"{executor.name}", file=sys.stderr)
    bar = None
    if not args.quiet:
        from tqdm import tqdm

        bar = tqdm(total=sw.n_tasks, desc=sw.name, unit="task", file=sys.stderr, dynamic_ncols=True)
    try:
        result = run_sweep(sw, out, executor=executor, resume=args.resume,
                           progress=(bar.update if bar else None))
    except RunInterrupted as err:
        print(f"raphe sweep: {err}", file=sys.stderr)
        return 130
    finally:
        if bar:
            bar.close()
        executor.close()
    print(f"results: {result.path} ({result.n_tasks} task(s), {result.n_resumed} resumed, "
          f"{result.n_retried} retried; {result.seconds:.1f} s on {result.executor})")
    if not args.no_plot:
        from raphe.analysis.sweep import plot

        png = out.with_suffix(".png")
        plot(str(result.path), str(png))
        print(f"figure:  {png}")
    return 0
