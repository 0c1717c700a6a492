"""The ``binding`` protocol: virtual radioligand binding panels.

Config (TOML)::

    [experiment]
    protocol = "binding"

    [binding]
    drugs = "all"            # or a list of library drug names
    targets = "all"          # or a subset of SERT, DAT, NET, sigma-1, 5-HT1A, 5-HT1B
    n_assays = 3             # independent assays (membrane preparations) per pair
    replicates = 3           # tubes per condition
    saturation = true        # per target: saturation assays (radioligand Kd)
    kinetics = true          # per target: association + dissociation (radioligand koff)
    kd_source = "saturation" # Kd in Cheng-Prusoff: "saturation" or "literature"
    variability = true       # assay-to-assay and pipetting variability

    [binding.assays.SERT]    # optional: change the standard assay of a target
    radioligand = "[3H]citalopram"
    radioligand_concentration = "1 nM"
    incubation = "60 min"
    temperature = "22 degC"
    protein = "0.04 mg"
    volume = "2 mL"
    bmax = "549 fmol/mg"
    nsb_reference = "imipramine"
    nsb_concentration = "10 uM"
    nonspecific_fraction = 0.004
    concentrations = ["0.01 nM", "0.03 nM", ...]   # instead of range finding

Results: ``/binding/<target>/...`` (raw counts per tube and fits per assay)
and ``/summary/binding/`` (see :mod:`raphe.experiments.binding.panel`).
"""

from __future__ import annotations

import re
from typing import Any

import brian2
import numpy as np
from pydantic import Field

from raphe.errors import RapheInputError, UnknownNameError
from raphe.experiments import models
from raphe.experiments.binding import bench, panel
from raphe.experiments.binding.ligands import (
    FMOL_PER_MG, NONE, RADIOLIGANDS, STANDARD_ASSAYS, BenchConstants, Variability, celsius,
)
from raphe.experiments.models import (Experiment, Model)
from raphe.experiments.protocols import register
from raphe.experiments.protocols.base import CohortProtocol, Unit
from raphe.units import parse_quantity

nM = brian2.nmolar


def _targets():
    from raphe.experiments.binding.ligands import assay_targets
    return assay_targets()


def parse_temperature(value, field: str) -> brian2.Quantity:
    """``"22 degC"``, ``"22 C"``, ``"295.15 K"`` -> kelvin (Brian2 quantity)."""
    if isinstance(value, brian2.Quantity):
        if brian2.get_dimensions(value) == brian2.kelvin.dim:
            return value
        raise RapheInputError(field, value, "a temperature like '22 degC'")
    m = re.fullmatch(r"\s*(-?[0-9.eE+-]+)\s*(degC|°C|C|K)\s*", str(value))
    if not m:
        raise RapheInputError(field, value, "a temperature like '22 degC' or '295 K'")
    try:
        number = float(m.group(1))
    except ValueError:
        raise RapheInputError(field, value, "a temperature like '22 degC' or '295 K'") from None
    t = celsius(number) if m.group(2) != "K" else number * brian2.kelvin
    if not 273.0 <= float(t / brian2.kelvin) <= 315.0:
        raise RapheInputError(field, value, "a bench temperature between 0 and 42 degC")
    return t


