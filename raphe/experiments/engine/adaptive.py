"""Adaptive placement of surface nodes along a protocol's input trajectory.

The uniform grid spends windows on cells a protocol only passes through (an i.p.
dose crosses most of the occupancy range within minutes, then stays near its
plateau for hours) and, in more than one input, on every corner of every cell
although most inputs act on readouts of their own. Here, per active input:

1. *Dwell*: cells start ``2**coarse_levels`` grid steps wide and are halved down to
   the grid step while they hold at least a fraction ``dwell`` of the protocol's
   times (no window needed to decide).
2. *Error*: along each input (the others at an anchor node), a cell's
   interpolation error is estimated from the hierarchical surplus of three
   neighbouring nodes, ``f(m) - linear(l, r)(m)``, scaled to the cell's width
   (``|surplus| * (width / (r - l))**2``, exact for a quadratic). A cell whose
   estimate exceeds ``tolerance`` (relaxed to ``tolerance * dwell / p`` for a cell
   holding a fraction ``p < dwell`` of the times) is halved, down to
   ``grid_step / 2**refine_levels``. Each round's new nodes run together (both processes busy).
3. *Interaction*: with more than one input, readouts are combined additively,
   ``f(x) = sum_k f(line_k(x_k)) - (d - 1) f(anchor)`` (exact on the lines through
   the anchor, which is the node that makes the trajectory's mixed deviations
   smallest), if at the node of largest mixed deviation the additive value is
   within ``tolerance`` of a window run there; otherwise multilinearly on the
   tensor grid of every input's nodes.
4. *Direct*: if that tensor grid would still need more windows than the trajectory
   has distinct inputs (a short trajectory in many inputs: 2**d corners per cell),
   a window is run at each time's own inputs instead (no interpolation; exact, and
   fewer windows). The caller places those windows (:attr:`Planner.direct`).

Every decision depends only on the trajectory and on window readouts (which are
deterministic), never on what a cache already holds, so datasets do not depend on
the number of processes; nodes sit on dyadic subdivisions of the grid step, so a
node of the uniform grid is the same window (same inputs) here.
"""

from __future__ import annotations

import itertools

import numpy as np

#: floors of the relative error (a readout near zero is judged against these)
FLOORS = {"concentrations_nM": 0.1, "rates_hz": 0.5, "receptor_activation": 0.05}


def readout_vector(result) -> tuple[np.ndarray, np.ndarray]:
    """A window's readouts as one vector, and the floor of each."""
    values, floors = [], []
    for field, floor in FLOORS.items():
        d = getattr(result, field)
        for key in sorted(d):
            values.append(float(d[key]))
            floors.append(floor)
    return np.array(values), np.array(floors)


def relative_error(estimate: np.ndarray, actual: np.ndarray, floors: np.ndarray) -> float:
    """Largest ``|estimate - actual| / max(|actual|, floor)`` over readouts."""
    return float(np.max(np.abs(estimate - actual) / np.maximum(np.abs(actual), floors), initial=0.0))


def _dwell(x: np.ndarray, a: float, b: float) -> float:
    """Fraction of times strictly inside the cell (a, b) (on a node: exact, no cell)."""
    return float(np.mean((x > a + 1e-9) & (x < b - 1e-9)))


def _dwell_cells(x: np.ndarray, unit: int, levels: int, dwell: float) -> list[int]:
    """Breakpoints (in units) of cells halved from ``unit * 2**levels`` to ``unit`` while they
    hold at least ``dwell`` of the times; only cells the times visit are kept."""
    top = unit * 2 ** levels
    lo = int(np.floor(x.min() / top + 1e-9)) * top
    hi = int(np.ceil(x.max() / top - 1e-9)) * top
    points = set(range(lo, hi + 1, top))
    stack = [(a, a + top) for a in range(lo, hi, top)]
    while stack:
        a, b = stack.pop()
        if b - a > unit and _dwell(x, a, b) >= dwell:
            m = (a + b) // 2
            points.add(m)
            stack += [(a, m), (m, b)]
    return sorted(points)


