"""``raphe validate``: run the validation suite and report it.

Runs the published results that no parameter was fitted to
(:mod:`raphe.validation`), prints one table (target, source, published value and
tolerance, model value, result), writes ``results/validation.h5`` and
``results/validation.png`` (model vs published, one panel per family) and
regenerates ``VALIDATION.md`` at the repository root (or ``--markdown PATH``).

Exit code 0 when every target passes or misses as declared; 1 when a target
misses unexpectedly, passes although declared an expected miss, or fails to
run; 2 for bad arguments.
"""

from __future__ import annotations

import sys
from pathlib import Path

NAME = "validate"
HELP = "run the validation suite (published results not used for fitting) and write VALIDATION.md"


def add_arguments(parser) -> None:
    parser.add_argument("--quick", action="store_true",
                        help="cheaper variants (fewer subjects, a coarser chronic clock; < 5 min "
                             "on 2 cores from an empty cache)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="run only this target or family (repeatable)")
    parser.add_argument("--list", action="store_true", help="list the targets and exit")
    parser.add_argument("--out", default="results/validation.h5", metavar="PATH",
                        help="results file (default results/validation.h5; the figure next to it)")
    parser.add_argument("--markdown", default=None, metavar="PATH",
                        help="where to write VALIDATION.md (default: the repository root, or "
                             "./VALIDATION.md outside a checkout; 'none' to skip)")
    parser.add_argument("--jobs", default=None, metavar="N|auto",
                        help="processes for spiking windows (default: $RAPHE_JOBS, else auto = "
                             "every usable core)")
    parser.add_argument("--cache-dir", metavar="DIR", help="cache directory (response surfaces)")
    parser.add_argument("--quiet", action="store_true", help="no per-target progress lines")


def _repo_root() -> Path | None:
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").exists() and (parent / "raphe").is_dir():
            return parent
    return None


def _list() -> int:
    from raphe.validation import TARGETS
    from raphe.validation.report import short_source

    for name in TARGETS.names():
        t = TARGETS.get(name)
        flag = " (expected miss)" if t.expected_failure else ""
        print(f"{name:45s} {t.family:18s} {short_source(t.source)}{flag}")
    return 0


def run(args) -> int:
    from raphe.experiments.commands import whole_number
    from raphe.experiments.commands.run import resolve_jobs

    jobs = whole_number(resolve_jobs(args.jobs), "--jobs", minimum=1)
    if args.list:
        return _list()
    from raphe.io import store
    from raphe.validation import format_table, run_suite, write_figure, write_h5, write_markdown
    from raphe.validation.potency import format_occupancy, occupancy_table
    from raphe.validation.suite import select

    select(args.only)  # unknown names: one-line error before anything runs
    out = store.check_writable(Path(args.out))
    if args.markdown is None:
        root = _repo_root()
        md = (root or Path.cwd()) / "VALIDATION.md"
    else:
        md = None if args.markdown.lower() == "none" else Path(args.markdown)

    def progress(r):
        if not args.quiet:
            print(f"  {r.target.name}: {r.status} (model {r.value:.4g} {r.target.unit}, "
                  f"{r.seconds:.0f} s)", file=sys.stderr, flush=True)

    result = run_suite(only=args.only, quick=args.quick, workdir=out.parent / "validation",
                       jobs=jobs, cache_dir=args.cache_dir, progress=progress)
    print(format_table(result))
    write_h5(result, out)
    png = write_figure(result, out.with_suffix(".png"))
    print(f"results: {out}\nfigure:  {png}")
    if md is not None:
        occupancy = format_occupancy(*occupancy_table(), markdown=True)
        command = "raphe validate" + (" --quick" if args.quick else "") + "".join(
            f" --only {o}" for o in args.only)
        write_markdown(result, md, occupancy, command=command)
        print(f"report:  {md}")
    return 0 if result.ok else 1
