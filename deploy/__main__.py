"""`python -m deploy`: N app processes behind nginx (see deploy/cluster.py and the README's deploy section)."""

import sys

from deploy.cluster import main

sys.exit(main())
