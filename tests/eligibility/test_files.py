"""Atomic writes: a reader sees the old file or the whole new one, never a part."""

from __future__ import annotations

from pathlib import Path

import pytest

import eligibility.files as files
from eligibility.errors import InputError
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


def test_a_set_is_written_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure on the third file (a full disk) leaves the two first and the stale file old."""
    for name in ("a.csv", "b.csv", "c.csv", "report.html"):
        (tmp_path / name).write_text(f"old {name}\n", encoding="utf-8")
    real_stage = files._stage

    def full_disk(path: Path, data: str | bytes) -> str:
        if path.name == "c.csv":
            raise OSError(28, "No space left on device")
        return real_stage(path, data)

    monkeypatch.setattr(files, "_stage", full_disk)
    new = {"a.csv": "new\n", "b.csv": "new\n", "c.csv": "new\n"}
    with pytest.raises(OSError, match="No space left"):
        files.write_files(tmp_path, new, remove=[tmp_path / "report.html"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv", "c.csv", "report.html"]
    assert {p.read_text(encoding="utf-8") for p in tmp_path.iterdir()} == {
        f"old {p.name}\n" for p in tmp_path.iterdir()
    }
    monkeypatch.setattr(files, "_stage", real_stage)
    files.write_files(tmp_path, new, remove=[tmp_path / "report.html"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv", "c.csv"]
    assert {p.read_text(encoding="utf-8") for p in tmp_path.iterdir()} == {"new\n"}


def test_an_output_folder_that_cannot_be_one_is_an_input_error(tmp_path: Path) -> None:
    """Checked before any work; a folder still to be made is not made yet."""
    (tmp_path / "afile").write_text("", encoding="utf-8")
    assert files.output_folder(tmp_path / "new" / "deep") == tmp_path / "new" / "deep"
    assert not (tmp_path / "new").exists()
    with pytest.raises(InputError, match="expected a folder for the result files, got the file"):
        files.output_folder(tmp_path / "afile")
    with pytest.raises(InputError, match=r"cannot create the folder .*afile is a file"):
        files.output_folder(tmp_path / "afile" / "sub", option="--out")
