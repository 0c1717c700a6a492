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

from raphe.circuits.inputs import TRANSPORTERS, validate_inputs
from raphe.circuits.populations.base import MEMBRANE, SHARED
from raphe.circuits.receptors import RECEPTORS, TRANSMITTER_VAR, type_identifier
from raphe.circuits.spec import CircuitSpec, PoolSpec
from raphe.errors import UnknownNameError

POOL_EQUATIONS = """
dC/dt = speed*(tonic - Vmax*C/(Km*(1 + inhib) + C) - k_diff*C) : mmolar
speed = 1 + (POOL_WARMUP_SPEEDUP - 1)*int(t < t_fast) : 1
tonic : mmolar/second (constant)
Vmax : mmolar/second (constant)
Km : mmolar (constant)
k_diff : 1/second (constant)
inhib : 1
t_fast : second (constant)
"""

#: A spike's release into each pool of its population (scaled during the warm-up, see below).
RELEASE_ON_PRE = "C_post += q*speed_post"
THRESHOLD = "v > v_th"
RESET = "v = v_reset; gahp += delta_ahp"

#: During a window's warm-up (``t < t_fast``) pool release and clearance both run this many
#: times faster: the steady state is unchanged but a pool whose clearance is slowed by a
#: transporter block (time constant of seconds) settles within the warm-up. A numerical
#: device, not physiology; the measured window runs at speed 1.
POOL_WARMUP_SPEEDUP = 8

#: The number of independent Poisson sources behind each neuron's background input.
_BACKGROUND_SOURCES = 200


def circuit_equations(spec: CircuitSpec) -> brian2.Equations:
    """Equations of the circuit's neurons: the membrane plus every receptor site.

    All populations share one ``NeuronGroup``; a site a population does not
    express has ``gmax = 0`` there.
    """
    text = MEMBRANE
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
    return brian2.Equations(text)


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
    return "\n".join([str(circuit_equations(spec)), receptor_update_code(spec), POOL_EQUATIONS,
                      RELEASE_ON_PRE, repr(sorted((k, str(v)) for k, v in SHARED.items())),
                      f"speedup={POOL_WARMUP_SPEEDUP} receptor_dt={RECEPTOR_DT}",
                      f"threshold={THRESHOLD} reset={RESET}",
                      repr(sorted((k, str(v)) for k, v in TTX_SLICE.items()))])


#: update interval of receptor activations (receptor/GIRK kinetics are >= tens of ms)
RECEPTOR_DT = 1 * brian2.ms


def _sites(spec: CircuitSpec):
    """Receptor site definitions used anywhere in the circuit (registry order)."""
    used = {s.receptor for p in spec.populations for s in p.receptors}
    for name in used:
        RECEPTORS.get(name, field="population.receptors")
    return [RECEPTORS.get(n) for n in RECEPTORS.names() if n in used]


def release_per_spike(pool: PoolSpec, n_releasing: int):
    """Concentration increment per spike that puts the pool at ``basal``.

    At steady state, release balances clearance at the basal level:
    ``R = Vmax*C0/(Km + C0) + k_diff*C0``; the impulse-dependent part
    ``(1 - tonic_fraction)*R`` is shared by ``n_releasing`` neurons firing at
    ``nominal_rate``.
    """
    c0, km, vmax, kd = pool.basal.value, pool.km.value, pool.vmax.value, pool.k_diff.value
    total = vmax * c0 / (km + c0) + kd * c0
    impulse = (1 - pool.tonic_fraction.value) * total
    return impulse / (n_releasing * pool.nominal_rate.value), pool.tonic_fraction.value * total


