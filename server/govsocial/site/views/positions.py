"""Map a decision's action and modality to the position shown in the matrix and timeline.

A platform decision says what an authority does about a platform (vocab/action) and how far
that has come (vocab/modality). The matrix shows one *position* per authority and platform;
the table below is the one place where (action, modality) becomes a position.

Positions come in two tiers. *Use* positions (active, restricted to crises, stopped,
campaign-only) say how the platform is used; *intention* positions (considered, not planned)
say what is planned for a platform not (yet) in use. A cell shows the latest use position; only
without one does it show the latest intention. So Dresden, which uses TikTok in campaigns and
does not plan an own channel, stays "campaign-only".

Intentions to leave imply present use: "no plans to leave X" (withdraw, not-planned) and
"regularly reviews leaving X" (withdraw, regularly-reviewed) mean the authority is on X, so they
count as "active". Actions that say nothing about use (monitor a platform, keep an account)
map to no position: they appear in the timeline, never decide a cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True)
class PositionInfo:
    key: str  # CSS class suffix (`status-<key>` in site.css) and stable identifier
    label: str
    description: str  # for the legend
    use: bool  # True for the use tier, False for the intention tier
    specificity: int  # breaks ties between positions of the same day (higher wins)


class Position(Enum):
    """What an authority's latest known position on a platform is."""

    ACTIVE = PositionInfo(
        "active", "active", "uses the platform (also: stays on it, no exit planned)", True, 1
    )
    RESTRICTED = PositionInfo(
        "restricted",
        "restricted to crises",
        "keeps the platform for crisis or disaster use only",
        True,
        4,
    )
    STOPPED = PositionInfo("stopped", "stopped", "stopped posting, paused or withdrew", True, 3)
    CAMPAIGN = PositionInfo("campaign", "campaign-only", "used only within campaigns", True, 2)
    CONSIDERED = PositionInfo(
        "considered", "considered", "use planned or under consideration, not in use", False, 1
    )
    NOT_PLANNED = PositionInfo("not-planned", "not planned", "use explicitly not planned", False, 2)
    UNKNOWN = PositionInfo(
        "unknown", "unknown", "no decision known (as of the day shown)", False, 0
    )

    @property
    def key(self) -> str:
        return self.value.key

    @property
    def label(self) -> str:
        return self.value.label


A, R, S, C = Position.ACTIVE, Position.RESTRICTED, Position.STOPPED, Position.CAMPAIGN
K, N = Position.CONSIDERED, Position.NOT_PLANNED

MODALITIES = (
    "in-effect",
    "planned",
    "under-consideration",
    "regularly-reviewed",
    "not-planned",
    "past",
)

# action -> position per modality, in the order of MODALITIES; None = not a position on use.
# Why the less obvious cells are what they are:
# - continue-using in any modality: the authority uses the platform now;
# - expand / prioritise planned: an intention only (Kultusministerium plans to expand TikTok,
#   where it so far runs campaigns); "not planned to expand" says nothing about use;
# - leaving (restrict, stop, pause, withdraw) planned, considered, reviewed or not planned:
#   the authority is still on the platform, so it is active;
# - past (in effect once, no longer, e.g. a 2023 campaign): says nothing about use since, so no
#   position; the timeline still lists it.
TABLE: dict[str, tuple[Position | None, ...]] = {
    #                      in-effect planned under-cons. reviewed not-planned past
    "adopt": (A, K, K, K, N, None),
    "continue-using": (A, A, A, A, A, None),
    "expand": (A, K, K, K, None, None),
    "prioritise": (A, K, K, K, None, None),
    "campaign-use": (C, K, K, K, N, None),
    "open-own-channel": (A, K, K, K, N, None),
    "restrict-to-crisis-use": (R, A, A, A, A, None),
    "stop-posting": (S, A, A, A, A, None),
    "pause": (S, A, A, A, A, None),
    "withdraw": (S, A, A, A, A, None),
    # narrower than withdraw, then than adopt: placed as they are
    "delete-account": (S, A, A, A, A, None),
    "deactivate-account": (S, A, A, A, A, None),
    "end-pilot": (S, A, A, A, A, None),
    "pilot": (A, K, K, K, N, None),
    "host-instance": (A, K, K, K, N, None),
    "monitor": (None, None, None, None, None, None),
    "keep-account": (None, None, None, None, None, None),
    # say how an account is run, not whether the platform is used
    "rename-handle": (None, None, None, None, None, None),
    "stop-advertising": (None, None, None, None, None, None),
    "disable-comments": (None, None, None, None, None, None),
}

LEGEND: tuple[Position, ...] = (A, R, S, C, K, N, Position.UNKNOWN)


def position_of(action: str, modality: str) -> Position | None:
    """Return the position of a decision given the slugs of its action and modality.

    Unknown actions or modalities (a vocabulary grown since this table) give None, so a new
    term never silently paints a cell; the timeline still lists the decision.
    """
    row = TABLE.get(action)
    if row is None or modality not in MODALITIES:
        return None
    return row[MODALITIES.index(modality)]
