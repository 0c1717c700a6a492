"""The on-disk cache of spiking windows (one directory per circuit, back end and window).

Entries are written atomically (``.json`` last: it marks a complete entry;
spikes in ``.npz``), so concurrent processes can share the cache; an
unreadable or non-finite entry is recomputed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import pickle
import uuid
from collections.abc import MutableMapping

import brian2
import numpy as np

from raphe.circuits.window import WindowResult, check_result
from raphe.errors import SimulationError, WriteError, os_reason

log = logging.getLogger(__name__)


def cache_root(cache_dir: str = "") -> str:
    """The cache directory: ``cache_dir``, ``$RAPHE_CACHE`` or ``~/.cache/raphe``."""
    return cache_dir or os.environ.get("RAPHE_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "raphe")


def standalone_root(cache_dir: str = "") -> str:
    """Where the engine keeps its compiled circuits: ``<cache>/standalone`` (one project per
    circuit structure and Python environment, see :mod:`raphe.circuits.standalone`)."""
    return os.path.join(cache_root(cache_dir), "standalone")


#: fingerprints of the circuits seen in this process, by their pickled state (a run's
#: subjects build equal specs; ``CircuitSpec.fingerprint`` costs ~0.1 s, a pickle ~1 ms)
_FINGERPRINTS: dict[bytes, str] = {}


def circuit_fingerprint(circuit) -> str:
    """``circuit.fingerprint()``, memoized in this process over equal circuits."""
    try:
        state = pickle.dumps(circuit, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # not picklable (a stand-in spec): no memo
        return circuit.fingerprint()
    if state not in _FINGERPRINTS:
        if len(_FINGERPRINTS) > 64:
            _FINGERPRINTS.clear()
        _FINGERPRINTS[state] = circuit.fingerprint()
    return _FINGERPRINTS[state]


def surface_key(circuit, settings) -> str:
    """Key of a surface's directory: circuit fingerprint and seed, back end, window durations."""
    return hashlib.sha256(repr((circuit_fingerprint(circuit), circuit.seed, settings.backend,
                                float(settings.warmup / brian2.second),
                                float(settings.window / brian2.second))).encode()).hexdigest()[:16]


#: windows read from disk in this process: ``(json path, with spikes) -> (mtime_ns, WindowResult)``;
#: an entry rewritten on disk (new mtime) is read again
_READ: dict[tuple, tuple] = {}
_READ_MAX = 1024


