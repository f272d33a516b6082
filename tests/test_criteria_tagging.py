"""Actions and evidence carry inspection criteria: through the command line, the JSON lists, the
filters, the audit, and the action editor's and evidence dialog's tick lists."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from cst_inclusion_desktop.domain.action_rules import ActionDraft
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.filters import ActionFilter
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.audit import history
from tests.conftest import CliResult, file_state

Cli = Callable[..., CliResult]


@pytest.fixture
def trust(cli: Cli) -> Cli:
    assert cli("init", "--trust-name", "Oak Learning Trust").code == 0
    assert cli("schools", "add", "--name", "Oakfield", "--urn", "100001").code == 0
    return cli


def _add(cli: Cli, *extra: str) -> str:
    result = cli(
        "actions", "add", "--school", "100001", "--principle", "1", "--title", "Screening", *extra
    )
    assert result.code == 0, result.err
    return result.out.strip()


def _listed(cli: Cli, *extra: str) -> list[dict[str, object]]:
    result = cli("actions", "list", "--json", *extra)
    assert result.code == 0, result.err
    return list(json.loads(result.out))


def test_actions_carry_criteria_on_the_command_line(trust: Cli) -> None:
    tagged = _add(trust, "--criterion", "ic3", "--criterion", "IC2", "--criterion", "IC3")
    plain = _add(trust)
    by_id = {item["id"]: item for item in _listed(trust)}
    assert by_id[tagged]["criteria"] == ["IC2", "IC3"], "list order, each once"
    assert by_id[plain]["criteria"] == []
    assert trust("actions", "update", plain, "--criterion", "IC6").code == 0
    assert trust("actions", "update", tagged, "--title", "Screening for all").code == 0
    by_id = {item["id"]: item for item in _listed(trust)}
    assert by_id[plain]["criteria"] == ["IC6"]
    assert by_id[tagged]["criteria"] == ["IC2", "IC3"], "an update without --criterion keeps them"
    assert trust("actions", "update", tagged, "--criterion", "none").code == 0
    shown = json.loads(trust("actions", "show", tagged, "--json").out)
    assert shown["criteria"] == []


def test_list_filters_by_criterion(trust: Cli) -> None:
    second = _add(trust, "--criterion", "IC2")
    both = _add(trust, "--criterion", "IC2", "--criterion", "IC6")
    _add(trust)
    assert {item["id"] for item in _listed(trust, "--criterion", "IC2")} == {second, both}
    assert {item["id"] for item in _listed(trust, "--criterion", "ic6")} == {both}
    assert _listed(trust, "--criterion", "IC9") == []
    result = trust("actions", "list", "--criterion", "IC99")
    assert result.code == 2
    assert "criterion: value 'IC99' — expected a criterion code (IC1, IC2" in result.err


def test_unknown_or_retired_codes_are_refused_in_one_line(trust: Cli, db_path: Path) -> None:
    kept = _add(trust, "--criterion", "IC5")
    assert trust("criteria", "retire", "IC5").code == 0
    before = file_state(db_path)
    cases = [
        (["--criterion", "IC42"], "criterion: value 'IC42' — expected a criterion code (IC1"),
        (["--criterion", "IC5"], "IC5 is retired: it stays on old records only"),
        (["--criterion", "none", "--criterion", "IC2"], "expected on its own"),
        (["--criterion", "I C"], "expected a criterion code such as IC3"),
    ]
    for extra, message in cases:
        result = trust(
            "actions", "add", "--school", "100001", "--principle", "1", "--title", "x", *extra
        )
        assert result.code == 2, (extra, result.err)
        assert message in result.err, (extra, result.err)
        assert len(result.err.strip().splitlines()) == 1
    assert file_state(db_path) == before
    # The retired criterion stays on the old record, through an update of something else.
    assert trust("actions", "update", kept, "--criterion", "IC5", "--criterion", "IC1").code == 0
    shown = json.loads(trust("actions", "show", kept, "--json").out)
    assert shown["criteria"] == ["IC1", "IC5"]


def test_evidence_carries_criteria_and_filters(trust: Cli) -> None:
    action = _add(trust)
    result = trust(
        "evidence", "add", "--action", action, "--title", "Screening data",
        "--kind", "data", "--criterion", "IC2", "--criterion", "IC1",
    )  # fmt: skip
    assert result.code == 0, result.err
    tagged = result.out.strip()
    plain = trust("evidence", "add", "--action", action, "--title", "Note").out.strip()
    items = {e["id"]: e for e in json.loads(trust("evidence", "list", "--json").out)}
    assert items[tagged]["criteria"] == ["IC1", "IC2"]
    assert items[plain]["criteria"] == []
    filtered = json.loads(trust("evidence", "list", "--json", "--criterion", "IC2").out)
    assert [e["id"] for e in filtered] == [tagged]
    refused = trust("evidence", "add", "--action", action, "--title", "x", "--criterion", "Q1")
    assert refused.code == 2 and "criterion: value 'Q1' — expected a criterion code" in refused.err


def test_the_audit_records_criteria_changes(services: Services) -> None:
    action = services.actions.add(
        ActionDraft(school="100001", principle=1, title="Screening", criteria=("IC2",))
    )
    services.actions.update(action.id, {"criteria": ("IC2", "IC3")})
    services.actions.update(action.id, {"criteria": ("IC3", "IC2")})  # same set: no event
    evidence = services.evidence.add(action_id=action.id, title="Data", criteria=("IC3",))
    services.evidence.set_criteria(evidence.id, ())
    with services.context.read() as session:
        action_events = history(session, action.id)
        evidence_events = history(session, evidence.id)
    assert [e.operation for e in action_events] == ["create", "update"]
    assert action_events[0].after is not None and action_events[0].after["criteria"] == "IC2"
    update = action_events[1]
    assert update.before is not None and update.after is not None
    assert (update.before["criteria"], update.after["criteria"]) == ("IC2", "IC2; IC3")
    assert [e.operation for e in evidence_events] == ["create", "update"]
    assert evidence_events[1].after is not None and evidence_events[1].after["criteria"] == ""
    assert services.check.run().ok


def test_the_service_filter_and_records(services: Services) -> None:
    one = services.actions.add(
        ActionDraft(school="100001", principle=1, title="One", criteria=("IC4",))
    )
    services.actions.add(ActionDraft(school="100001", principle=1, title="Two"))
    found = services.actions.list(ActionFilter(criterion_codes=("IC4",)))
    assert [a.id for a in found] == [one.id] and found[0].criteria == ("IC4",)
    assert services.actions.count(ActionFilter(criterion_codes=("IC4",))) == 1
    assert services.actions.draft_of(one.id).criteria == ("IC4",)
    with pytest.raises(ValidationError, match="IC0"):
        services.actions.validate(
            ActionDraft(school="100001", principle=1, title="x", criteria=("IC0",))
        )
