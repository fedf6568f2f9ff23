"""`python -m contentcheck` (with PYTHONPATH=plugins), run from the project root."""

from .check import main

raise SystemExit(main())
