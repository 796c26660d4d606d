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

from .context import PARAGRAPH_BREAK, ArticleContext
from .cues import load_cue_rules
from .draft import INHERITED, Draft

# qualifiers a frame's figures inherit: what restricts the data, not what happened to a part
RESTRICTIONS = ("officer_sex", "complainant", "includes_staff")
# scope rules that state the scope in the figure's own sentence
STATED_SCOPE = (
    "scope:force", "scope:region", "scope:national", "scope:force-place", "scope:the-force",
    "scope:region-cue",
)  # fmt: skip
# what a frame replaces when the figure found it only in earlier text
CARRIED_SCOPE = ("scope:previous-figure",)
CARRIED_PERIOD = ("period:carried",)
DEFINITE = {"the", "these", "those", "its", "their"}  # before a repeated figure
BACK_POINTERS = frozenset({"total", "figure", "number", "that", "this", "tally", "count"})  # a subject
# that points back to the figure before
MAX_COMPARED_OPENER = 8  # tokens before a compared first figure: "The national total is up from"


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
    """The frames open at each point of one article, in text order: per measure, one frame
    per scope (the first is the article's main frame of that measure)."""

    def __init__(self, ctx: ArticleContext) -> None:
        self.ctx = ctx
        self.frames: dict[str, list[Frame]] = {}  # measure -> its open frames, oldest first
        self.seen: list[Draft] = []  # the figures so far
        self.repeats: set[int] = set()  # ids of drafts that repeat an earlier figure

    def _heading(self, draft: Draft) -> int | None:
        heading = self.ctx.heading_over(self.ctx.tokens.starts[draft.cand.start])
        return heading[0] if heading else None

    def base_frame(self, draft: Draft) -> Frame | None:
        """The frame of ``draft``'s measure it belongs to, in its heading block: the main
        frame for "Of the allegations ..." (the whole data), else the latest frame about
        the scope the draft has (stated, or carried from the figure before)."""
        heading = self._heading(draft)
        frames = [f for f in self.frames.get(draft.measure or "", []) if f.heading == heading]
        if not frames:
            return None
        if ":of-the" in draft.measure_rule and draft.partitive is not None:
            return frames[0]  # its own "Of the allegations ...": the main frame
        return next((f for f in reversed(frames) if f.scope == draft.scope), None)

    def frame_for(self, draft: Draft) -> Frame | None:
        """The frame ``draft`` inherits from: its base frame, or for a bare number the
        sub-frame a partitive total opened ("Of the 41 allegations against men, 12 ...")."""
        frame = self.base_frame(draft)
        if frame is not None and draft.elliptical and frame.subframes and draft.partitive is None:
            return frame.subframes[-1]  # no opener of its own: the last one's subset
        return frame

    def _open(self, frame: Frame) -> None:
        """Open ``frame``: it replaces the frame of its measure about the same scope."""
        frames = self.frames.setdefault(frame.measure, [])
        frames[:] = [f for f in frames if not (f.scope == frame.scope and f.heading == frame.heading)]
        frames.append(frame)

    def refer(self, draft: Draft) -> None:
        """A breakdown ("Of those complaints, 12 ...") refers to the frame's total, not to a
        bare part listed beside that total in its sentence ("..., with 30 in 2019/20")."""
        total = draft.breakdown_of
        if total is None or not total.elliptical:
            return
        heading = self._heading(draft)
        frame = next(
            (f for f in reversed(self.frames.get(draft.measure or "", [])) if f.total.sent == total.sent),
            None,
        )
        if frame is None or total is frame.total or frame.heading != heading:
            return  # a bare number in a sentence of its own may be a total ("... reached 4,930")
        if frame.total.cand.value >= draft.cand.value:
            draft.breakdown_of = frame.total

    def referent(self, draft: Draft) -> Draft | None:
        """The earlier figure a definite repeat of its value names: "Of the 81,640 cases",
        "The 34 claims" after 81,640 cases, 34 claims (same value, same measure)."""
        words = self.ctx.words
        start = draft.cand.start
        before = words[start - 1] if start else ""
        # "the county's 14", "The national figure of 493": a possessive or a "figure of" also
        # points back to a figure stated before
        named = before in ("'s", "’s") or (
            before == "of" and start >= 2 and words[start - 2] in BACK_POINTERS
        )
        if (before not in DEFINITE and not named) or draft.cand.kind != "count":
            return None
        for earlier in reversed(self.seen):
            same = earlier.cand.value == draft.cand.value and earlier.measure == draft.measure
            if same and earlier is not draft:
                return earlier
        return None

    def is_part(self, draft: Draft) -> bool:
        """Does ``draft`` count a part of a wider stated total: a breakdown, a share, "N of
        its X", a bare number in an open frame, or a smaller figure of the frame's measure?"""
        if draft.breakdown_of is not None or draft.measure == "percent":
            return True  # a breakdown; a share is a part of its base
        if draft.measure_rule.startswith("count:n-of-the"):
            return True  # "1,000 of its officers"
        frame = self.frame_for(draft)
        if frame is None or frame.total is draft:
            return False
        return draft.elliptical or self._part_of(draft, frame)

    def _same_event(self, draft: Draft) -> bool:
        """Was the total ``draft`` is a part of counted with the same outcome words ("95
        officers were barred ... In 2022/23 the force barred 44")? Then the words name what
        both count, and mark no subset of it."""
        frame = self.frame_for(draft)
        total = draft.breakdown_of or (frame.total if frame is not None else None)
        return total is not None and total is not draft and total.outcome_words == draft.outcome_words

    def inherit(self, draft: Draft) -> None:
        """Fill what ``draft`` does not state from the figure it repeats or from its frame:
        restrictions, a scope or period it only carried from earlier text. An ``other``
        outcome marks a subset: on a figure that is no part of a wider total it is dropped
        ("71 officers were investigated" alone has no outcome)."""
        if draft.other_word and draft.qualifiers.get("outcome") == "other":
            if not self.is_part(draft) or self._same_event(draft):
                del draft.qualifiers["outcome"]
        self.seen.append(draft)
        same = self.referent(draft)
        if same is not None:
            self._repeat(draft, same)
            return
        subject = self._subject_frame(draft)
        if subject is not None:
            # "The allegations related to 713 officers": the data its subject names
            if draft.scope_rule in CARRIED_SCOPE and subject.scope is not None:
                draft.scope, draft.scope_rule, draft.cue = subject.scope, "scope:frame", None
            if draft.period_rule in (*CARRIED_PERIOD, "period:previous-sentence") and subject.period:
                draft.period, draft.period_rule = subject.period, "period:frame"
        frame = self.frame_for(draft)
        if frame is None and draft.elliptical and draft.scope_rule in STATED_SCOPE:
            # "Kent Police dismissed the most, with 71": a force's share of the main data
            main = [f for f in self.frames.get(draft.measure or "", []) if f.heading == self._heading(draft)]
            if main:
                self._restrict(draft, main[0].restrictions)
            return
        if frame is None or frame.total is draft:
            return
        if not (draft.elliptical or draft.breakdown_of) and not self._part_of(draft, frame):
            return  # a figure with its own noun inherits only as a part of the total
        if draft.scope_rule in CARRIED_SCOPE and frame.scope is not None:
            draft.scope, draft.scope_rule = frame.scope, "scope:frame"
            draft.cue = None
        if draft.period_rule in CARRIED_PERIOD and frame.period is not None:
            draft.period, draft.period_rule = frame.period, "period:frame"
        self._restrict(draft, frame.restrictions)

    def compared(self, draft: Draft, drafts: list[Draft]) -> None:
        """A value compared with the figure before it in its sentence ("2,650 cases, up from
        2,410", "452 per 1,000 employees, against 431 in 2021/22") counts the same thing:
        it takes that figure's qualifiers (not its change), and, stating no period, the
        one-year period before that figure's."""
        previous = drafts[-1] if drafts and drafts[-1].sent == draft.sent else None
        if previous is None and drafts and self._opens_with_comparison(draft):
            # "The total is up from 361", "That compares with 15 in 2021/22": the first figure of
            # its sentence is compared with the figure before it, in the sentence before
            previous = drafts[-1]
        if previous is None or previous.measure != draft.measure or not draft.elliptical:
            return
        sent = draft.sent
        words, at = self.ctx.words[sent.start : sent.end], draft.cand.start - sent.start
        rules = load_cue_rules()
        cue = any(r.reaches(words, at) for r in (rules["comparison_period"], rules["comparison_value"]))
        if not cue:
            return
        for key, value in previous.qualifiers.items():
            if key != "change" and key not in draft.qualifiers:
                draft.qualifiers[key] = value
                draft.qualifier_basis[key] = INHERITED
        if previous.scope and (draft.cue is None or draft.cue[0] < previous.cand.start):
            # no place of its own after the figure it is compared with: the same force's value
            # ("the four forces recorded 6,412 ..., up from 5,350 in 2022/23")
            draft.scope, draft.scope_rule, draft.cue = previous.scope, "scope:compared", previous.cue
        period = previous.period
        if (
            draft.period_rule in ("period:figure-before", "period:sentence")
            and period
            and period[1] - period[0] == 1
        ):
            draft.period, draft.period_rule = (period[0] - 1, period[1] - 1), "period:compared"

    def restate_headline(self, draft: Draft, drafts: list[Draft]) -> None:
        """A headline figure restated in the first body paragraph with a place of its own
        ("Record 493 officers sacked as Met tops table", then "Police forces in England and
        Wales sacked 493 officers") is about what the body says: its scope, and its frames'."""
        text = self.ctx.tokens.text
        first_break = PARAGRAPH_BREAK.search(text)
        if first_break is None or draft.cue is None:
            return
        second_break = PARAGRAPH_BREAK.search(text, first_break.end())
        body_end = second_break.start() if second_break else len(text)
        here = self.ctx.tokens.starts[draft.cand.start]
        if not first_break.end() <= here < body_end:
            return
        for d in drafts:
            headline = self.ctx.tokens.starts[d.cand.start] < first_break.start()
            same = d.cand.value == draft.cand.value and d.measure == draft.measure
            if headline and same and d.scope != draft.scope:
                d.scope, d.scope_rule = draft.scope, "scope:restated"
                for frame in (f for frames in self.frames.values() for f in frames):
                    if frame.total is d:
                        frame.scope = draft.scope

    def _opens_with_comparison(self, draft: Draft) -> bool:
        """Is ``draft`` the first figure of its sentence, reached by a comparison cue, after a
        subject that points back ("The total", "That", "Lincolnshire's figure"): nothing before
        it but the subject, a verb and the cue?"""
        sent = draft.sent
        words = self.ctx.words[sent.start : draft.cand.start]
        return len(words) <= MAX_COMPARED_OPENER and any(w in BACK_POINTERS for w in words)

    def _subject_frame(self, draft: Draft) -> Frame | None:
        """The frame of another measure a sentence's definite subject names ("The
        allegations related to 713 officers", "Those cases contained 2,105 allegations")."""
        words, lex = self.ctx.words, self.ctx.lex
        start = draft.sent.start
        if start + 1 >= draft.cand.start or words[start] not in DEFINITE:
            return None
        noun = lex.singular(words[start + 1])
        measure = lex.measures.get(noun, noun)
        if measure == draft.measure:
            return None
        heading = self._heading(draft)
        frames = [f for f in self.frames.get(measure, []) if f.heading == heading]
        if draft.scope_rule in STATED_SCOPE:  # "The allegations related to 713 Met officers"
            frames = [f for f in frames if f.scope == draft.scope]
        return frames[-1] if frames else None

    def _repeat(self, draft: Draft, same: Draft) -> None:
        """``draft`` repeats the figure ``same``: it takes what it does not state from it,
        and the frame ``same`` opened is the open one again."""
        if draft.scope_rule not in STATED_SCOPE and same.scope is not None:
            draft.scope, draft.scope_rule, draft.cue = same.scope, "scope:same-figure", None
        if draft.period_rule != "period:stated" and same.period is not None:
            draft.period, draft.period_rule = same.period, "period:same-figure"
        self._restrict(draft, {k: v for k, v in same.qualifiers.items() if k in RESTRICTIONS})
        if "outcome" in same.qualifiers and "outcome" not in draft.qualifiers:
            # the same figure again ("Of the county's 14, ...", "The national figure of 493"):
            # the same outcome; its frame passes none on, its parts state their own
            draft.qualifiers["outcome"] = same.qualifiers["outcome"]
            draft.qualifier_basis["outcome"] = INHERITED
        if draft.measure not in (None, "percent", "force"):
            own = {k: v for k, v in same.qualifiers.items() if k in RESTRICTIONS}
            heading = self._heading(draft)
            base = self.base_frame(draft)
            if base is not None and base.total is not same and self._part_of(same, base):
                # "Of the 50 allegations against men, ...": a part of the open total; the bare
                # numbers after it count that subset, a figure with its own noun the whole data
                restrictions = {**base.restrictions, **own}
                part = Frame(same, draft.measure, base.scope, base.period, restrictions, heading)
                base.subframes[:] = [part]
            else:
                self._open(Frame(same, draft.measure, same.scope, same.period, own, heading))  # type: ignore[arg-type]
        self.repeats.add(id(draft))

    @staticmethod
    def _restrict(draft: Draft, restrictions: dict[str, Any]) -> None:
        """Give ``draft`` the ``restrictions`` it does not state. A count of forces takes
        none; a figure that names its own group of people ("188 were police officers")
        takes no ``includes_staff``: its noun says who is counted."""
        if draft.measure == "force":
            return
        for key, value in restrictions.items():
            if key == "includes_staff" and draft.measure in ("staff", "officer") and not draft.elliptical:
                continue
            if key not in draft.qualifiers:
                draft.qualifiers[key] = value
                draft.qualifier_basis[key] = INHERITED

    def update(self, draft: Draft) -> None:
        """Open or nest frames after ``draft``: a figure with its own counted noun opens a
        frame unless it is a part of the open one (smaller, same scope, a period inside the
        frame's); a partitive part with a restriction of its own opens a sub-frame."""
        measure = draft.measure
        if measure is None or measure in ("percent", "force"):
            return
        frame = self.base_frame(draft)
        if frame is not None and draft.partitive is not None:
            frame.subframes.clear()  # "Of the allegations where ...": the whole frame again
        if frame is not None and draft.partitive:
            # "Of the complaints made by colleagues, four ...": the bare numbers after it in
            # the next sentences count that subset too
            restrictions = {**frame.restrictions, **draft.partitive}
            frame.subframes[:] = [
                Frame(draft, measure, frame.scope, frame.period, restrictions, frame.heading)
            ]
        if draft.elliptical or draft.breakdown_of is not None or id(draft) in self.repeats:
            return  # a bare number, "N of these X" or a repeat: never a new total
        if self._is_compared(draft):
            return  # "up from 2,731 cases in 2021/22": the figure compared with, not the data
        own = {k: v for k, v in draft.qualifiers.items() if k in RESTRICTIONS}
        if frame is not None and frame.total is not draft and self._part_of(draft, frame):
            frame.subframes.clear()  # a part with its own noun: back to the base frame
            extra = {k: v for k, v in own.items() if frame.restrictions.get(k) != v}
            words = self.ctx.words
            if extra and words[max(0, draft.cand.start - 2) : draft.cand.start][:1] == ["of"]:
                # a partitive total with a restriction of its own opens a sub-frame
                restrictions = {**frame.restrictions, **extra}
                frame.subframes.append(
                    Frame(draft, measure, frame.scope, frame.period, restrictions, frame.heading)
                )
            return
        self._open(Frame(draft, measure, draft.scope, draft.period, own, self._heading(draft)))

    def _is_compared(self, draft: Draft) -> bool:
        """Is ``draft`` the value a comparison cue right before it compares with ("up from
        2,731 ...", "against 1,377 ...")?"""
        sent = draft.sent
        words, at = self.ctx.words[sent.start : sent.end], draft.cand.start - sent.start
        rules = load_cue_rules()
        cues = (rules["comparison_period"], rules["comparison_value"])
        return any(r.reaches(words, at) is not None for r in cues)

    def restrict_total(self, total: Draft, restrictions: dict[str, Any]) -> None:
        """Add ``restrictions`` found for ``total`` after it was decided (a group named after
        it: "57 complaints, relating to 49 officers and staff") to the frames it opened."""
        for frame in (f for frames in self.frames.values() for f in frames):
            if frame.total is total:
                for key, value in restrictions.items():
                    frame.restrictions.setdefault(key, value)

    @staticmethod
    def _part_of(draft: Draft, frame: Frame) -> bool:
        if draft.cand.value >= frame.total.cand.value:
            return False
        if draft.scope != frame.scope:
            return False
        if draft.period and frame.period and draft.period_rule.startswith("period:stated"):
            return frame.period[0] <= draft.period[0] and draft.period[1] <= frame.period[1]
        return True  # a period it only carried from elsewhere does not set it apart
