"""A tiny raphe plugin for the tests: registers a region through the ``raphe.plugins`` entry points."""

import brian2

from raphe.circuits.regions import Region, register_region

register_region(Region("HPC", "dorsal hippocampus (plugin)", 3 * brian2.mmeter,
                       "[U] 3 mm: a test plugin's region"))
