"""Where a compiled circuit's compile time goes: per-file compile CPU time at several -O levels,
and the binary's run time at each level (so a cheaper flag is only taken if runs do not suffer).

Works on a copy of a compiled cpp_standalone project (a directory with ``makefile`` and
``code_objects/``, e.g. ``$RAPHE_CACHE/standalone/<key>-<names>``). Files are compiled one
after the other on one core; the CPU time of each compiler process is read from
``getrusage(RUSAGE_CHILDREN)``.

    python benchmarks/bench_compile.py $RAPHE_CACHE/standalone/<project> --levels O3 O2 O1 --runs 2
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import tempfile
import time


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(cmd, cwd) -> tuple[float, float]:
    t0, c0 = time.perf_counter(), _cpu()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, shell=isinstance(cmd, str))
    return time.perf_counter() - t0, _cpu() - c0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project")
    parser.add_argument("--levels", nargs="+", default=["O3", "O2", "O1"], help="optimisation levels without the dash")
    parser.add_argument("--runs", type=int, default=1, help="runs of the binary per level")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = {}
        for level in args.levels:
            work = os.path.join(tmp, level)
            shutil.copytree(args.project, work, ignore=shutil.ignore_patterns("results*", "*.o", "main"))
            os.makedirs(os.path.join(work, "results"), exist_ok=True)
            makefile = open(os.path.join(work, "makefile")).read()
            flags = re.search(r"^OPTIMISATIONS = (.*)$", makefile, re.M).group(1).replace("-O3", f"-{level}")
            with open(os.path.join(work, "makefile"), "w") as handle:
                handle.write(makefile.replace("-O3", f"-{level}"))
            sources = sorted(re.search(r"^SRCS = (.*)$", makefile, re.M).group(1).split())
            per_file = {}
            for src in sources:
                cmd = f"g++ -c -Wno-write-strings {flags} -I. {src} -o {src[:-4]}.o"
                per_file[src] = _timed(cmd, work)[1]
            link = _timed("make", work)[1]  # objects are current: this links
            runs = [_timed("./main", work)[1] for _ in range(args.runs)]
            rows[level] = (per_file, link, runs)
            print(f"{level}: {len(sources)} files, compile CPU {sum(per_file.values()):.1f} s, link {link:.1f} s, "
                  f"run CPU {min(runs):.2f} s (min of {len(runs)}), load {os.getloadavg()[0]:.1f}", flush=True)
        first = args.levels[0]
        top = sorted(rows[first][0].items(), key=lambda kv: -kv[1])[:12]
        print("| file | " + " | ".join(f"{level} CPU (s)" for level in args.levels) + " |")
        print("|---|" + "---|" * len(args.levels))
        for src, _ in top:
            print(f"| {src} | " + " | ".join(f"{rows[level][0][src]:.2f}" for level in args.levels) + " |")
        for level in args.levels:
            per_file, link, runs = rows[level]
            groups = {}
            for src, cpu in per_file.items():
                kind = ("synapse creation" if "synapses_create" in src else "synapse pre/push" if
                        ("_pre_" in src or "push_spikes" in src) else "code objects" if "code_objects" in src
                        else "main, objects, brianlib")
                groups[kind] = groups.get(kind, 0.0) + cpu
            print(level, {k: round(v, 1) for k, v in sorted(groups.items())})


if __name__ == "__main__":
    main()
