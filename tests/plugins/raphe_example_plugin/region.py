"""A region: dorsal hippocampus, offered to microdialysis as a probe site."""

import brian2

from raphe.circuits.regions import Region, register_region

register_region(Region("HPC", "dorsal hippocampus (plugin)", 3 * brian2.mmeter,
                       "[U] 3 mm: usual dorsal hippocampal probes are 2-4 mm"))
