"""HDF5 results files: atomic writing, parts, units, SONATA spikes.

The layout is described in :mod:`raphe.io.format`.

Crash safety: the final file is written as ``.<name>.partial`` in the
destination directory and renamed when complete. Work done before that is kept
as *parts*: one small HDF5 file per finished subject in ``.<name>.parts/``,
each itself written under a temporary name and renamed, so a SIGKILL at any
moment leaves only complete parts (plus ignorable temporaries). ``--resume``
reuses them; the gather step copies them into the final file. A subject that was
cheap to simulate may skip its part (held in memory until the gather step, see
:func:`raphe.experiments.cohort.run_cohort`): losing it costs little.
"""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import Any, Iterable

import brian2
import h5py
import numpy as np
from h5py import h5a, h5d, h5p, h5s, h5t

from raphe import __version__
from raphe.errors import RapheInputError, SimulationError, WriteError

from raphe.io.format import FORMAT, REQUIRED_ATTRS, SCHEMA_VERSION, SONATA_MAGIC, SORTING  # noqa: F401

SORTING_DTYPE = h5py.enum_dtype(SORTING, basetype=np.uint8)


# ------------------------------------------------------------- paths


def partial_path(out: Path) -> Path:
    """Temporary name of the final file while it is being written."""
    out = Path(out)
    return out.with_name(f".{out.name}.partial")


def parts_dir(out: Path) -> Path:
    """Directory of finished parts (subjects) of a run writing ``out``."""
    out = Path(out)
    return out.with_name(f".{out.name}.parts")


def check_writable(out: Path, field: str = "--out") -> Path:
    """Create the parent directory if needed and prove it is writable.

    Raises
    ------
    RapheInputError
        Before anything runs, if ``out`` cannot be written.
    """
    out = Path(out)
    if out.exists() and out.is_dir():
        raise RapheInputError(field, str(out), "a file path, not a directory")
    if out.suffix.lower() not in (".h5", ".hdf5"):
        raise RapheInputError(field, str(out), "a path ending in .h5")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".raphe-write-test-", dir=out.parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as err:
        raise RapheInputError(field, str(out), f"a writable location ({err.strerror or err})") from None
    if out.exists() and not os.access(out, os.W_OK):
        raise RapheInputError(field, str(out), "a file that may be overwritten")
    return out


# ------------------------------------------------------------- provenance


def git_commit() -> str:
    """The commit of the raphe checkout, or ``""`` if unknown."""
    try:
        root = Path(__file__).resolve().parents[2]
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True,
                             text=True, timeout=5)
        if out.returncode == 0:
            dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "-uno"],
                                   capture_output=True, text=True, timeout=5)
            return out.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        pass
    return ""


