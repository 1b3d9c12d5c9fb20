"""manage.py evaluate_matching: the matcher's figures on a labeled set."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

A = (
    "Quake hits Van\n"
    "ANKARA, March 3 (Wire) - The national death toll from the earthquake in Turkey rose "
    "to 1,247 on Monday, the health ministry said.\n"
    "Officials said 40 schools in Van province would stay closed for a week.\n"
)
B = (
    "Van quake: toll rises\n"
    "ANKARA, March 3 (Wire) - The ministry said 1,247 people had been killed across Turkey "
    "by the earthquake, the national death toll on Monday.\n"
    "The Turkish Red Crescent said it had sent 300 tents to Van province on Monday.\n"
)


def labeled_set(tmp_path, *pairs: dict) -> str:
    (tmp_path / "a.txt").write_text(A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(B, encoding="utf-8")
    lines = "\n".join(json.dumps(p) for p in pairs)
    (tmp_path / "pairs.jsonl").write_text(lines + "\n", encoding="utf-8")
    return str(tmp_path)


def side(name: str, quote: str) -> dict:
    return {"file": name, "quote": quote}


TOLL = {
    "a": side("a.txt", "The national death toll from the earthquake in Turkey rose to 1,247"),
    "b": side("b.txt", "The ministry said 1,247 people had been killed across Turkey"),
    "relation": "agree",
}
SCHOOLS_TENTS = {
    "a": side("a.txt", "Officials said 40 schools in Van province would stay closed"),
    "b": side("b.txt", "The Turkish Red Crescent said it had sent 300 tents to Van"),
    "relation": "related",
}


def figures(folder: str) -> dict:
    out = io.StringIO()
    call_command("evaluate_matching", folder, "--json", stdout=out)
    return json.loads(out.getvalue())[folder]


def test_a_found_link_with_the_right_relation(tmp_path):
    result = figures(labeled_set(tmp_path, TOLL))
    assert result["gold_links"] == 1
    assert (result["recall"], result["relation_accuracy"]) == (1.0, 1.0)
    assert result["acceptance_rate"] == 1.0


def test_a_link_the_matcher_does_not_draw_lowers_recall_only(tmp_path):
    result = figures(labeled_set(tmp_path, TOLL, SCHOOLS_TENTS))
    assert (result["gold_links"], result["recall"], result["relation_accuracy"]) == (2, 0.5, 1.0)


def test_errors_list_what_was_missed(tmp_path):
    out = io.StringIO()
    call_command(
        "evaluate_matching", labeled_set(tmp_path, TOLL, SCHOOLS_TENTS), "--errors", stdout=out
    )
    text = out.getvalue()
    assert "missed (1):" in text and "300 tents" in text


def test_a_folder_without_pairs_is_refused(tmp_path):
    with pytest.raises(CommandError, match=r"no pairs\.jsonl"):
        call_command("evaluate_matching", str(tmp_path))


def test_a_quote_not_in_its_file_is_named(tmp_path):
    wrong = {**TOLL, "a": side("a.txt", "a sentence that is not in the article at all")}
    with pytest.raises(CommandError, match="quote not found"):
        call_command("evaluate_matching", labeled_set(tmp_path, wrong), stdout=io.StringIO())
