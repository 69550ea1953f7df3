"""``python -m boardpack.cli``: the same as the ``boardpack`` command."""

import sys

from boardpack.cli import main

sys.exit(main())
