"""Tidy pandas data frames from a results file (one row per observation).

Every function takes an open :class:`h5py.File` (or group: a sweep point)
and returns a :class:`pandas.DataFrame` whose columns follow one pattern:
who (``group``, ``subject``), where (``region``, ``analyte`` or
``population``), when (``time``, in the unit named by
``frame.attrs["time_unit"]``), and what (``value`` with its ``unit``).
pandas is imported here only, on first use, so ``import raphe`` stays fast.
"""

from __future__ import annotations

import numpy as np


def _pd():
    import pandas

    return pandas


def text(v) -> str:
    """An HDF5 attribute or string element as ``str``."""
    return v.decode() if isinstance(v, bytes) else str(v)


def _frame(rows: list, columns: list, time_unit: str | None = None):
    pd = _pd()
    if rows:
        df = pd.concat([pd.DataFrame(r) for r in rows], ignore_index=True)
        df = df[[c for c in columns if c in df.columns] + [c for c in df.columns if c not in columns]]
    else:
        df = pd.DataFrame({c: [] for c in columns})
    if time_unit:
        df.attrs["time_unit"] = time_unit
    return df


def _units(ds) -> str:
    return text(ds.attrs.get("units", "1"))


def subjects(h5):
    """One row per subject: ``subject``, ``group`` and the subject's stored attributes."""
    rows = []
    for sid, g in h5.get("subjects", {}).items():
        row = {"subject": sid, "group": text(g.attrs.get("group", ""))}
        for k, v in g.attrs.items():
            if k != "group":
                row[k] = text(v) if isinstance(v, (bytes, str)) else (v.item() if hasattr(v, "item") else v)
        rows.append(row)
    return _pd().DataFrame(rows)


def timeseries(h5, kind: str = "concentration"):
    """Per-subject engine time series, tidy.

    Parameters
    ----------
    kind : str
        ``"concentration"`` (extracellular, nM; columns ``region``,
        ``analyte``), ``"rate"`` (Hz; ``population``),
        ``"receptor_activation"`` (``receptor``), ``"occupancy"`` and
        ``"brain_free"`` (PK; ``drug``, ``target``).
    """
    rows = []
    for sid, g in h5.get("subjects", {}).items():
        if "time" not in g:
            continue
        t = g["time"][()]
        group = text(g.attrs.get("group", ""))
        base = {"group": group, "subject": sid}

        def add(ds, **where):
            v = ds[()]
            if v.shape != t.shape:
                return
            rows.append({**base, **where, "time": t, "value": v, "unit": _units(ds)})
        if kind == "concentration":
            for region, rg in g.get("concentration", {}).items():
                for analyte, ds in rg.items():
                    add(ds, region=region, analyte=analyte)
        elif kind == "rate":
            for pop, ds in g.get("rate", {}).items():
                add(ds, population=pop)
        elif kind == "receptor_activation":
            for name, ds in g.get("receptor_activation", {}).items():
                add(ds, receptor=name)
        elif kind in ("occupancy", "brain_free"):
            node = g.get("pk/occupancy" if kind == "occupancy" else "pk/brain_free_nM", {})
            for name, item in node.items():
                if hasattr(item, "shape"):
                    add(item, **({"target": name} if kind == "occupancy" else {"drug": name}))
                else:
                    for target, ds in item.items():
                        add(ds, drug=name, target=target)
        else:
            from raphe.errors import UnknownNameError

            raise UnknownNameError("kind", kind, ("concentration", "rate", "receptor_activation",
                                                  "occupancy", "brain_free"))
    cols = ["group", "subject", "region", "analyte", "population", "receptor", "drug", "target",
            "time", "value", "unit"]
    return _frame(rows, cols, "min")


#: measured quantities of a microdialysis sample, in ``samples`` order
SAMPLE_MEASURES = ("percent_baseline", "amount_fmol", "dialysate_nM")