def _read_only(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


class _SpikeFile:
    """A cached window's spike arrays, read from its ``.npz`` population by population at the
    first look at each and then kept (a warm run reads the DRN units of a few windows: ~6 % of a
    window's spikes)."""

    def __init__(self, path: str, populations):
        self.path, self.populations, self._data = path, tuple(populations), {}

    def get(self, population):
        """The (times, indices) of one population (KeyError if the window has none)."""
        arrays = self._data.get(population)
        if arrays is None:
            if population not in self.populations:
                raise KeyError(population)
            with np.load(self.path) as data:
                arrays = self._data[population] = (_read_only(data[f"{population}/t"]),
                                                   _read_only(data[f"{population}/i"]))
        return arrays

    def load(self) -> dict:
        """Every population's arrays."""
        missing = [pop for pop in self.populations if pop not in self._data]
        if missing:
            with np.load(self.path) as data:
                for pop in missing:
                    self._data[pop] = (_read_only(data[f"{pop}/t"]), _read_only(data[f"{pop}/i"]))
        return {pop: self._data[pop] for pop in self.populations}


class _Spikes(MutableMapping):
    """A cached window's spikes (population -> (times, indices)) as one caller's own mapping.

    A population's arrays are read at the first look at it, once for every caller (a warm run
    reads the readouts of every node the slow clock uses, the DRN spikes of a few; decompressing
    a window's spikes costs ~5 ms) and are read-only; a caller that changes the mapping changes
    its own copy only.
    """

    def __init__(self, file: _SpikeFile):
        self._file, self._own = file, None

    def view(self) -> "_Spikes":
        """Another caller's mapping of the same arrays (unread until looked at)."""
        other = _Spikes(self._file)
        other._own = None if self._own is None else dict(self._own)
        return other

    def _mine(self) -> dict:
        if self._own is None:
            self._own = dict(self._file.load())
        return self._own

    def __getitem__(self, population):
        return self._file.get(population) if self._own is None else self._own[population]

    def __setitem__(self, population, value):
        self._mine()[population] = value

    def __delitem__(self, population):
        del self._mine()[population]

    def __iter__(self):
        return iter(self._file.populations if self._own is None else self._own)

    def items(self):
        """Every population's arrays (one read of the archive for those not read yet)."""
        return (self._file.load() if self._own is None else self._own).items()

    def __len__(self) -> int:
        return len(self._file.populations if self._own is None else self._own)


def _copy(r: WindowResult) -> WindowResult:
    """A result of its own (new dicts) sharing the (read-only) arrays of ``r``."""
    return dataclasses.replace(r, rates_hz=dict(r.rates_hz), concentrations_nM=dict(r.concentrations_nM),
                               receptor_activation=dict(r.receptor_activation), mean_v_mV=dict(r.mean_v_mV),
                               spikes=r.spikes.view() if isinstance(r.spikes, _Spikes) else dict(r.spikes),
                               inputs=dict(r.inputs))


class WindowCache:
    """Windows of one surface on disk.

    Parameters
    ----------
    directory : str
    enabled : bool
        Read and write the disk (else :meth:`load` finds nothing and :meth:`save` does nothing).
    """

    def __init__(self, directory: str, enabled: bool = True):
        self.directory = directory
        self.enabled = enabled

    def load(self, key: str, record_spikes: bool) -> WindowResult | None:
        """The window stored under ``key`` (with its spikes if ``record_spikes``), or None.

        Entries read in this process are remembered (see :data:`_READ`): every subject of a run
        builds its own surface over the same directory, and re-reading a window's compressed
        spikes costs ~3 ms; with ``record_spikes`` the spikes are read at their first look. Each call returns its own :class:`WindowResult` (fresh dicts; the
        spike arrays are shared, read-only).
        """
        path = os.path.join(self.directory, key + ".json")
        if not self.enabled:
            return None
        try:
            stamp = os.stat(path).st_mtime_ns
        except OSError:
            return None
        memo = (path, record_spikes)
        hit = _READ.get(memo)
        if hit is None or hit[0] != stamp:
            try:
                with open(path) as handle:
                    result = from_json(json.load(handle))
                if record_spikes:  # the arrays are read at the first look (see _Spikes)
                    npz = os.path.join(self.directory, key + ".npz")
                    with np.load(npz) as data:  # the archive's directory: a missing or cut file fails here
                        names = set(data.files)
                    for pop in result.rates_hz:
                        if f"{pop}/t" not in names or f"{pop}/i" not in names:
                            raise KeyError(pop)
                    result.spikes = _Spikes(_SpikeFile(npz, result.rates_hz))
            except (OSError, ValueError, KeyError, SimulationError) as err:
                # unreadable, partial or non-finite cache entry: recompute (and say so)
                log.warning("damaged cache entry %s (%s); recomputing it", path, os_reason(err))
                return None
            if len(_READ) >= _READ_MAX:
                _READ.clear()
            hit = _READ[memo] = (stamp, result)
        return _copy(hit[1])

    def save(self, key: str, plain: str, record_spikes: bool, result: WindowResult) -> None:
        """Store ``result`` under ``key`` (and, with spikes, its readouts under ``plain`` too)."""
        if not self.enabled:
            return
        tag = uuid.uuid4().hex[:8]
        tmp = self.directory
        try:
            os.makedirs(self.directory, exist_ok=True)
            if record_spikes:  # spikes first: the .json marks a complete entry
                tmp = os.path.join(self.directory, f".{key}.{tag}.npz")
                arrays = {}
                for pop, (t, i) in result.spikes.items():
                    arrays[f"{pop}/t"], arrays[f"{pop}/i"] = t, i
                np.savez_compressed(tmp, **arrays)
                os.replace(tmp, os.path.join(self.directory, key + ".npz"))
            for k in ((key, plain) if record_spikes else (key,)):
                tmp = os.path.join(self.directory, f".{k}.{tag}.tmp")
                with open(tmp, "w") as handle:
                    json.dump(to_json(result), handle)
                os.replace(tmp, os.path.join(self.directory, k + ".json"))
        except OSError as err:  # a full disk under the cache: no cut entry left, one line
            if tmp != self.directory:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            raise WriteError(tmp, err, "the cache entry was not stored (free space there, or point "
                                       "$RAPHE_CACHE at another disk)") from err


def to_json(r: WindowResult) -> dict:
    return {"rates_hz": r.rates_hz, "concentrations_nM": r.concentrations_nM,
            "receptor_activation": r.receptor_activation,
            "drn_isi_cv": None if np.isnan(r.drn_isi_cv) else r.drn_isi_cv, "inputs": r.inputs}


def from_json(d: dict) -> WindowResult:
    cv = d.get("drn_isi_cv")
    result = WindowResult(dict(d["rates_hz"]), dict(d["concentrations_nM"]), dict(d["receptor_activation"]),
                          float("nan") if cv is None else float(cv), inputs=dict(d.get("inputs", {})))
    check_result(result, "cached window")  # NaN read back from an old cache entry: recompute
    return result


def fresh_surface_cache(directory) -> str:
    """Make ``directory`` an empty surface cache that shares this machine's compiled circuits.

    For measuring cold surfaces (benchmarks, tests) without paying for a compile:
    ``EngineSettings(cache_dir=fresh_surface_cache(path))`` runs every window
    but reuses the circuits compiled under ``$RAPHE_CACHE`` (``standalone/``).
    """
    from raphe.circuits.standalone import default_cache_dir

    compiled = os.path.join(default_cache_dir(), "standalone")
    os.makedirs(compiled, exist_ok=True)
    os.makedirs(directory)
    os.symlink(compiled, os.path.join(directory, "standalone"))
    return str(directory)
