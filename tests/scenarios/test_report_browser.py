"""The three reports in a real headless Chromium: charts drawn, nothing fetched, no errors.

Uses Debian's Chromium through Playwright (``CHROMIUM`` overrides the path). Set
``COURTE_ECHELLE_SKIP_BROWSER=1`` to skip on purpose; a missing browser is a failure otherwise.
The screenshots go to the test's temporary folder, or to ``COURTE_ECHELLE_SCREENSHOTS`` (a
folder, created if needed) to keep them.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from allocator import RoundOptions, allocate
from scenarios.report import render_replay_report, render_round_report, render_simulation_report
from service.data import load_round
from service.outputs import write_round

FIXTURES = Path(__file__).parent / "report_fixtures"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the module."""
    if os.environ.get("COURTE_ECHELLE_SKIP_BROWSER") == "1":
        pytest.skip("COURTE_ECHELLE_SKIP_BROWSER=1: the browser tests are skipped on purpose")
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `apt-get install -y chromium` (.ci/run does),"
            " set CHROMIUM to its path, or COURTE_ECHELLE_SKIP_BROWSER=1 to skip these tests"
        )
    with sync_playwright() as playwright:
        # Root (CI containers) cannot use Chromium's sandbox; the pages are local files we wrote.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


def round_report(out: Path) -> Path:
    round_, _ = load_round(None, None, None)
    write_round(allocate(round_, RoundOptions()), out)
    return render_round_report(out, campaigns=round_.campaigns)


def fixture_report(kind: str, render: Callable[[Path], Path]) -> Callable[[Path], Path]:
    def make(out: Path) -> Path:
        shutil.copytree(FIXTURES / kind, out, dirs_exist_ok=True)
        return render(out)

    return make


CASES = {
    "round": (
        round_report,
        [
            "Allocation round: report for approval",
            "Spending per fund",
            "Spending per territory (académie)",
            "Campaigns left out, and why",
        ],
    ),
    "simulation": (
        fixture_report("simulation", render_simulation_report),
        [
            "The answer",
            "Completions by territory (académie)",
            "What one more euro is worth, fund by fund",
            "How good is the forecast?",
        ],
    ),
    "replay": (
        fixture_report("replay", render_replay_report),
        ["The answer", "Success over the year", "Spending over the year", "The policies compared"],
    ),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_report_renders_in_chromium(kind: str, browser: Browser, tmp_path: Path) -> None:
    """Every chart loads, the headings are there, no console error, no request leaves the file."""
    make, headings = CASES[kind]
    report = make(tmp_path / kind)
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(report.as_uri(), wait_until="load")
    images = page.eval_on_selector_all(
        "img",
        "imgs => imgs.map(i => [i.complete, i.naturalWidth, i.getBoundingClientRect().width])",
    )
    assert images, "no chart on the page"
    assert all(complete and natural > 0 and shown > 0 for complete, natural, shown in images)
    found = page.eval_on_selector_all("h1, h2", "hs => hs.map(h => h.textContent.trim())")
    assert set(headings) <= set(found)
    if kind == "simulation":
        answer = json.loads((FIXTURES / kind / "scenario.json").read_text(encoding="utf-8"))
        assert page.inner_text("#answer-sentence") == answer["answer"]
    elif kind == "replay":
        assert page.inner_text("#answer-sentence").startswith("Over the season, policy")
    assert errors == []
    assert all(url.startswith(("data:", "file:")) for url in requests), requests
    kept = os.environ.get("COURTE_ECHELLE_SCREENSHOTS")
    folder = Path(kept) if kept else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / f"{kind}-report.png"
    page.screenshot(path=str(shot), full_page=True)
    page.close()
    assert shot.stat().st_size > 10_000
    print(f"screenshot of the {kind} report: {shot}")
