"""Stewards' decisions after the flag and the versions of a session's result.

A result is published as versions: provisional (one or more) -> official (once) -> revised (any
number of times). Each version is built from the laps and the decisions it includes.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from pitboard.model.classification import Classification
from pitboard.model.penalty import Penalty


@dataclass(frozen=True, slots=True)
class Decision:
    """A stewards' decision: the penalty (its `reason` is the why), who took it and when."""

    penalty: Penalty
    decided_by: str
    decided_at: datetime  # aware
    id: int | None = None  # given by the store
    result_version: int | None = None  # the first result version it is part of


class ResultState(enum.Enum):
    PROVISIONAL = "provisional"
    OFFICIAL = "official"
    REVISED = "revised"


@dataclass(frozen=True, slots=True)
class ResultVersion:
    session: str  # SessionInfo.key
    number: int  # 1, 2, 3 ...
    state: ResultState
    published_at: datetime  # aware
    reason: str = ""
    published_by: str = ""


@dataclass(frozen=True, slots=True)
class PublishedResult:
    """A session's result as published in one version, rebuilt from its laps and decisions."""

    session: str  # SessionInfo.key
    version: ResultVersion
    classification: Classification
