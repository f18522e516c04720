"""F1 1950–2009: final drivers' standings computed from finishing positions, checked against
Ergast's driver_standings.csv after each season's last round (never its points column)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from tests.golden.compare import Comparison, match_table

from pitboard.formats.ergast import ErgastDatabase, final_standings, read_ergast, season_results
from pitboard.model import Standing
from pitboard.rules.championships import load_championship
from pitboard.rules.standings import compute_standings

SEASONS = range(1950, 2010)
CENT = Decimal("0.01")

# Every (season, driverRef) that differs from Ergast, with why. Each is pinned by a test below.
KNOWN: dict[tuple[int, str], str] = {
    # 1954 British GP: seven drivers shared the fastest lap (1/7 point each, FIA); Ergast
    # credits it to four of them only. Ascari, Behra, Moss: +1/7 here; others shift one place.
    **{
        (1954, d): "1954 British GP seven-way fastest lap"
        for d in ("ascari", "behra", "moss", "wharton", "manzon", "marimon", "schell")
    },
    # 1951 Indianapolis 500: McGrath and Ayulo shared 3rd (2 points each). Ergast ranks
    # McGrath 15th but Ayulo 19th, behind every 2-point driver with a 5th place; count-back on
    # the shared 3rd puts both 15th. Crediting the placing to the first-listed driver only
    # breaks 1950, 1952 and 1953, so the rule behind Ergast's order is still unknown.
    **{(1951, d): "1951 Indy 500 shared 3rd in count-back" for d in ("ayulo", "ball", "cabantous")},
    (1951, "graffenried"): "1951 Indy 500 shared 3rd in count-back",
}


@cache
def _db(folder: Path) -> ErgastDatabase:
    return read_ergast(folder / "f1_ergast")


def _ours(db: ErgastDatabase, season: int) -> list[Standing]:
    return compute_standings(season_results(db, season), load_championship("f1", season))


def _compare(db: ErgastDatabase, season: int) -> Comparison:
    """Points, wins and position; a genuine tie matches any official place inside its block."""
    ours = _ours(db, season)
    block = Counter(s.position for s in ours)
    by_driver = {s.driver: s for s in ours}
    result = Comparison(f"f1-{season}")
    for official in final_standings(db, season):
        result.rows += 1
        ref = db.drivers[official.driver_id].ref
        mine = by_driver.get(ref)
        wrong = ["missing"] if mine is None else _differences(mine, official, block)
        if wrong:
            result.differences.append(f"{ref}: " + "; ".join(wrong))
        else:
            result.exact += 1
    return result


def _differences(mine: Standing, official: object, block: Counter[int]) -> list[str]:
    points, wins = official.points, official.wins  # type: ignore[attr-defined]
    position, text = official.position, official.position_text  # type: ignore[attr-defined]
    wrong = []
    if mine.points.quantize(CENT) != points:
        wrong.append(f"points ours={mine.points.quantize(CENT)} official={points}")
    if mine.wins != wins:
        wrong.append(f"wins ours={mine.wins} official={wins}")
    if mine.excluded or text == "D":
        if not (mine.excluded and text == "D"):
            wrong.append(f"excluded ours={mine.excluded} official={text}")
    elif not mine.position <= position < mine.position + block[mine.position]:
        wrong.append(f"position ours={mine.position} official={position}")
    return wrong


def _driver(difference: str) -> str:
    return difference.split(":", 1)[0]


def test_f1_final_standings_1950_2009(real_data: Path) -> None:
    db = _db(real_data)
    results = [_compare(db, season) for season in SEASONS]
    print()
    print(match_table(results))
    unexplained = [
        f"{r.name}: {d}"
        for r in results
        for d in r.differences
        if (int(r.name[3:]), _driver(d)) not in KNOWN
    ]
    assert not unexplained, "\n".join(unexplained)
    found = {(int(r.name[3:]), _driver(d)) for r in results for d in r.differences}
    assert found == set(KNOWN), f"fixed, drop from KNOWN: {sorted(set(KNOWN) - found)}"


@pytest.mark.parametrize("season", [1992, 1993, 1996, 1998, 2003, 2009])
def test_modern_seasons_are_exact(real_data: Path, season: int) -> None:
    assert _compare(_db(real_data), season).ok


def _row(db: ErgastDatabase, season: int, ref: str) -> Standing:
    return next(s for s in _ours(db, season) if s.driver == ref)


def test_1954_british_gp_fastest_lap_shared_by_seven(real_data: Path) -> None:
    moss = _row(_db(real_data), 1954, "moss")
    assert moss.points == Decimal(4) + Decimal(1) / Decimal(7)  # FIA: 4 1/7; Ergast: 4


def test_1997_schumacher_excluded_from_the_championship(real_data: Path) -> None:
    db = _db(real_data)
    rows = _ours(db, 1997)
    schumacher = next(s for s in rows if s.driver == "michael_schumacher")
    assert schumacher.excluded and schumacher.points == 78 and schumacher.wins == 5
    assert schumacher.position == len(rows)
    assert next(s for s in rows if s.position == 2).driver == "frentzen"


def test_1963_french_gp_graham_hill_push_start_no_points(real_data: Path) -> None:
    assert _row(_db(real_data), 1963, "hill").points == 29


def test_1967_german_gp_formula_2_cars_points_pass_down(real_data: Path) -> None:
    db = _db(real_data)
    assert _row(db, 1967, "ligier").points == 1
    assert _row(db, 1967, "oliver").points == 0


def test_1984_italian_gp_unregistered_second_cars_score_nothing(real_data: Path) -> None:
    db = _db(real_data)
    assert _row(db, 1984, "gartner").points == 0 and _row(db, 1984, "berger").points == 0


def test_1987_australian_gp_dalmas_not_entered_for_points(real_data: Path) -> None:
    assert _row(_db(real_data), 1987, "dalmas").points == 0


def test_1958_german_gp_mclaren_formula_2_no_points(real_data: Path) -> None:
    assert _row(_db(real_data), 1958, "mclaren").points == 0


def test_1988_best_eleven_prost_drops_points(real_data: Path) -> None:
    prost = _row(_db(real_data), 1988, "prost")
    assert (prost.points, prost.gross) == (87, 105)


def test_1950_shared_drive_points_split(real_data: Path) -> None:
    # Indianapolis 500: Chitwood/Bettenhausen shared 5th, 1 point each of 2.
    assert _row(_db(real_data), 1950, "chitwood").points == 1


def test_1951_belgian_gp_fastest_lap_fangio(real_data: Path) -> None:
    # Fangio finished 9th (no points) with the fastest lap (race report, independent of Ergast:
    # see ergast_fastest_laps.toml), and the standings after the round give him +1.
    db = _db(real_data)
    assert _row(db, 1951, "fangio").points == 31 and _row(db, 1951, "farina").points == 19


def test_1953_dutch_gp_fastest_lap_villoresi(real_data: Path) -> None:
    # Villoresi retired with the fastest lap (race report: 1:52.8, lap 59).
    assert _row(_db(real_data), 1953, "villoresi").points == 17


def test_1956_fangio_best_five_counts_each_car_monaco_drops_castellottis_fourth(
    real_data: Path,
) -> None:
    # Monaco: 2nd in Collins's #26 (6 / 2 = 3) plus the fastest lap (1, which Ergast files on
    # his other car) = 4, and 4th in Castellotti's #20 (3 / 2 = 1.5): two results, and the best
    # five (9, 8, 5, 4, 4) leave out the 1.5. Counting the round's 5.5 together gave 31.5.
    fangio = _row(_db(real_data), 1956, "fangio")
    assert (fangio.points, fangio.round_points(2)) == (30, Decimal("5.5"))
    dropped = sorted(r.points for r in fangio.rounds if not r.counted and r.points)
    assert dropped == [Decimal("1.5"), 3]  # Monaco in #20, Monza in Collins's #26


def test_1954_italian_gp_gonzalez_fastest_lap_goes_with_his_shared_third(
    real_data: Path,
) -> None:
    # Fastest lap in the car he retired (1) and 3rd shared with Hawthorn (4 / 2 = 2): one result
    # of 3 among his best five, 25 1/7 (counted apart, the 1 would be dropped: 24 1/7).
    gonzalez = _row(_db(real_data), 1954, "gonzalez")
    assert gonzalez.points == Decimal(25) + Decimal(1) / Decimal(7)


def test_1951_indy_500_ayulo_shared_third_ergast_ranks_him_below_every_two_point_driver(
    real_data: Path,
) -> None:
    # McGrath and Ayulo shared the 3rd-placed car (2 points each). Ergast ranks McGrath 15th
    # with the shared 3rd but Ayulo 19th, behind Ball (one 5th place, 2 points): for Ayulo it
    # counts no placing at all. Ours ranks both 15th on the same count-back.
    db = _db(real_data)
    official = {db.drivers[s.driver_id].ref: s for s in final_standings(db, 1951)}
    mcgrath, ayulo = official["mcgrath"], official["ayulo"]
    assert (mcgrath.points, mcgrath.position, ayulo.points, ayulo.position) == (2, 15, 2, 19)
    assert (official["ball"].points, official["ball"].position) == (2, 18)
    ours = {ref: _row(db, 1951, ref) for ref in ("mcgrath", "ayulo")}
    assert ours["mcgrath"].finishes == ours["ayulo"].finishes and ours["ayulo"].position == 15


def test_1956_belgian_gp_fastest_lap_moss(real_data: Path) -> None:
    # Moss set the fastest lap, 4:14.7 (Motor Sport's race report), and shared 3rd.
    assert _row(_db(real_data), 1956, "moss").points == 27


def test_1957_british_gp_collins_barred_trintignant_scores_4th_in_full(real_data: Path) -> None:
    db = _db(real_data)
    results = compute_standings(season_results(db, 1957), load_championship("f1", 1957))
    rows = {s.driver: s for s in results}
    assert rows["trintignant"].round_points(5) == 3 and rows["collins"].round_points(5) == 0
