"""The ``--criterion CODE`` option that tags records (repeatable; ``none`` clears) and filters
lists, shared by the actions and evidence commands."""

from __future__ import annotations

import argparse

from cst_inclusion_desktop.commands.base import UsageError
from cst_inclusion_desktop.domain.criteria import CLEAR_WORD, clean_code
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.services import Services


def add_criterion_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--criterion",
        action="append",
        metavar="CODE",
        help=f"an inspection criterion it shows, e.g. IC3 (repeatable; '{CLEAR_WORD}' clears "
        "them); see `criteria list`",
    )


def criteria_change(values: list[str] | None) -> tuple[str, ...] | None:
    """The codes given (None when the option was not used; () for ``--criterion none``)."""
    if values is None:
        return None
    cleared = [value for value in values if value.strip().casefold() == CLEAR_WORD]
    if cleared and len(cleared) != len(values):
        raise UsageError(
            f"--criterion: value '{CLEAR_WORD}' — expected on its own (it clears the criteria), "
            "not with codes"
        )
    return () if cleared else tuple(values)


def criterion_filter_codes(values: list[str] | None, services: Services) -> tuple[str, ...]:
    """Filter codes, each a criterion in the list (a retired one finds the records it is on)."""
    if not values:
        return ()
    known = [criterion.code for criterion in services.criteria.list(include_retired=True)]
    codes: list[str] = []
    for value in values:
        code = clean_code(value, "criterion")
        if code not in known:
            raise ValidationError("criterion", value, f"a criterion code ({', '.join(known)})")
        codes.append(code)
    return tuple(codes)
