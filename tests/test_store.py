"""HDF5 store: units round trip, SONATA spikes via libsonata, parts, file checks."""

from __future__ import annotations

import brian2
import h5py
import numpy as np
import pytest

from raphe.errors import RapheInputError, ResultsFileError, SimulationError
from raphe.io import store
from raphe.io.read import open_results


def _root(h5, complete=True):
    store.write_root_attrs(h5, seed=3, experiment="x", protocol="microdialysis", config_text="a = 1\n",
                           effective_text="a = 1\n", overrides=["cohort.n=2"], source="test")
    h5.attrs["complete"] = complete


def test_quantity_round_trip(tmp_path):
    with h5py.File(tmp_path / "a.h5", "w") as h5:
        store.write_quantity(h5, "t", np.arange(5) * 60 * brian2.second, 60 * brian2.second, "min")
        store.write_array(h5, "c", [1.0, 2.0], "nM")
        with pytest.raises(SimulationError, match="non-finite"):
            store.write_array(h5, "bad", [1.0, np.nan], "nM")
    with h5py.File(tmp_path / "a.h5", "r") as h5:
        t = store.read_quantity(h5["t"])
        assert h5["t"].attrs["units"] == "min"
        np.testing.assert_allclose(np.asarray(t / brian2.second), np.arange(5) * 60)
        c = store.read_quantity(h5["c"])
        np.testing.assert_allclose(np.asarray(c / brian2.nmolar), [1, 2])


def _described(obj) -> dict:
    """Everything a reader can see of a dataset or group: attributes with their HDF5 types,
    and a dataset's values, dtype, shape, layout and filters."""
    out = {}
    for k in obj.attrs:
        aid = obj.attrs.get_id(k)
        v = obj.attrs[k]
        out[f"@{k}"] = (repr(v), aid.dtype.str, h5py.check_string_dtype(aid.dtype), aid.shape,
                        aid.get_type().get_class(), aid.get_space().get_simple_extent_type())
    if isinstance(obj, h5py.Dataset):
        plist = obj.id.get_create_plist()
        out["dataset"] = (obj[()].tobytes(), obj.dtype.str, obj.shape, obj.chunks, obj.compression,
                          obj.compression_opts, obj.fillvalue, plist.get_layout(), plist.get_alloc_time(),
                          plist.get_fill_time(), plist.get_attr_creation_order(), plist.get_nfilters(),
                          obj.id.get_type().get_class(), obj.id.get_storage_size())
    return out


ATTR_VALUES = {"units": "nM", "note": "café", "f": 1.5, "i": 3, "big": 2 ** 63 + 5, "b": True,
               "np_f": np.float64(2.0), "np_u": np.uint32(7), "np_b": np.bool_(False), "np_i": np.int64(-4),
               "list": [1, 2], "strs": ["a", "b"], "arr": np.arange(3.0), "bytes": b"x"}


@pytest.mark.parametrize("data", [np.arange(63.0), np.arange(5, dtype=np.int64), np.array([True, False]),
                                  np.float64(3.0), np.arange(300.0), np.zeros((2, 3), np.float32),
                                  np.array([], dtype=float)])
def test_write_array_writes_what_h5py_writes(tmp_path, data):
    """The low-level writing path gives the dataset and attributes h5py's ``create_dataset`` and
    ``attrs[...] =`` give (values, types, layout, filters): results files do not change."""
    extra = {k: v for k, v in ATTR_VALUES.items() if k != "units"}
    with h5py.File(tmp_path / "a.h5", "w") as h5:
        ours = store.write_array(h5, "ours", data, "nM", **extra)
        kwargs = {"compression": "gzip", "compression_opts": 4} if np.size(data) > 256 else {}
        ref = h5.create_dataset("ref", data=data, **kwargs)
        for k, v in {"units": "nM", **extra}.items():
            ref.attrs[k] = v
        assert _described(ours) == _described(ref)
        g = h5.create_group("g")
        store.set_attrs(g, ATTR_VALUES)
        store.set_attrs(g, {"f": 2.5, "i": "now a string"})  # existing attributes are replaced
        r = h5.create_group("r")
        r.attrs.update({**ATTR_VALUES, "f": 2.5, "i": "now a string"})
        assert _described(g) == _described(r)


