"""Constants of the results format (no heavy imports: readers start fast).

Layout (schema :data:`SCHEMA_VERSION`)::

    /                       attrs: schema_version, format="raphe-results", created,
                                   raphe/brian2/numpy/h5py versions, git_commit,
                                   seed, experiment, protocol, config_toml (as given),
                                   config_effective_toml (after --set), overrides,
                                   complete (bool), magic/version (SONATA)
    /spikes/<population>/   SONATA spikes (timestamps ms, node_ids, sorting; node_table)
    /subjects/<id>/...      per-subject time series, each dataset with a `units` attr
    /<protocol>/...         protocol readouts as measured (e.g. /microdialysis)
    /summary/...            group statistics
"""

import numpy as np

#: Version of the file layout; bump when a reader would misread older files.
SCHEMA_VERSION = 1
#: Value of the root ``format`` attribute.
FORMAT = "raphe-results"
#: SONATA spike file magic number.
SONATA_MAGIC = np.uint32(0x0A7A)
SORTING = {"none": 0, "by_id": 1, "by_time": 2}

#: Root attributes every complete results file has.
REQUIRED_ATTRS = ("format", "schema_version", "complete", "config_toml", "seed", "protocol")

#: Groups a complete file of each protocol must contain.
REQUIRED_GROUPS = {
    "microdialysis": ("subjects", "microdialysis", "summary/microdialysis", "cohort", "spikes"),
    "sweep": ("points", "summary/sweep"),
}