def _cells(x: np.ndarray, bps: np.ndarray):
    """Per time: index of the cell's lower breakpoint and the fraction across it."""
    if len(bps) == 1:
        return np.zeros(len(x), dtype=int), np.zeros(len(x))
    lo = np.clip(np.searchsorted(bps, x + 1e-9, side="right") - 1, 0, len(bps) - 2)
    frac = np.clip((x - bps[lo]) / (bps[lo + 1] - bps[lo]), 0.0, 1.0)
    return lo, frac


def _visited(x: np.ndarray, bps: np.ndarray) -> set[int]:
    """Breakpoints (values) that are corners of cells the times use (weight > 0, or on a node)."""
    lo, frac = _cells(x, bps)
    out = set(bps[lo].tolist())
    out |= set(bps[np.minimum(lo + 1, len(bps) - 1)][frac > 0].tolist())
    return out


class Planner:
    """Nodes and interpolation weights of one trajectory.

    Parameters
    ----------
    x : ndarray (d, n_t)
        The trajectory in units of ``grid step / 2**refine_levels`` per input.
    refinable : list of bool
        Per input: whether its cells may be coarser or finer than the grid step
        (sensitivities keep their linear grid, on which 1 must be a node).
    settings : EngineSettings
    evaluate : callable
        ``evaluate(list of nodes) -> list of WindowResult``; a node is a tuple of
        integers (units per input).
    """

    def __init__(self, x, refinable, settings, evaluate):
        self.x = np.asarray(x, dtype=float)
        self.d, self.n_t = self.x.shape
        self.refinable = list(refinable)
        self.settings = settings
        self.evaluate = evaluate
        self.scale = 2 ** settings.refine_levels  # units per grid step
        self.values: dict[tuple, np.ndarray] = {}
        self.results: dict[tuple, object] = {}
        self.floors = None
        self.rounds = 0
        self.additive = True
        self.direct = False  # True: the caller runs a window at each time's own inputs

    # -- nodes
    def _run(self, nodes) -> None:
        new = sorted({tuple(int(v) for v in n) for n in nodes} - set(self.results))
        if not new:
            return
        self.rounds += 1
        for node, result in zip(new, self.evaluate(new)):
            self.results[node] = result
            self.values[node], self.floors = readout_vector(result)

    def _breakpoints(self) -> list[list[int]]:
        s = self.settings
        out = []
        for k in range(self.d):
            xk = self.x[k]
            if self.refinable[k]:
                out.append(_dwell_cells(xk, self.scale, s.coarse_levels, s.dwell))
            else:
                lo = int(np.floor(xk.min() / self.scale + 1e-9)) * self.scale
                hi = int(np.ceil(xk.max() / self.scale - 1e-9)) * self.scale
                out.append(list(range(lo, hi + 1, self.scale)))
        return out

    def _anchor(self, bps) -> tuple:
        """The node (one used breakpoint per input) that makes the sum over times and pairs of
        inputs of ``|x_j - a_j| |x_k - a_k|`` smallest (ties: the first in sorted order)."""
        used = [sorted(_visited(self.x[k], np.array(bps[k], dtype=float))) for k in range(self.d)]
        if self.d == 1:
            med = float(np.median(self.x[0]))
            return (int(min(used[0], key=lambda b: (abs(b - med), b))),)
        combos = list(itertools.product(*used))
        if len(combos) > 4096:  # many inputs: the used breakpoint nearest each median
            return tuple(int(min(u, key=lambda b, m=float(np.median(self.x[k])): (abs(b - m), b)))
                         for k, u in enumerate(used))
        dev = [np.abs(self.x[k][None, :] - np.array(used[k], dtype=float)[:, None]) for k in range(self.d)]
        idx = {k: {b: i for i, b in enumerate(used[k])} for k in range(self.d)}
        best, best_cost = None, None
        for combo in combos:
            rows = [dev[k][idx[k][b]] for k, b in enumerate(combo)]
            total = sum(rows)
            cost = float(np.sum(total * total - sum(r * r for r in rows))) / 2
            if best_cost is None or cost < best_cost - 1e-9:
                best, best_cost = combo, cost
        return tuple(int(v) for v in best)

    def _line(self, anchor, k, b) -> tuple:
        node = [int(v) for v in anchor]
        node[k] = b
        return tuple(node)

    def _line_nodes(self, anchor, bps) -> list[tuple]:
        nodes = [tuple(anchor)]
        for k in range(self.d):
            for b in sorted(_visited(self.x[k], np.array(bps[k], dtype=float))):
                nodes.append(self._line(anchor, k, b))
        return nodes

    # -- error estimates along the lines
    def _refine(self, anchor, bps) -> bool:
        """Halve the cells along each line whose error estimate is too large; True if any."""
        s = self.settings
        changed = False
        for k in range(self.d):
            if not self.refinable[k]:
                continue
            b = bps[k]
            xk = self.x[k]
            have = [v for v in b if self._line(anchor, k, v) in self.values]
            new = set()
            for i in range(len(b) - 1):
                lo_b, hi_b = b[i], b[i + 1]
                p = _dwell(xk, lo_b, hi_b)
                if p == 0 or hi_b - lo_b < 2:
                    continue
                allowed = s.tolerance * max(1.0, s.dwell / p)
                est = self._estimate(anchor, k, have, lo_b, hi_b)
                if est is None:
                    if p >= s.dwell or hi_b - lo_b > self.scale:
                        new.add((lo_b + hi_b) // 2)  # no estimate yet: the midpoint is one
                elif est > allowed:
                    new.add((lo_b + hi_b) // 2)
            if new:
                bps[k] = sorted(set(b) | new)
                changed = True
        return changed

    def _estimate(self, anchor, k, have, lo_b, hi_b):
        """Error estimate of the cell [lo_b, hi_b] along input k: the smaller of the surplus
        estimate and the change across the cell (which bounds the error of a readout monotone in
        the cell); None: its corners are not both known."""
        if lo_b not in have or hi_b not in have:
            return None
        i, j = have.index(lo_b), have.index(hi_b)
        f_lo, f_hi = (self.values[self._line(anchor, k, v)] for v in (lo_b, hi_b))
        change = relative_error(f_lo, f_hi, self.floors)
        best = (np.inf, change)
        for l_i, m_i, r_i in ((i - 1, i, j), (i, j, j + 1)):
            if l_i < 0 or r_i >= len(have):
                continue
            l, m, r = have[l_i], have[m_i], have[r_i]
            f = [self.values[self._line(anchor, k, v)] for v in (l, m, r)]
            linear = f[0] + (f[2] - f[0]) * (m - l) / (r - l)
            surplus = relative_error(linear, f[1], self.floors)
            est = surplus * ((hi_b - lo_b) / (r - l)) ** 2
            if (r - l) < best[0]:
                best = (r - l, min(est, change))
        return best[1]

    # -- interaction
    def _check_node(self, anchor, bps):
        """Where the additive combination is checked, and the fraction of times it stands for:
        the outer corner (farthest from the anchor) of the tensor cell whose times carry the
        largest sum of pairwise products of deviations from the anchor (None: no mixed deviation)."""
        if self.d < 2:
            return None, 0.0
        dev = np.abs(self.x - np.array(anchor, dtype=float)[:, None])
        score = np.zeros(self.n_t)
        for j, k in itertools.combinations(range(self.d), 2):
            score = score + dev[j] * dev[k]
        if float(score.max()) <= 1e-9:
            return None, 0.0
        arrays = [np.array(b, dtype=float) for b in bps]
        cells = [_cells(self.x[k], arrays[k]) for k in range(self.d)]
        corner = np.zeros((self.n_t, self.d), dtype=np.int64)
        for k in range(self.d):
            lo, frac = cells[k]
            lo_b = arrays[k][lo]
            hi_b = arrays[k][np.minimum(lo + 1, len(arrays[k]) - 1)]
            far = np.where(np.abs(hi_b - anchor[k]) >= np.abs(lo_b - anchor[k]), hi_b, lo_b)
            corner[:, k] = np.where(frac > 0, far, lo_b).astype(np.int64)
        keys, inverse = np.unique(corner, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        totals = np.bincount(inverse, weights=score, minlength=len(keys))
        best = int(np.argmax(totals))
        share = float(np.mean((inverse == best) & (score > 1e-9)))
        return tuple(int(v) for v in keys[best]), share

    def _additive_value(self, anchor, node):
        total = -(self.d - 1) * self.values[tuple(anchor)]
        for k in range(self.d):
            total = total + self.values[self._line(anchor, k, node[k])]
        return total

    def distinct_times(self) -> int:
        """Number of distinct inputs (columns of ``x``) along the trajectory."""
        return int(np.unique(self.x.T, axis=0).shape[0])

    # -- the plan
    def plan(self):
        """Returns (weights (m, n_t), index (m, n_t) into the node list (-1: weight 0), nodes, results);
        ``None`` (and :attr:`direct` set) when a window at each distinct time is cheaper than the
        tensor grid."""
        bps = self._breakpoints()
        anchor = self._anchor(bps)
        check, share = self._check_node(anchor, bps)
        self._run(self._line_nodes(anchor, bps) + ([check] if check is not None else []))
        for _ in range(self.settings.refine_levels + self.settings.coarse_levels + 1):
            if not self._refine(anchor, bps):
                break
            self._run(self._line_nodes(anchor, bps))
        allowed = self.settings.tolerance * max(1.0, self.settings.dwell / max(share, 1e-9))
        additive = check is None or relative_error(self._additive_value(anchor, check), self.values[check],
                                                    self.floors) <= allowed
        self.additive = additive
        arrays = [np.array(b, dtype=np.int64) for b in bps]
        cells = [_cells(self.x[k], arrays[k].astype(float)) for k in range(self.d)]
        base = np.array(anchor, dtype=np.int64)
        terms = []  # (weight over times, node per time: n_t x d integers)
        if additive:
            for k in range(self.d):
                lo, frac = cells[k]
                for w, i in ((1.0 - frac, lo), (frac, np.minimum(lo + 1, len(arrays[k]) - 1))):
                    rows = np.repeat(base[None, :], self.n_t, axis=0)
                    rows[:, k] = arrays[k][i]
                    terms.append((w, rows))
            if self.d > 1:
                terms.append((np.full(self.n_t, -(self.d - 1.0)), np.repeat(base[None, :], self.n_t, axis=0)))
        else:
            for corner in itertools.product((0, 1), repeat=self.d):
                w = np.ones(self.n_t)
                rows = np.zeros((self.n_t, self.d), dtype=np.int64)
                for k, c in enumerate(corner):
                    lo, frac = cells[k]
                    w = w * (frac if c else 1.0 - frac)
                    rows[:, k] = arrays[k][np.minimum(lo + c, len(arrays[k]) - 1)]
                terms.append((w, rows))
        used = np.concatenate([rows[w != 0] for w, rows in terms] + [base[None, :]], axis=0)
        distinct, _ = np.unique(used, axis=0, return_index=True)
        nodes = [tuple(int(v) for v in row) for row in distinct]
        if not additive:
            to_run = len(set(nodes) - set(self.results))
            if to_run > self.distinct_times():
                self.direct = True
                return None
        self._run(nodes)
        weights = np.zeros((len(terms), self.n_t))
        index = np.full((len(terms), self.n_t), -1, dtype=int)
        for j, (w, rows) in enumerate(terms):
            nz = w != 0
            if np.any(nz):
                index[j, nz] = _row_index(distinct, rows[nz])
                weights[j, nz] = w[nz]
        return weights, index, nodes, [self.results[n] for n in nodes]


def _row_index(distinct: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Position of each row of ``rows`` among the (lexicographically sorted, unique) ``distinct`` rows."""
    low = distinct.min(axis=0)
    span = distinct.max(axis=0) - low + 1
    radix = np.concatenate([np.cumprod(span[::-1])[::-1][1:], [1]]).astype(np.int64)
    keys = (distinct - low) @ radix
    return np.searchsorted(keys, (rows - low) @ radix)
