"""`python -m tests.bench`."""

import sys

from . import main

sys.exit(main())
