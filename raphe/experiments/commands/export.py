"""``raphe export RESULTS.h5 --nwb [OUT.nwb]``: a results file in a format the field's tools read.

NWB holds one subject per file: with one subject exported the file is ``OUT.nwb``
itself, with several they are ``OUT-<subject>.nwb`` next to it (default ``OUT``: the
results file with ``.nwb``); the command prints every path it wrote. Needs the
optional extra ``nwb`` (pynwb).
"""

from __future__ import annotations

import argparse

NAME = "export"
HELP = "export a results file to NWB, one file per subject (needs the nwb extra: pynwb)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="RESULTS", help="results file (.h5) of a microdialysis, "
                        "electrophysiology or chronic run")
    parser.add_argument("--nwb", metavar="OUT.nwb", nargs="?", const="", default=None,
                        help="write NWB: one file per subject (NWB holds one subject per file), "
                             "OUT-<subject>.nwb, or OUT.nwb itself when one subject is exported "
                             "(default OUT: RESULTS with .nwb)")
    parser.add_argument("--subject", metavar="ID", action="append",
                        help="export only this subject (repeat for several)")
    parser.add_argument("--age", metavar="ISO8601", help="age of the animals, e.g. P9W "
                        "(default: adult, P6W/ = 6 weeks or older for the rat; the model has no age)")
    parser.add_argument("--sex", metavar="M|F|U|O", default="U",
                        help="sex of the animals (default U, unknown: the model has no sex)")
    parser.add_argument("--experimenter", metavar="NAME", action="append",
                        help="who ran the simulation, e.g. 'Doe, Jane' (repeat for several)")
    parser.add_argument("--institution", metavar="NAME", help="where the simulation was run")


def run(args) -> int:
    from raphe.errors import RapheInputError

    if args.nwb is None:
        raise RapheInputError("format", "none given", "--nwb [OUT.nwb] (NWB files, one per subject)")
    from pathlib import Path

    from raphe.io.nwb import check_output, export

    out = check_output(args.nwb or Path(args.file).with_suffix(".nwb"), "--nwb")
    paths = export(args.file, out, subjects=args.subject, age=args.age, sex=args.sex,
                   experimenter=args.experimenter, institution=args.institution)
    print(f"NWB: {len(paths)} file(s), one per subject:")
    for p in paths:
        print(f"  {p}")
    return 0
