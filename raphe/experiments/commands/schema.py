"""``raphe schema PROTOCOL``: the JSON schema of a protocol's config."""

from __future__ import annotations

import json

NAME = "schema"
HELP = "print the JSON schema of a protocol's config (keys, types, units, defaults)"


def add_arguments(parser) -> None:
    parser.add_argument("protocol", metavar="PROTOCOL", help="a protocol (see `raphe list protocols`)")


def run(args) -> int:
    from raphe.experiments.models import json_schema
    from raphe.experiments.protocols import load_all

    load_all().get(args.protocol, field="PROTOCOL")
    print(json.dumps(json_schema(args.protocol), indent=2))
    return 0
