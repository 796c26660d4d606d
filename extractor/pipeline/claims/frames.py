"""Data frames: a stated total and the figures that break it down.

When the text states a total with its own counted noun ("41 complaints against male
officers at Dorset Police between 2017 and 2021"), it opens a frame: measure, scope,
period and restrictions (the total's qualifiers but its outcome and rate). Later
figures of that measure inherit what they do not state, until a new total of the
measure (not smaller, or over another period), a figure stating another scope, or a
new heading block closes the frame. A part with a restriction of its own ("Of the 41
allegations against men, ...") opens a sub-frame: bare numbers after it ("12 ...,
nine ...") inherit from it, a figure with its own noun from the frame under it.

``FrameTracker`` reads the drafts the resolvers decided and the context's heading
blocks; it writes only the draft it is given (``inherit``), recording what it filled
as ``INHERITED``. One tracker per article (made by ``decide``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .context import ArticleContext
from .draft import INHERITED, Draft

# qualifiers a frame's figures inherit: what restricts the data, not what happened to a part
RESTRICTIONS = ("officer_sex", "complainant", "includes_staff")
# scope rules that state the scope in the figure's own sentence
STATED_SCOPE = ("scope:force", "scope:region", "scope:national", "scope:force-place", "scope:the-force")
# what a frame replaces when the figure found it only in earlier text
CARRIED_SCOPE = ("scope:previous-figure",)
CARRIED_PERIOD = ("period:carried",)
DEFINITE = {"the", "these", "those", "its", "their"}  # before a repeated figure


@dataclass
class Frame:
    """A stated total, and what its breakdown inherits."""

    total: Draft
    measure: str
    scope: str | None
    period: tuple[int, int] | None
    restrictions: dict[str, Any]
    heading: int | None  # the heading block it opened in (its start char), if any
    subframes: list[Frame] = field(default_factory=list)  # parts with restrictions of their own


class FrameTracker:
    """The frames open at each point of one article, in text order."""

    def __init__(self, ctx: ArticleContext) -> None:
        self.ctx = ctx
        self.frames: dict[str, Frame] = {}  # measure -> its open frame
        self.seen: list[Draft] = []  # the figures so far
        self.repeats: set[int] = set()  # ids of drafts that repeat an earlier figure

    def _heading(self, draft: Draft) -> int | None:
        heading = self.ctx.heading_over(self.ctx.tokens.starts[draft.cand.start])
        return heading[0] if heading else None

    def frame_for(self, draft: Draft) -> Frame | None:
        """The frame ``draft`` belongs to: its measure's open frame (the innermost sub-frame
        for a bare number), unless a heading block or a stated scope separates them."""
        frame = self.frames.get(draft.measure or "")
        if frame is None or frame.heading != self._heading(draft):
            return None
        if draft.scope_rule in STATED_SCOPE and draft.scope != frame.scope:
            return None  # another subject
        if draft.elliptical and frame.subframes and ":of-the" not in draft.measure_rule:
            return frame.subframes[-1]  # "Of the 41 allegations against men, 12 ..."
        return frame

    def refer(self, draft: Draft) -> None:
        """A breakdown ("Of those complaints, 12 ...") refers to the frame's total, not to a
        bare part listed beside that total in its sentence ("..., with 30 in 2019/20")."""
        total = draft.breakdown_of
        frame = self.frames.get(draft.measure or "")
        if total is None or frame is None or not total.elliptical or total is frame.total:
            return
        if total.sent != frame.total.sent:
            return  # a bare number in a sentence of its own may be a total ("... reached 4,930")
        if frame.total.cand.value >= draft.cand.value and frame.heading == self._heading(draft):
            draft.breakdown_of = frame.total

    def referent(self, draft: Draft) -> Draft | None:
        """The earlier figure a definite repeat of its value names: "Of the 81,640 cases",
        "The 34 claims" after 81,640 cases, 34 claims (same value, same measure)."""
        words = self.ctx.words
        before = words[draft.cand.start - 1] if draft.cand.start else ""
        if before not in DEFINITE or draft.cand.kind != "count":
            return None
        for earlier in reversed(self.seen):
            same = earlier.cand.value == draft.cand.value and earlier.measure == draft.measure
            if same and earlier is not draft:
                return earlier
        return None

    def is_part(self, draft: Draft) -> bool:
        """Does ``draft`` count a part of a wider stated total: a breakdown, a bare number in
        an open frame, or a smaller figure of the frame's measure?"""
        if draft.breakdown_of is not None or draft.measure == "percent":
            return True  # a breakdown; a share is a part of its base
        if draft.measure_rule.startswith("count:n-of-the"):
            return True  # "1,000 of its officers"
        frame = self.frame_for(draft)
        if frame is None or frame.total is draft:
            return False
        return draft.elliptical or self._part_of(draft, frame)

    def inherit(self, draft: Draft) -> None:
        """Fill what ``draft`` does not state from the figure it repeats or from its frame:
        restrictions, a scope or period it only carried from earlier text. An ``other``
        outcome marks a subset: on a figure that is no part of a wider total it is dropped
        ("71 officers were investigated" alone has no outcome)."""
        if draft.other_word and draft.qualifiers.get("outcome") == "other" and not self.is_part(draft):
            del draft.qualifiers["outcome"]
        self.seen.append(draft)
        same = self.referent(draft)
        if same is not None:
            if draft.scope_rule not in STATED_SCOPE and same.scope is not None:
                draft.scope, draft.scope_rule, draft.cue = same.scope, "scope:same-figure", None
            if draft.period_rule != "period:stated" and same.period is not None:
                draft.period, draft.period_rule = same.period, "period:same-figure"
            for key, value in same.qualifiers.items():
                if key in RESTRICTIONS and key not in draft.qualifiers:
                    draft.qualifiers[key] = value
                    draft.qualifier_basis[key] = INHERITED
            frame = self.frames.get(draft.measure or "")
            if frame is None or frame.total is not same:
                self.frames.pop(draft.measure or "", None)  # the repeated figure's frame is open again
                if draft.measure not in (None, "percent", "force"):
                    own = {k: v for k, v in same.qualifiers.items() if k in RESTRICTIONS}
                    self.frames[draft.measure] = Frame(  # type: ignore[index]
                        same,
                        draft.measure,
                        same.scope,
                        same.period,
                        own,
                        self._heading(draft),  # type: ignore[arg-type]
                    )
            self.repeats.add(id(draft))
            return
        frame = self.frame_for(draft)
        if frame is None or frame.total is draft:
            return
        if not (draft.elliptical or draft.breakdown_of) and not self._part_of(draft, frame):
            return  # a figure with its own noun inherits only as a part of the total
        if draft.scope_rule in CARRIED_SCOPE and frame.scope is not None:
            draft.scope, draft.scope_rule = frame.scope, "scope:frame"
            draft.cue = None
        if draft.period_rule in CARRIED_PERIOD and frame.period is not None:
            draft.period, draft.period_rule = frame.period, "period:frame"
        for key, value in frame.restrictions.items():
            if key not in draft.qualifiers and not (key == "includes_staff" and draft.measure == "staff"):
                draft.qualifiers[key] = value
                draft.qualifier_basis[key] = INHERITED

    def update(self, draft: Draft) -> None:
        """Open, nest or close frames after ``draft``: a figure with its own counted noun
        opens a frame unless it is a part of the open one (smaller, same scope, a period
        inside the frame's); a part with a restriction of its own opens a sub-frame."""
        measure = draft.measure
        if draft.scope_rule in STATED_SCOPE:
            # another subject closes the frames about something else
            self.frames = {m: f for m, f in self.frames.items() if f.scope == draft.scope}
        if measure is None or measure in ("percent", "force"):
            return
        frame = self.frame_for(draft)
        if frame is not None and ":of-the" in draft.measure_rule:
            frame.subframes.clear()  # "Of the allegations where ...": the whole frame again
        if draft.elliptical or draft.breakdown_of is not None or id(draft) in self.repeats:
            return  # a bare number, "N of these X" or a repeat: never a new total
        own = {k: v for k, v in draft.qualifiers.items() if k in RESTRICTIONS}
        if frame is not None and frame.total is not draft and self._part_of(draft, frame):
            frame = self.frames[measure]  # a part with its own noun: back to the base frame
            frame.subframes.clear()
            extra = {k: v for k, v in own.items() if frame.restrictions.get(k) != v}
            words = self.ctx.words
            if extra and words[max(0, draft.cand.start - 2) : draft.cand.start][:1] == ["of"]:
                # a partitive total with a restriction of its own opens a sub-frame
                restrictions = {**frame.restrictions, **extra}
                frame.subframes.append(
                    Frame(draft, measure, frame.scope, frame.period, restrictions, frame.heading)
                )
            return
        self.frames[measure] = Frame(draft, measure, draft.scope, draft.period, own, self._heading(draft))

    @staticmethod
    def _part_of(draft: Draft, frame: Frame) -> bool:
        if draft.cand.value >= frame.total.cand.value:
            return False
        if draft.scope != frame.scope:
            return False
        if draft.period and frame.period:
            return frame.period[0] <= draft.period[0] and draft.period[1] <= frame.period[1]
        return True
