"""The weekend report as HTML (Jinja2 template) and as PDF (WeasyPrint, from the same HTML)."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape

from pitboard.reports.charts import race_chart_svg
from pitboard.reports.i18n import Language
from pitboard.reports.weekend import Report


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("pitboard.reports", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
    )


def report_html(report: Report, *, for_print: bool = False) -> str:
    lang = Language(report.language)
    charts = {
        key: race_chart_svg(race, lang, part.title)
        for part in report.parts
        if (key := part.chart) and (race := report.facts.races.get(key)) is not None
    }
    template = _environment().get_template("weekend.html.j2")
    return template.render(report=report, charts=charts, for_print=for_print)


def report_pdf(report: Report) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]

    pdf = HTML(string=report_html(report, for_print=True)).write_pdf()
    assert pdf is not None
    return bytes(pdf)
