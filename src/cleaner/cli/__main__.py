"""``python -m cleaner.cli``: the ``cleaner`` command."""

import sys

from cleaner.cli import main

if __name__ == "__main__":  # not when a doctest run imports it
    sys.exit(main())
