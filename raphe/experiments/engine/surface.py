"""The response surface: fast readouts memoized over the fast inputs, interpolated.

Windows are run at the nodes of a grid over the inputs a protocol visits
(:mod:`~raphe.experiments.engine.coordinates`), kept in memory and on disk
(:mod:`~raphe.experiments.engine.cache`), and interpolated multilinearly in
between; the windows missing from one request can run side by side in
helper processes (:mod:`~raphe.experiments.engine.parallel`).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
from concurrent.futures.process import BrokenProcessPool as _BrokenPool

import brian2
import numpy as np

from raphe.circuits.spec import CircuitSpec
from raphe.circuits.window import WindowResult, run_window
from raphe.experiments.engine.adaptive import Planner
from raphe.experiments.engine.cache import WindowCache, cache_root, standalone_root, surface_key
from raphe.experiments.engine.coordinates import coord_of, defaults, from_coord, is_sensitivity, to_coord
from raphe.experiments.engine.parallel import (drop_helper_pool, has_helper_pool, helper_evaluate,
                                               helper_load, helper_pool)
from raphe.experiments.engine.settings import EngineSettings


class ResponseSurface:
    """Fast readouts memoized over fast inputs (one circuit, back end, window).

    Parameters
    ----------
    circuit : CircuitSpec
    settings : EngineSettings
    """

    def __init__(self, circuit: CircuitSpec, settings: EngineSettings):
        self.circuit = circuit
        self.settings = settings
        self.windows_run = 0
        self.cache_hits = 0
        self.last_plan: dict | None = None  # the last adaptive plan: nodes, rounds, additive, windows
        self._memory: dict[str, dict] = {}
        root = cache_root(settings.cache_dir)
        self.directory = os.path.join(root, "surface", surface_key(circuit, settings))
        self.standalone_dir = standalone_root(settings.cache_dir)
        self.disk = WindowCache(self.directory, enabled=settings.cache)
        # the slow clock asks for the same point twice per step (speculation, then the readouts)
        # and for the same grid nodes at every step: the last plan, and every node's key, are kept
        self._last_plan: tuple | None = None
        self._node_keys: dict = {}
        self._keys_base: dict | None = None
        self._rows: dict = {}
        self._tables: dict = {}
        self._limits: tuple = (None, {}, {})
        self._last_point: tuple | None = None
        self._cells: dict = {}
        self._all_cached: tuple | None = None  # the last cell's keys found all cached, and record_spikes

    @property
    def nodes(self) -> int:
        """Distinct windows this surface holds in memory."""
        return len(self._memory)

    def key(self, inputs: dict) -> str:
        """Cache key of a window at ``inputs`` (inputs at their default are left out)."""
        # inputs at their default are left out, so keys made before an input
        # existed (or with a default of 0) stay valid
        base = defaults()
        text = json.dumps({k: r for k, v in sorted(inputs.items())
                           if (r := round(v, 9)) != base[k]}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:20]

    def _lookup(self, full: dict, record_spikes: bool, plain: str | None = None) -> WindowResult | None:
        """A cached window at ``full`` inputs (memory, then disk), or None (``plain``: its key)."""
        if plain is None:
            plain = self.key(full)
        key = plain + ("-spikes" if record_spikes else "")
        for k in ((key,) if record_spikes else (key, plain + "-spikes")):
            if k in self._memory:
                return self._memory[k]
        result = self.disk.load(key, record_spikes)
        if result is not None:
            self._memory[key] = result
        return result

    def _run(self, full: dict, record_spikes: bool) -> WindowResult:
        """Run the window at ``full`` inputs in this process and cache it."""
        result = run_window(self.circuit, full, warmup=self.settings.warmup,
                            duration=self.settings.window, backend=self.settings.backend,
                            record_spikes=record_spikes, standalone_dir=self.standalone_dir)
        self._store(full, record_spikes, result)
        return result

    def _store(self, full: dict, record_spikes: bool, result: WindowResult, disk: bool = True) -> None:
        plain = self.key(full)
        key = plain + ("-spikes" if record_spikes else "")
        self._memory[key] = result
        if disk:
            self.disk.save(key, plain, record_spikes, result)

    def evaluate(self, inputs: dict, record_spikes: bool = False) -> WindowResult:
        """Readouts at ``inputs``: from the cache, or by running a window.

        With ``record_spikes`` the window's spikes are cached too (``.npz``);
        a window run with spikes also serves later requests without them.
        """
        return self.evaluate_many([inputs], record_spikes=record_spikes)[0]

    def evaluate_many(self, inputs_list, record_spikes: bool = False, progress=None) -> list[WindowResult]:
        """Readouts at each of ``inputs_list``; missing windows run side by side.

        With ``settings.workers > 1`` the windows not in the cache are shared
        round-robin between this process and the helper processes
        (:func:`helper_pool`); otherwise they run here one after another.
        ``progress(1)`` is called per window obtained.
        """
        fulls = _fulls(inputs_list)
        return self._evaluate(fulls, [self.key(full) for full in fulls], record_spikes, progress)

    def _evaluate(self, fulls: list, keys: list, record_spikes: bool, progress) -> list[WindowResult]:
        """:meth:`evaluate_many` of full inputs with their keys."""
        results: list = [None] * len(fulls)
        firsts, repeats, seen = [], [], {}  # windows to run; the same node again in this request
        for k, full in enumerate(fulls):
            key = keys[k]
            hit = self._lookup(full, record_spikes, key)
            if hit is not None:
                self.cache_hits += 1
                results[k] = hit
                if progress is not None:
                    progress(1)
                continue
            if key in seen:
                repeats.append((k, seen[key]))
            else:
                seen[key] = k
                firsts.append(k)
        futures = {}
        workers = self.settings.workers
        if workers > 1 and firsts and not has_helper_pool(workers - 1):
            self._start_helpers()  # windows are being run: let the helpers load the circuit meanwhile
        if workers > 1 and len(firsts) > 1:
            pool = helper_pool(workers - 1)
            mine = set(firsts[::workers])
            try:
                futures = {k: pool.submit(helper_evaluate, self.circuit, self.settings, fulls[k], record_spikes)
                           for k in firsts if k not in mine}
            except RuntimeError:  # pool broken or shut down: run everything here
                drop_helper_pool(workers - 1)
                futures = {}
        try:
            for k in firsts:
                if k in futures:
                    continue
                results[k] = self._run(fulls[k], record_spikes)
                self.windows_run += 1
                if progress is not None:
                    progress(1)
            for k, future in futures.items():
                try:
                    result, ran = future.result()
                except _BrokenPool:  # a helper died (killed, out of memory): run its windows here
                    drop_helper_pool(workers - 1)
                    result, ran = self._run(fulls[k], record_spikes), True
                else:
                    self._store(fulls[k], record_spikes, result, disk=False)  # the helper wrote the disk cache
                if ran:
                    self.windows_run += 1
                else:
                    self.cache_hits += 1
                results[k] = result
                if progress is not None:
                    progress(1)
        except BaseException:
            for future in futures.values():
                future.cancel()
            raise
        for k, first in repeats:
            results[k] = results[first]
            self.cache_hits += 1
            if progress is not None:
                progress(1)
        return results

    def _start_helpers(self) -> None:
        pool = helper_pool(self.settings.workers - 1)
        try:
            for _ in range(self.settings.workers - 1):
                pool.submit(helper_load, self.circuit, self.settings)
        except RuntimeError:
            drop_helper_pool(self.settings.workers - 1)

    def _step(self, name: str) -> float:
        return self.settings.sensitivity_step if is_sensitivity(name) else self.settings.grid_step

    def active_inputs(self, trajectory: dict[str, np.ndarray]) -> list[str]:
        """The inputs of a trajectory that move away from their default (surface dimensions)."""
        out = []
        base = defaults()
        for n, arr in trajectory.items():
            if n not in base:
                continue
            limit = self.settings.min_sensitivity_change if is_sensitivity(n) else self.settings.min_effect
            arr = np.asarray(arr, dtype=float)
            if arr.size == 1:  # one time (the slow clock's steps): the same number without numpy's reduction
                deviation = abs(float(arr.reshape(-1)[0]) - base[n])
            else:
                deviation = np.max(np.abs(arr - base[n]))
            if deviation >= max(limit, 1e-12):
                out.append(n)
        return out

    def _adaptive(self, trajectory: dict[str, np.ndarray], active: list[str], n_t: int,
                  record_spikes: bool, progress, held: dict | None = None):
        """Nodes placed by :class:`~raphe.experiments.engine.adaptive.Planner` (windows run in
        rounds): (weights, node index per term and time, node inputs, their results)."""
        scale = 2 ** self.settings.refine_levels
        units = [self._step(n) / scale for n in active]
        x = np.array([to_coord(n, trajectory[n]) / u for n, u in zip(active, units)],
                     dtype=float).reshape(len(active), n_t)

        def inputs_of(node):
            out = dict(held or {})
            out.update({n: from_coord(n, (i / scale) * self._step(n)) for n, i in zip(active, node)})
            return out

        def evaluate(nodes):
            return self.evaluate_many([inputs_of(n) for n in nodes], record_spikes=record_spikes,
                                      progress=progress)

        planner = Planner(x, [not is_sensitivity(n) for n in active], self.settings, evaluate)
        plan = planner.plan()
        if planner.direct:  # fewer windows at the times' own inputs than on the tensor grid
            rows = np.array([np.asarray(trajectory[n], dtype=float).reshape(n_t) for n in active]).T
            distinct, inverse = np.unique(rows, axis=0, return_inverse=True)
            node_inputs = []
            for row in distinct:
                inputs = dict(held or {})
                inputs.update({n: float(v) for n, v in zip(active, row)})
                node_inputs.append(inputs)
            results = self.evaluate_many(node_inputs, record_spikes=record_spikes, progress=progress)
            self.last_plan = {"nodes": len(node_inputs), "rounds": planner.rounds + 1, "additive": False,
                              "direct": True, "windows": len(planner.results) + len(node_inputs)}
            return np.ones((1, n_t)), inverse.reshape(1, n_t), node_inputs, results
        weights, index, nodes, results = plan
        self.last_plan = {"nodes": len(nodes), "rounds": planner.rounds, "additive": planner.additive,
                          "direct": False, "windows": len(planner.results)}
        return weights, index, [inputs_of(n) for n in nodes], results

    def held_inputs(self, trajectory: dict[str, np.ndarray], active: list[str]) -> dict[str, float]:
        """Active inputs that stay put along a trajectory of more than one time, with the value
        they are held at (their mean): nodes take this exact value instead of the grid's lower and
        upper values. An input stays put when its coordinate moves by at most the finest cell the
        engine places (``grid_step / 2**refine_levels``), within which it treats a readout as linear.

        A challenge given on top of a chronic treatment (the agonist's cumulative doses) moves one
        input while the treatment's occupancy and the receptor sensitivities stay put: on the grid
        every node along the moving input would be run at every corner of the cell of the others
        (``2**held`` windows, interpolated across sensitivities at which the agonist's potency
        differs); held, it is one window, at the animal's own inputs. (8-OH-DPAT's cumulative doses
        move citalopram's SERT occupancy by ~0.01 of ``-log10(1 - occupancy)`` by competition: held
        at the mean, which changes the occupancy's effect by at most half that range times its slope.)
        """
        n_t = len(next(iter(trajectory.values())))
        if n_t < 2:
            return {}
        out = {}
        for n in active:
            value = np.asarray(trajectory[n], dtype=float)
            coord = to_coord(n, value)
            if float(np.max(coord) - np.min(coord)) <= self._step(n) / 2 ** self.settings.refine_levels + 1e-12:
                out[n] = float(round(float(np.mean(value)), 9))
        return out

    def snapped(self, held: dict) -> dict:
        """Held inputs moved to the nearest node of the finest cell the engine places
        (``grid_step / 2**refine_levels`` in the coordinate; within it the engine treats a readout
        as linear, as :meth:`held_inputs` does): animals whose inputs differ by less share nodes.
        The error is at most half that cell times the readout's slope, the same bound as holding."""
        out = {}
        for n, v in held.items():
            fine = self._step(n) / 2 ** self.settings.refine_levels
            coord = round(float(to_coord(n, v)) / fine) * fine
            out[n] = float(round(from_coord(n, coord), 9))
        return out

    def geometric_plan(self, term: np.ndarray, name: str, held: dict | None = None):
        """Nodes along an agonist's receptor term placed geometrically (a trajectory recording unit
        rates with ``settings.agonist_octaves = n > 0``): at 0 and at the powers ``2**(n k)`` of the
        term (k whole) that bracket its positive values, the other inputs at ``held``.

        A full agonist's effect on firing is a sigmoid in the logarithm of its dose (Hill), so
        readouts are interpolated linearly in ``log2(term)`` between positive nodes, and linearly in
        the term below the lowest one (only values below ``max / 2**16`` are placed there). A
        cumulative dose series doubles the dose at each step (Chaput 1986; Le Poul 1995): ``n = 2``
        is one node per two doses. Returns (weights (2, n_t), index into the nodes (2, n_t), -1:
        weight 0), node inputs).
        """
        n = self.settings.agonist_octaves
        term = np.clip(np.asarray(term, dtype=float), 0.0, None)
        n_t = len(term)
        positive = term[term > 0]
        weights = np.zeros((2, n_t))
        index = np.full((2, n_t), -1, dtype=int)
        if positive.size == 0:
            weights[0] = 1.0
            index[0] = 0
            return weights, index, [dict(held or {}, **{name: 0.0})]
        top = float(np.log2(positive.max()))
        bottom = max(float(np.log2(positive.min())), top - 16.0)
        k_lo = int(np.floor(bottom / n + 1e-9)) * n
        k_hi = max(int(np.ceil(top / n - 1e-9)) * n, k_lo + n)
        ladder = np.arange(k_lo, k_hi + 1, n, dtype=float)  # exponents of the positive nodes
        values = np.concatenate([[0.0], 2.0 ** ladder])
        lo = np.zeros(n_t, dtype=int)  # index into values of each time's lower node
        frac = np.zeros(n_t)
        above = term >= values[1]
        log_t = np.log2(np.where(above, term, 1.0))
        j = np.clip(np.searchsorted(ladder, log_t + 1e-12, side="right") - 1, 0, len(ladder) - 2)
        lo[above] = j[above] + 1
        frac[above] = np.clip((log_t[above] - ladder[j[above]]) / n, 0.0, 1.0)
        below = ~above
        frac[below] = term[below] / values[1]
        used = np.zeros(len(values), dtype=bool)
        used[lo] = True
        used[np.minimum(lo + 1, len(values) - 1)[frac > 0]] = True
        position = np.cumsum(used) - 1
        weights[0] = 1.0 - frac
        weights[1] = frac
        index[0] = position[lo]
        upper = frac > 0
        index[1, upper] = position[np.minimum(lo + 1, len(values) - 1)[upper]]
        weights[1, ~upper] = 0.0
        nodes = [dict(held or {}, **{name: float(v)}) for v in values[used]]
        return weights, index, nodes

    def _plan(self, trajectory: dict[str, np.ndarray], active: list | None = None, hold: bool = False):
        """Grid nodes and weights of a trajectory on the uniform grid: (active inputs, times,
        corner weights, node index per corner and time (-1: weight 0), distinct nodes, their inputs,
        their cache keys). Shared with the caller: read only. With ``hold``, the inputs of
        :meth:`held_inputs` take their held value at every node."""
        if active is None:
            active = self.active_inputs(trajectory)
        held = self.held_inputs(trajectory, active) if hold else {}
        n_t = len(next(iter(trajectory.values())))
        d = len(active)
        coords = np.array([to_coord(n, trajectory[n]) for n in active], dtype=float).reshape(d, n_t)
        base = defaults()
        if base is not self._keys_base:  # the receptor registry changed: so may the keys
            self._keys_base, self._node_keys, self._last_plan = base, {}, None
        held_key = tuple(sorted(held.items()))
        memo = (tuple(active), n_t, coords.tobytes(), held_key)  # the exact bits: the same plan
        if self._last_plan is not None and self._last_plan[0] == memo:
            return self._last_plan[1]
        steps = np.array([self._step(n) for n in active]).reshape(d, 1)
        lower = np.floor(coords / steps + 1e-9).astype(int)
        frac = np.clip(coords / steps - lower, 0.0, 1.0)
        for k, n in enumerate(active):
            if n in held:  # one node, at the held value (grid index 0 stands for it)
                lower[k] = 0
                frac[k] = 0.0
        corners = np.array(list(itertools.product((0, 1), repeat=d)), dtype=int).reshape(2 ** d, d)
        weights = np.ones((len(corners), n_t))
        for j, c in enumerate(corners):
            for k in range(d):
                weights[j] = weights[j] * (frac[k] if c[k] else 1.0 - frac[k])
        used = weights > 0
        used[0] = True  # the lower corner is always evaluated (an input exactly on a node)
        # node of each (corner, time), as rows of grid indices; the distinct used ones, sorted
        nodes = (lower[None, :, :] + corners[:, :, None]).transpose(0, 2, 1)  # corners x times x d
        index = np.full((len(corners), n_t), -1, dtype=int)  # -1: a row of zeros (weight 0)
        if d:
            rows = nodes[used]  # one integer key per row (mixed radix: sorts as the tuples do)
            low = rows.min(axis=0)
            span = rows.max(axis=0) - low + 1
            radix = np.concatenate([np.cumprod(span[::-1])[::-1][1:], [1]]).astype(np.int64)
            keys, inverse = np.unique((rows - low) @ radix, return_inverse=True)
            index[used] = inverse.reshape(-1)
            needed = [tuple(int(v) for v in (key // radix) % span + low) for key in keys]
        else:
            needed = [()]
            index[used] = 0
        names = memo[0]
        node_inputs, keys = [], []
        for node in needed:
            known = self._node_keys.get((names, node, held_key))
            if known is None:
                inputs = {n: held[n] if n in held else from_coord(n, node[k] * self._step(n))
                          for k, n in enumerate(active)}
                known = self._node_keys[(names, node, held_key)] = (inputs, self.key(_fulls([inputs])[0]))
            node_inputs.append(known[0])
            keys.append(known[1])
        plan = (active, n_t, weights, index, needed, node_inputs, keys)
        self._last_plan = (memo, plan)
        return plan

    def missing(self, trajectory: dict[str, np.ndarray], record_spikes: bool = False) -> list[dict]:
        """Inputs of the uniform grid's nodes a trajectory needs that are in neither cache (the
        nodes :meth:`point` uses at each of its times; with ``record_spikes``, also those cached
        without spikes)."""
        *_, node_inputs, keys = self._plan(trajectory)
        out = []
        for full, inputs, key in zip(_fulls(node_inputs), node_inputs, keys):
            if self._lookup(full, record_spikes, key) is None:
                out.append(dict(inputs))
        return out

    def interpolate(self, trajectory: dict[str, np.ndarray], progress=None,
                    unit_rates: str | None = None, record_spikes: bool = False) -> dict:
        """Interpolated readouts along an input trajectory (arrays over time).

        Returns ``{"rates_hz": {...}, "concentrations_nM": {...},
        "receptor_activation": {...}, "drn_isi_cv": array}`` with one value per time.
        Inputs that stay at their default (within ``min_effect`` /
        ``min_sensitivity_change``) are held at the default. With
        ``settings.adaptive``, more than one time and no ``unit_rates`` (or
        ``settings.adaptive_unit_rates``), nodes are placed by
        :mod:`~raphe.experiments.engine.adaptive` (``self.last_plan`` describes them);
        otherwise on the uniform grid. With ``unit_rates``, inputs that stay put along a
        trajectory of more than one time are held at their exact value (:meth:`held_inputs`) and
        nodes are placed along the others only; when only an agonist's term moves and
        ``settings.agonist_octaves`` is set (not ``adaptive_unit_rates``), at powers of its term
        (:meth:`geometric_plan`), the held inputs at the nearest node of the finest cell
        (:meth:`snapped`).

        With ``unit_rates`` (a population name) the surface nodes are run with
        spikes recorded and ``"unit_rates_hz"`` (times x neurons: each neuron's
        rate in the window, interpolated like the other readouts) is added.
        ``record_spikes`` keeps the nodes' spikes without reading them (a later
        request for unit rates at the same nodes then needs no window).
        """
        active = self.active_inputs(trajectory)
        n_t = len(next(iter(trajectory.values())))
        # trajectories with unit rates (a challenge on top of a treatment, every node a spike
        # window): the inputs the challenge leaves alone are held at their values and nodes are
        # placed along the moving ones only, on the uniform grid unless adaptive_unit_rates (the
        # agonist's steep response needs nodes below the grid step for its ED50, at more windows)
        held = self.held_inputs(trajectory, active) if unit_rates is not None else {}
        moving = [n for n in active if n not in held]
        adaptive = self.settings.adaptive and (unit_rates is None or self.settings.adaptive_unit_rates)
        geometric = (unit_rates is not None and self.settings.agonist_octaves > 0 and n_t > 1
                     and len(moving) == 1 and moving[0].startswith("agonist."))
        if adaptive and moving and n_t > 1:
            weights, index, node_inputs, results = self._adaptive(
                trajectory, moving, n_t, record_spikes or unit_rates is not None, progress, held)
        elif geometric:
            weights, index, node_inputs = self.geometric_plan(trajectory[moving[0]], moving[0],
                                                              self.snapped(held))
            results = self.evaluate_many(node_inputs, record_spikes=True, progress=progress)
        else:
            active, n_t, weights, index, needed, node_inputs, keys = self._plan(
                trajectory, active, hold=unit_rates is not None)
            results = self._evaluate(_fulls(node_inputs), keys, record_spikes or unit_rates is not None, progress)
        template = results[0]
        out = {"rates_hz": {}, "concentrations_nM": {}, "receptor_activation": {}}
        for field_name in out:  # all readouts of a field at once (the same operations per element)
            keys = tuple(getattr(template, field_name))
            table = np.array([self._row(r, field_name, keys) for r in results]
                             + [[0.0] * len(keys)], dtype=float).reshape(len(results) + 1, len(keys))
            acc = np.zeros((n_t, len(keys)))
            for j in range(len(weights)):
                acc += weights[j][:, None] * table[index[j]]
            for m, key in enumerate(keys):
                out[field_name][key] = acc[:, m].copy()
        table = np.nan_to_num(np.array([r.drn_isi_cv for r in results] + [0.0]), nan=0.0)
        acc = np.zeros(n_t)
        for j in range(len(weights)):
            acc += weights[j] * table[index[j]]
        out["drn_isi_cv"] = acc
        if unit_rates is not None:
            size = self.circuit.size(unit_rates)
            dur = float(self.settings.window / brian2.second)
            rows = [np.bincount(np.asarray(r.spikes[unit_rates][1], dtype=int), minlength=size)[:size] / dur
                    for r in results]
            table = np.vstack(rows + [np.zeros(size)])
            acc = np.zeros((n_t, size))
            for j in range(len(weights)):
                acc += weights[j][:, None] * table[index[j]]
            out["unit_rates_hz"] = acc
        return out

    def _row(self, result: WindowResult, field_name: str, keys: tuple) -> list:
        """``[result.<field_name>[key] for key in keys]``, kept per window (the slow clock reads the
        same nodes at every step)."""
        known = self._rows.get((id(result), field_name))
        if known is None or known[1] != keys:  # the result is held, so its id is not reused
            values = getattr(result, field_name)
            known = self._rows[(id(result), field_name)] = (result, keys, [values[key] for key in keys])
        return known[2]

    def point(self, inputs: dict, unit_rates: str | None = None, record_spikes: bool = False) -> dict:
        """Interpolated readouts at one input point (scalars; see :meth:`interpolate`)."""
        if unit_rates is None:  # the slow clock's case, once per step: the same numbers, less overhead
            return self._point(inputs, record_spikes)
        full = dict(defaults())
        full.update(inputs)
        res = self.interpolate({k: np.array([v]) for k, v in full.items()}, unit_rates=unit_rates,
                               record_spikes=record_spikes)
        out = {f: {k: float(v[0]) for k, v in res[f].items()}
               for f in ("rates_hz", "concentrations_nM", "receptor_activation")}
        out["drn_isi_cv"] = float(res["drn_isi_cv"][0])
        out["unit_rates_hz"] = res["unit_rates_hz"][0]
        return out

    def _point(self, inputs: dict, record_spikes: bool) -> dict:
        """:meth:`point` without unit rates: :meth:`interpolate`'s arithmetic at one time (the same
        operations in the same order, so the same bits), with the table of a plan's nodes kept."""
        table, names, weights, index = self._point_plan(inputs, record_spikes)
        acc = np.zeros(table.shape[1])
        for j in range(len(weights)):
            acc += weights[j][0] * table[index[j][0]]
        values = acc.tolist()
        out, m = {}, 0
        for field_name, field_keys in names:
            out[field_name] = dict(zip(field_keys, values[m:m + len(field_keys)]))
            m += len(field_keys)
        out["drn_isi_cv"] = values[m]
        return out

    def _point_active(self, inputs: dict) -> list:
        """The active inputs of one point, in the order of :func:`defaults` (what
        :meth:`active_inputs` gives for the point's full inputs at one time)."""
        base = defaults()
        if self._limits[0] is not base:  # the receptor registry changed: so may the inputs
            self._limits = (base, {n: max(self.settings.min_sensitivity_change if is_sensitivity(n)
                                          else self.settings.min_effect, 1e-12) for n in base},
                            {n: k for k, n in enumerate(base)})
        limits, order = self._limits[1], self._limits[2]
        # an input left out is at its default: not active (every limit is > 0)
        return sorted((n for n, v in inputs.items() if n in limits and abs(float(v) - base[n]) >= limits[n]),
                      key=order.__getitem__)

    def _point_nodes(self, inputs: dict) -> tuple:
        """:meth:`_plan` of one point; the last one is kept (the slow clock asks for the same point
        twice per step: :meth:`point_cached`, then :meth:`point`)."""
        memo = (defaults(), tuple(inputs), tuple(inputs.values()))
        last = self._last_point
        if last is not None and last[0][0] is memo[0] and last[0][1:] == memo[1:]:
            return last[1]
        plan = self._point_grid(inputs, self._point_active(inputs))
        self._last_point = (memo, plan)
        return plan

    def _point_grid(self, inputs: dict, active: list) -> tuple:
        """:meth:`_plan` of the one-time trajectory of ``inputs`` (the same plan, bit for bit): the corners of
        one cell in Python floats, with :meth:`_plan`'s operations in its order. A cell's corners,
        in :func:`itertools.product` order, are its nodes in sorted order, so the distinct used
        nodes are the used corners as they come; the nodes, index and keys are kept per cell and
        set of used corners (the slow clock stays in a cell for many steps)."""
        base = defaults()
        if base is not self._keys_base:  # the receptor registry changed: so may the keys
            self._keys_base, self._node_keys, self._last_plan, self._cells = base, {}, None, {}
        names = tuple(active)
        lower, frac = [], []
        for n in active:
            q = coord_of(n, inputs[n]) / self._step(n)
            low = math.floor(q + 1e-9)
            lower.append(low)
            frac.append(min(max(q - low, 0.0), 1.0))
        corners = _corners(len(active))
        ws = []
        for c in corners:
            w = 1.0
            for ck, f in zip(c, frac):
                w = w * (f if ck else 1.0 - f)
            ws.append(w)
        used = tuple(w > 0 for w in ws)  # (the lower corner is always evaluated, see below)
        memo = (names, tuple(lower), used)
        cell = self._cells.get(memo)
        if cell is None:
            index = np.full((len(corners), 1), -1, dtype=int)
            needed, node_inputs, keys = [], [], []
            for j, c in enumerate(corners):
                if used[j] or j == 0:  # an input exactly on a node: the lower corner, weight 1
                    node = tuple(low + ck for low, ck in zip(lower, c))
                    index[j, 0] = len(needed)
                    needed.append(node)
                    known = self._node_keys.get((names, node, ()))
                    if known is None:
                        node_in = {n: from_coord(n, node[k] * self._step(n)) for k, n in enumerate(active)}
                        known = self._node_keys[(names, node, ())] = (node_in, self.key(_fulls([node_in])[0]))
                    node_inputs.append(known[0])
                    keys.append(known[1])
            index.flags.writeable = False
            if len(self._cells) > 4096:
                self._cells.clear()
            cell = self._cells[memo] = (index, needed, node_inputs, keys)
        weights = np.array(ws, dtype=float).reshape(len(corners), 1)
        return (active, 1, weights) + cell

    def _point_plan(self, inputs: dict, record_spikes: bool) -> tuple:
        """Table, column names, weights and node index of one point (see :meth:`_table`)."""
        _, _, weights, index, _, node_inputs, keys = self._point_nodes(inputs)
        table, names = self._table(node_inputs, keys, record_spikes)
        return table, names, weights, index

    def point_cached(self, inputs: dict, record_spikes: bool = False) -> bool:
        """Whether every node :meth:`point` needs at ``inputs`` is cached (memory or disk), i.e.
        :meth:`missing` of the point is empty; the plan is kept for the :meth:`point` that follows."""
        *_, keys = self._point_nodes(inputs)
        known = self._all_cached
        if known is not None and known[0] is keys and known[1] == record_spikes:
            return True  # the same cell as the last step's (a cell's keys are kept as one list)
        if all(self._lookup(None, record_spikes, key) is not None for key in keys):
            self._all_cached = (keys, record_spikes)
            return True
        return False

    def _table(self, node_inputs: list, keys: list, record_spikes: bool) -> tuple:
        """Readouts of a plan's nodes as one table (a row per node, then a row of zeros; columns:
        rates, concentrations, activations, ISI CV with NaN as 0) and its column names per field,
        kept per node set (the slow clock reads the same nodes at many steps)."""
        memo = (tuple(keys), record_spikes)
        known = self._tables.get(memo)
        if known is not None and all(self._lookup(None, record_spikes, key) is result
                                     for key, result in zip(keys, known[2])):
            self.cache_hits += len(keys)
            return known[0], known[1]
        results = self._evaluate(_fulls(node_inputs), keys, record_spikes, None)
        template = results[0]
        names = [(f, tuple(getattr(template, f))) for f in ("rates_hz", "concentrations_nM", "receptor_activation")]
        rows = [[v for f, fk in names for v in self._row(r, f, fk)] + [r.drn_isi_cv] for r in results]
        width = sum(len(fk) for _, fk in names) + 1
        table = np.array(rows + [[0.0] * width], dtype=float).reshape(len(results) + 1, width)
        table[:, -1] = np.nan_to_num(table[:, -1], nan=0.0)
        if len(self._tables) > 4096:
            self._tables.clear()
        self._tables[memo] = (table, names, results)
        return table, names


_CORNERS: dict = {}


def _corners(d: int) -> list:
    """The corners of a cell in ``d`` inputs, in :func:`itertools.product` order (kept)."""
    if d not in _CORNERS:
        _CORNERS[d] = list(itertools.product((0, 1), repeat=d))
    return _CORNERS[d]


def _fulls(inputs_list) -> list[dict]:
    """Each inputs dict completed with every other input's default."""
    base = defaults()
    out = []
    for inputs in inputs_list:
        full = dict(base)
        full.update(inputs)
        out.append(full)
    return out
