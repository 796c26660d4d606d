"""Period resolver: the years a figure covers.

Reads the periods the article states (``ctx.periods``, found by ``periods.py``),
the number's clause and sentence, the total it breaks down, the headcount
patterns and the publication date. Writes ``draft.period`` and ``period_rule``.
"""

from __future__ import annotations

from ..context import ArticleContext
from ..cues import load_cue_rules
from ..draft import INHERITED, Draft
from ..periods import SHORT_RANGE, YEAR_NUMBER, resolve_relative

PREVIOUS_YEAR = ("the previous year", "the year before", "last year", "a year earlier")
COLUMN_SEPARATORS = ("/", "|")  # between the values of one row of a table written as text


def resolve_period(ctx: ArticleContext, draft: Draft, clause: tuple[int, int], drafts: list[Draft]) -> None:
    """Stated in the number's own clause (``clause``: its character range in the
    sentence); else carried from the article's stated period (a span of years before a
    single year: "from 29 in 2018/19 to 61 in 2022/23" dates those two figures, not the
    next one); else relative."""
    periods, published = ctx.periods, ctx.published
    sent = draft.sent
    offset = ctx.tokens.starts[draft.cand.start] - sent.start_char
    here = periods.by_sentence.get(sent.start_char, [])
    stated_here = [p for p in here if p.years and clause[0] <= p.char < clause[1]]
    if not _is_compared_value(ctx, draft):
        # "a fall of 4% compared with 2022/23": a compared period after the figure is the
        # other end of the comparison, not the figure's own
        stated_here = [p for p in stated_here if not (p.compared and p.char > offset)]
    when = _when_period(ctx, draft, here, offset)
    if when is not None:  # "compared with 2022/23, when 2,412 cases were recorded"
        draft.period, draft.period_rule = when, "period:when"
        draft.period_compared = True
        return
    if stated_here and all(p.compared and p.char < offset for p in stated_here):
        # "went up from 2,318 in 2021/22 to 2,477": the period before the number is the
        # compared value's, not this one's; the figure is the data's, dated as the article's
        # data is (its carried period), when that is another period
        carried = _carried(ctx, sent.start_char)
        if carried is not None and carried not in {p.years for p in stated_here}:
            draft.period, draft.period_rule = carried, "period:carried"
            return
    if stated_here:
        best = min(stated_here, key=lambda p: abs(p.char - offset))
        draft.period, draft.period_rule = best.years, "period:stated"
        draft.period_compared = best.compared
        return
    same = _same_period(ctx, draft, clause)
    if same is not None:  # "over the same period": the period last stated for the data
        draft.period, draft.period_rule = same, "period:same-period"
        return
    relative_here = [p for p in here if p.kind.startswith("relative") and clause[0] <= p.char < clause[1]]
    if relative_here:  # "over the past five years": the article's stated span, or the dates
        stated_all = [p for _, p in periods.dated]
        draft.period = resolve_relative(relative_here[0], stated_all, published)
        # a period of its own the text gives no year for (an undated "in the last five
        # years"): unknown, never another figure's period
        draft.period_rule = "period:relative" if draft.period else "period:relative-undated"
        return
    if draft.breakdown_of is not None and draft.breakdown_of.period:
        draft.period, draft.period_rule = draft.breakdown_of.period, "period:total"
        return
    if _headcount(ctx, draft):
        draft.period, draft.period_rule = None, "period:headcount"
        return
    sentence_wide = [p for p in here if p.years and not p.compared]  # not "up from 610 in 2021/22"
    spans_here = [p for p in sentence_wide if p.end - p.start >= 2] or sentence_wide
    if spans_here:  # the sentence's period, stated in another of its clauses
        earlier = [p for p in spans_here if p.char < offset]
        chosen = earlier[-1] if earlier else spans_here[0]
        draft.period, draft.period_rule = chosen.years, "period:sentence"
        return
    same_sentence = [d for d in drafts if d.sent == sent and d.period is not None]
    if same_sentence:  # "Of the 212 complaints, 40 ...": the figure before it in its sentence
        draft.period, draft.period_rule = same_sentence[-1].period, "period:figure-before"
        return
    previous = next(  # the sentence before stated the period of its figures: "In 2022/23 ... Those cases"
        (
            d
            for d in drafts
            if d.sent.end == sent.start and d.period_rule == "period:stated" and not d.period_compared
        ),
        None,
    )
    if previous is not None and previous.period is not None:
        stated_there = [p for p in periods.by_sentence.get(previous.sent.start_char, []) if p.years]
        if len({p.years for p in stated_there if not p.compared}) == 1:  # one period, not a list of years
            draft.period, draft.period_rule = previous.period, "period:previous-sentence"
            return
    stated = periods.carried
    carried = _carried(ctx, sent.start_char)
    if carried is not None:
        draft.period, draft.period_rule = carried, "period:carried"
        return
    relative = [p for p in here if p.kind.startswith("relative")] or periods.relative
    if relative:
        draft.period = resolve_relative(relative[0], [p for _, p in stated], published)
        draft.period_rule = "period:relative" if draft.period else "period:none"
        return
    draft.period, draft.period_rule = None, "period:none"


