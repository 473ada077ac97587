"""The KPI report adapter: tables with labels, small-count suppression, and the files a ward hands on.

`build_tables` turns domain figures (tsunagu.domain.kpi) into labelled tables, withholding small counts when
public; `write_report` writes Markdown, self-contained HTML, a tidy CSV, PNG charts and, for the
public version, the open-data JSON (schema: README, "Reports and open data").
"""

from tsunagu.makers.report.tables import Cell, Table, build_tables
from tsunagu.makers.report.writer import write_report

__all__ = ["Cell", "Table", "build_tables", "write_report"]
