"""The three reports as HTML: self-contained, escaped, stable, and showing the input's numbers."""

from __future__ import annotations

import csv
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scenarios.report import render_replay_report, render_round_report, render_simulation_report
from scenarios.report.numbers import cents_of, euros
from service.cli import app
from service.data import load_round

FIXTURES = Path(__file__).parent / "report_fixtures"


class Page(HTMLParser):
    """What the tests read in a page: URLs, images, headings, and tables' rows of cell texts."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.images: list[str] = []
        self.headings: list[str] = []
        self.tables: dict[str, list[list[str]]] = {}
        self.rows: list[list[str]] = []
        self.text: list[str] = []
        self._cell: list[str] | None = None
        self._heading: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.urls += [v for k, v in attrs if k in ("src", "href", "action", "data") and v]
        if tag == "img":
            self.images.append(values.get("src") or "")
        elif tag == "table":
            self.rows = self.tables.setdefault(values.get("id") or f"#{len(self.tables)}", [])
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag in ("h1", "h2", "h3"):
            self._heading = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(squeeze("".join(self._cell)))
            self._cell = None
        elif tag in ("h1", "h2", "h3") and self._heading is not None:
            self.headings.append(squeeze("".join(self._heading)))
            self._heading = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for part in (self._cell, self._heading):
            if part is not None:
                part.append(data)

    def row(self, table: str, first: str) -> list[str]:
        """The cells of the row of ``table`` whose first cell is ``first`` (then maybe a tag)."""
        matches = [r for r in self.tables[table] if r and (r[0] + " ").startswith(first + " ")]
        assert len(matches) == 1, (table, first, matches)
        return matches[0]


def squeeze(text: str) -> str:
    """Runs of spaces and newlines as one space; no-break spaces (before €) are kept."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def shown(text: str) -> str:
    """Euros from a CSV file as the report shows them."""
    return euros(cents_of(text))


def assert_self_contained(page: Page, out_dir: Path) -> None:
    """No URL leaves the file: every image is a data URI, and the chart files exist too."""
    assert page.images, "the page shows no chart"
    assert all(src.startswith("data:image/png;base64,") for src in page.images)
    assert all(url.startswith(("data:", "#")) for url in page.urls), page.urls
    html = (out_dir / "report.html").read_text(encoding="utf-8")
    assert "http://" not in html
    assert "https://" not in html
    assert len(list((out_dir / "charts").glob("*.png"))) == len(page.images)


@pytest.fixture(scope="module")
def round_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example season's round, allocated with --report."""
    out = tmp_path_factory.mktemp("round")
    result = CliRunner().invoke(app, ["allocate", "--out", str(out), "--report"])
    assert result.exit_code == 0, result.output
    assert result.output == ""  # not a terminal: silent
    assert (out / "report.html").is_file()
    return out


@pytest.fixture
def simulation_dir(tmp_path: Path) -> Path:
    """A copy of the hand-written simulate output, rendered."""
    out = tmp_path / "simulation"
    shutil.copytree(FIXTURES / "simulation", out)
    render_simulation_report(out)
    return out


@pytest.fixture
def replay_dir(tmp_path: Path) -> Path:
    """A copy of the hand-written replay output, rendered."""
    out = tmp_path / "replay"
    shutil.copytree(FIXTURES / "replay", out)
    render_replay_report(out)
    return out


def page_of(out_dir: Path) -> Page:
    return Page((out_dir / "report.html").read_text(encoding="utf-8"))


def test_round_report_is_self_contained(round_dir: Path) -> None:
    """The round page holds its charts as data URIs and links nothing outside."""
    assert_self_contained(page_of(round_dir), round_dir)


def test_round_report_shows_every_fund_gift_and_left_out_campaign(round_dir: Path) -> None:
    """Budgets, gifts, policies and left-out campaigns match allocate's files."""
    page = page_of(round_dir)
    summary = json.loads((round_dir / "summary.json").read_text(encoding="utf-8"))
    for fund in summary["funds"]:
        cells = page.row("fund-table", f"{fund['name']} {fund['fund_id']}")
        assert cells[2:5] == [
            euros(fund["budget_cents"]),
            euros(fund["spent_cents"]),
            euros(fund["left_cents"]),
        ]
    gifts = {(r[0], r[-1]) for r in page.tables["gifts-table"] if len(r) == 4}
    allocations = read_csv(round_dir / "allocations.csv")
    assert {(a["campaign_id"], shown(a["amount"])) for a in allocations} <= gifts
    for policy in summary["policies"]:
        assert page.row("policies", policy["policy"])[2] == str(policy["completed"])
    left_ids = {
        row[0] for table, rows in page.tables.items() if table.startswith("#") for row in rows
    }
    outcomes = read_csv(round_dir / "outcomes.csv")
    assert {o["campaign_id"] for o in outcomes if o["completed"] == "false"} <= left_ids
    territory = sum(
        cents_of(r[2].replace(",", "").removesuffix("\u00a0€")) or 0
        for r in page.tables["territory-table"][1:]
    )
    assert territory == summary["spent_cents"]


def test_round_report_renders_again_to_the_same_bytes(round_dir: Path) -> None:
    """Re-rendering from the files and the campaign table gives the same bytes."""
    before = (round_dir / "report.html").read_bytes()
    round_, _ = load_round(None, None, None)
    render_round_report(round_dir, campaigns=round_.campaigns)
    assert (round_dir / "report.html").read_bytes() == before