def _is_compared_value(ctx: ArticleContext, draft: Draft) -> bool:
    """Is the number itself the value a comparison cue before it compares with ("up from 610")?"""
    sent = draft.sent
    words, at = ctx.words[sent.start : sent.end], draft.cand.start - sent.start
    rules = load_cue_rules()
    names = ("comparison_period", "comparison_value")
    return any(rules[name].reaches(words, at) is not None for name in names)


def _when_period(ctx: ArticleContext, draft: Draft, here: list, offset: int) -> tuple[int, int] | None:
    """The period a "when" clause the number opens hangs on: "the year before, when 361
    officers lost their jobs", "compared with 2022/23, when 2,412 cases were recorded"."""
    sent = draft.sent
    k = draft.cand.start - 1
    while k > sent.start and ctx.words[k] in WHEN_SKIP:
        k -= 1  # "when around 2,400", "when the 361"
    if ctx.words[k] not in ("when", "where") or k - 1 <= sent.start or ctx.tokens.texts[k - 1] != ",":
        return None
    comma = ctx.tokens.starts[k - 1] - sent.start_char
    before = [p for p in here if p.years and p.char + len(p.text) in (comma, comma - 1)]
    return before[-1].years if before else None


WHEN_SKIP = frozenset({"the", "around", "about", "some", "nearly", "almost", "just", "over", "under"})


def force_counts_take_data_period(ctx: ArticleContext, drafts: list[Draft]) -> None:
    """A count of forces that responded to a request or supplied the data ("36 forces
    replied", "recorded by 36 forces"), or stated beside the data ("750 allegations across
    31 forces"), covers the period of that data; a count of forces as institutions ("the 43
    forces of England and Wales") or alone has no period."""
    rules = load_cue_rules()
    for d in drafts:
        if d.measure != "force":
            continue
        words, at = ctx.words[d.sent.start : d.sent.end], d.cand.start - d.sent.start
        # the forces as institutions first: "not all of the 43 forces of England and Wales
        # replied" counts the forces there are, not those that replied
        if rules["institution_forces"].reaches(words, at) is not None:
            d.period, d.period_rule = None, "period:force-count"
            continue
        if rules["responding_forces"].reaches(words, at) is not None:
            continue
        if not any(o.sent.start == d.sent.start and o.measure != "force" for o in drafts):
            d.period, d.period_rule = None, "period:force-count"


def column_periods(ctx: ArticleContext, drafts: list[Draft]) -> None:
    """A row of values in columns ("1,377 / 1,451", "48 | 52"), stating no period of its own,
    under the nearest earlier line that states as many periods ("cases, 2021/22 and 2022/23"):
    each value takes the period of its column, in the order the periods are stated.
    Reads the drafts' sentences and ``ctx.periods``; writes ``period``, ``period_rule`` and
    ``period_basis`` (inherited) of the row's figures."""
    rows: dict[int, list[Draft]] = {}
    for d in drafts:
        rows.setdefault(d.sent.start, []).append(d)
    dated_lines = sorted(
        (start, p.text) for start, periods in ctx.periods.by_sentence.items() for p in periods
        if p.years and not p.compared
    )  # fmt: skip
    for row in rows.values():
        if len(row) < 2 or any(d.period_rule == "period:stated" for d in row):
            continue
        gaps = [ctx.words[a.cand.end : b.cand.start] for a, b in zip(row, row[1:], strict=False)]
        if not all(len(gap) == 1 and gap[0] in COLUMN_SEPARATORS for gap in gaps):
            continue
        before = [start for start, _ in dated_lines if start < row[0].sent.start_char]
        if not before:
            continue
        header = " ".join(text for start, text in dated_lines if start == before[-1])
        columns = _column_years(header)
        if len(columns) != len(row):
            continue
        for d, years in zip(row, columns, strict=True):
            d.period, d.period_rule, d.period_basis = years, "period:column", INHERITED


