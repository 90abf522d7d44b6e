"""``python -m app`` = the ``govaudit`` command."""
import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
