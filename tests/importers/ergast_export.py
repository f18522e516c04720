"""A small Ergast CSV directory written in the shape of the current export (synthetic data):
newest races.csv rows carry only the first 8 of 18 columns, sprints in sprint_results.csv."""

from __future__ import annotations

from pathlib import Path

RACES = (
    "raceId,year,round,circuitId,name,date,time,url,fp1_date,fp1_time,fp2_date,fp2_time,"
    "fp3_date,fp3_time,quali_date,quali_time,sprint_date,sprint_time"
)
RESULTS = (
    "resultId,raceId,driverId,constructorId,number,grid,position,positionText,positionOrder,"
    "points,laps,time,milliseconds,fastestLap,rank,fastestLapTime,fastestLapSpeed,statusId"
)
SPRINTS = (
    "resultId,raceId,driverId,constructorId,number,grid,position,positionText,positionOrder,"
    "points,laps,time,milliseconds,fastestLap,fastestLapTime,statusId"
)
DRIVERS = "driverId,driverRef,number,code,forename,surname,dob,nationality,url"
CONSTRUCTORS = "constructorId,constructorRef,name,nationality,url"
# (driverId, ref, forename, surname)
PEOPLE = ((1, "ada", "Ada", "Alpha"), (2, "bea", "Bea", "Beta"), (3, "cy", "Cy", "Gamma"))
TEAMS = ((1, "red_team", "Red Team"), (2, "blue_team", "Blue Team"))


def race_row(race_id: int, year: int, round_: int, full: bool, sprint: bool = False) -> str:
    """A races.csv row: all 18 columns, or only the first 8 as the newest rows are exported;
    `sprint`: a sprint weekend (its `sprint_date` given, so all 18 columns)."""
    head = (
        f'{race_id},{year},{round_},1,"Race {round_} Grand Prix",{year}-0{round_}-01,13:00:00,"u"'
    )
    if sprint:
        return head + ",\\N" * 8 + f",{year}-0{round_}-01,10:00:00"
    return head + (",\\N" * 10 if full else "")


def result_row(
    result_id: int, race_id: int, driver: int, team: int, position: int | None, order: int
) -> str:
    pos = "\\N" if position is None else str(position)
    text = "R" if position is None else pos
    return (
        f"{result_id},{race_id},{driver},{team},{driver},{order},{pos},{text},{order},0,"
        f"10,\\N,\\N,\\N,\\N,\\N,\\N,{1 if position else 3}"
    )


def sprint_row(
    result_id: int, race_id: int, driver: int, team: int, position: int | None, order: int
) -> str:
    pos = "\\N" if position is None else str(position)
    text = "R" if position is None else pos
    return (
        f"{result_id},{race_id},{driver},{team},{driver},{order},{pos},{text},{order},0,"
        f"5,\\N,\\N,\\N,\\N,{1 if position else 3}"
    )


def write_export(
    folder: Path,
    races: list[str],
    results: list[str],
    sprints: list[str] | None = None,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "races": [RACES, *races],
        "results": [RESULTS, *results],
        "drivers": [
            DRIVERS,
            *(f'{i},"{r}",\\N,\\N,"{f}","{s}",\\N,\\N,"u"' for i, r, f, s in PEOPLE),
        ],
        "constructors": [CONSTRUCTORS, *(f'{i},"{r}","{n}","X","u"' for i, r, n in TEAMS)],
        "driver_standings": ["driverStandingsId,raceId,driverId,points,position,positionText,wins"],
        "status": ["statusId,status", '1,"Finished"', '3,"Accident"'],
    }
    if sprints is not None:
        files["sprint_results"] = [SPRINTS, *sprints]
    for name, lines in files.items():
        (folder / f"{name}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