def _column_years(header: str) -> list[tuple[int, int]]:
    """The periods a header names one by one, in order: financial years ("2021/22 and
    2022/23", which the period finder reads as one span), else calendar years."""
    financial = [(int(m.group(1)), int(m.group(1)) + 1) for m in SHORT_RANGE.finditer(header)]
    years = financial or [(int(y), int(y)) for y in YEAR_NUMBER.findall(header)]
    return list(dict.fromkeys(years))


def change_period(ctx: ArticleContext, draft: Draft) -> None:
    """A change ("up 18% on the previous year", "rose by 7% in 2022/23") covers both ends:
    from the year it is compared with ("on 2019") or the year before its own period."""
    if "change" not in draft.qualifiers or draft.period is None:
        return
    after = ctx.words[draft.cand.unit_end or draft.cand.end : draft.sent.end][:4]
    start, end = draft.period[0] - 1, draft.period[1]
    if draft.period[1] - draft.period[0] > 1:
        start = end  # a span of years already runs from the year compared with (or was taken from
        # a change before it: "rose by 9%, while Cleveland recorded a rise of 4%")
    if len(after) >= 2 and after[0] == "on" and after[1].isdigit() and len(after[1]) == 4:
        start = int(after[1])  # "up 12% on 2019"
    elif len(after) >= 2 and after[0] == "on" and SHORT_RANGE.fullmatch(after[1]):
        # "a rise of 6% on 2022/23" in a sentence on 2023/24: from the year compared with to the
        # sentence's own period (the one found may be the compared year itself)
        start = int(after[1][:4])
        own = [
            p.years
            for p in ctx.periods.by_sentence.get(draft.sent.start_char, [])
            if p.years and p.years[0] > start and not p.compared
        ]
        end = max([end, *[y[1] for y in own]])
    elif after[:1] == ["on"] and " ".join(after[1:4]).startswith(PREVIOUS_YEAR):
        # "up 18% on the previous year": the period found is the base year's; the change
        # runs from it to the year after
        start, end = draft.period[0], draft.period[1] + 1
    if start < end:
        draft.period = (start, end)
        draft.period_rule += ":change"


def _carried(ctx: ArticleContext, sent_start: int) -> tuple[int, int] | None:
    """The data period the article states last before the sentence at ``sent_start`` (else
    first after it): what a figure stating no period of its own is dated by."""
    stated = ctx.periods.carried
    before = [p for start, p in stated if start < sent_start]
    after = [p for start, p in stated if start > sent_start]
    if not (before or after):
        return None
    return (before[-1] if before else after[0]).years


def _headcount(ctx: ArticleContext, draft: Draft) -> bool:
    """Is ``draft`` a count of a workforce at one time ("the force has 4,300 officers",
    "37 officers and staff are currently suspended")? Only stock measures are."""
    rules = load_cue_rules()
    if not draft.measure or not rules["stock_measures"].find([draft.measure]):
        return False
    sent = draft.sent
    before_number = ctx.tokens.span_text(sent.start, draft.cand.start)
    lowered = before_number.lower()
    if any(
        not needed.missing_from(before_number, lowered) and pattern.search(before_number)
        for pattern, needed in ctx.rules.headcount
    ):
        return True
    words = ctx.words[sent.start : sent.end]
    return rules["stock"].reaches(words, draft.cand.start - sent.start) is not None


def _same_period(ctx: ArticleContext, draft: Draft, clause: tuple[int, int]) -> tuple[int, int] | None:
    """The period "over the same period" / "over the period" in the number's clause points
    back to: the latest period stated before its sentence that is neither a compared
    value's nor one of a list of years (a sentence stating several periods)."""
    sent = draft.sent
    words = ctx.words[sent.start : sent.end]
    starts = ctx.tokens.starts
    cues = [
        s for s, _, _ in load_cue_rules()["same_period"].find(words)
        if clause[0] <= starts[sent.start + s] - sent.start_char < clause[1]
    ]  # fmt: skip
    if not cues:
        return None
    for start, periods in reversed(list(ctx.periods.by_sentence.items())):
        dated = [p for p in periods if p.years and not p.compared]
        if start < sent.start_char and len(dated) == 1:
            return dated[0].years
    return None
