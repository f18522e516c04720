"""Reports written from the results: the press office's weekend report (EN/SV, Markdown, HTML,
PDF) with its charts."""