def test_simulation_report_shows_the_answer_and_the_comparison(simulation_dir: Path) -> None:
    """Question, answer, every variant's figures and every added campaign are on the page."""
    page = page_of(simulation_dir)
    assert_self_contained(page, simulation_dir)
    scenario = json.loads((simulation_dir / "scenario.json").read_text(encoding="utf-8"))
    text = squeeze("".join(page.text))
    assert scenario["answer"] in text
    assert scenario["question"] in text
    assert page.headings[0] == scenario["title"]
    for row in read_csv(simulation_dir / "comparison.csv"):
        cells = page.row("comparison", row["label"])
        assert cells[2] == row["completed"]
        assert cells[4] == shown(row["money_spent"])
        assert cells[5] == (
            shown(row["cost_per_extra_completion"]) if row["cost_per_extra_completion"] else "—"
        )
    added = {(r[0], r[-1]) for t, rows in page.tables.items() if t.startswith("#") for r in rows}
    for row in read_csv(simulation_dir / "added.csv"):
        assert (row["campaign_id"], shown(row["amount"])) in added
    assert len(page.tables["marginal-table"]) == 1 + len(read_csv(simulation_dir / "marginal.csv"))
    forecast = json.loads((simulation_dir / "forecast.json").read_text(encoding="utf-8"))
    typical = page.row("forecast-table", "typical error on the final amount")
    quarters = forecast["by_elapsed"]
    assert typical[1:] == [
        f"{round(g['mae_euros']):,}\u00a0€" for g in [forecast, *quarters.values()]
    ]
    inside = page.row("forecast-table", "final amounts inside that band")
    assert inside[1] == f"{forecast['coverage_90'] * 100:.1f}\u00a0%"
    heading = page.tables["forecast-table"][0]
    assert heading[2:] == [f"{key} of the campaign's days gone" for key in quarters]
    assert forecast["held_out"] in text
    assert {"Budget response: campaigns completed as mountain-rep budget grows", "Method"} <= set(
        page.headings
    )


def test_when_no_variant_adds_a_campaign_the_figures_say_so(simulation_dir: Path) -> None:
    """No "0 most extra campaigns, in the base" card: the page says none of them adds one."""
    path = simulation_dir / "comparison.csv"
    rows = read_csv(path)
    for row in rows:
        row["completed"] = rows[0]["completed"]
        row["extra_completions"] = "0"
        row["cost_per_extra_completion"] = ""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    render_simulation_report(simulation_dir)
    text = squeeze((simulation_dir / "report.html").read_text(encoding="utf-8"))
    expected = '<span class="value">none</span><span class="label">of the variants completes more'
    assert expected in text
    assert "most extra campaigns" not in text
    assert "per extra campaign in" not in text


def test_simulation_report_without_optional_files(simulation_dir: Path) -> None:
    """Without Monte Carlo and forecast files the page leaves their parts out."""
    (simulation_dir / "montecarlo.csv").unlink()
    (simulation_dir / "forecast.json").unlink()
    render_simulation_report(simulation_dir)
    page = page_of(simulation_dir)
    assert "forecast-table" not in page.tables
    assert "How good is the forecast?" not in page.headings
    assert len(page.tables["comparison"][0]) == 6


def test_replay_report_shows_every_policy(replay_dir: Path) -> None:
    """Each policy's successes, extra successes and spending match replay.csv."""
    page = page_of(replay_dir)
    assert_self_contained(page, replay_dir)
    for row in read_csv(replay_dir / "replay.csv"):
        cells = page.row("replay-table", row["policy"])
        assert cells[1:4] == [
            f"{int(row['succeeded']):,}",
            f"{int(row['extra_successes']):+d}",
            shown(row["spent"]),
        ]
    text = squeeze("".join(page.text))
    answer = (
        "policy 'optimal-pledge' makes 1,356 of 1,444 campaigns succeed, +116 over no solidarity"
        f" money and +38 over today's practice (fcfs), at {euros(39914)} per extra success."
    )
    assert answer in text
    assert {"Success over the year", "Spending over the year", "Method"} <= set(page.headings)


def test_text_from_files_is_escaped(simulation_dir: Path) -> None:
    """Markup in a scenario's words is shown as text, never run."""
    path = simulation_dir / "scenario.json"
    scenario = json.loads(path.read_text(encoding="utf-8"))
    scenario["title"] = "<script>alert(1)</script>"
    path.write_text(json.dumps(scenario), encoding="utf-8")
    render_simulation_report(simulation_dir)
    html = (simulation_dir / "report.html").read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("kind", ["simulation", "replay"])
def test_rendering_twice_gives_the_same_bytes(kind: str, tmp_path: Path) -> None:
    """The page and every chart PNG are byte-identical when rendered again."""
    render = {"simulation": render_simulation_report, "replay": render_replay_report}[kind]
    first, second = tmp_path / "first", tmp_path / "second"
    for out in (first, second):
        shutil.copytree(FIXTURES / kind, out)
        render(out)
    names = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert len([n for n in names if n.suffix == ".png"]) >= 3
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_missing_input_file_names_it(tmp_path: Path) -> None:
    """A folder without the simulate files is an input error naming the missing file."""
    with pytest.raises(ValueError, match=r"scenario\.json: file not found"):
        render_simulation_report(tmp_path)
