"""``raphe plot FILE [--out PNG]``: draw the figure of a results file."""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "plot"
HELP = "draw the figure of a results file"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="results file (.h5)")
    parser.add_argument("--out", metavar="PNG", help="figure path (default: FILE with .png)")


def draw(file, out=None) -> Path:
    """Draw the figure of results ``file`` to ``out`` (default: ``file`` with ``.png``)."""
    import os

    from raphe.io.read import open_results
    from raphe.errors import RapheInputError, WriteError
    from raphe.experiments.protocols import get_protocol

    with open_results(file) as h5:
        protocol = str(h5.attrs["protocol"])
    out = Path(out) if out else Path(file).with_suffix(".png")
    if out.suffix.lower() != ".png":
        raise RapheInputError("--out", str(out), "a path ending in .png")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise RapheInputError("--out", str(out), f"a writable location ({err.strerror})") from None
    tmp = out.with_name(f".{out.stem}.partial.png")  # a cut figure never takes the figure's name
    try:
        if protocol == "sweep":
            from raphe.analysis.sweep import plot as plot_sweep

            plot_sweep(str(file), str(tmp))
        else:
            get_protocol(protocol).plot(str(file), str(tmp))
        os.replace(tmp, out)
    except OSError as err:
        raise WriteError(out, err, f"the results file {file} is complete (draw the figure later: "
                                   f"raphe plot {file})") from err
    finally:
        tmp.unlink(missing_ok=True)
    return out


def run(args) -> int:
    out = draw(args.file, args.out)
    print(f"figure: {out}")
    return 0
