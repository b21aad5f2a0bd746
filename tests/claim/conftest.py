import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the GitHub double and repository helpers

from commons_repo import double, fast_writes  # noqa: E402,F401  (fixtures)
