"""The on-disk window cache: entries read once per process, each caller gets its own result."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from raphe.circuits.window import WindowResult
from raphe.experiments.engine import cache


def _result(rate: float) -> WindowResult:
    return WindowResult({"DRN_5HT": rate}, {"PFC.5-HT": 2.0}, {"5-HT1A_DRN": 0.1}, 0.5,
                        spikes={"DRN_5HT": (np.array([0.001, 0.002]), np.array([3, 4]))},
                        inputs={"ssri_occupancy": 0.2})


def test_a_window_read_twice_is_read_from_disk_once_and_not_shared(tmp_path, monkeypatch):
    disk = cache.WindowCache(str(tmp_path))
    disk.save("k-spikes", "k", True, _result(1.0))
    reads = []
    real = np.load
    monkeypatch.setattr(cache.np, "load", lambda *a, **k: reads.append(a[0]) or real(*a, **k))
    a = disk.load("k-spikes", True)
    b = cache.WindowCache(str(tmp_path)).load("k-spikes", True)  # another surface, same directory
    assert len(reads) == 1
    assert a is not b and a.rates_hz == b.rates_hz == {"DRN_5HT": 1.0}
    np.testing.assert_array_equal(b.spikes["DRN_5HT"][1], [3, 4])
    a.rates_hz["DRN_5HT"] = 99.0  # one caller's change is not seen by the next
    a.spikes.clear()
    c = disk.load("k-spikes", True)
    assert c.rates_hz == {"DRN_5HT": 1.0} and "DRN_5HT" in c.spikes
    with pytest.raises(ValueError):  # the shared spike arrays cannot be written through
        c.spikes["DRN_5HT"][0][0] = 1.0


def test_an_entry_rewritten_on_disk_is_read_again(tmp_path):
    disk = cache.WindowCache(str(tmp_path))
    disk.save("k", "k", False, _result(1.0))
    assert disk.load("k", False).rates_hz["DRN_5HT"] == 1.0
    disk.save("k", "k", False, _result(2.0))
    path = os.path.join(str(tmp_path), "k.json")
    os.utime(path, ns=(1, 1))  # a new mtime whatever the clock's resolution
    assert disk.load("k", False).rates_hz["DRN_5HT"] == 2.0


def test_missing_unreadable_and_disabled_entries_are_misses(tmp_path, caplog):
    disk = cache.WindowCache(str(tmp_path))
    with caplog.at_level("WARNING", logger="raphe"):
        assert disk.load("absent", False) is None
    assert not caplog.records  # a miss is no news
    with open(os.path.join(str(tmp_path), "bad.json"), "w") as handle:
        handle.write("{not json")
    with caplog.at_level("WARNING", logger="raphe"):
        assert disk.load("bad", False) is None
    (record,) = caplog.records  # a damaged entry is recomputed, and the log says so
    assert "damaged cache entry" in record.getMessage() and "bad.json" in record.getMessage()
    disk.save("nan", "nan", False, _result(1.0))
    with open(os.path.join(str(tmp_path), "nan.json")) as handle:
        entry = json.load(handle)
    entry["rates_hz"]["DRN_5HT"] = float("nan")
    with open(os.path.join(str(tmp_path), "nan.json"), "w") as handle:
        json.dump(entry, handle)
    os.utime(os.path.join(str(tmp_path), "nan.json"), ns=(2, 2))
    assert disk.load("nan", False) is None
    disk.save("ok", "ok", False, _result(1.0))
    assert cache.WindowCache(str(tmp_path), enabled=False).load("ok", False) is None
