"""No lost updates: two people open the same row, the second save is refused with who changed it
and when, and an overwrite made knowingly is audited as one (services/records/rows.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cst_inclusion_desktop.config import load_settings
from cst_inclusion_desktop.domain.errors import ConflictError
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.audit import history
from cst_inclusion_desktop.services.safety.opening import open_context
from tests.conftest import CliResult, file_state


@pytest.fixture
def colleague(db_path: Path, services: Services) -> Iterator[Services]:
    """Ms Patel, working on the same database from another window (her own connection)."""
    other = Services(
        open_context(load_settings(overrides={"database": str(db_path), "user_name": "Ms Patel"}))
    )
    yield other
    other.close()


def test_the_second_save_from_the_same_version_is_refused(
    services: Services, colleague: Services, make_action: Callable[..., str]
) -> None:
    action_id = make_action(title="Reading buddies")
    mine = services.actions.get(action_id)
    theirs = colleague.actions.get(action_id)
    saved = colleague.actions.update(action_id, {"owner": "Ms Patel"}, read_version=theirs.version)
    assert saved.version == theirs.version + 1
    with pytest.raises(ConflictError) as caught:
        services.actions.update(action_id, {"owner": "Mr Lee"}, read_version=mine.version)
    message = str(caught.value)
    assert message.startswith('action "Reading buddies" was changed by Ms Patel at ')
    assert message.endswith(" since you opened it")
    assert caught.value.current_version == saved.version
    assert services.actions.get(action_id).owner == "Ms Patel"  # her change was kept


def test_overwriting_knowingly_saves_mine_and_is_audited_as_an_overwrite(
    services: Services, colleague: Services, make_action: Callable[..., str]
) -> None:
    action_id = make_action(title="Reading buddies")
    mine = services.actions.get(action_id)
    colleague.actions.update(action_id, {"owner": "Ms Patel"})
    with pytest.raises(ConflictError) as caught:
        services.actions.update(action_id, {"owner": "Mr Lee"}, read_version=mine.version)
    saved = services.actions.update(
        action_id,
        {"owner": "Mr Lee"},
        read_version=caught.value.current_version,
        overwrite=True,
    )
    assert saved.owner == "Mr Lee"
    with services.context.read() as session:
        operations = [event.operation for event in history(session, action_id)]
    assert operations == ["create", "update", "overwrite"]
    assert services.check.run().ok


def test_a_save_without_a_version_still_cannot_undo_a_change_made_meanwhile(
    services: Services, colleague: Services, make_action: Callable[..., str]
) -> None:
    """The version read in the saving transaction is checked too: on PostgreSQL another
    transaction may commit between that read and the update."""
    action_id = make_action(title="Reading buddies")
    services.actions.update(action_id, {"owner": "Mr Lee"})
    colleague.actions.update(action_id, {"owner": "Ms Patel"})
    assert services.actions.get(action_id).version == 3


def test_schools_evidence_and_principles_are_guarded_too(
    services: Services, colleague: Services
) -> None:
    school = services.schools.get("100001")
    colleague.schools.update("100001", senco="Ms Patel")
    with pytest.raises(ConflictError, match=r'^school "Oakfield Primary School" was changed by Ms'):
        services.schools.update("100001", senco="Mr Lee", read_version=school.version)
    with pytest.raises(ConflictError):
        services.schools.archive("100001", read_version=school.version)

    principle = services.trust.principles()[0]
    colleague.trust.update_principle(1, "Knowing every child", "Her words.")
    with pytest.raises(ConflictError, match=r'^principle "Knowing every child" was changed by'):
        services.trust.update_principle(1, "Mine", "My words.", read_version=principle.version)
    assert services.trust.principles()[0].title == "Knowing every child"

    evidence = services.evidence.add(
        school="100001", principle=1, title="Visit note", kind="observation"
    )
    colleague.evidence.archive(evidence.id)
    with pytest.raises(ConflictError, match=r'^evidence "Visit note" was changed by Ms Patel'):
        services.evidence.archive(evidence.id, False, read_version=evidence.version)


def test_the_cli_refuses_a_stale_version_with_one_line_and_changes_nothing(
    services: Services,
    colleague: Services,
    make_action: Callable[..., str],
    cli: Callable[..., CliResult],
    db_path: Path,
) -> None:
    action_id = make_action(title="Reading buddies")
    shown = cli("actions", "show", action_id, "--json")
    assert '"version": 1' in shown.out
    colleague.actions.update(action_id, {"owner": "Ms Patel"})
    before = file_state(db_path)
    result = cli("actions", "update", action_id, "--owner", "Mr Lee", "--if-version", "1")
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1
    assert 'action "Reading buddies" was changed by Ms Patel at ' in lines[0]
    assert file_state(db_path) == before
    assert cli("actions", "update", action_id, "--owner", "Mr Lee", "--if-version", "2").code == 0
