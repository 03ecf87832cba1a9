"""The upgrade test's comparison of the snapshots (scripts/upgrade_test.py)."""

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from upgrade_test import SNAPSHOT, compare, expected, manifest_versions  # noqa: E402

MANUAL_ROW = {
    "id": 1,
    "partner_id": 7,
    "date": date(2025, 10, 27),
    "stage_from_id": 2,
    "stage_to_id": 3,
    "reason": "manual",
}


def database(**entries):
    """A snapshot with the given entries, the others empty, at this version."""
    result = {name: {} for name in SNAPSHOT}
    result.update({name.replace("_", " "): rows for name, rows in entries.items()})
    result["versions"] = manifest_versions()
    return result


def failures(before, after):
    return {name: problems for name, problems in compare(expected(before), after)}


def test_the_same_rows_pass():
    before = database(history_rows={1: MANUAL_ROW})
    assert not any(failures(before, database(history_rows={1: MANUAL_ROW})).values())


def test_a_lost_history_row_fails():
    problems = failures(database(history_rows={1: MANUAL_ROW}), database())
    assert problems["history rows kept (1)"] == [
        f"history rows: id 1 lost: {MANUAL_ROW}"
    ]


def test_a_changed_locked_line_fails():
    line = {"id": 4, "value": 12.5, "status": "on_track"}
    changed = dict(line, value=12.0)
    problems = failures(
        database(locked_scorecard_lines={4: line}),
        database(locked_scorecard_lines={4: changed}),
    )
    assert problems["locked scorecard lines kept (1)"] == [
        "locked scorecard lines: id 4 changed (was, is): {'value': (12.5, 12.0)}"
    ]


def test_a_second_complaint_with_a_reference_is_renamed_in_its_company_only():
    complaints = {
        3: {"id": 3, "company_id": 1, "name": "C-1"},
        5: {"id": 5, "company_id": 1, "name": "C-1"},
        6: {"id": 6, "company_id": 2, "name": "C-1"},
    }
    names = {
        i: row["name"]
        for i, row in expected(database(complaints=complaints))["complaints"].items()
    }
    assert names == {3: "C-1", 5: "C-1 (5)", 6: "C-1"}
    # the upgraded database must show the rename: unchanged references fail
    problems = failures(
        database(complaints=complaints), database(complaints=complaints)
    )
    assert problems["complaints kept (3)"] == [
        "complaints: id 5 changed (was, is): {'name': ('C-1 (5)', 'C-1')}"
    ]


def test_another_version_fails():
    after = database()
    after["versions"] = {
        name: ("installed", "18.0.1.0.0") for name in after["versions"]
    }
    problems = failures(database(), after)
    assert len(problems["modules at the version of their manifest"]) == 2