def steady_state_concentration(pool: PoolSpec, occupancy: float, release_factor: float = 1.0):
    """Pool concentration (nM, float) at steady state for a transporter occupancy.

    ``release_factor`` scales the impulse-dependent release relative to basal.
    Used to start a window near its steady state.
    """
    q_total, tonic = release_per_spike(pool, 1)
    rate = float((q_total * pool.nominal_rate.value * release_factor + tonic) / (brian2.nM / brian2.second))
    km = float(pool.km.value / brian2.nM) / max(1e-12, 1 - min(occupancy, 1 - 1e-12))
    vmax = float(pool.vmax.value / (brian2.nM / brian2.second))
    kd = float(pool.k_diff.value / brian2.Hz)
    # kd*C^2 + (vmax + kd*km - rate)*C - rate*km = 0
    b = vmax + kd * km - rate
    return float((-b + np.sqrt(b * b + 4 * kd * rate * km)) / (2 * kd))


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
    Per-neuron parameters are drawn from a ``numpy.random.Generator`` seeded
    with ``spec.seed``; connectivity and noise use Brian2's generator, which
    the caller seeds with ``brian2.seed(spec.seed)``.
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
    neurons = brian2.NeuronGroup(
        n_total, circuit_equations(spec), threshold=THRESHOLD,
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
                               namespace={"POOL_WARMUP_SPEEDUP": POOL_WARMUP_SPEEDUP})
    pools.t_fast = fast_pools_until
    pool_index = {}
    for k, pool in enumerate(spec.pools):
        pool_index[pool.name] = k
        _, tonic = release_per_spike(pool, sizes[pool.releasing_population])
        pools.tonic[k] = tonic
        pools.Vmax[k] = pool.vmax.value
        pools.Km[k] = pool.km.value
        pools.k_diff[k] = pool.k_diff.value
    objects.append(pools)

    # release: one Synapses object per releasing population, onto its pools
    for pop_name in sorted({p.releasing_population for p in spec.pools}):
        src = groups[pop_name]
        targets = [p for p in spec.pools if p.releasing_population == pop_name]
        syn = brian2.Synapses(src, pools, "q : mmolar (constant)", on_pre=RELEASE_ON_PRE,
                              dt=dt, name=f"release_{pop_name}",
                              namespace={"POOL_WARMUP_SPEEDUP": POOL_WARMUP_SPEEDUP})
        n = len(src)
        syn.connect(i=np.tile(np.arange(n), len(targets)),
                    j=np.repeat([pool_index[p.name] for p in targets], n))
        syn.q = np.concatenate([np.full(n, float(release_per_spike(p, n)[0] / brian2.mmolar))
                                for p in targets]) * brian2.mmolar
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

    # synaptic projections (fixed expected in-degree)
    for proj in spec.projections:
        src, tgt = groups[proj.source], groups[proj.target]
        var = "ge" if proj.kind == "exc" else "gi"
        syn = brian2.Synapses(src, tgt, on_pre=f"{var}_post += w_syn",
                              namespace={"w_syn": proj.weight.value}, delay=proj.delay.value,
                              dt=dt, name=f"syn_{proj.source}_to_{proj.target}")
        p = min(1.0, proj.indegree / len(src))
        if p > 0:
            syn.connect(p=p)
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
    # start pools at their drug-free steady state adjusted for the transporter block
    for pool in spec.pools:
        occ = inputs[f"occupancy.{pool.transporter}"]
        pools.C[pool_index[pool.name]] = steady_state_concentration(pool, occ) * brian2.nM
    return built


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
    inhib = np.array([transporter_inhibition(built, inputs) for inputs in schedule])
    ta = brian2.TimedArray(inhib, dt=step, name="schedule_inhib")
    op = built.pools.run_regularly("inhib = schedule_inhib(t, i)", dt=step, when="start",
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
    built.pools.namespace["schedule_inhib"] = ta
    built.neurons.namespace.update(namespace)


def apply_inputs(built: BuiltCircuit, inputs: dict) -> None:
    """Set fast inputs on a built (runtime) circuit."""
    for view, value in input_assignments(built, inputs):
        view[:] = value


__all__ = ["build", "BuiltCircuit", "apply_inputs", "input_assignments",
           "release_per_spike", "steady_state_concentration", "circuit_equations", "TRANSPORTERS"]
