"""The weekend report as Markdown (what `pitboard report weekend --format md` prints)."""

from __future__ import annotations

from pitboard.reports.weekend import Report


def report_markdown(report: Report) -> str:
    lines = [f"# {report.headline}", "", f"**{report.lead}**", ""]
    for part in report.parts:
        lines += [f"## {part.title}", ""]
        for paragraph in part.paragraphs:
            lines += [paragraph, ""]
        for quote in part.quotes:
            lines += [f"> {quote}", ""]
    lines += [f"## {report.results_title}", "", *[f"{line}  " for line in report.results], ""]
    if report.links:
        lines += [f"## {report.links_title}", ""]
        lines += [f"- [{label}]({url})" for label, url in report.links] + [""]
    if report.calendar:
        lines += [f"## {report.calendar_title}", "", *[f"- {line}" for line in report.calendar]]
        lines.append("")
    if report.notice:
        lines += [f"*{report.notice}*", ""]
    return "\n".join(lines)
