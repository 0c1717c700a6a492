"""The documentation's generated pages follow the code: change a parameter and the page changes.

The whole site is built by CI (``sphinx-build -W``, which also runs the gallery scripts and the
tutorial notebook); these tests check the generators and one page built by Sphinx itself.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import brian2
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import raphe_docs  # noqa: E402


def changed_pool(monkeypatch):
    """The default circuit with PFC basal 5-HT set to 0.95 nM from a made-up source."""
    from raphe.circuits import circuit as circuit_mod
    from raphe.circuits.spec import P

    pools = list(circuit_mod.POOLS)
    k = next(i for i, p in enumerate(pools) if p.name == "PFC.5-HT")
    assert pools[k].basal.value != 0.95 * brian2.nM
    pools[k] = dataclasses.replace(pools[k], basal=P(0.95 * brian2.nM, "Testsource 2099 J Docs 1:1", "R2"))
    monkeypatch.setattr(circuit_mod, "POOLS", tuple(pools))


def test_generated_tables_follow_a_changed_parameter(monkeypatch):
    shipped = raphe_docs.pools_rst()
    assert "0.95 nM" not in shipped and "Testsource 2099" not in shipped
    changed_pool(monkeypatch)
    text = raphe_docs.pools_rst()
    pfc = text[text.index("PFC.5-HT"):text.index("NAc.5-HT")]
    assert "0.95 nM" in pfc and "Testsource 2099 J Docs 1:1" in pfc and "[R2]" in pfc


def test_built_page_changes_with_a_parameter(tmp_path, monkeypatch):
    """Sphinx builds a page with the directive before and after the change."""
    from sphinx.application import Sphinx

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(f"import sys\nsys.path.insert(0, {str(ROOT / 'docs' / '_ext')!r})\n"
                                 "extensions = ['raphe_docs']\n")
    (src / "index.rst").write_text("Pools\n=====\n\n.. raphe-model:: pools\n")

    def build(out: Path) -> str:
        app = Sphinx(str(src), str(src), str(out), str(tmp_path / f"doctrees-{out.name}"), "html",
                     status=None, warning=None, freshenv=True, warningiserror=True)
        app.build()
        return (out / "index.html").read_text(encoding="utf-8")

    before = build(tmp_path / "before")
    assert "0.83 nM" in before and "0.95 nM" not in before  # the shipped PFC basal 5-HT
    changed_pool(monkeypatch)
    after = build(tmp_path / "after")
    assert "0.95 nM" in after and "Testsource 2099" in after


def test_every_registered_component_is_on_its_page():
    from raphe.circuits.pharmacology import DRUGS
    from raphe.circuits.populations import load_all
    from raphe.circuits.receptors import RECEPTORS

    populations, receptors, drugs = (raphe_docs.populations_rst(), raphe_docs.receptors_rst(),
                                     raphe_docs.drugs_rst())
    assert all(f"{name} (" in populations for name in load_all().names())
    assert all(f"``{name}``" in receptors for name in RECEPTORS.names())
    assert all(f"``{name}``" in drugs for name in DRUGS.names())
    eqs = raphe_docs.equations_rst()
    assert "dv/dt" in eqs and "I_receptors" in eqs and "dC/dt" in eqs


def test_install_page_shows_the_readme_commands():
    blocks = raphe_docs.readme_blocks("Set-up")
    assert blocks == ["python3 -m pip install -e . && raphe run acute-microdialysis",
                      "python3 -m pip install -e '.[test]' && python3 -m pytest -m \"not slow\""]


def test_validation_page_uses_the_file_or_says_it_is_missing(tmp_path):
    text, found = raphe_docs.markdown_or_note(tmp_path / "VALIDATION.md", "not generated yet")
    assert (text, found) == ("not generated yet", False)
    (tmp_path / "VALIDATION.md").write_text("| target | result |\n|---|---|\n")
    text, found = raphe_docs.markdown_or_note(tmp_path / "VALIDATION.md", "not generated yet")
    assert found and text.startswith("| target")


def test_ci_builds_the_docs_as_the_readme_says():
    block = next(b for b in raphe_docs.readme_blocks("Tests and benchmarks") if "sphinx" in b)
    install, build = (part.strip() for part in block.split("&&"))
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    line = next(x for x in ci.splitlines() if "sphinx" in x)
    assert line.startswith(install) and line.endswith(build)


def test_gallery_index_says_whether_the_scripts_ran():
    """Built with RAPHE_DOCS_GALLERY=0 the index must not claim the scripts were run."""
    import raphe_gallery

    ran, code_only = raphe_gallery.header_rst(True), raphe_gallery.header_rst(False)
    assert "run with ``--quick``" in ran and "when these pages were built" in ran
    assert "were run" not in code_only and "run with ``--quick``" not in code_only
    assert "without running them" in code_only and "RAPHE_DOCS_GALLERY=0" in code_only
    for text in (ran, code_only):
        assert text.startswith("Gallery of experiments\n======================\n")
