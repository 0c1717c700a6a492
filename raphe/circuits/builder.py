"""The circuit builder: the only code that creates Brian2 objects.

:func:`build` turns a :class:`~raphe.circuits.spec.CircuitSpec` into one
explicit :class:`brian2.Network`. Fast inputs become group variables
(``pools.inhib``, ``<group>.agonist_<type>``, ``<group>.competitor_<type>``,
``<group>.sens_<site>``) so a compiled network takes new values through
``run_args`` without rebuilding.
"""

from __future__ import annotations

from dataclasses import dataclass

import brian2
import numpy as np

from raphe.circuits import noise
from raphe.circuits.inputs import TRANSPORTERS, validate_inputs
from raphe.circuits.populations.base import MEMBRANE, SHARED
from raphe.circuits.receptors import RECEPTORS, TRANSMITTER_VAR, type_identifier
from raphe.circuits.pool_model import (autoreceptor_inputs, autoreceptor_response, basal_uptake, cytosolic_fill,
                                       release_per_spike, release_scale, steady_state_concentration, store_fill,
                                       uptake_ratio)
from raphe.circuits.spec import CircuitSpec
from raphe.errors import RapheInputError, UnknownNameError

#: Extracellular pools with their terminal autoreceptor (operational model, first-order lag)
#: and the cytosolic fill ``f_cyt`` that scales their impulse-independent release
#: (:class:`raphe.circuits.spec.CytosolicPool`). A pool without an autoreceptor has
#: ``ar_imax = 0``, one without a cytosolic pool ``rho_cyt = 0`` (``f_cyt`` stays 1).
POOL_EQUATIONS = """
dC/dt = speed*(tonic*supply*f_cyt - J - k_diff*C) : mmolar
J = Vmax*C/(Km*(1 + inhib) + C) : mmolar/second
df_cyt/dt = speed*((1 - rho_cyt) + rho_cyt*J/J0 - f_cyt)/CYTOSOL_TAU_WINDOW : 1
rho_cyt : 1 (constant)
J0 : mmolar/second (constant)
dar/dt = speed*(ar_target - ar)/ar_lag : 1
ar_rho = (C/ar_K + ar_ag)/(1 + C/ar_K + ar_ag + ar_comp) : 1
ar_target = ar_sens*ar_tau*ar_rho/(1 + ar_sens*ar_tau*ar_rho) : 1
release_scale = 1 - ar_imax*ar : 1
speed = 1 + (POOL_WARMUP_SPEEDUP - 1)*int(t < t_fast) : 1
dC_settle/dt = int(t < t_fast)*(C - C_settle)/POOL_SETTLE_AVERAGE : mmolar
settled : 1
tonic : mmolar/second (constant)
Vmax : mmolar/second (constant)
Km : mmolar (constant)
k_diff : 1/second (constant)
ar_K : mmolar (constant)
ar_tau : 1 (constant)
ar_lag : second (constant)
ar_imax : 1 (constant)
ar_ag : 1
ar_comp : 1
ar_sens : 1
supply : 1
inhib : 1
t_fast : second (constant)
"""

#: A spike's release into each pool of its population: the increment ``q`` scaled by the
#: terminal autoreceptor (and during the warm-up by the speed-up, see below).
RELEASE_ON_PRE = "C_post += q*speed_post*release_scale_post*supply_post"
THRESHOLD = "v > v_th"
RESET = "v = v_reset; gahp += delta_ahp"

#: During a window's warm-up (``t < t_fast``) pool release and clearance both run this many
#: times faster: the steady state is unchanged but a pool whose clearance is slowed by a
#: transporter block (time constant of seconds) settles within the warm-up. A numerical
#: device, not physiology; the measured window runs at speed 1.
POOL_WARMUP_SPEEDUP = 8

#: At the end of the warm-up each pool restarts from its mean over the warm-up's last part
#: (a running average with this time constant): release per spike is sped up too, so the
#: last spikes before the switch would otherwise leave an amplified excess that then clears
#: at normal speed, biasing the measured window (by ~10 % in PFC under SERT block). A
#: numerical device like the speed-up; no effect outside a window's warm-up.
POOL_SETTLE_AVERAGE = 0.25 * brian2.second