def provenance() -> dict[str, Any]:
    """Versions and environment recorded on every results file."""
    return {
        "raphe_version": __version__,
        "brian2_version": brian2.__version__,
        "numpy_version": np.__version__,
        "h5py_version": h5py.__version__,
        "hdf5_version": h5py.version.hdf5_version,
        "python_version": platform.python_version(),
        "git_commit": git_commit(),
        "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }


def write_root_attrs(h5: h5py.File, *, seed: int, experiment: str, protocol: str,
                     config_text: str, effective_text: str, overrides: Iterable[str],
                     source: str) -> None:
    """Write the root attributes of a results file (``complete`` starts False)."""
    a = h5.attrs
    a["format"] = FORMAT
    a["schema_version"] = SCHEMA_VERSION
    for k, v in provenance().items():
        a[k] = v
    a["seed"] = np.int64(seed)
    a["experiment"] = experiment
    a["protocol"] = protocol
    a["config_source"] = source
    a["config_toml"] = config_text
    a["config_effective_toml"] = effective_text
    a["overrides"] = "\n".join(overrides)
    a["complete"] = False
    # SONATA spike-file attributes live on the root group
    a["magic"] = SONATA_MAGIC
    a["version"] = np.array([0, 1], dtype=np.uint32)


# ------------------------------------------------------------- datasets with units


def write_array(group: h5py.Group, name: str, data, units: str = "1", **attrs) -> h5py.Dataset:
    """Write a plain array with a ``units`` attribute (``"1"`` = dimensionless).

    An existing dataset of that name is replaced.

    Raises
    ------
    SimulationError
        If a float array holds NaN or inf (a failed simulation must not reach a
        file as NaN); ``nan_ok=True`` allows NaN where it means "undefined"
        (e.g. percent of a zero baseline).
    """
    arr = np.asarray(data)
    if arr.dtype.kind in "fc" and arr.size and not np.all(np.isfinite(arr)) and not attrs.get("nan_ok"):
        _refuse_non_finite(f"{group.name.rstrip('/')}/{name}", arr)
    attrs.pop("nan_ok", None)
    ds = _new_dataset(group, name, arr)
    set_attrs(ds, {"units": units, **attrs}, new=True)
    return ds


def _new_dataset(group: h5py.Group, name: str, arr: np.ndarray) -> h5py.Dataset:
    """``group.create_dataset(name, data=arr)`` (gzip level 4 above 256 values), replacing an
    existing ``name``.

    A small numeric array (most of a results file) goes through h5py's low-level calls with the
    property lists ``create_dataset`` would make (contiguous layout, no times, the global
    attribute-order setting): the same dataset at a third of the cost.
    """
    compress = arr.size > 256
    if compress or arr.dtype.kind not in "biuf" or "/" in name:
        if name in group:
            del group[name]
        kwargs = {"compression": "gzip", "compression_opts": 4} if compress else {}
        return group.create_dataset(name, data=arr, **kwargs)
    arr = np.asarray(arr, order="C")
    dcpl = _dataset_plist(h5py.get_config().track_order)
    tid = _dataset_type(arr.dtype)
    key = name.encode("utf8")
    try:
        dsid = h5d.create(group.id, key, tid, h5s.create_simple(arr.shape, None), dcpl=dcpl)
    except ValueError:  # the name exists (checked only now: a new file never pays for the check)
        if name not in group:
            raise
        del group[name]
        dsid = h5d.create(group.id, key, tid, h5s.create_simple(arr.shape, None), dcpl=dcpl)
    dsid.write(h5s.ALL, h5s.ALL, arr)
    return h5py.Dataset(dsid)


_DCPLS: dict = {}


def _dataset_plist(track_order: bool):
    """The creation property list of a small dataset (HDF5 copies it into each dataset it
    creates, so one per attribute-order setting serves every dataset)."""
    dcpl = _DCPLS.get(track_order)
    if dcpl is None:
        dcpl = _DCPLS[track_order] = h5p.create(h5p.DATASET_CREATE)
        dcpl.set_obj_track_times(False)
        dcpl.set_attr_creation_order(h5p.CRT_ORDER_TRACKED | h5p.CRT_ORDER_INDEXED if track_order else 0)
    return dcpl


_TYPES: dict = {}


def _dataset_type(dtype: np.dtype):
    """HDF5 type of a numeric numpy dtype as h5py makes it (``logical``), built once per dtype."""
    tid = _TYPES.get(dtype)
    if tid is None:
        tid = _TYPES[dtype] = h5t.py_create(dtype, logical=True)
    return tid


_STR = h5py.string_dtype()
_ATTR_TYPES: dict = {}


def set_attrs(obj, attrs: dict, new: bool = False) -> None:
    """``obj.attrs[k] = v`` for every item, writing the attributes h5py would write.

    A ``str``, Python or numpy number or bool goes through h5py's low-level calls (the
    steps of ``AttributeManager.create``, with its HDF5 types built once per process);
    anything else (lists, arrays, bytes) through ``obj.attrs``. ``new=True`` (``obj`` was
    just created, so it has no attributes yet) skips the existence check.
    """
    oid = obj.id
    for k, v in attrs.items():
        t = type(v)
        if t is str:
            key, data = "str", np.array(v, dtype=_STR)
        elif t is float or t is int or t is bool or isinstance(v, np.generic):
            data = np.asarray(v)
            key = data.dtype
            if key.kind not in "biuf":
                obj.attrs[k] = v
                continue
        else:
            obj.attrs[k] = v
            continue
        types = _ATTR_TYPES.get(key)
        if types is None:  # h5py's pair: the file's (logical) type and the in-memory type
            dtype = _STR if isinstance(key, str) else key
            types = _ATTR_TYPES[key] = (h5t.py_create(dtype, logical=True), h5t.py_create(dtype))
        name = k.encode("utf8")
        if not new and h5a.exists(oid, name):
            h5a.delete(oid, name)
        attr = h5a.create(oid, name, types[0], h5s.create_simple(()))
        try:
            attr.write(data, mtype=types[1])
        except BaseException:
            attr.close()
            h5a.delete(oid, name)
            raise
        attr.close()


def _refuse_non_finite(dataset: str, arr: np.ndarray) -> None:
    """Raise :class:`SimulationError` naming the dataset and its first non-finite values."""
    bad = np.flatnonzero(~np.isfinite(arr.ravel()))
    raise SimulationError(f"refusing to write dataset {dataset} (shape {arr.shape}): {bad.size} non-finite "
                          f"value(s), first at flat index {bad[:3].tolist()} = {arr.ravel()[bad[:3]].tolist()}")


def write_quantity(group: h5py.Group, name: str, q, unit, unit_name: str, **attrs) -> h5py.Dataset:
    """Strip a Brian2 quantity to ``unit`` and write it with ``units=unit_name``."""
    return write_array(group, name, np.asarray(q / unit, dtype=float), unit_name, **attrs)


def read_quantity(ds: h5py.Dataset):
    """Read a dataset back as a Brian2 quantity using its ``units`` attribute."""
    from raphe.units import parse_quantity

    units = ds.attrs.get("units", "1")
    if isinstance(units, bytes):
        units = units.decode()
    data = ds[()]
    if units in ("1", ""):
        return data
    unit = parse_quantity(f"1 {units}", ds.name)
    return data * unit


# ------------------------------------------------------------- SONATA spikes


def write_sonata_spikes(h5: h5py.File, population: str, timestamps_ms, node_ids,
                        node_table: dict | None = None) -> h5py.Group:
    """Write one SONATA spike population, sorted by time.

    Parameters
    ----------
    timestamps_ms : array
        Spike times in protocol time (ms).
    node_ids : array of int
        Ids unique across subjects.
    node_table : dict, optional
        ``{"subject": [...], "first_node_id": [...], "n_nodes": [...]}``:
        node ``k`` of row ``r`` is neuron ``k - first_node_id[r]`` of subject
        ``subject[r]``.
    """
    t = np.asarray(timestamps_ms, dtype=np.float64)
    if t.size and not np.all(np.isfinite(t)):
        _refuse_non_finite(f"/spikes/{population}/timestamps", t)
    spikes = h5.require_group("spikes")
    if population in spikes:
        del spikes[population]
    g = spikes.create_group(population)
    ids = np.asarray(node_ids, dtype=np.uint64)
    order = np.lexsort((ids, t))
    ds = g.create_dataset("timestamps", data=t[order])
    ds.attrs["units"] = "ms"
    g.create_dataset("node_ids", data=ids[order])
    g.attrs.create("sorting", SORTING["by_time"], dtype=SORTING_DTYPE)
    if node_table is not None:
        nt = g.create_group("node_table")
        nt.create_dataset("subject", data=np.array(node_table["subject"], dtype=h5py.string_dtype()))
        nt.create_dataset("first_node_id", data=np.asarray(node_table["first_node_id"], dtype=np.uint64))
        nt.create_dataset("n_nodes", data=np.asarray(node_table["n_nodes"], dtype=np.uint64))
    return g


# ------------------------------------------------------------- parts


def memory_file() -> h5py.File:
    """A new HDF5 file held in memory; :func:`save_image` puts it on disk.

    HDF5 writing straight to a file that fills its disk fails deep in its caches (errors at
    every object's release, then a crash); built in memory, the file reaches the disk in one
    plain write, which fails cleanly.
    """
    return h5py.File(f"raphe-{os.getpid()}-{uuid.uuid4().hex}.h5", "w", driver="core", backing_store=False)


def save_image(h5: h5py.File, final: Path, tmp: Path | None = None) -> Path:
    """Write the in-memory file ``h5`` (:func:`memory_file`) to ``final`` atomically.

    The bytes go to ``tmp`` (default :func:`partial_path` of ``final``), are synced, then
    renamed; on any failure ``tmp`` is removed and nothing is left that looks complete.

    Raises
    ------
    raphe.errors.WriteError
        The file could not be written (a full disk: "no space left on device").
    """
    final = Path(final)
    tmp = Path(tmp) if tmp is not None else partial_path(final)
    h5.flush()
    image = h5.id.get_file_image()
    try:
        with open(tmp, "wb") as f:
            f.write(image)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, final)
    except OSError as err:
        raise WriteError(final, err) from err
    finally:
        tmp.unlink(missing_ok=True)  # gone after the rename; a cut copy otherwise
    return final


