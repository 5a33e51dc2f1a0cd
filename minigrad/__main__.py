"""``python -m minigrad ...`` is the ``minigrad`` command (see :mod:`minigrad.cli`)."""
import sys

from .cli import main

sys.exit(main())
