"""The self-test that smoke-tests an installed or packaged copy of the app.

It exercises every piece a frozen build can lose — Qt plugins, SQLite, the Alembic migrations
shipped as data, the bundled fonts and ReportLab — on a throw-away database in a temporary
folder, so it never touches the user's real data. The Qt step is passed in by the caller
(services never import Qt); the rest lives here so the CLI and tests share it.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.domain.action_rules import ActionDraft
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.context import AppContext
from cst_inclusion_desktop.store.database import Database
from cst_inclusion_desktop.store.integrity import sqlite_integrity_word
from cst_inclusion_desktop.store.migrate import current_revision, ensure_schema, head_revision

# A step returns an optional short detail shown in brackets after its name, e.g. "qt (xcb)".
StepFunction = Callable[[], str | None]
# The GUI's last step: open the main window on the test database (the folder is for scratch
# files such as window preferences, so the user's own are not touched).
WindowStep = Callable[[Services, Path], str | None]
# Text with non-ASCII letters, as a Welsh school name would have, to catch encoding loss.
SAMPLE_TITLE = "Self-test: Ysgol Bryn Ŵyn — Zoë's reading plan"
SAMPLE_EVIDENCE = "Self-test evidence ✓ — Siân\n".encode() * 64
EMBEDDED_FONT = b"DejaVuSans"
PAGE_PATTERN = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


class SelfTestFailure(Exception):
    """A check inside a step did not hold; the message says what was expected."""


@dataclass(frozen=True, slots=True)
class StepResult:
    name: str
    ok: bool
    detail: str | None
    seconds: float


@dataclass(frozen=True, slots=True)
class SelfTestResult:
    steps: tuple[StepResult, ...]
    seconds: float

    @property
    def ok(self) -> bool:
        return all(step.ok for step in self.steps)

    @property
    def failed(self) -> StepResult | None:
        return next((step for step in self.steps if not step.ok), None)

    def summary(self) -> str:
        """The one line the command prints (and CI checks)."""
        failed = self.failed
        if failed is not None:
            return f"self-test FAILED at step '{failed.name}': {failed.detail}"
        names = ", ".join(
            f"{step.name} ({step.detail})" if step.detail else step.name for step in self.steps
        )
        return f"self-test ok: {names} ({self.seconds:.1f} s)"


@dataclass
class _Run:
    """The state the steps share: a temporary folder, the open context and what was written."""

    folder: Path
    database: Database | None = None
    services: Services | None = None
    action_id: str = ""

    @property
    def settings(self) -> Settings:
        return Settings(
            database=str(self.folder / "self-test.db"),
            backup_dir=str(self.folder / "backups"),
            user_name="self-test",
            trust_name="Self-test Trust",
        )

    def step_database(self) -> str | None:
        self.database = Database.open_file(self.folder / "self-test.db")
        with self.database.engine.connect() as connection:
            value = sqlite_integrity_word(connection)
        _expect(value == "ok", f"a clean new database, integrity_check said {value!r}")
        return None

    def step_migration(self) -> str | None:
        assert self.database is not None
        ensure_schema(self.database)
        current, head = current_revision(self.database), head_revision()
        _expect(current == head, f"schema {head} after migrating, found {current}")
        self.services = Services(AppContext(database=self.database, settings=self.settings))
        return None

    def step_action(self) -> str | None:
        services = self._services()
        services.trust.create("Self-test Trust")
        services.schools.add("Ysgol Bryn Ŵyn", "999001", "primary", "Siân Jones")
        added = services.actions.add(ActionDraft(school="999001", principle=1, title=SAMPLE_TITLE))
        self.action_id = added.id
        again = services.actions.get(added.id)
        _expect(again.title == SAMPLE_TITLE, f"title {SAMPLE_TITLE!r}, read {again.title!r}")
        return None

    def step_evidence(self) -> str | None:
        services = self._services()
        source = self.folder / "evidence-sample.txt"
        source.write_bytes(SAMPLE_EVIDENCE)
        record = services.evidence.add(action_id=self.action_id, file=source, title="Sample")
        _, data = services.evidence.read_bytes(record.id)
        _expect(data == SAMPLE_EVIDENCE, "the evidence bytes read back unchanged")
        _expect(
            record.sha256 == hashlib.sha256(SAMPLE_EVIDENCE).hexdigest(),
            "the recorded SHA-256 to match the file",
        )
        _expect(services.actions.get(self.action_id).evidence_count == 1, "evidence count 1")
        return None

    def step_report(self) -> str | None:
        out = self.folder / "self-test-report.pdf"
        write_sample_report(self._services(), out)
        pages = verify_pdf(out)
        return f"{pages} page" + ("s" if pages != 1 else "")

    def step_server_driver(self) -> str | None:
        """Server mode needs psycopg and its libpq inside the bundle: load them, name them."""
        from cst_inclusion_desktop.store.server.driver import driver_description

        return driver_description()

    def step_window(self, window_step: WindowStep) -> str | None:
        return window_step(self._services(), self.folder)

    def close(self) -> None:
        if self.services is not None:
            self.services.close()
        elif self.database is not None:
            self.database.dispose()

    def _services(self) -> Services:
        _expect(self.services is not None, "an open database (an earlier step failed)")
        assert self.services is not None
        return self.services


def write_sample_report(services: Services, out: Path) -> None:
    """The board paper for the self-test trust, through the same code the app uses."""
    from cst_inclusion_desktop.domain.board_paper import BoardPaperRequest
    from cst_inclusion_desktop.reports.outputs import write_board_paper

    paper = services.report.board_paper(BoardPaperRequest(generated_by="self-test"))
    write_board_paper(paper, out)


def verify_pdf(path: Path) -> int:
    """Check the file is a complete PDF and return its page count."""
    _expect(path.is_file(), f"a report at {path}")
    data = path.read_bytes()
    _expect(data.startswith(b"%PDF-"), "a file starting with %PDF-")
    _expect(b"%%EOF" in data[-1024:], "a complete PDF ending with %%EOF")
    pages = len(PAGE_PATTERN.findall(data))
    _expect(pages >= 1, "at least one page")
    # The bundled Unicode font must be embedded: a frozen build that lost resources/fonts
    # would otherwise fall back to base-14 Helvetica and drop non-English letters.
    _expect(EMBEDDED_FONT in data, "the bundled DejaVu font embedded in the report")
    return pages


def run_self_test(
    qt_step: StepFunction | None = None, window_step: WindowStep | None = None
) -> SelfTestResult:
    """Run every step in order, stopping at the first failure (later steps build on it).

    ``qt_step`` starts Qt first (so a broken Qt install is named as such); ``window_step``
    opens the app's main window on the finished test database last.
    """
    started = time.perf_counter()
    results: list[StepResult] = []
    # ignore_cleanup_errors: antivirus on Windows may still hold a file open for a moment.
    with tempfile.TemporaryDirectory(
        prefix="cst-inclusion-self-test-", ignore_cleanup_errors=True
    ) as folder:
        run = _Run(Path(folder))
        steps: list[tuple[str, StepFunction]] = [
            *([("qt", qt_step)] if qt_step is not None else []),
            ("database", run.step_database),
            ("migration", run.step_migration),
            ("action", run.step_action),
            ("evidence", run.step_evidence),
            ("report", run.step_report),
            ("server driver", run.step_server_driver),
        ]
        if window_step is not None:
            steps.append(("window", lambda: run.step_window(window_step)))
        try:
            for name, function in steps:
                result = _timed(name, function)
                results.append(result)
                if not result.ok:
                    break
        finally:
            run.close()
    return SelfTestResult(tuple(results), time.perf_counter() - started)


def _timed(name: str, function: StepFunction) -> StepResult:
    began = time.perf_counter()
    try:
        detail = function()
    except Exception as error:  # a self-test reports every failure as the step's result
        message = str(error) or type(error).__name__
        return StepResult(name, False, f"{type(error).__name__}: {message}", _since(began))
    return StepResult(name, True, detail, _since(began))


def _since(began: float) -> float:
    return time.perf_counter() - began


def _expect(condition: bool, expected: str) -> None:
    if not condition:
        raise SelfTestFailure(f"expected {expected}")