def write_part(directory: Path, key: str, fill) -> Path:
    """Write one part file atomically: ``fill(h5file)`` in memory, then one write and a rename.

    Parameters
    ----------
    directory : Path
        The run's parts directory.
    key : str
        Part name (a subject id).
    fill : callable
        Writes the part's content into an open ``h5py.File``.
    """
    directory = Path(directory)
    final = directory / f"{key}.h5"
    with memory_file() as h5:
        fill(h5)
        h5.attrs["complete"] = True
        return save_image(h5, final, directory / f".{key}.h5.tmp{os.getpid()}")


def finished_parts(directory: Path) -> dict[str, Path]:
    """Complete part files in ``directory``, by key (temporaries ignored)."""
    directory = Path(directory)
    out = {}
    if not directory.is_dir():
        return out
    for p in sorted(directory.glob("*.h5")):
        try:
            with h5py.File(p, "r") as h5:
                if h5.attrs.get("complete", False):
                    out[p.stem] = p
        except OSError:
            continue
    return out


def prepare_parts(directory: Path, fingerprint: str, resume: bool) -> tuple[Path, int]:
    """Create (or, on resume, check) a run's parts directory.

    The directory holds ``run.toml`` with the effective config and seed; a
    resume with another config is an error. Without ``resume`` previous
    parts are discarded.

    Returns
    -------
    directory, n_kept : Path, int
    """
    directory = Path(directory)
    stamp = directory / "run.toml"
    if directory.exists() and resume:
        if not stamp.exists() or stamp.read_text(encoding="utf-8") != fingerprint:
            raise RapheInputError("--resume", str(directory),
                                  "a partial run of the same config and seed (this one differs; "
                                  "run without --resume to start over)")
        return directory, len(finished_parts(directory))
    if directory.exists():
        remove_parts(directory)
    directory.mkdir(parents=True)
    tmp = directory / ".run.toml.tmp"
    tmp.write_text(fingerprint, encoding="utf-8")
    os.replace(tmp, stamp)
    return directory, 0


