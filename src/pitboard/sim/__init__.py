"""The race simulator: a synthetic GT4-style race as a stream of decoder passings.

Every name in it is invented and every result is made up; `LABEL` says so wherever it is shown.
"""

from pitboard.sim.race import LABEL, RaceSettings, SimulatedRace, simulate_race

__all__ = ["LABEL", "RaceSettings", "SimulatedRace", "simulate_race"]
