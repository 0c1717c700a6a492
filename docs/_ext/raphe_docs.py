"""Sphinx extension: pages generated from raphe's own specs, registries and files.

Directives
----------
``.. raphe-model:: KIND``
    Tables and equations of the model, read from the code when the docs are
    built: ``populations``, ``receptors``, ``pools``, ``projections``,
    ``equations``, ``drugs``, ``inputs``, ``engine``. Change a parameter in the
    code and the page changes with it.
``.. raphe-readme-block:: HEADING``
    The command blocks of a README section (the set-up commands stay the
    README's own).
``.. raphe-markdown:: PATH``
    A Markdown file of the repository rendered in place (``VALIDATION.md``), or
    a note that it has not been generated yet.

The ``*_rst`` functions return reStructuredText and are what the tests call.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------- formatting


def fmt_value(value) -> str:
    """A Brian2 quantity or number as text (``100. pF`` -> ``100 pF``)."""
    import brian2

    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None or value == "":
        return "(none)"
    if isinstance(value, brian2.Quantity) and not brian2.get_dimensions(value).is_dimensionless:
        text = str(value)
    elif isinstance(value, (int, float)):
        text = f"{float(value):g}"
    else:
        text = str(value)
    return re.sub(r"(\d)\.(?=\s|$)", r"\1", text).replace("*", "")


def fmt_mark(mark: str) -> str:
    """``"R"`` or ``"[R]"`` -> ``[R]``."""
    mark = str(mark).strip("[]")
    return f"[{mark}]"


def _cell(text) -> str:
    return " ".join(str(text).split()).replace("|", "/")


def list_table(header: list[str], rows: list[list[str]], widths: list[int] | None = None) -> str:
    """A ``list-table`` directive."""
    lines = [".. list-table::", "   :header-rows: 1"]
    if widths:
        lines.append("   :widths: " + " ".join(map(str, widths)))
    lines.append("")
    for row in [header] + rows:
        lines.append("   * - " + (_cell(row[0]) or " "))
        lines += ["     - " + (_cell(c) or " ") for c in row[1:]]
    return "\n".join(lines) + "\n"


def code_block(text: str, language: str = "text") -> str:
    body = "\n".join("   " + line if line.strip() else "" for line in text.strip("\n").splitlines())
    return f".. code-block:: {language}\n\n{body}\n"


def heading(text: str, char: str) -> str:
    return f"{text}\n{char * len(text)}\n"


def _param_row(name: str, p) -> list[str]:
    return [f"``{name}``", fmt_value(p.value), fmt_mark(p.mark), p.source]


def _param_fields(obj) -> list[tuple[str, object]]:
    """The :class:`~raphe.circuits.spec.Param` fields of a spec, in declaration order."""
    from raphe.circuits.spec import Param

    return [(f.name, getattr(obj, f.name)) for f in dataclasses.fields(obj)
            if isinstance(getattr(obj, f.name), Param)]


def _circuit():
    from raphe.circuits import default_circuit

    return default_circuit()


# ---------------------------------------------------------------- model pages


def populations_rst(circuit=None) -> str:
    """One section per population of the default circuit: parameters, receptors, sources."""
    circuit = circuit or _circuit()
    out = []
    for pop in circuit.populations:
        out.append(heading(f"{pop.name} ({pop.region})", "~"))
        out.append(f"{pop.description[:1].upper() + pop.description[1:]}. {pop.size} neurons at scale 1; "
                   f"releases {pop.transmitter or 'no monoamine'}; documented baseline "
                   f"{fmt_value(pop.baseline_rate[0])}-{fmt_value(pop.baseline_rate[1])} "
                   f"({pop.baseline_source}).\n")
        rows = [_param_row(k, p) for k, p in pop.params.items()]
        rows += [_param_row("background_rate", pop.background_rate),
                 _param_row("background_weight", pop.background_weight)]
        rows += [[f"``gmax`` {s.receptor}", fmt_value(s.gmax.value), fmt_mark(s.gmax.mark), s.gmax.source]
                 for s in pop.receptors]
        out.append(list_table(["parameter", "value", "mark", "source"], rows, [18, 14, 6, 62]))
        if pop.heterogeneity:
            out.append("Per-neuron variability (CV, Gaussian truncated at 3 SD): "
                       + ", ".join(f"``{k}`` {v:g}" for k, v in pop.heterogeneity.items()) + ".\n")
    return "\n".join(out)


def receptors_rst() -> str:
    """The receptor registry: types, transmitters, affinities, reversal potentials."""
    from raphe.circuits.receptors import RECEPTORS

    circuit = _circuit()
    where = {}
    for pop in circuit.populations:
        for s in pop.receptors:
            where.setdefault(s.receptor, []).append(pop.name)
    for pool in circuit.pools:
        if pool.autoreceptor is not None:
            where.setdefault(pool.autoreceptor.receptor, []).append(f"{pool.name} release")
    rows = []
    for name, rec in RECEPTORS.items():
        effect = (f"{fmt_value(rec.reversal.value)} {fmt_mark(rec.reversal.mark)}"
                  if rec.reversal is not None else "release per spike")
        rows.append([f"``{name}``", rec.receptor_type, rec.transmitter,
                     f"{fmt_value(rec.k_endogenous.value)} {fmt_mark(rec.k_endogenous.mark)}",
                     f"{fmt_value(rec.tau.value)} {fmt_mark(rec.tau.mark)}", effect,
                     ", ".join(where.get(name, [])) or "(none)",
                     f"{rec.description}; K: {rec.k_endogenous.source}; tau: {rec.tau.source}"])
    return list_table(["site", "type", "transmitter", "K (endogenous)", "transducer ratio tau",
                       "reversal / effect", "expressed by", "description and source"], rows,
                      [14, 7, 7, 10, 8, 10, 12, 32])


def pools_rst(circuit=None) -> str:
    """Transmitter pools: every parameter with its source and mark."""
    circuit = circuit or _circuit()
    out = []
    for pool in circuit.pools:
        out.append(heading(f"{pool.name}", "~"))
        out.append(f"Released by ``{pool.releasing_population}``, cleared by {pool.transporter}.\n")
        out.append(list_table(["parameter", "value", "mark", "source"],
                              [_param_row(k, p) for k, p in _param_fields(pool)], [16, 14, 6, 64]))
    return "\n".join(out)


def projections_rst(circuit=None) -> str:
    circuit = circuit or _circuit()
    rows = [[f"{p.source} -> {p.target}", p.kind, str(p.indegree),
             f"{fmt_value(p.weight.value)} {fmt_mark(p.weight.mark)}",
             f"{fmt_value(p.delay.value)} {fmt_mark(p.delay.mark)}", p.weight.source]
            for p in circuit.projections]
    return list_table(["projection", "kind", "in-degree", "weight", "delay", "source"], rows,
                      [20, 6, 8, 12, 10, 44])


def _latex(eqs) -> str:
    """Brian2's LaTeX of equations as ``math`` directive lines (units and flags left out)."""
    text = eqs._repr_latex_().strip()
    text = text.replace(r"\begin{align*}", "").replace(r"\end{align*}", "")
    lines = [line.split("&&")[0].strip() for line in text.split(r"\\") if line.strip()]
    # Brian2 leaves a subexpression's name as typed: I_receptors -> I_{receptors}
    lines = [re.sub(r"^(\w)_(\w+)(?=\s*&=)", r"\1_{\2}", line) for line in lines]
    return " \\\\\n".join(lines)