def test_write_array_replaces_an_existing_dataset(tmp_path):
    with h5py.File(tmp_path / "a.h5", "w") as h5:
        store.write_array(h5, "x", [1.0, 2.0], "nM")
        store.write_array(h5, "x", [3.0], "Hz")
        assert h5["x"][()].tolist() == [3.0] and h5["x"].attrs["units"] == "Hz"
        store.write_array(h5, "x", np.arange(400.0), "ms")  # compressed path
        assert h5["x"].shape == (400,) and h5["x"].compression == "gzip"
        store.write_array(h5, "x", [4.0], "1")
        assert h5["x"][()].tolist() == [4.0]


def test_root_attributes(tmp_path):
    with h5py.File(tmp_path / "a.h5", "w") as h5:
        _root(h5)
    with h5py.File(tmp_path / "a.h5", "r") as h5:
        a = h5.attrs
        assert a["schema_version"] == store.SCHEMA_VERSION
        for k in ("created", "raphe_version", "brian2_version", "numpy_version", "h5py_version",
                  "git_commit", "config_toml", "seed"):
            assert k in a
        assert a["magic"] == 0x0A7A and a["magic"].dtype == np.uint32
        assert list(a["version"]) == [0, 1] and a["version"].dtype == np.uint32


def test_sonata_spikes_read_by_libsonata(tmp_path):
    libsonata = pytest.importorskip("libsonata")
    path = tmp_path / "s.h5"
    t = np.array([5.0, 1.0, 3.0, 2.0])
    ids = np.array([0, 1, 7, 3])
    with h5py.File(path, "w") as h5:
        _root(h5)
        store.write_sonata_spikes(h5, "DRN_5HT", t, ids,
                                  {"subject": ["a-01", "b-01"], "first_node_id": [0, 5], "n_nodes": [5, 5]})
    with h5py.File(path, "r") as h5:
        g = h5["spikes/DRN_5HT"]
        assert g["timestamps"].dtype == np.float64 and g["timestamps"].attrs["units"] == "ms"
        assert g["node_ids"].dtype == np.uint64
        assert h5py.check_enum_dtype(g.attrs.get_id("sorting").dtype) == store.SORTING
        np.testing.assert_array_equal(g["timestamps"][()], np.sort(t))
    reader = libsonata.SpikeReader(str(path))
    assert "DRN_5HT" in reader.get_population_names()
    pop = reader["DRN_5HT"]
    spikes = pop.get()
    assert sorted(spikes) == sorted(zip(ids.tolist(), t.tolist()))
    assert pop.sorting == "by_time"


def test_part_is_atomic(tmp_path):
    d = tmp_path / "parts"
    d.mkdir()

    def boom(h5):
        h5.create_dataset("x", data=[1])
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        store.write_part(d, "s-01", boom)
    assert store.finished_parts(d) == {}
    assert not list(d.iterdir())
    store.write_part(d, "s-01", lambda h5: h5.create_dataset("x", data=[1]))
    (d / ".s-02.h5.tmp123").write_bytes(b"partial garbage")
    assert list(store.finished_parts(d)) == ["s-01"]


