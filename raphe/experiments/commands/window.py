"""``raphe window``: run one fast spiking window and print its readouts."""

from __future__ import annotations

import json

import brian2

from raphe.errors import RapheInputError

NAME = "window"


def add_arguments(parser):
    parser.add_argument("--seconds", default="4", help="measured window in s (default 4)")
    parser.add_argument("--warmup", default="2", help="discarded warm-up in s (default 2)")
    parser.add_argument("--input", action="append", default=[], metavar="NAME=VALUE",
                        help="fast input, e.g. occupancy.SERT=0.9 (repeatable; see --list-inputs)")
    parser.add_argument("--scale", default="1.0", help="circuit scale factor (default 1)")
    parser.add_argument("--seed", default="1", help="seed of the virtual animal (default 1)")
    parser.add_argument("--backend", default="cpp_standalone",
                        help="numpy, cython or cpp_standalone (default; compiles once, cached)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--list-inputs", action="store_true", help="list fast input names and ranges")


def _number(text, field, kind=float):
    try:
        value = kind(text)
    except (TypeError, ValueError):
        raise RapheInputError(field, text, f"a {'whole ' if kind is int else ''}number") from None
    return value


def run(args) -> int:
    from raphe.circuits import FAST_INPUTS, default_circuit, run_window

    if args.list_inputs:
        for name, spec in FAST_INPUTS.items():
            print(f"{name:24s} [{spec.minimum:g}, {spec.maximum:g}]  {spec.description}")
        return 0
    inputs = {}
    for item in args.input:
        if "=" not in item:
            raise RapheInputError("--input", item, "NAME=VALUE, e.g. occupancy.SERT=0.9")
        name, value = item.split("=", 1)
        inputs[name.strip()] = _number(value, f"--input {name.strip()}")
    seconds = _number(args.seconds, "--seconds")
    warmup = _number(args.warmup, "--warmup")
    spec = default_circuit(scale=_number(args.scale, "--scale"), seed=_number(args.seed, "--seed", int))
    result = run_window(spec, inputs, warmup=warmup * brian2.second, duration=seconds * brian2.second,
                        backend=args.backend)
    data = result.as_dict()
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    print(f"circuit: {spec.n_neurons} neurons, seed {spec.seed}; window {seconds:g} s after {warmup:g} s warm-up")
    print("firing rates (Hz):")
    for k, v in data["rates_hz"].items():
        print(f"  {k:10s} {v:8.2f}")
    print("extracellular concentrations (nM):")
    for k, v in data["concentrations_nM"].items():
        print(f"  {k:10s} {v:8.3f}")
    print("receptor activation (0-1):")
    for k, v in data["receptor_activation"].items():
        print(f"  {k:24s} {v:6.3f}")
    cv = data["drn_isi_cv"]
    print(f"DRN 5-HT ISI CV: {'n/a (too few spikes)' if cv is None else f'{cv:.3f}'}")
    return 0