def equations_rst(circuit=None) -> str:
    """The equations the builder runs, from its own code (Brian2 syntax and LaTeX)."""
    import brian2

    from raphe.circuits import builder
    from raphe.circuits.populations import base

    circuit = circuit or _circuit()
    eqs = builder.circuit_equations(circuit)
    dynamic = [eqs[n] for n in sorted(eqs.diff_eq_names, key=lambda n: (n != "v", n))]
    dynamic += [eqs[n] for n in sorted(eqs.subexpr_names)]
    groups: dict[str, list[str]] = {}
    for n in sorted(eqs.parameter_names, key=str.lower):
        q = eqs[n]
        unit = str(q.unit)
        kind = {"constant": "per neuron, constant", "shared": "one value per group (fast inputs, "
                "sensitivities)", "linked": "linked to the region's pool"}.get(
                    next(iter(sorted(q.flags)), ""), "per neuron, written during a run (receptor update) "
                    "or between windows")
        groups.setdefault(kind, []).append(f"``{n}`` ({unit})" if unit not in ("1", "rad") else f"``{n}``")
    rows = [[kind, ", ".join(names)] for kind, names in groups.items()]
    parts = [
        heading("Membrane and receptor currents", "~"),
        "Every population shares a conductance-based integrate-and-fire membrane with a "
        "spike-triggered AHP conductance (:data:`raphe.circuits.populations.base.MEMBRANE`); "
        "receptor sites add ``I_receptors`` (:func:`raphe.circuits.builder.circuit_equations`):\n",
        code_block("\n".join(str(q) for q in dynamic), "text"),
        ".. math::\n\n" + "\n".join("   " + x for x in _latex(brian2.Equations(dynamic)).splitlines()) + "\n",
        f"Threshold ``{builder.THRESHOLD}``; reset ``{builder.RESET}``. Shared constants: "
        + ", ".join(f"``{k}`` = {fmt_value(v)}" for k, v in base.SHARED.items()) + ".\n",
        "Per-neuron variables and parameters (values in the population tables below):\n",
        list_table(["kind", "variables (unit)"], rows, [24, 76]),
        heading("Receptor activation", "~"),
        f"Updated every {fmt_value(builder.RECEPTOR_DT)} "
        "(:func:`raphe.circuits.builder.receptor_update_code`); ``C_*`` are the region's pool "
        "concentrations, ``K_*`` the sites' affinities for the endogenous transmitter, "
        "``agonist_*`` and ``competitor_*`` the drug-agnostic fast inputs and ``sens_*`` the "
        "sensitivities:\n",
        code_block(builder.receptor_update_code(circuit).replace(")/(", ")\n    / (")
                   .replace(" + gmax", "\n    + gmax"), "text"),
        heading("Transmitter pools", "~"),
        ":data:`raphe.circuits.builder.POOL_EQUATIONS`, with ``inhib`` = occupancy/(1 - occupancy) "
        "of the transporter and ``tonic`` the impulse-independent release; each spike of a "
        "releasing neuron adds ``q`` (``RELEASE_ON_PRE``):\n",
        code_block(builder.POOL_EQUATIONS.strip() + "\n\non spike: " + builder.RELEASE_ON_PRE, "text"),
    ]
    return "\n".join(parts)