#: Relaxation time of the cytosolic fill inside a spiking window. The fill turns over with
#: cytosolic MAO-A metabolism, minutes [U] (Best, Nijhout & Reed 2010 give the cytosolic
#: 5-HT pool as a fast compartment of the terminal); the engine evaluates windows at
#: quasi-steady state, so inside a window the fill relaxes in 1 s and settles within the
#: warm-up. The minutes-scale lag is not modelled: a 10-20 min dialysis sample averages
#: over it, and a fill that lagged by ~90 s in the continuous run but not in the engine
#: made the engine miss it by 8 % (tests/test_engine_vs_continuous.py); neglecting the lag in
#: both keeps them equal and moves a 20-min sample by under a few % [U].
CYTOSOL_TAU_WINDOW = 1 * brian2.second

#: The number of independent Poisson sources behind each neuron's background input.
_BACKGROUND_SOURCES = 200


def circuit_equations(spec: CircuitSpec, standalone: bool = False) -> brian2.Equations:
    """Equations of the circuit's neurons: the membrane plus every receptor site.

    ``brian2.Equations`` of :func:`equations_text`.
    """
    return brian2.Equations(equations_text(spec, standalone))


def equations_text(spec: CircuitSpec, standalone: bool = False) -> str:
    """The text of the circuit's neuron equations: the membrane plus every receptor site.

    All populations share one ``NeuronGroup``; a site a population does not
    express has ``gmax = 0`` there. ``standalone``: the membrane noise is drawn by
    :func:`raphe.circuits.noise.gauss_noise` (same Euler-Maruyama update, cheaper generator;
    a cpp_standalone build of a spec with ``noise="ziggurat"``).
    """
    text = noise.standalone_membrane(MEMBRANE) if standalone else MEMBRANE
    transmitters, types = set(), set()
    for rec in _sites(spec):
        text += rec.equations()
        transmitters.add(rec.transmitter)
        types.add(rec.type_id)
    for tr in sorted(transmitters):
        text += f"{TRANSMITTER_VAR[tr]} : mmolar (linked)\n"
    for t in sorted(types):
        text += f"agonist_{t} : 1 (shared)\ncompetitor_{t} : 1 (shared)\n"
    text += "g_rec : siemens\ngE_rec : amp\nI_receptors = gE_rec - g_rec*v : amp\n"
    return text


def receptor_update_code(spec: CircuitSpec) -> str:
    """Code run every ``RECEPTOR_DT``: activations, then the summed receptor conductance.

    ``g_rec = sum_s gmax_s*sens_s*act_s`` and ``gE_rec = sum_s g_s*E_s``, so the
    membrane current is ``I_receptors = gE_rec - g_rec*v``.
    """
    sites = _sites(spec)
    if not sites:
        return "g_rec = 0*nS\ngE_rec = 0*pA"
    lines = [rec.update() for rec in sites]
    lines.append("g_rec = " + " + ".join(rec.conductance() for rec in sites))
    lines.append("gE_rec = " + " + ".join(f"{rec.conductance()}*E_{rec.identifier}" for rec in sites))
    return "\n".join(lines)


def model_code(spec: CircuitSpec) -> str:
    """The model code a built circuit of ``spec`` runs (part of ``spec.fingerprint()``)."""
    # the equations' text, not ``str(brian2.Equations)``: a fingerprint (every cache key)
    # then needs no equation parser, so a run whose windows are all cached never loads
    # Brian2's code generation (see raphe.units.defer_brian2)
    return "\n".join([equations_text(spec), receptor_update_code(spec), POOL_EQUATIONS,
                      RELEASE_ON_PRE, noise.DESCRIPTION, repr(sorted((k, str(v)) for k, v in SHARED.items())),
                      f"speedup={POOL_WARMUP_SPEEDUP} settle={POOL_SETTLE_AVERAGE} receptor_dt={RECEPTOR_DT}"
                      f" cytosol_tau={CYTOSOL_TAU_WINDOW}",
                      f"threshold={THRESHOLD} reset={RESET}",
                      repr(sorted((k, str(v)) for k, v in TTX_SLICE.items())),
                      repr(_sites(spec)), repr(sorted(terminal_sites(spec).items()))])


#: update interval of receptor activations (receptor/GIRK kinetics are >= tens of ms)
RECEPTOR_DT = 1 * brian2.ms