def samples(h5):
    """Microdialysis samples as measured: one row per subject, probe, analyte, vial and measure.

    Columns ``group, subject, region, analyte, time`` (mid-time of the vial,
    min from the first dose), ``measure`` (``percent_baseline``,
    ``amount_fmol``, ``dialysate_nM``), ``value``, ``unit``, ``below_lod``.
    """
    rows = []
    for group, gg in h5.get("microdialysis", {}).items():
        if not hasattr(gg, "items") or group == "probes":
            continue
        for sid, sg in gg.items():
            for region, rg in sg.items():
                for analyte, d in rg.items():
                    t = d["time_min"][()]
                    lod = d["below_lod"][()] if "below_lod" in d else np.zeros(len(t), bool)
                    for m in SAMPLE_MEASURES:
                        if m in d:
                            rows.append({"group": group, "subject": sid, "region": region, "analyte": analyte,
                                         "time": t, "measure": m, "value": d[m][()], "unit": _units(d[m]),
                                         "below_lod": lod})
    return _frame(rows, ["group", "subject", "region", "analyte", "time", "measure", "value", "unit",
                         "below_lod"], "min")


def units(h5):
    """Single units of the electrophysiology protocol: one row per unit and reading.

    Columns ``group, subject, unit_id, neuron, region, population, time`` (min),
    ``dose`` (cumulative, in ``dose_unit``), ``is_reversal``, ``measure``
    (``rate_hz``, ``percent_baseline``), ``value``, ``unit``.
    """
    rows = []
    for group, gg in h5.get("electrophysiology", {}).items():
        for sid, sg in gg.items():
            for uid, u in sg.items():
                n = len(u["time_min"])
                for m in ("percent_baseline", "rate_hz"):
                    rows.append({"group": group, "subject": sid, "unit_id": uid,
                                 "neuron": int(u.attrs.get("neuron", -1)), "region": "DRN",
                                 "population": "DRN_5HT", "time": u["time_min"][()],
                                 "dose": u["cumulative_dose"][()], "dose_unit": _units(u["cumulative_dose"]),
                                 "is_reversal": u["is_reversal"][()] if "is_reversal" in u else np.zeros(n, bool),
                                 "measure": m, "value": u[m][()], "unit": _units(u[m])})
    return _frame(rows, ["group", "subject", "unit_id", "neuron", "region", "population", "time", "dose",
                         "dose_unit", "is_reversal", "measure", "value", "unit"], "min")


def recordings(h5):
    """Chronic protocol: readouts of each recording day, one row per subject, day and readout.

    Columns ``group, subject, time`` (day), ``readout`` (``concentration_nM.PFC.5-HT``,
    ``rate_hz.DRN_5HT``, ``state.CREB``, ...; ``unit_rate_hz`` per recorded
    unit with ``neuron``), ``value``, ``unit``.
    """
    rows = []
    for group, gg in h5.get("chronic", {}).items():
        for sid, sg in gg.items():
            for name, day in sg.items():
                if not name.startswith("day_"):
                    continue
                d = float(day.attrs["day"])
                names, values, unit_ = [], [], []
                for k, v in day.attrs.items():
                    if k.startswith(("concentration_nM.", "rate_hz.", "state.")):
                        names.append(k)
                        values.append(float(v))
                        unit_.append("nM" if k.startswith("concentration") else
                                     "Hz" if k.startswith("rate") else "1")
                rows.append({"group": group, "subject": sid, "time": d, "readout": names, "value": values,
                             "unit": unit_})
                if "unit_rates_hz" in day:
                    r = day["unit_rates_hz"][()]
                    rows.append({"group": group, "subject": sid, "time": d, "readout": "unit_rate_hz",
                                 "neuron": day["neurons"][()], "value": r, "unit": "Hz"})
    return _frame(rows, ["group", "subject", "time", "readout", "neuron", "value", "unit"], "day")