def test_copy_part_merges_subtrees_with_data_attributes_and_filters(tmp_path):
    """Parts merge into shared groups; a new subtree is copied whole (values, attributes, gzip)."""
    d = tmp_path / "parts"
    d.mkdir()
    big = np.arange(1000, dtype=float)

    def part(sid, value):
        def fill(h5):
            h5.require_group("subjects").attrs["shared"] = "yes"
            s = h5.create_group(f"subjects/{sid}")
            s.attrs["group"] = "drug"
            store.write_array(s.require_group("rate"), "DRN_5HT", big * value, "Hz")
            store.write_array(s, "time", [0.0, 1.0], "min")
            store.write_array(h5.require_group(f"microdialysis/drug/{sid}"), "x", [value], "fmol")
            h5.require_group("microdialysis/drug").attrs[f"seen_{sid}"] = value
        return fill

    parts = [store.write_part(d, sid, part(sid, v)) for sid, v in (("s-01", 1.0), ("s-02", 2.0))]
    with h5py.File(tmp_path / "out.h5", "w") as h5:
        for p in parts:
            store.copy_part(p, h5)
        assert sorted(h5["subjects"]) == ["s-01", "s-02"]
        assert h5["subjects"].attrs["shared"] == "yes"
        assert dict(h5["microdialysis/drug"].attrs) == {"seen_s-01": 1.0, "seen_s-02": 2.0}
        for sid, v in (("s-01", 1.0), ("s-02", 2.0)):
            ds = h5[f"subjects/{sid}/rate/DRN_5HT"]
            np.testing.assert_array_equal(ds[()], big * v)
            assert ds.attrs["units"] == "Hz" and ds.compression == "gzip"
            assert h5[f"subjects/{sid}"].attrs["group"] == "drug"
            assert h5[f"microdialysis/drug/{sid}/x"][()].tolist() == [v]
        # a part copied again (e.g. a resumed run) replaces its datasets, never duplicates them
        store.copy_part(parts[0], h5)
        assert h5["subjects/s-01/time"][()].tolist() == [0.0, 1.0]


def test_prepare_parts_resume_checks_config(tmp_path):
    d = tmp_path / ".r.h5.parts"
    store.prepare_parts(d, "config A", resume=False)
    store.write_part(d, "s-01", lambda h5: None)
    _, kept = store.prepare_parts(d, "config A", resume=True)
    assert kept == 1
    with pytest.raises(RapheInputError, match="--resume"):
        store.prepare_parts(d, "config B", resume=True)
    _, kept = store.prepare_parts(d, "config B", resume=False)
    assert kept == 0


def test_check_writable(tmp_path):
    assert store.check_writable(tmp_path / "new" / "r.h5").parent.is_dir()
    with pytest.raises(RapheInputError, match="--out"):
        store.check_writable(tmp_path / "r.txt")


def test_check_writable_permission_denied(tmp_path, monkeypatch):
    """A directory the user may not write to (simulated: root ignores mode bits in CI)."""
    import errno
    import tempfile

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(RapheInputError, match=r"--out.*writable location \(Permission denied\)"):
        store.check_writable(tmp_path / "ro" / "r.h5")


def test_check_writable_unwritable_parent(tmp_path):
    f = tmp_path / "afile"
    f.write_text("x")
    with pytest.raises(RapheInputError, match="writable"):
        store.check_writable(f / "r.h5")


def test_open_results_rejects_bad_files(tmp_path):
    with pytest.raises(ResultsFileError, match="no such file"):
        open_results(tmp_path / "none.h5")
    foreign = tmp_path / "foreign.h5"
    with h5py.File(foreign, "w") as h5:
        h5.create_dataset("x", data=[1])
    with pytest.raises(ResultsFileError, match="not a raphe results file"):
        open_results(foreign)
    text = tmp_path / "text.h5"
    text.write_text("hello")
    with pytest.raises(ResultsFileError, match="not a readable HDF5"):
        open_results(text)
    good = tmp_path / "good.h5"
    with h5py.File(good, "w") as h5:
        _root(h5)
        for g in ("subjects", "microdialysis", "summary/microdialysis", "cohort", "spikes"):
            h5.require_group(g)
        h5.create_dataset("pad", data=np.zeros(100000))
    open_results(good).close()
    truncated = tmp_path / "trunc.h5"
    truncated.write_bytes(good.read_bytes()[:4000])
    with pytest.raises(ResultsFileError):
        open_results(truncated)
    old = tmp_path / "old.h5"
    old.write_bytes(good.read_bytes())
    with h5py.File(old, "a") as h5:
        h5.attrs["schema_version"] = 0
    with pytest.raises(ResultsFileError, match="older raphe"):
        open_results(old)
    partial = tmp_path / "partial.h5"
    partial.write_bytes(good.read_bytes())
    with h5py.File(partial, "a") as h5:
        h5.attrs["complete"] = False
    with pytest.raises(ResultsFileError, match="incomplete"):
        open_results(partial)
    missing = tmp_path / "missing.h5"
    with h5py.File(missing, "w") as h5:
        _root(h5)
    with pytest.raises(ResultsFileError, match="missing /subjects"):
        open_results(missing)
