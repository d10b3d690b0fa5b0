"""Atomic writes: a reader sees the old file or the whole new one, never a part."""

from __future__ import annotations

from pathlib import Path

import pytest

import eligibility.files as files
from eligibility.files import write_atomically


def test_text_and_bytes_replace_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "outcomes.csv"
    target.write_text("old\n", encoding="utf-8")
    assert write_atomically(target, "campaign_id,need\r\nÉcole,1.00\n") == target
    assert target.read_bytes() == "campaign_id,need\r\nÉcole,1.00\n".encode()
    write_atomically(target, b"\x89PNG")
    assert target.read_bytes() == b"\x89PNG"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outcomes.csv"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "summary.json"
    target.write_text('{"old": true}\n', encoding="utf-8")

    def broken_replace(source: str, destination: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, '{"new": true}\n')
    assert target.read_text(encoding="utf-8") == '{"old": true}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.json"]


def test_a_new_file_gets_the_umask_mode_and_a_replaced_one_keeps_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Result files are readable as `open` would make them, not owner-only like a tempfile."""
    monkeypatch.setattr(files, "_UMASK", 0o022)
    fresh = write_atomically(tmp_path / "allocations.csv", "fund_id\n")
    assert fresh.stat().st_mode & 0o777 == 0o644
    monkeypatch.setattr(files, "_UMASK", 0o077)
    assert write_atomically(tmp_path / "lineage.csv", "x\n").stat().st_mode & 0o777 == 0o600
    private = tmp_path / "summary.json"
    private.write_text("{}", encoding="utf-8")
    private.chmod(0o640)
    write_atomically(private, '{"new": true}\n')
    assert private.stat().st_mode & 0o777 == 0o640
