"""Binding results: units of the binding writer and readers of ``/binding`` and ``/summary/binding``.

Readers return Brian2 quantities where the file has units.
"""

from __future__ import annotations

import brian2
import numpy as np

nM = brian2.nmolar
CPM = brian2.Hz / 60.0
CURIE = 3.7e10 * brian2.Hz
CI_PER_MMOL = CURIE / (1e-3 * brian2.mole)
FMOL_PER_MG = 1e-15 * brian2.mole / brian2.mgram
DPM_PER_CI = 2.22e12
#: HDF5 ``units`` attribute text <-> Brian2 unit (what the binding writer uses)
UNIT_TEXT: dict[str, object] = {
    "nM": nM, "s": brian2.second, "mL": brian2.mliter, "L": brian2.liter, "mg": brian2.mgram,
    "fmol/mg": FMOL_PER_MG, "Ci/mmol": CI_PER_MMOL, "cpm": CPM, "K": brian2.kelvin,
    "1/(M*s)": 1.0 / (brian2.molar * brian2.second), "1/s": 1.0 / brian2.second,
    "fmol": 1e-15 * brian2.mole, "1": 1.0, "count": 1.0,
}



def read_quantity(dataset):
    """An HDF5 dataset with a ``units`` attribute, as a Brian2 quantity (or array)."""
    data = dataset[()]
    unit = dataset.attrs.get("units", "1")
    if isinstance(unit, bytes):
        unit = unit.decode()
    if unit not in UNIT_TEXT:
        from raphe.errors import ResultsFileError
        raise ResultsFileError(f"{dataset.name}: unknown units {unit!r}")
    if unit in ("1", "count") or isinstance(data, (bytes, str)) or \
            (hasattr(data, "dtype") and data.dtype.kind in "SUO"):
        return data
    return data * UNIT_TEXT[unit]


def read_summary(h5) -> dict:
    """``/summary/binding`` as columns (Quantities where there are units).

    Parameters
    ----------
    h5 : h5py.File or h5py.Group
    """
    g = h5["summary/binding"]
    out = {}
    for name in g:
        v = read_quantity(g[name])
        if hasattr(v, "dtype") and v.dtype.kind in "SO":
            v = np.array([s.decode() if isinstance(s, bytes) else str(s) for s in v])
        out[name] = v
    return out


def load_affinities(path) -> dict:
    """Measured Ki per (drug, target) from a binding results file.

    Parameters
    ----------
    path : str or path-like
        A results file written by the ``binding`` protocol.

    Returns
    -------
    dict
        ``{(drug, target): Ki}`` (Brian2 quantities, geometric mean over the
        assays); pairs without displacement in the tested range are omitted.

    Raises
    ------
    ResultsFileError
        If the file has no ``/summary/binding`` table.
    """
    import h5py

    from raphe.errors import ResultsFileError
    try:
        f = h5py.File(path, "r")
    except OSError as err:
        raise ResultsFileError(f"{path}: cannot open as HDF5 ({err})") from None
    with f:
        if "summary/binding" not in f:
            raise ResultsFileError(f"{path}: no /summary/binding table (not a binding results file)")
        table = read_summary(f)
    out = {}
    for drug, target, ki in zip(table["drug"], table["target"], table["ki"]):
        if np.isfinite(float(ki / nM)):
            out[(str(drug), str(target))] = ki
    return out


def read_assay(group):
    """An assay group of a results file as ``(tubes, meta)`` for the ``analyse_*`` functions.

    Parameters
    ----------
    group : h5py.Group
        ``/binding/<target>/<drug>/assay_<k>`` (or a saturation/kinetics group)
        with ``tubes/`` and ``conditions/``.
    """
    tubes = {name: read_quantity(group["tubes"][name]) for name in group["tubes"]}
    tubes["type"] = np.array([t.decode() if isinstance(t, bytes) else str(t)
                              for t in tubes["type"]])
    cond = group["conditions"]
    meta = {name: read_quantity(cond[name]) for name in cond}
    for key in ("efficiency",):
        if key in meta:
            meta[key] = float(meta[key])
    meta.update({k: (v.decode() if isinstance(v, bytes) else v) for k, v in cond.attrs.items()})
    return tubes, meta


def read_fit(group) -> dict:
    """The ``fit/`` of an assay group as a dict (Quantities where there are units)
    plus ``warnings`` (list of str)."""
    fg = group["fit"]
    out = {name: read_quantity(fg[name]) for name in fg}
    out = {k: (float(v) if not isinstance(v, brian2.Quantity) else v) for k, v in out.items()}
    out["warnings"] = [w.decode() if isinstance(w, bytes) else str(w)
                       for w in fg.attrs.get("warnings", [])]
    return out