def _sites(spec: CircuitSpec):
    """Conductance receptor sites used by the circuit's populations (registry order)."""
    used = {s.receptor for p in spec.populations for s in p.receptors}
    for name in used:
        rec = RECEPTORS.get(name, field="population.receptors")
        if rec.effector != "conductance":
            raise UnknownNameError("population.receptors (conductance sites)", name,
                                   [n for n in RECEPTORS.names() if RECEPTORS.get(n).effector == "conductance"])
    return [RECEPTORS.get(n) for n in RECEPTORS.names() if n in used]


def terminal_sites(spec: CircuitSpec) -> dict:
    """Pool name -> its terminal autoreceptor site (:class:`ReceptorType`), for pools that have one."""
    return {pool.name: RECEPTORS.get(pool.autoreceptor.receptor) for pool in spec.pools
            if pool.autoreceptor is not None}


@dataclass
class BuiltCircuit:
    """A built network and handles to its parts (returned by :func:`build`)."""

    spec: CircuitSpec
    network: brian2.Network
    neurons: brian2.NeuronGroup
    groups: dict
    offsets: dict
    pools: brian2.NeuronGroup
    pool_index: dict
    spike_monitor: brian2.SpikeMonitor
    pool_monitor: brian2.StateMonitor
    v_monitor: object = None


#: Variables a TTX slice sets on every neuron: no spikes, and no in-vivo tonic drive (DRN 5-HT
#: neurons in slices are silent unless an alpha-1 agonist replaces their noradrenergic drive;
#: Vandermaelen & Aghajanian 1983 Brain Res 289:109 [R]).
TTX_SLICE = {"v_th": 1 * brian2.volt, "I_drive": 0 * brian2.amp, "rate_bg": 0 * brian2.Hz}


def _standalone_device() -> bool:
    """Whether objects built now belong to a cpp_standalone project (one generator state: no OpenMP)."""
    from brian2.devices.cpp_standalone.device import CPPStandaloneDevice

    if not isinstance(brian2.get_device(), CPPStandaloneDevice):
        return False
    if brian2.prefs.devices.cpp_standalone.openmp_threads:
        raise RapheInputError("circuit.noise", "ziggurat", "'brian2' in OpenMP builds "
                              "(brian2.prefs.devices.cpp_standalone.openmp_threads is set; the "
                              "ziggurat generator has one state per process)")
    return True


def _draw(rng: np.random.Generator, value, cv: float, n: int):
    if cv <= 0:
        return value * np.ones(n)
    z = np.clip(rng.standard_normal(n), -3, 3)
    return value * (1 + cv * z)