def remove_parts(directory: Path) -> None:
    """Delete a parts directory written by :func:`prepare_parts` (only our files)."""
    directory = Path(directory)
    if not directory.is_dir():
        return
    for p in directory.iterdir():
        if p.is_file() and (p.suffix == ".h5" or ".h5.tmp" in p.name or p.name in ("run.toml", ".run.toml.tmp")):
            p.unlink()
    try:
        directory.rmdir()
    except OSError:
        pass


def gather_parts(parts: Iterable, h5: h5py.Group) -> None:
    """Put finished subjects into ``h5`` (a results file or a sweep point's group), in order.

    Parameters
    ----------
    parts : iterable
        Per subject: a part file (copied with :func:`copy_part`) or a held writer ``fill(h5)``
        (a subject not written to a part, :func:`raphe.experiments.cohort.run_cohort`), called
        on ``h5`` directly: the same result without writing and copying a part file. As
        :func:`copy_part` copies groups and datasets but not a part's own (root) attributes,
        whatever held writers change on ``h5``'s own attributes is undone.
    """
    before = None
    for part in parts:
        if callable(part):
            if before is None:
                before = dict(h5.attrs)
            part(h5)
        else:
            copy_part(part, h5)
    if before is not None:
        _restore_attrs(h5, before)


def _restore_attrs(obj, before: dict) -> None:
    """Make ``obj``'s attributes ``before`` again (removing new ones, rewriting changed ones)."""
    after = obj.attrs
    for k in list(after):
        if k not in before:
            del after[k]
        elif not _same_value(after[k], before[k]):
            after[k] = before[k]
    for k, v in before.items():
        if k not in after:
            after[k] = v


def _same_value(a, b) -> bool:
    a, b = np.asarray(a), np.asarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and bool(
        np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))


def copy_part(part: Path, h5: h5py.File) -> None:
    """Copy every group of a part file into the same place in ``h5``."""
    with h5py.File(part, "r") as src:
        for top in src:
            _merge(src[top], h5, top)


def _merge(src, dst: h5py.Group, name: str) -> None:
    if isinstance(src, h5py.Dataset) or name not in dst:
        # a dataset, or a group new to ``dst`` (a subject): one HDF5 object copy of the whole
        # subtree (data, attributes, filters), far cheaper than copying it object by object
        if name in dst:
            del dst[name]
        dst.copy(src, name)
        return
    g = dst.require_group(name)
    for k, v in src.attrs.items():
        g.attrs[k] = v
    for child in src:
        _merge(src[child], g, child)
