"""The press office and the results sheet on the site: the Misano page links car 17's weekend
report in English and Swedish (page and PDF), written from the store; the session page links the
results sheet PDF."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.reports.test_weekend_golden import SEED_RESULTS

from conftest import pdftotext
from pitboard.cli.serve import load_demo
from pitboard.store import open_store
from pitboard.web import create_app

MISANO = "/events/gt4-europe-2023-misano"
RACE2 = "/sessions/gt4-europe-2023-misano-race2"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder: Path = tmp_path_factory.mktemp("press")
    with open_store(f"sqlite:///{folder}/demo.db") as store:
        load_demo(store)
        with TestClient(create_app(store=store, secret="test")) as client:
            yield client


def _pdf_text(pdf: bytes) -> str:
    done = subprocess.run([pdftotext(), "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def test_misano_page_links_car_17_report_in_both_languages(demo: TestClient) -> None:
    page = demo.get(MISANO).text
    for link in ("/reports/17/en", "/reports/17/sv", "/reports/17/en.pdf", "/reports/17/sv.pdf"):
        assert f'href="{MISANO}{link}"' in page, link
    cars = demo.get(f"{MISANO}.json").json()["reports"]
    assert len(cars) == 48


def test_english_report_page_is_the_seeds_weekend(demo: TestClient) -> None:
    response = demo.get(f"{MISANO}/reports/17/en")
    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    for line in SEED_RESULTS.splitlines():
        assert f"<li>{line}</li>" in response.text
    assert f'href="{MISANO}/reports/17/sv"' in response.text  # the other language
    assert demo.get(f"{MISANO}/reports/17/en.json").json()["results"] == SEED_RESULTS.splitlines()


def test_swedish_report_page_and_pdf(demo: TestClient) -> None:
    page = demo.get(f"{MISANO}/reports/17/sv")
    assert '<html lang="sv">' in page.text and "Fri träning 1: 20:e plats" in page.text
    pdf = demo.get(f"{MISANO}/reports/17/sv.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    text = _pdf_text(pdf.content)
    assert "14–16 juli" in text and "Race 2: 18:e plats" in text


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (f"{MISANO}/reports/999/en", 404),  # not entered
        ("/events/gt4-europe-2023-hockenheim/reports/17/en", 404),  # no results yet
        ("/events/no-such-event/reports/17/en.pdf", 404),
        (f"{MISANO}/reports/17/de", 422),  # no such language
    ],
)
def test_report_errors(demo: TestClient, path: str, status: int) -> None:
    assert demo.get(path).status_code == status


def test_team_page_links_its_cars_reports(demo: TestClient) -> None:
    page = demo.get("/seasons/gt4-europe-2023/teams/Nordvik Racing (synthetic)")  # car 17's
    assert page.status_code == 200
    assert f'href="{MISANO}/reports/17/sv"' in page.text


def test_session_page_links_the_results_sheet(demo: TestClient) -> None:
    page = demo.get(RACE2).text
    assert f'href="{RACE2}/sheet.pdf?version=2"' in page  # the version shown
    sheet = demo.get(f"{RACE2}/sheet.pdf")
    assert sheet.status_code == 200 and sheet.headers["content-type"] == "application/pdf"
    text = _pdf_text(sheet.content)
    winner = demo.get(f"{RACE2}.json").json()["results"][0]
    for words in ("Silver", "Pro-Am", "Am", "Not classified", "Clerk of the Course", "Race 2"):
        assert words in text, words
    assert winner["drivers"][0] in text
    assert re.search(r"O\s*F\s*F\s*I\s*C\s*I\s*A\s*L", text)


def test_results_sheet_of_an_earlier_version(demo: TestClient) -> None:
    page = demo.get(f"{RACE2}/sheet?version=1").text
    assert "provisional" in page.lower() and "Version 1" in page
    assert demo.get(f"{RACE2}/sheet?version=99").status_code == 404


def test_a_small_season_has_reports_too(reader: TestClient) -> None:
    """Any event with results, on SQLite and PostgreSQL: a weekend of one race, no qualifying."""
    cars = reader.get("/events/demo-cup-2024-r1.json").json()["reports"]
    first = cars[0]["links"]
    html = reader.get(first["en"]["html"])
    assert html.status_code == 200 and "Race 1" in html.text
    assert reader.get(first["sv"]["pdf"]).content.startswith(b"%PDF")


def test_demo_decision_is_stamped_on_race_day_in_local_time(demo: TestClient) -> None:
    """Race 2 at Misano (Sunday 16 July 2023, 11:30–12:30): the stewards' decision carries
    that afternoon's time in CEST, not the moment the demo was loaded, in UTC."""
    page = demo.get("/sessions/gt4-europe-2023-misano-race2").text
    decisions = page.split("pit lane speeding (demo)", 1)[1].split("</li>", 1)[0]
    assert "(Stewards (demo), 2023-07-16 13:" in decisions and "CEST)" in decisions
    assert "UTC" not in decisions