def drugs_rst() -> str:
    """The drug library: affinities per target and PK parameters per species, with marks."""
    import brian2

    from raphe.circuits.pharmacology import DRUGS, TARGETS

    targets = [t for t in TARGETS if any(t in d.affinities for _, d in DRUGS.items())]
    rows = []
    for name, drug in DRUGS.items():
        row = [f"``{name}``"]
        for t in targets:
            a = drug.affinities.get(t)
            cell = f"{float(a.ki / brian2.nM):g} {fmt_mark(a.mark)}" if a else ""
            eff = (getattr(drug, "efficacy", None) or {}).get(t) if a else None
            if eff is not None and hasattr(eff, "value"):
                cell += f"; e {eff.value:g} {fmt_mark(eff.mark)}"
            row.append(cell)
        rows.append(row)
    out = [heading("Affinities (Ki, nM) and intrinsic efficacy", "~"),
           "Ki per target with its mark; at receptor targets ``e`` is the ligand's intrinsic "
           "efficacy (1 full agonist, 0 silent antagonist). Empty: not a ligand.\n",
           list_table(["drug"] + targets, rows)]
    out.append(heading("Pharmacokinetics", "~"))
    from raphe.circuits.pharmacology.model import L_per_h_per_kg, L_per_kg, minute, per_hour

    # the units pharmacologists state these in
    shown = {"clearance": (L_per_h_per_kg, "L/h/kg"), "volume": (L_per_kg, "L/kg"),
             "brain_half_time": (minute, "min")}

    def pk_value(key, value):
        if key in shown and isinstance(value, brian2.Quantity):
            unit, name = shown[key]
            return f"{float(value / unit):g} {name}"
        return fmt_value(value)

    keys = ("clearance", "volume", "fu", "kp_uu", "brain_half_time")
    for name, drug in DRUGS.items():
        for species, pk in drug.pk.items():
            rows = []
            for k in keys:
                src = pk.sources.get(k)
                rows.append([f"``{k}``", pk_value(k, getattr(pk, k)), fmt_mark(src.mark) if src else "",
                             src.source if src else ""])
            for i, per in enumerate(pk.peripherals):
                src = pk.sources.get("peripherals")
                rows.append([f"peripheral {i + 1}", f"V {float(per.volume / L_per_kg):g} L/kg, "
                             f"Q {float(per.flow / L_per_h_per_kg):g} L/h/kg",
                             fmt_mark(src.mark) if src else "", src.source if src else ""])
            for route, ab in pk.routes.items():
                src = pk.sources.get(f"routes.{route}")
                rows.append([f"route ``{route}``", f"F {ab.bioavailability:g}"
                             + (f", ka {float(ab.ka / per_hour):g}/h" if ab.ka is not None else "")
                             + (f", lag {float(ab.lag / minute):g} min" if float(ab.lag / minute) > 0 else ""),
                             fmt_mark(src.mark) if src else "", src.source if src else ""])
            for met, frac in pk.formation.items():
                src = pk.sources.get(f"formation.{met}")
                rows.append([f"forms ``{met}``", f"{frac:g}", fmt_mark(src.mark) if src else "",
                             src.source if src else ""])
            out.append(heading(f"{name}, {species}", "^"))
            out.append(list_table(["parameter", "value", "mark", "source"], rows, [16, 16, 6, 62]))
    return "\n".join(out)


