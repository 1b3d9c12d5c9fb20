from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def detect(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "detect_claims", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "DEBUG": "1"},
    )


@pytest.fixture(scope="module")
def seed_output():
    result = detect(*map(str, SEEDS))
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_prints_one_json_object_per_claim_with_the_specified_fields(seed_output):
    assert len(seed_output) >= 20
    for record in seed_output:
        assert set(record) == {"file", "start", "end", "text", "kind", "score", "attrs", "engine"}
        assert set(record["attrs"]) == {"quantities", "attribution", "dates"}
        text = Path(record["file"]).read_text(encoding="utf-8")
        assert text[record["start"] : record["end"]] == record["text"]
        for q in record["attrs"]["quantities"]:
            assert set(q) == {"text", "start", "end", "value", "low", "high", "qualifier", "unit"}
        if record["attrs"]["attribution"]:
            assert set(record["attrs"]["attribution"]) == {"speaker", "cue", "start", "end"}
    assert {r["file"] for r in seed_output} == {str(p) for p in SEEDS}


def test_offsets_match_what_import_stores(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(
        "\ufeffHeadline\r\n"
        "Officials said that 12,000 soldiers arrived in Kursk on Monday.\r\n".encode()
    )
    result = detect(str(path), "--min-score", "0")
    record = json.loads(result.stdout.splitlines()[0])
    stored = "Headline\nOfficials said that 12,000 soldiers arrived in Kursk on Monday.\n"
    assert stored[record["start"] : record["end"]] == record["text"]


def test_min_score_zero_prints_more(seed_output):
    result = detect(str(SEEDS[1]), "--min-score", "0")
    everything = result.stdout.splitlines()
    default = [r for r in seed_output if r["file"] == str(SEEDS[1])]
    assert len(everything) > len(default)


def test_stdin_json_lines_print_id():
    lines = [
        json.dumps({"id": "a1", "text": "Officials said that 12,000 soldiers arrived in Kursk."}),
        json.dumps({"id": 7, "text": "It boggles my mind."}),
    ]
    result = detect("-", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["a1"]
    assert "file" not in records[0]


def test_unreadable_and_non_utf8_files_are_named_exit_2_and_others_still_processed(tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\xe9 soldiers".encode("latin-1"))
    missing = tmp_path / "missing.txt"
    result = detect(str(bad), str(missing), str(SEEDS[0]))
    assert result.returncode == 2
    assert "latin1.txt: is not UTF-8" in result.stderr
    assert "missing.txt: cannot be read" in result.stderr
    assert str(SEEDS[0]) in result.stdout


def test_bad_stdin_line_is_named():
    result = detect("-", stdin='{"id": 1, "text": "Troops left."}\nnot json\n')
    assert result.returncode == 2
    assert "line 2" in result.stderr


def test_empty_file_prints_nothing(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = detect(str(empty))
    assert (result.returncode, result.stdout) == (0, "")


def test_min_score_out_of_range_is_refused():
    result = detect("--min-score", "2", str(SEEDS[0]))
    assert result.returncode != 0
    assert "--min-score" in result.stderr
