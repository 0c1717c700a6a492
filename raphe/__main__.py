import sys

from raphe.experiments.cli import main

sys.exit(main())