def parse_concentrations(value, field: str) -> brian2.Quantity:
    """A list of test concentrations: positive, strictly increasing, 3 or more."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
        raise RapheInputError(field, value, "a list of concentrations like ['1 nM', '3 nM', ...]")
    if len(value) < 3:
        raise RapheInputError(field, value, "at least 3 concentrations")
    conc = np.array([float(parse_quantity(v, f"{field}[{i}]", nM, example="'10 nM'",
                                          strictly_positive=True) / nM)
                     for i, v in enumerate(value)])
    if np.any(np.diff(conc) <= 0):
        raise RapheInputError(field, value, "positive concentrations in increasing order")
    return conc * nM


def _names(value, field, valid, canonical=None):
    if value == "all":
        return tuple(valid)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not value:
        raise RapheInputError(field, value, '"all" or a list of names')
    out = []
    for v in value:
        name = canonical(v) if canonical else v
        if canonical is None and name not in valid:
            raise UnknownNameError(field, v, valid)
        if name not in out:
            out.append(name)
    return tuple(out)


def _int(section, key, default, lo, hi):
    v = section.get(key, default)
    if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
        raise RapheInputError(f"binding.{key}", v, f"an integer from {lo} to {hi}")
    return v


def _bool(section, key, default):
    v = section.get(key, default)
    if not isinstance(v, bool):
        raise RapheInputError(f"binding.{key}", v, "true or false")
    return v


def _assay(target: str, over: dict):
    field = f"binding.assays.{target}"
    if not isinstance(over, dict):
        raise RapheInputError(field, over, "a table of assay settings")
    a = STANDARD_ASSAYS[target]
    changes = {}
    if "radioligand" in over:
        rl = RADIOLIGANDS.get(over["radioligand"], field=f"{field}.radioligand")
        if rl.target != target:
            valid = [n for n, r in RADIOLIGANDS.items() if r.target == target]
            raise RapheInputError(f"{field}.radioligand", over["radioligand"],
                                  f"a radioligand for {target}: " + ", ".join(valid))
        changes["radioligand"] = rl.name
        if rl.name != a.radioligand:
            changes["radioligand_concentration"] = rl.kd
    for key, unit, example in (("radioligand_concentration", nM, "'0.1 nM'"),
                               ("incubation", brian2.second, "'60 min'"),
                               ("protein", brian2.mgram, "'0.05 mg'"),
                               ("volume", brian2.liter, "'1 mL'"),
                               ("bmax", FMOL_PER_MG, "'549 fmol/mg'"),
                               ("nsb_concentration", nM, "'10 uM'")):
        if key in over:
            changes[key] = parse_quantity(over[key], f"{field}.{key}", unit, example=example,
                                          strictly_positive=True)
    if "temperature" in over:
        changes["temperature"] = parse_temperature(over["temperature"], f"{field}.temperature")
    if "nonspecific_fraction" in over:
        v = over["nonspecific_fraction"]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v < 0.5:
            raise RapheInputError(f"{field}.nonspecific_fraction", v, "a fraction from 0 to 0.5")
        changes["nonspecific_fraction"] = float(v)
    if "nsb_reference" in over:
        changes["nsb_reference"] = str(over["nsb_reference"])
    a = a.with_(**changes)
    # the NSB reference must bind the target, at >= 100 x its Ki
    ref = bench.resolve_reference(a.nsb_reference, target, f"{field}.nsb_reference")
    if a.nsb_concentration < 100 * ref.ki:
        raise RapheInputError(f"{field}.nsb_concentration", str(a.nsb_concentration),
                              f"at least 100 x the Ki of {ref.name} at {target} "
                              f"({float(100 * ref.ki / nM):g} nM)")
    conc = parse_concentrations(over["concentrations"], f"{field}.concentrations") \
        if "concentrations" in over else None
    return a, conc


# ---------------------------------------------------------------- config model


class AssaySettings(Model):
    """``[binding.assays.<target>]``: changes to a target's standard assay."""

    radioligand: Any = None
    radioligand_concentration: Any = None
    incubation: Any = None
    temperature: Any = None
    protein: Any = None
    volume: Any = None
    bmax: Any = None
    nsb_reference: Any = None
    nsb_concentration: Any = None
    nonspecific_fraction: Any = None
    concentrations: Any = None


class BindingSection(Model):
    """``[binding]``: drugs, targets and the laboratory's settings."""

    drugs: Any = Field("all", description='"all" or a list of library drug names')
    targets: Any = Field("all", description='"all" or a list of targets')
    n_assays: Any = Field(3, description="independent assays per pair (1-20)")
    replicates: Any = Field(3, description="tubes per condition (1-6)")
    saturation: Any = Field(True, description="saturation assays per target")
    kinetics: Any = Field(True, description="association and dissociation per target")
    kd_source: Any = Field("saturation", description='Kd in Cheng-Prusoff: "saturation" or "literature"')
    variability: Any = Field(True, description="assay-to-assay and pipetting variability")
    assays: dict[str, AssaySettings] = Field(default_factory=dict)


