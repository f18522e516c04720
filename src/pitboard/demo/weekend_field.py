"""The synthetic Misano field: 48 invented GT4 crews in Silver, Pro-Am and Am.

Every team, driver and result here is made up (labelled synthetic wherever it is shown). Car 17
is the crew the press-office demo follows: two siblings in a Silver-class Aston Martin.
"""

from __future__ import annotations

import random

from pitboard.demo import CARS, FIRST, LAST, TEAMS
from pitboard.model import Driver, Entry

CLASS_SIZES = {"Silver": 26, "Pro-Am": 12, "Am": 10}
# A dry, hot Misano (4.226 km): flat-out lap of a typical crew in each class, ms.
CLASS_PACE_MS = {"Silver": 104_600, "Pro-Am": 105_400, "Am": 106_300}
SIBLINGS = Entry(
    number="17",
    car_class="Silver",
    team="Nordvik Racing (synthetic)",
    vehicle="Aston Martin Vantage GT4",
    drivers=(Driver("Oskar Vallgren", "Silver", "SE"), Driver("Elin Vallgren", "Silver", "SE")),
)
FOLLOWED = SIBLINGS.number


def weekend_entries(rng: random.Random) -> list[Entry]:
    """48 entries in car-number order; numbers are strings, car 17 is the siblings'."""
    others = sum(CLASS_SIZES.values()) - 1
    numbers = sorted(rng.sample([n for n in range(2, 100) if n != int(FOLLOWED)], others))
    classes = [c for c, size in CLASS_SIZES.items() for _ in range(size)]
    classes.remove(SIBLINGS.car_class)
    rng.shuffle(classes)
    first, last = rng.sample(FIRST, len(FIRST)), rng.sample(LAST, len(LAST))
    entries = [SIBLINGS]
    for index, (number, car_class) in enumerate(zip(numbers, classes, strict=True)):
        drivers = tuple(
            Driver(f"{first[(2 * index + k) % len(first)]} {last[(2 * index + k) % len(last)]}")
            for k in range(2)
        )
        team = TEAMS[index // 2 % len(TEAMS)]
        entries.append(Entry(str(number), car_class, team, CARS[index % len(CARS)], drivers))
    return sorted(entries, key=lambda entry: int(entry.number))


def crew_pace(entry: Entry, rng: random.Random) -> tuple[int, int]:
    """Each driver's flat-out lap; in Pro-Am and Am the second driver is the amateur."""
    base = CLASS_PACE_MS[entry.car_class] + rng.randrange(-700, 800)
    second = {"Silver": rng.randrange(-300, 400), "Pro-Am": 1_200, "Am": 800}[entry.car_class]
    return base, base + second + rng.randrange(0, 500)