def inputs_rst() -> str:
    """The fast inputs of the circuit (drug-agnostic), from :data:`raphe.circuits.inputs.FAST_INPUTS`."""
    from raphe.circuits.inputs import FAST_INPUTS

    rows = [[f"``{name}``", f"{x.minimum:g} - {x.maximum:g}", f"{x.default:g}", x.description]
            for name, x in FAST_INPUTS.items()]
    return list_table(["fast input", "range", "default", "meaning"], rows, [30, 10, 8, 52])


def engine_rst() -> str:
    """Engine settings and their defaults, from :class:`raphe.experiments.engine.EngineSettings`."""
    from raphe.experiments.engine import EngineSettings

    doc = EngineSettings.__doc__ or ""
    described = dict(re.findall(r"^\s{4}(\w+) : [^\n]*\n((?:\s{8}[^\n]*\n?)+)", doc, re.M))
    s = EngineSettings()
    rows = [[f"``{f.name}``", fmt_value(getattr(s, f.name)), " ".join(described.get(f.name, "").split())]
            for f in dataclasses.fields(s)]
    return list_table(["setting (``[engine]``)", "default", "meaning"], rows, [18, 14, 68])


GENERATORS = {
    "populations": populations_rst, "receptors": receptors_rst, "pools": pools_rst,
    "projections": projections_rst, "equations": equations_rst, "drugs": drugs_rst,
    "inputs": inputs_rst, "engine": engine_rst,
}


# ---------------------------------------------------------------- files of the repository


def readme_blocks(section: str, path: Path | None = None) -> list[str]:
    """The fenced code blocks of a README section (``## <section>...``)."""
    text = (path or ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(rf"^## {re.escape(section)}.*?$(.*?)(?=^## |\Z)", text, re.M | re.S)
    if not m:
        raise ValueError(f"README.md has no section starting '## {section}'")
    return [b.strip("\n") for b in re.findall(r"^```[a-z]*\n(.*?)^```", m.group(1), re.M | re.S)]


def markdown_or_note(path: Path, note: str) -> tuple[str, bool]:
    """(text, found): the file's Markdown, or a note if it does not exist yet."""
    if path.exists():
        return path.read_text(encoding="utf-8"), True
    return note, False


# ---------------------------------------------------------------- Sphinx glue


def setup(app):
    from docutils import nodes
    from docutils.parsers.rst import Directive
    from docutils.statemachine import StringList
    from sphinx.util.nodes import nested_parse_with_titles

    def parse(directive, text: str, source: str):
        node = nodes.section() if "\n---" in text or "\n~~~" in text else nodes.container()
        node.document = directive.state.document
        nested_parse_with_titles(directive.state, StringList(text.splitlines(), source=source), node)
        return node.children

    class ModelDirective(Directive):
        required_arguments = 1

        def run(self):
            kind = self.arguments[0]
            if kind not in GENERATORS:
                raise self.error(f"raphe-model: unknown kind {kind!r}; one of {', '.join(GENERATORS)}")
            return parse(self, GENERATORS[kind](), f"<raphe-model {kind}>")

    class ReadmeBlockDirective(Directive):
        required_arguments = 1
        final_argument_whitespace = True

        def run(self):
            env = self.state.document.settings.env
            env.note_dependency(str(ROOT / "README.md"))
            blocks = readme_blocks(self.arguments[0])
            return parse(self, "\n".join(code_block(b, "bash") for b in blocks), "<README.md>")

    class MarkdownDirective(Directive):
        required_arguments = 1
        option_spec = {"missing": lambda x: x}

        def run(self):
            env = self.state.document.settings.env
            path = ROOT / self.arguments[0]
            env.note_dependency(str(path))
            text, found = markdown_or_note(path, self.options.get("missing", f"{path.name} is not there yet."))
            if not found:
                return parse(self, f".. note::\n\n   {text}\n", str(path))
            # myst-parser (a docs dependency) renders the Markdown where the directive stands
            # (relative to this document: Sphinx reads an absolute include path from the source dir)
            import os

            here = Path(env.doc2path(env.docname)).parent
            self.state_machine.insert_input(
                [f".. include:: {os.path.relpath(path, here)}", "   :parser: myst_parser.sphinx_", ""], str(path))
            return []

    app.add_directive("raphe-model", ModelDirective)
    app.add_directive("raphe-readme-block", ReadmeBlockDirective)
    app.add_directive("raphe-markdown", MarkdownDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
