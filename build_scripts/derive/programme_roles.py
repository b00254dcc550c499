"""Who takes part in a programme: how many LSGs in each role, and how many LSGs in all."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class ProgrammeRoles:
    roles: list[str]  # the roles present, sorted by code
    counts: list[int]  # rows (LSG and role) per role, in `roles` order
    members: int  # distinct LSGs in any role


def programme_roles(programme_lsg: pd.DataFrame, programme_code: str) -> ProgrammeRoles:
    members = programme_lsg[programme_lsg["programme_code"] == programme_code]
    roles = sorted(str(role) for role in members["role"].unique())
    return ProgrammeRoles(
        roles=roles,
        counts=[int((members["role"] == role).sum()) for role in roles],
        members=int(members["lsg_code"].nunique()),
    )