def build(spec: CircuitSpec, inputs=None, *, ttx: bool = False, record_v: str | None = "DRN_5HT",
          v_record_dt=1 * brian2.ms, pool_record_dt=1 * brian2.ms,
          fast_pools_until=0 * brian2.second) -> BuiltCircuit:
    """Build the Brian2 network of ``spec`` with fast ``inputs`` applied.

    Parameters
    ----------
    spec : CircuitSpec
    inputs : dict, optional
        Fast inputs (see :mod:`raphe.circuits.inputs`); missing ones are 0.
    ttx : bool
        A slice with tetrodotoxin: spiking blocked (thresholds at +1 V) and
        the in-vivo tonic drive removed (``I_drive`` and background afferents
        set to 0; see :data:`TTX_SLICE`).
    record_v : str, optional
        Population whose membrane potential is recorded (up to 20 cells;
        default the DRN 5-HT neurons, as in a single-unit/patch experiment).
    v_record_dt, pool_record_dt : Quantity
        Sampling intervals of the recorded potential and pool concentrations.
    fast_pools_until : Quantity
        Pools run :data:`POOL_WARMUP_SPEEDUP` times faster before this time
        (a window's warm-up); 0 s (default) for none.

    Notes
    -----
    Per-neuron parameters are drawn from a ``numpy.random.Generator`` seeded with
    ``spec.seed``; connectivity (:func:`projection_connect`) and the membrane noise use
    Brian2's generator, which the caller seeds with ``brian2.seed(spec.seed)`` (with
    ``spec.noise == "ziggurat"`` in a cpp_standalone build, the noise comes from
    :mod:`raphe.circuits.noise`, seeded from it). Projections
    of one kind share one ``Synapses`` object (``projections_exc``, ``projections_inh``) and
    release one (``release_pools``).
    """
    inputs = validate_inputs(inputs or {})
    rng = np.random.default_rng(np.random.SeedSequence([spec.seed, 0x5EED]))
    dt = spec.dt
    sizes = {p.name: spec.size(p.name) for p in spec.populations}
    offsets, start = {}, 0
    for p in spec.populations:
        offsets[p.name] = (start, start + sizes[p.name])
        start += sizes[p.name]
    n_total = start
    sites = _sites(spec)
    namespace = dict(SHARED)
    for rec in sites:
        namespace.update(rec.namespace())
    standalone = spec.noise == "ziggurat" and _standalone_device()
    if standalone:
        namespace["gauss_noise"] = noise.gauss_noise()
    neurons = brian2.NeuronGroup(
        n_total, circuit_equations(spec, standalone), threshold=THRESHOLD,
        reset=RESET, refractory="t_ref",
        method="euler", namespace=namespace, dt=dt, name="neurons")
    groups = {name: neurons[a:b] for name, (a, b) in offsets.items()}
    receptor_updater = neurons.run_regularly(receptor_update_code(spec), dt=RECEPTOR_DT,
                                             when="before_groups", name="receptor_update")

    # per-neuron parameters, drawn per population
    values = {key: np.zeros(n_total) for key in
              ("Cm", "gL", "EL", "v_th", "v_reset", "delta_ahp", "tau_ahp", "I_drive", "sigma",
               "t_ref", "rate_bg", "w_bg")}
    gmax = {rec.identifier: np.zeros(n_total) for rec in sites}
    v0, gahp0 = np.zeros(n_total), np.zeros(n_total)
    units = {}
    for pop in spec.populations:
        a, b = offsets[pop.name]
        n = b - a
        for pkey, param in pop.params.items():
            key = "t_ref" if pkey == "refractory" else pkey
            unit = brian2.Quantity(1.0, dim=brian2.get_dimensions(param.value))
            units[key] = unit
            values[key][a:b] = np.asarray(_draw(rng, param.value, pop.heterogeneity.get(pkey, 0.0), n) / unit)
        units["rate_bg"], units["w_bg"] = brian2.Hz, brian2.siemens
        values["rate_bg"][a:b] = float(pop.background_rate.value / brian2.Hz)
        values["w_bg"][a:b] = float(pop.background_weight.value / brian2.siemens)
        for site in pop.receptors:
            gmax[RECEPTORS.get(site.receptor).identifier][a:b] = float(site.gmax.value / brian2.siemens)
        vr, vt = values["v_reset"][a:b], values["v_th"][a:b]
        v0[a:b] = vr + rng.uniform(0, 1, n) * (vt - vr)
        gahp0[a:b] = rng.uniform(0, 1, n) * float(pop.params["delta_ahp"].value / brian2.siemens)
    for key, arr in values.items():
        setattr(neurons, key, arr * units[key])
    if ttx:
        for key, value in TTX_SLICE.items():
            setattr(neurons, key, value)
    for rec in sites:
        setattr(neurons, f"gmax_{rec.identifier}", gmax[rec.identifier] * brian2.siemens)
        setattr(neurons, f"sens_{rec.identifier}", 1.0)
    neurons.v = v0 * units["v_reset"]
    neurons.gahp = gahp0 * brian2.siemens
    neurons.ge = values["rate_bg"] * values["w_bg"] * float(SHARED["tau_e"] / brian2.second) * brian2.siemens
    objects = [neurons, receptor_updater]

    # extracellular pools
    pools = brian2.NeuronGroup(len(spec.pools), POOL_EQUATIONS, method="euler", dt=dt, name="pools",
                               namespace={"POOL_WARMUP_SPEEDUP": POOL_WARMUP_SPEEDUP,
                                          "POOL_SETTLE_AVERAGE": POOL_SETTLE_AVERAGE,
                                          "CYTOSOL_TAU_WINDOW": CYTOSOL_TAU_WINDOW},
                               events={"settle": "t_fast > 0*second and t >= t_fast and settled < 0.5"})
    pools.run_on_event("settle", "C = C_settle\nsettled = 1")
    pools.t_fast = fast_pools_until
    pool_index = {}
    for k, pool in enumerate(spec.pools):
        pool_index[pool.name] = k
        _, tonic = release_per_spike(pool, sizes[pool.releasing_population])
        pools.tonic[k] = tonic
        pools.Vmax[k] = pool.vmax.value
        pools.Km[k] = pool.km.value
        pools.k_diff[k] = pool.k_diff.value
        pools.rho_cyt[k] = pool.reuptake_share
        pools.J0[k] = basal_uptake(pool)
        if pool.autoreceptor is not None:
            rec = RECEPTORS.get(pool.autoreceptor.receptor)
            pools.ar_K[k] = rec.k_endogenous.value
            pools.ar_tau[k] = float(rec.tau.value)
            pools.ar_lag[k] = rec.lag.value
            pools.ar_imax[k] = float(pool.autoreceptor.imax.value)
        else:
            pools.ar_K[k] = 1 * brian2.mmolar
            pools.ar_tau[k] = 1.0
            pools.ar_lag[k] = 1 * brian2.second
            pools.ar_imax[k] = 0.0
    pools.ar_sens = 1.0
    pools.supply = 1.0
    objects.append(pools)

    # release: one Synapses object from every releasing neuron onto its pools, with per-synapse q
    release_i, release_j, release_q = [], [], []
    for pop_name in sorted({p.releasing_population for p in spec.pools}):
        a, b = offsets[pop_name]
        for pool in (p for p in spec.pools if p.releasing_population == pop_name):
            release_i.append(np.arange(a, b))
            release_j.append(np.full(b - a, pool_index[pool.name]))
            release_q.append(np.full(b - a, float(release_per_spike(pool, b - a)[0] / brian2.mmolar)))
    if release_i:
        syn = brian2.Synapses(neurons, pools, "q : mmolar (constant)", on_pre=RELEASE_ON_PRE,
                              dt=dt, name="release_pools",
                              namespace={"POOL_WARMUP_SPEEDUP": POOL_WARMUP_SPEEDUP})
        syn.connect(i=np.concatenate(release_i), j=np.concatenate(release_j))
        syn.q = np.concatenate(release_q) * brian2.mmolar
        objects.append(syn)

    # receptors read their region's pool of their transmitter
    for tr in sorted({rec.transmitter for rec in sites}):
        index = np.zeros(n_total, dtype=int)
        for pop in spec.populations:
            key = f"{pop.region}.{tr}"
            needs = any(RECEPTORS.get(s.receptor).transmitter == tr for s in pop.receptors)
            if key in pool_index:
                a, b = offsets[pop.name]
                index[a:b] = pool_index[key]
            elif needs:
                raise UnknownNameError(f"{pop.name}: pool for {tr}", key, pool_index)
        setattr(neurons, TRANSMITTER_VAR[tr], brian2.linked_var(pools, "C", index=index))

    # synaptic projections (fixed expected in-degree): one Synapses object per kind (fewer objects:
    # each costs per-step overhead and a compile), one connect per projection in the spec's order
    # (the order in which they draw from Brian2's generator, see projection_connect). A second
    # projection between the same two populations of the same kind goes to a further object.
    shared = []  # [kind, Synapses, blocks, weight terms, delay terms]
    for number, proj in enumerate(spec.projections):
        generator, block = projection_connect(proj, offsets)
        entry = next((e for e in shared if e[0] == proj.kind and block not in e[2]), None)
        if entry is None:
            var = "ge" if proj.kind == "exc" else "gi"
            count = sum(e[0] == proj.kind for e in shared)
            syn = brian2.Synapses(neurons, neurons, "w : siemens (constant)", on_pre=f"{var}_post += w",
                                  dt=dt, name=f"projections_{proj.kind}" + (f"_{count}" if count else ""))
            entry = [proj.kind, syn, [], [], []]
            shared.append(entry)
        _, syn, blocks, weight, delay = entry
        blocks.append(block)
        if generator is not None:
            syn.connect(j=generator)
            syn.namespace[f"w_{number}"], syn.namespace[f"delay_{number}"] = proj.weight.value, proj.delay.value
            weight.append(f"w_{number}*int({block})")
            delay.append(f"delay_{number}*int({block})")
    for _, syn, _, weight, delay in shared:
        if weight:  # connected
            syn.w = " + ".join(weight)
            syn.delay = " + ".join(delay)
        objects.append(syn)

    spike_monitor = brian2.SpikeMonitor(neurons, name="spikes")
    pool_monitor = brian2.StateMonitor(pools, "C", record=True, dt=pool_record_dt, name="pool_monitor")
    objects += [spike_monitor, pool_monitor]
    v_monitor = None
    if record_v is not None:
        a, b = offsets[record_v]
        v_monitor = brian2.StateMonitor(neurons, "v", record=np.arange(a, min(b, a + 20)), dt=v_record_dt,
                                        name="v_monitor")
        objects.append(v_monitor)

    built = BuiltCircuit(spec, brian2.Network(*objects), neurons, groups, offsets, pools, pool_index,
                         spike_monitor, pool_monitor, v_monitor)
    apply_inputs(built, inputs)
    # start pools at their steady state for the inputs (at nominal firing)
    c0, a0, f0 = initial_pool_state(spec, inputs, pool_index)
    pools.C = c0 * brian2.nM
    pools.ar = a0
    pools.f_cyt = f0
    return built


