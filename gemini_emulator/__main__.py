"""Run the Gemini emulator: `python -m gemini_emulator --port 0`."""

import sys

from .cli import main

sys.exit(main())
