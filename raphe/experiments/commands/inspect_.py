"""``raphe inspect FILE``: what is in a results file, and is it complete and valid."""

from __future__ import annotations

import argparse

NAME = "inspect"
HELP = "describe a results file and check that it is complete and valid"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="results file (.h5)")
    parser.add_argument("--config", action="store_true", help="print the config the run used")
    parser.add_argument("--tree", action="store_true", help="list every group and dataset")


def run(args) -> int:
    from raphe.io.read import describe

    info = describe(args.file, tree=args.tree)
    print(info.text)
    if args.config:
        print("\n# config (effective, after overrides)\n" + info.config)
    return 0 if info.valid else 1