def table(g):
    """A group of equal-length 1-D datasets as a data frame (one column each; ``units`` in attrs)."""
    pd = _pd()
    cols, unit_of = {}, {}
    length = None
    for k, ds in g.items():
        if not hasattr(ds, "shape") or ds.ndim != 1:
            continue
        if length is None:
            length = ds.shape[0]
        if ds.shape[0] != length:
            continue
        v = ds[()]
        if v.dtype.kind in "OS":
            v = np.array([text(x) for x in v], dtype=object)
        cols[k] = v
        unit_of[k] = _units(ds)
    df = pd.DataFrame(cols)
    df.attrs["units"] = unit_of
    return df


def _unit_column(col: str) -> str:
    """The unit column of ``col``: ``auc_unit`` for every ``auc_*`` (``peak_*`` alike), one for a
    ``*_mean``/``*_sem`` pair (``percent_baseline_unit``), else ``<col>_unit``."""
    for prefix in ("auc_", "peak_"):
        if col.startswith(prefix):
            return f"{prefix}unit"
    for suffix in ("_mean", "_sem"):
        if col.endswith(suffix):
            return f"{col[:-len(suffix)]}_unit"
    return f"{col}_unit"


def with_unit_columns(df):
    """``df`` with a column of units for its numbers that have one (``df.attrs["units"]``).

    Columns named alike share one unit column (:func:`_unit_column`): ``auc_NAc_5-HT`` and
    ``auc_PFC_5-HT`` (``percent*min``) get ``auc_unit``; a grid key ``group.0.doses.0.amount``
    (``mg/kg``) gets ``group.0.doses.0.amount_unit``. Pure numbers (unit ``1``) and text get none.
    """
    units = dict(df.attrs.get("units", {}))
    wanted: dict = {}
    for col in df.columns:
        unit = units.get(col, "")
        if unit not in ("", "1"):
            wanted.setdefault(_unit_column(col), []).append((col, unit))
    out = df.copy()
    for name, cols in wanted.items():
        pairs = [(name, cols[0][1])] if len({u for _, u in cols}) == 1 else [(f"{c}_unit", u) for c, u in cols]
        for col, unit in pairs:
            if col not in out.columns:
                out[col] = unit
                units[col] = ""
    out.attrs["units"] = units
    return out


#: names of the path levels under ``/summary/<protocol>`` per protocol
SUMMARY_LEVELS = {"microdialysis": ("group", "region", "analyte"), "electrophysiology": ("group",),
                  "chronic": ("group", "section")}


def summary(h5, protocol: str):
    """Group statistics as stored under ``/summary``, tidy where the layout allows.

    Microdialysis: ``group, region, analyte, time, mean, sem, n, unit``
    (% of baseline per sample). Other protocols: the stored tables with the
    group path as columns (sweeps: ``/summary/sweep``; binding:
    ``/summary/binding``).
    """
    pd = _pd()
    if protocol == "microdialysis":
        rows = []
        for group, gg in h5.get("summary/microdialysis", {}).items():
            for region, rg in gg.items():
                for analyte, d in rg.items():
                    rows.append({"group": group, "region": region, "analyte": analyte,
                                 "time": d["time_min"][()], "mean": d["percent_baseline_mean"][()],
                                 "sem": d["percent_baseline_sem"][()], "n": d["n"][()], "unit": "percent"})
        return _frame(rows, ["group", "region", "analyte", "time", "mean", "sem", "n", "unit"], "min")
    if protocol == "sweep":
        return with_unit_columns(table(h5["summary/sweep"])) if "summary/sweep" in h5 else pd.DataFrame()
    root = h5.get(f"summary/{protocol}")
    if root is None:
        return pd.DataFrame()
    levels = SUMMARY_LEVELS.get(protocol, ())
    frames = []

    def walk(node, path):
        df = with_unit_columns(table(node))  # before the tables are joined: units may differ by row
        if len(df.columns):
            for i, p in enumerate(path):
                df.insert(i, levels[i] if i < len(levels) else f"level{i}", p)
            frames.append(df)
        for k, child in node.items():
            if not hasattr(child, "shape"):
                walk(child, path + [k])
    walk(root, [])
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