def projection_connect(proj, offsets: dict) -> tuple[str | None, str]:
    """Brian2 generator of one projection's synapses in the circuit's ``NeuronGroup``, and the
    condition on ``i``, ``j`` that selects its block of synapses.

    Each source neuron connects to each target neuron with probability ``p = min(1,
    indegree/len(source))`` (autapses included), drawn by Brian2's ``sample`` from Brian2's
    generator exactly as ``Synapses(source, target).connect(p=p)`` between the two subgroups:
    the condition on ``i`` is evaluated before sampling, so neurons of other populations draw
    no random numbers and the realization is that of one object per projection.
    """
    (a, b), (c, d) = offsets[proj.source], offsets[proj.target]
    p = min(1.0, proj.indegree / (b - a))
    block = f"i >= {a} and i < {b} and j >= {c} and j < {d}"
    if p <= 0:
        return None, block
    iterator = f"range({c}, {d})" if p == 1 else f"sample({c}, {d}, p={p!r})"
    return f"_k for _k in {iterator} if i >= {a} and i < {b}", block


def initial_pool_state(spec: CircuitSpec, inputs: dict, pool_index: dict):
    """Pool concentrations (nM), autoreceptor responses and cytosolic fills at steady state
    for ``inputs``.

    Firing is taken at its nominal rate; the warm-up corrects the rest.
    """
    c0, a0, f0 = (np.zeros(len(spec.pools)) for _ in range(3))
    for pool in spec.pools:
        k = pool_index[pool.name]
        args = autoreceptor_inputs(pool, inputs)
        occupancy = inputs[f"occupancy.{pool.transporter}"]
        c0[k] = steady_state_concentration(pool, occupancy, 1.0, *args, store=store_fill(pool, inputs))
        a0[k] = float(autoreceptor_response(pool, c0[k], *args))
        f0[k] = float(cytosolic_fill(pool, uptake_ratio(pool, c0[k], occupancy)))
    return c0, a0, f0


