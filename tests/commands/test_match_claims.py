"""manage.py match_claims: related claim pairs across and within plain-text files (or
JSON lines on standard input), one JSON object per pair."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[2]
SEEDS = [str(p) for p in sorted((ROOT / "seeds").glob("*.txt"))]
RELATIONS = {"agree", "conflict", "related"}


def match(*args: str) -> tuple[list[dict], str]:
    """The command's records and its standard error."""
    out, err = io.StringIO(), io.StringIO()
    call_command("match_claims", *args, stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def between(records: list[dict], a: str, b: str) -> list[dict]:
    """The records pairing a claim containing `a` with one containing `b`."""
    return [
        r
        for r in records
        if (a in r["a"]["text"] and b in r["b"]["text"])
        or (b in r["a"]["text"] and a in r["b"]["text"])
    ]


@pytest.fixture(scope="module")
def seed_pairs() -> list[dict]:
    records, err = match(*SEEDS)
    assert err == ""
    return records


def test_every_line_is_a_pair_with_the_specified_fields(seed_pairs):
    assert len(seed_pairs) >= 10
    for record in seed_pairs:
        assert set(record) == {"a", "b", "relation", "score", "reason"}
        assert record["relation"] in RELATIONS
        assert 0 <= record["score"] <= 1
        assert record["reason"]
        for side in (record["a"], record["b"]):
            assert set(side) == {"file", "start", "end", "text"}
            assert side["file"] in SEEDS
            text = Path(side["file"]).read_text(encoding="utf-8")
            assert text[side["start"] : side["end"]] == side["text"]


def test_each_pair_is_printed_once(seed_pairs):
    sides = [
        frozenset({(r["a"]["file"], r["a"]["start"]), (r["b"]["file"], r["b"]["start"])})
        for r in seed_pairs
    ]
    assert len(sides) == len(set(sides))
    assert all(len(s) == 2 for s in sides)


def test_pairs_across_files_and_within_one_are_both_found(seed_pairs):
    assert any(r["a"]["file"] != r["b"]["file"] for r in seed_pairs)
    assert any(r["a"]["file"] == r["b"]["file"] for r in seed_pairs)


def test_8000_in_kursk_conflicts_with_over_12000_in_kursk(seed_pairs):
    (record,) = between(
        seed_pairs,
        "8,000 North Korean troops are stationed in Russia’s Kursk region",
        "Over 12,000 North Korean troops are estimated",
    )
    assert record["a"]["file"] != record["b"]["file"]
    assert record["relation"] == "conflict"
    assert "8,000" in record["reason"] and "over 12,000" in record["reason"]


def test_anton_and_antony_blinken_agree_within_one_document(seed_pairs):
    (record,) = between(
        seed_pairs,
        "Anton Blinken, the US Secretary of State",
        "US Secretary of State Antony Blinken",
    )
    assert record["a"]["file"] == record["b"]["file"]
    assert record["relation"] == "agree"
    assert "“Anton Blinken” and “Antony Blinken” are one speaker" in record["reason"]


def test_relation_option_filters_the_pairs(seed_pairs):
    conflicts, _ = match("--relation", "conflict", *SEEDS)
    assert conflicts
    assert conflicts == [r for r in seed_pairs if r["relation"] == "conflict"]
    two, _ = match("--relation", "conflict", "--relation", "agree", *SEEDS)
    assert two == [r for r in seed_pairs if r["relation"] in {"conflict", "agree"}]


def test_unknown_relation_is_refused():
    with pytest.raises(CommandError, match="--relation"):
        match("--relation", "contradicts", *SEEDS)


def test_unreadable_file_exits_2_naming_it_and_others_are_still_matched(tmp_path):
    missing = tmp_path / "missing.txt"
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\xe9 soldiers".encode("latin-1"))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("match_claims", *SEEDS, str(missing), str(bad), stdout=out, stderr=err)
    assert raised.value.returncode == 2
    assert "2 input(s) could not be read" in str(raised.value)
    assert f"{missing}: cannot be read" in err.getvalue()
    assert "latin1.txt: is not UTF-8" in err.getvalue()
    assert len(out.getvalue().splitlines()) >= 10


def test_stdin_must_be_the_only_path():
    with pytest.raises(CommandError, match="must be the only path"):
        match("-", SEEDS[0])


@pytest.mark.parametrize("value", ["2", "-0.1"])
def test_min_score_out_of_range_is_refused(value):
    with pytest.raises(CommandError, match="--min-score"):
        match("--min-score", value, SEEDS[0])


def test_min_score_not_a_number_is_refused():
    with pytest.raises(CommandError, match="--min-score"):
        match("--min-score", "high", SEEDS[0])


def test_json_lines_on_stdin_are_matched_by_id(monkeypatch):
    first = "The revelation that 8,000 North Korean troops are stationed in Russia’s Kursk region."
    second = (
        "Over 12,000 North Korean troops are estimated to be fighting against Ukrainian forces "
        "in Russia’s Kursk region, the United Nations Security Council learned last week."
    )
    lines = [json.dumps({"id": "x1", "text": first}), "", json.dumps({"id": 7, "text": second})]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
    (record,), err = match("-")
    assert err == ""
    assert (record["a"]["id"], record["b"]["id"]) == ("x1", 7)
    assert "file" not in record["a"]
    assert record["a"]["text"] == first[record["a"]["start"] : record["a"]["end"]]
    assert record["relation"] == "conflict"


def test_a_bad_stdin_line_is_named_and_exits_2(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"id": 1, "text": "Troops left."}\nnot json\n'))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("match_claims", "-", stdout=out, stderr=err)
    assert raised.value.returncode == 2
    assert "line 2" in err.getvalue()


def test_a_file_without_claims_prints_nothing(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert match(str(empty)) == ([], "")
