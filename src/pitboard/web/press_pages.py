"""The press office on the site: one car's weekend report (`pitboard.reports.weekend`) in English
or Swedish, as HTML, PDF and JSON, written from the store's results of the event.

    /events/gt4-europe-2023-misano/reports/17/en        HTML
    /events/gt4-europe-2023-misano/reports/17/sv.pdf    PDF
    /events/gt4-europe-2023-misano/reports/17/en.json   the report's text as JSON

Reports are built once per store state (the result cache's stamp) and language.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import escape

from pitboard.reports.weekend import Report, UnknownEntry
from pitboard.store import NotFound
from pitboard.web.rendering import HTML, JSON, store_of
from pitboard.web.results import store_stamp

router = APIRouter()


class ReportLanguage(StrEnum):
    en = "en"
    sv = "sv"


LANGUAGE_NAMES = {"en": "English", "sv": "Svenska"}


def _cached(request: Request, key: tuple[Any, ...], make: Any) -> Any:
    cache = request.app.state.results
    return cache.through(store_stamp(store_of(request)), key, make)


def weekend_report_of(request: Request, event: str, car: str, lang: str) -> Report:
    """The car's report from the store's weekend (built once per store state)."""
    from pitboard.reports.i18n import Language
    from pitboard.reports.store_weekend import store_media, store_quotes, store_weekend
    from pitboard.reports.weekend import weekend_report

    store = store_of(request)
    weekend = _cached(request, ("weekend", event), lambda: store_weekend(store, event))
    media = _cached(request, ("media", event), lambda: store_media(store, event))

    def make() -> Report:
        quotes = store_quotes(store, event, car)
        try:
            return weekend_report(weekend, car, Language(lang), quotes, media)
        except UnknownEntry as error:
            raise NotFound(str(error)) from None

    report: Report = _cached(request, ("report", event, car, lang), make)
    return report


def report_json(report: Report) -> dict[str, Any]:
    return {
        "language": report.language,
        "headline": report.headline,
        "lead": report.lead,
        "parts": [
            {"title": p.title, "paragraphs": p.paragraphs, "quotes": p.quotes} for p in report.parts
        ],
        "results_title": report.results_title,
        "results": report.results,
        "links": [{"label": label, "url": url} for label, url in report.links],
        "calendar": report.calendar,
        "notice": report.notice,
    }


@router.get(
    "/events/{event}/reports/{car}/{lang}.pdf",
    tags=JSON,
    summary="A car's weekend report as PDF",
    response_class=Response,
)
def report_pdf_file(event: str, car: str, lang: ReportLanguage, request: Request) -> Response:
    from pitboard.reports.render_html import report_pdf

    report = weekend_report_of(request, event, car, lang.value)
    pdf: bytes = _cached(
        request, ("report-pdf", event, car, lang.value), lambda: report_pdf(report)
    )
    name = f"{event}-{car}-{lang.value}.pdf"
    headers = {"Content-Disposition": f'inline; filename="{name}"'}
    return Response(pdf, media_type="application/pdf", headers=headers)


@router.get("/events/{event}/reports/{car}/{lang}.json", tags=JSON, summary="A weekend report")
def report_json_page(event: str, car: str, lang: ReportLanguage, request: Request) -> Any:
    return report_json(weekend_report_of(request, event, car, lang.value))


@router.get("/events/{event}/reports/{car}/{lang}", response_class=HTMLResponse, tags=HTML)
def report_page(event: str, car: str, lang: ReportLanguage, request: Request) -> HTMLResponse:
    """The press release as a page of its own (print it, or take the PDF)."""
    from pitboard.reports.render_html import report_html

    report = weekend_report_of(request, event, car, lang.value)
    html: str = _cached(
        request, ("report-html", event, car, lang.value), lambda: report_html(report)
    )
    return HTMLResponse(_with_links(html, event, car, lang.value))


def _with_links(html: str, event: str, car: str, lang: str) -> str:
    """The press release's own page, with a way back to the event and to the other forms."""
    other = "sv" if lang == "en" else "en"
    base = escape(f"/events/{event}/reports/{car}")
    bar = (
        '<nav class="report-links">'
        f'<a href="/events/{escape(event)}">← Event</a>'
        f'<a href="{base}/{lang}.pdf">PDF</a>'
        f'<a href="{base}/{other}" hreflang="{other}">{LANGUAGE_NAMES[other]}</a>'
        f'<a href="{base}/{lang}.json">JSON</a></nav>'
    )
    return html.replace("<article", bar + "<article", 1)
