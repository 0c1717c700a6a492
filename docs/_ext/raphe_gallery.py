"""Hooks of the sphinx-gallery build (named by string in ``conf.py`` so the config pickles)."""

import shutil
from pathlib import Path


def quick_argv(gallery_conf, script_vars):
    """Every gallery script runs at quick settings, with the arguments the test suite uses.

    ``tests/test_scripts.py`` and ``tests/test_cli_run_engine.py`` run each script with
    ``--quick --seed 7``; the same arguments here let a docs build after the tests reuse
    their compiled circuits and response surfaces (``RAPHE_CACHE``) instead of building new
    ones (a cold gallery otherwise costs ~20 min on 2 cores).
    """
    return ["--quick", "--seed", "7", "--jobs", "1"]


def header_rst(ran: bool) -> str:
    """The gallery index's header: it says the scripts ran only when this build ran them."""
    if ran:
        how = ("The scripts of the top-level ``experiments/`` folder, run with ``--quick`` (small circuit, "
               "few subjects, short protocols) when these pages were built: their output and figures "
               "are shown below each script.")
    else:
        how = ("The scripts of the top-level ``experiments/`` folder, shown as code only: these pages were "
               "built without running them (``RAPHE_DOCS_GALLERY=0``), so no output or figure is shown.")
    return ("Gallery of experiments\n======================\n\n" + how + " Run one yourself with "
            "``python experiments/NAME.py`` (full size) or ``--quick``; copy and edit it for your own "
            "study.\n")


def png_stamps(folder: Path) -> dict:
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*.png")}


_BUILTIN: list = []


def _registries():
    from raphe.circuits.pharmacology import DRUGS
    from raphe.circuits.populations import load_all as load_populations
    from raphe.circuits.receptors import RECEPTORS
    from raphe.circuits.regions import REGIONS
    from raphe.experiments.protocols import load_all as load_protocols

    return (DRUGS, RECEPTORS, REGIONS, load_populations(), load_protocols())


def reset(gallery_conf, fname):
    """Before each script: undo the previous script's registrations (a new drug, receptor or
    protocol defined in a script stays in that script), forget matplotlib state, note the PNG
    files already there."""
    import matplotlib.pyplot as plt

    registries = _registries()
    if not _BUILTIN:  # the first script: raphe as installed (kept here: the config must pickle)
        _BUILTIN.extend(r.snapshot() for r in registries)
    for registry, state in zip(registries, _BUILTIN):
        registry.restore(state)
    plt.close("all")
    gallery_conf["_raphe_png_seen"] = png_stamps(Path(gallery_conf["examples_dirs"]))


def png_files_scraper(block, block_vars, gallery_conf):
    """Figures a script saved to disk (``Results.plot()``-style) during a block, in the gallery."""
    from sphinx_gallery.scrapers import figure_rst

    seen = gallery_conf.setdefault("_raphe_png_seen", {})
    now = png_stamps(Path(block_vars["src_file"]).parent)
    new = sorted(p for p, stamp in now.items() if seen.get(p) != stamp)
    seen.update(now)
    paths = []
    for png, image_path in zip(new, block_vars["image_path_iterator"]):
        shutil.copyfile(png, image_path)
        paths.append(image_path)
    return figure_rst(paths, gallery_conf["src_dir"])