def transporter_inhibition(built: BuiltCircuit, inputs: dict) -> np.ndarray:
    """Per pool ``sum_i C_i/Ki = occupancy/(1 - occupancy)`` of its transporter."""
    inhib = np.zeros(len(built.pools))
    for pool in built.spec.pools:
        occ = min(inputs[f"occupancy.{pool.transporter}"], 1 - 1e-9)
        inhib[built.pool_index[pool.name]] = occ / (1 - occ)
    return inhib


def input_assignments(built: BuiltCircuit, inputs: dict) -> list[tuple[object, object]]:
    """(variable view, value) pairs that set ``inputs`` on a built circuit.

    The same pairs serve runtime assignment and cpp_standalone ``run_args``.
    """
    pairs = [(built.pools.inhib, transporter_inhibition(built, inputs))]
    ar = np.array([autoreceptor_inputs(p, inputs) for p in built.spec.pools]).reshape(-1, 3)
    order = np.array([built.pool_index[p.name] for p in built.spec.pools], dtype=int)
    for col, var in enumerate(("ar_ag", "ar_comp", "ar_sens")):
        values = np.zeros(len(built.spec.pools))
        values[order] = ar[:, col]
        pairs.append((getattr(built.pools, var), values))
    supply = np.ones(len(built.spec.pools))
    supply[order] = [store_fill(p, inputs) for p in built.spec.pools]
    pairs.append((built.pools.supply, supply))
    for rtype in sorted({rec.receptor_type for rec in _sites(built.spec)}):
        t = type_identifier(rtype)
        pairs.append((getattr(built.neurons, f"agonist_{t}"), inputs[f"agonist.{rtype}"]))
        pairs.append((getattr(built.neurons, f"competitor_{t}"), inputs[f"competitor.{rtype}"]))
    for rec in _sites(built.spec):
        value = inputs.get(f"sensitivity.{rec.name}", 1.0)
        pairs.append((getattr(built.neurons, f"sens_{rec.identifier}"), float(value)))
    return pairs