class Binding(Experiment):
    """A virtual radioligand binding panel (``[binding]``)."""

    protocol = "binding"
    section = "binding"

    binding: BindingSection = Field(default_factory=BindingSection)


def validate(config: dict) -> panel.PanelSpec:
    """Validate the ``[binding]`` section of a config into a :class:`PanelSpec`.

    Raises
    ------
    RapheInputError
        Naming the offending field.
    """
    from raphe.circuits.pharmacology import DRUGS

    models.validate(Binding, config)  # keys and the [experiment] table
    section = config.get("binding", {})
    targets_all = _targets()
    targets = _names(section.get("targets", "all"), "binding.targets", targets_all)
    drugs = _names(section.get("drugs", "all"), "binding.drugs", DRUGS.names(),
                   canonical=lambda v: DRUGS.canonical(v, field="binding.drugs"))
    kd_source = section.get("kd_source", "saturation")
    if kd_source not in ("saturation", "literature"):
        raise RapheInputError("binding.kd_source", kd_source, '"saturation" or "literature"')
    overrides = section.get("assays", {})
    if not isinstance(overrides, dict):
        raise RapheInputError("binding.assays", overrides, "a table per target")
    for t in overrides:
        if t not in targets_all:
            raise UnknownNameError("binding.assays", t, targets_all)
    assays, concentrations = {}, {}
    for t in targets:
        assays[t], concentrations[t] = _assay(t, overrides.get(t, {}))
    saturation = _bool(section, "saturation", True)
    if kd_source == "saturation" and not saturation:
        kd_source = "literature"
    return panel.PanelSpec(
        drugs=drugs, targets=targets, assays=assays, concentrations=concentrations,
        n_assays=_int(section, "n_assays", 3, 1, 20),
        replicates=_int(section, "replicates", 3, 1, 6),
        saturation=saturation, kinetics=_bool(section, "kinetics", True),
        kd_source=kd_source,
        variability=Variability() if _bool(section, "variability", True) else NONE,
        bench=BenchConstants())


def plot(h5file, png_path: str) -> None:
    """Competition curves per target and the Ki heat map."""
    from raphe.analysis.plots_binding import plot_panel
    plot_panel(h5file, png_path)


class BindingProtocol(CohortProtocol):
    """The binding panel on the skeleton: one unit of work (the panel), seeded by the run or sweep point."""

    name = "binding"
    description = "virtual radioligand binding: saturation, competition (IC50, Ki) and kinetics"
    unit = "assay"
    model = Binding

    def validate(self, raw):
        return validate(raw)

    def work(self, spec) -> float:
        """Progress units: one per assay."""
        return float(spec.work())

    def run(self, spec, ctx) -> None:
        """Run the panel into ``ctx.h5`` (seeded from ``ctx.seed``)."""
        panel.run_panel(ctx.h5, spec, ctx.seed, ctx.progress)

    def subjects(self, spec, seed: int) -> list:
        return [Unit("panel", seed)]

    def simulate_subject(self, spec, unit, seed):
        def fill(h5):
            panel.run_panel(h5, spec, unit.seed, lambda n: None)
        return fill

    def summarize(self, h5, spec, cohort) -> None:
        """Nothing more: the panel writes its own summary."""

    def sweep_rows(self, point_group, point):
        """One row per drug and target: the numeric columns of ``/summary/binding`` (Ki, IC50 ...)."""
        import numpy as np

        g = point_group["summary/binding"]
        text = {k: [x.decode() if isinstance(x, bytes) else str(x) for x in g[k][()]] for k in ("drug", "target")}
        rows = []
        for i, (drug, target) in enumerate(zip(text["drug"], text["target"])):
            row = {"point": point.index, "group": f"{drug}/{target}"}
            for k, ds in g.items():
                v = ds[()]
                if v.ndim == 1 and v.dtype.kind in "fiu":
                    row[k] = float(np.asarray(v, float)[i])
            rows.append(row)
        return rows, []

    def plot(self, h5file, png_path) -> None:
        plot(h5file, png_path)


PROTOCOL = register(BindingProtocol())
