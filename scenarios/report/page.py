"""The HTML page: Jinja2 templates (autoescaped), charts embedded and written beside it.

The page holds everything it shows: styles inline and charts as ``data:`` URIs, so the one
``report.html`` file opens offline. The PNG files in ``charts/`` are for slides and mail.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from eligibility.files import write_files
from scenarios.report.charts import Chart
from scenarios.report.names import CHARTS_DIR, REPORT_FILE
from scenarios.report.numbers import count, euros, number

_ENVIRONMENT = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html", "j2"], default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_ENVIRONMENT.filters.update(euros=euros, count=count, number=number)


def write_report(
    out_dir: Path, *, template: str, charts: Sequence[Chart], context: dict[str, object]
) -> Path:
    """Write ``charts/*.png`` and ``report.html`` into ``out_dir`` as one set (charts of an
    earlier report that this one does not draw are removed); return the page's path."""
    chart_dir = out_dir / CHARTS_DIR
    chart_dir.mkdir(parents=True, exist_ok=True)
    html = _ENVIRONMENT.get_template(template).render(
        charts={chart.name: chart for chart in charts}, **context
    )
    files: dict[str, str | bytes] = {f"{CHARTS_DIR}/{c.name}.png": c.png for c in charts}
    files[REPORT_FILE] = html.encode("utf-8")
    stale = [p for p in sorted(chart_dir.glob("*.png")) if f"{CHARTS_DIR}/{p.name}" not in files]
    write_files(out_dir, files, remove=stale)
    return out_dir / REPORT_FILE
