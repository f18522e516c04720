"""Importers: official files into the store, each session whole or not at all.

    import_alkamel(store, "gt4-2023-misano-race1", "race-laps.csv", results="results.csv")
    import_ergast(store, "../shared/data/real/f1_ergast")       # seasons f1-1950 ... f1-2009
    import_acc(store, "acc-brands-hatch-r", "191003_235558_R.json")

Every importer reads and checks the whole input first (a bad value raises a FormatError naming
the file, the line or JSON path and the value) and only then writes, inside one transaction: on
any error nothing of that import is in the store. This layer may import model, rules, formats
and store.
"""

from pitboard.importers.acc import import_acc
from pitboard.importers.alkamel import import_alkamel
from pitboard.importers.ergast import import_ergast, load_ergast_results
from pitboard.importers.progress import Progress, quiet_progress

__all__ = [
    "Progress",
    "import_acc",
    "import_alkamel",
    "import_ergast",
    "load_ergast_results",
    "quiet_progress",
]