def add_input_schedule(built: BuiltCircuit, schedule: list[dict], step) -> None:
    """Drive the fast inputs from a schedule (one dict per ``step``) during a single run.

    The inputs become TimedArrays read by ``run_regularly`` operations every
    ``step``, so the network structure (and a compiled program) does not
    depend on how many steps there are. Used for continuous reference runs.
    """
    for rec in _sites(built.spec):  # sensitivities: constant over a schedule (slow state)
        values = {inputs.get(f"sensitivity.{rec.name}", 1.0) for inputs in schedule}
        if len(values) > 1:
            raise NotImplementedError(f"sensitivity.{rec.name} changes within a continuous schedule; "
                                      "sensitivities are slow state, constant over a run")
        setattr(built.neurons, f"sens_{rec.identifier}", float(values.pop()) if values else 1.0)
    for pool in built.spec.pools:  # terminal autoreceptor sensitivities: constant too
        values = {autoreceptor_inputs(pool, inputs)[2] for inputs in schedule}
        if len(values) > 1:
            raise NotImplementedError(f"the sensitivity of {pool.name}'s autoreceptor changes within a "
                                      "continuous schedule; sensitivities are slow state, constant over a run")
        built.pools.ar_sens[built.pool_index[pool.name]] = float(values.pop()) if values else 1.0
        fills = {store_fill(pool, inputs) for inputs in schedule}
        if len(fills) > 1:
            raise NotImplementedError(f"the store of {pool.name} changes within a continuous schedule; "
                                      "store fills are slow state, constant over a run")
        built.pools.supply[built.pool_index[pool.name]] = float(fills.pop()) if fills else 1.0
    inhib = np.array([transporter_inhibition(built, inputs) for inputs in schedule])
    ta = brian2.TimedArray(inhib, dt=step, name="schedule_inhib")
    pool_tables = {"schedule_inhib": ta}
    for col, var in enumerate(("ar_ag", "ar_comp")):
        table = np.zeros((len(schedule), len(built.spec.pools)))
        for row, inputs in enumerate(schedule):
            for pool in built.spec.pools:
                table[row, built.pool_index[pool.name]] = autoreceptor_inputs(pool, inputs)[col]
        pool_tables[f"schedule_{var}"] = brian2.TimedArray(table, dt=step, name=f"schedule_{var}")
    op = built.pools.run_regularly("inhib = schedule_inhib(t, i)\nar_ag = schedule_ar_ag(t, i)\n"
                                   "ar_comp = schedule_ar_comp(t, i)", dt=step, when="start",
                                   name="schedule_pools")
    built.network.add(op)
    lines, namespace = [], {"schedule_inhib": ta}
    for rtype in sorted({rec.receptor_type for rec in _sites(built.spec)}):
        t = type_identifier(rtype)
        for kind in ("agonist", "competitor"):
            values = np.array([inputs[f"{kind}.{rtype}"] for inputs in schedule])
            name = f"schedule_{kind}_{t}"
            namespace[name] = brian2.TimedArray(values, dt=step, name=name)
            lines.append(f"{kind}_{t} = {name}(t)")
    if lines:
        op = built.neurons.run_regularly("\n".join(lines), dt=step, when="start", name="schedule_neurons")
        built.network.add(op)
    built.pools.namespace.update(pool_tables)
    built.neurons.namespace.update(namespace)


def apply_inputs(built: BuiltCircuit, inputs: dict) -> None:
    """Set fast inputs on a built (runtime) circuit."""
    for view, value in input_assignments(built, inputs):
        view[:] = value


__all__ = ["build", "BuiltCircuit", "apply_inputs", "input_assignments", "initial_pool_state",
           "release_per_spike", "release_scale", "steady_state_concentration", "circuit_equations",
           "equations_text",
           "terminal_sites", "TRANSPORTERS"]
