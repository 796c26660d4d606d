"""Qualifiers resolver: the restrictions a figure carries.

Reads the number's window (the clause after it) and left clause, the lexicon's
sex, complainant, outcome, staff and rate phrases, and the total the figure
breaks down. Writes ``draft.qualifiers``, ``qualifier_basis``, ``qualifier_text``
and ``qualifier_span``.
"""

from __future__ import annotations

import bisect
from typing import Any

from ..clauses import has_verb
from ..context import ArticleContext
from ..cues import CueRule, load_cue_rules
from ..draft import CARRIED, INHERITED, STATED, Draft
from ..lexicon import find_phrases

NOT_MADE_BY = {"force", "officer", "staff"}  # counts of bodies and people: "from staff" names no complainant


def resolve_qualifiers(
    ctx: ArticleContext, draft: Draft, window: list[int], left: list[int], drafts: list[Draft]
) -> None:
    """Qualifiers from the window after the number (and the clause before it, for the
    outcome); what the figure's total restricts, where the figure does not say."""
    lex = ctx.lex
    label = _line_label(ctx, draft)
    if label:  # "Made by colleagues: 19", "Ended in dismissal: 2": the label is the number's clause
        window, left = [], label  # (nothing after the number on its line is about it)
    words = [ctx.words[i] for i in window]
    quals = draft.qualifiers
    inherited: dict[str, Any] = {}
    if draft.breakdown_of is not None:
        inherited = {k: v for k, v in draft.breakdown_of.qualifiers.items() if k != "outcome"}
    both = find_phrases(words, lex.restricts_nothing)
    masked = list(words) if both else words
    for s, e, _ in both:
        masked[s:e] = ["_"] * (e - s)
    sexes = {
        label
        for s, e, label in find_phrases(masked, lex.sex)
        if (e < len(masked) and masked[e] in lex.sex_before)
        or (s > 0 and masked[s - 1] in lex.sex_after)
        or window[e - 1] == draft.cand.start - 2  # "Male (21)", "most were male (577)"
        # a number whose noun is left out, the sex word right after it: "and one unknown"
        or (draft.noun is None and window[s] == (draft.cand.unit_end or draft.cand.end))
    }
    sexes |= _sex_against(ctx, draft, window, masked)
    if len(sexes) == 1 and "officer_sex" not in quals:
        quals["officer_sex"] = sexes.pop()
    read_for = words + [ctx.words[i] for i in label]
    away = load_cue_rules()["contrasted_away"]  # "by colleagues rather than members of the public"
    complainants = {
        found for s, _, found in find_phrases(read_for, lex.complainant) if away.reaches(read_for, s) is None
    }
    if len(complainants) == 1:
        quals["complainant"] = complainants.pop()
    read = words
    found = find_phrases(words, lex.outcome)
    if not found:
        read = [ctx.words[i] for i in left]
        found = find_phrases(read, lex.outcome)
    if not found and draft.elliptical and not (drafts and drafts[-1].sent.start == draft.sent.start):
        # the first figure of its sentence, with no noun of its own, counts what the clause
        # before it did: "The Met dismissed the most officers, with 118"
        first = left[0] if left else draft.cand.start
        read = ctx.words[draft.sent.start : first]
        found = find_phrases(read, lex.outcome)
        if len({label for _, _, label in found}) != 1:
            found = []  # two outcomes before it: which one it counts is not said
    if len({label for _, _, label in found}) > 1:
        # "were dismissed after being convicted": the outcome after "after" is what led to it
        kept = [f for f in found if not lex.outcome_causes & set(read[max(0, f[0] - 2) : f[0]])]
        found = kept or found
    if found:
        quals["outcome"] = _outcome(found, read, lex.union_words, lex.outcome_wins)
        draft.other_word = {label for _, _, label in found} == {"other"}
        draft.outcome_words = frozenset(" ".join(read[s:e]) for s, e, _ in found)
    elif (
        draft.elliptical
        and drafts
        and drafts[-1].sent.start == draft.sent.start
        and not has_verb(ctx, window)
    ):
        previous = drafts[-1].qualifiers.get("outcome")  # "four led to dismissals, one before a hearing"
        if previous:
            quals["outcome"] = previous
            draft.qualifier_basis["outcome"] = CARRIED
    rules = load_cue_rules()
    rate = _rate(ctx, words, rules["rate_base"])
    staff_words = list(words)
    if rate is not None:
        quals["per"], (s, e) = rate
        staff_words[s:e] = ["_"] * (e - s)  # "per 1,000 employees": the base restricts nothing else
        if quals["per"].endswith(" "):
            # "and for Durham 6.4 per 1,000.": the base left out is the one of the rate before
            before = [d.qualifiers.get("per", "") for d in drafts[-2:]]  # the two figures before it
            same = [p for p in before if p.startswith(quals["per"]) and not p.endswith(" ")]
            if same:
                quals["per"] = same[-1]
            else:
                del quals["per"]
    for s, _, _ in find_phrases(staff_words, lex.staff):
        if rules["staff_as_source"].reaches(staff_words, s) and draft.measure not in NOT_MADE_BY:
            quals.setdefault("complainant", "colleague")  # "made by staff": staff complained
        elif draft.measure != "staff":
            quals["includes_staff"] = True
    not_rate = {i for s, e, _ in rules["not_a_rate"].find(words) for i in range(s, e)}
    pers = {label for s, _, label in find_phrases(words, lex.per) if s not in not_rate}
    if len(pers) == 1 and rate is None:
        quals["per"] = pers.pop()
    sent = draft.sent
    change = rules["change"].reaches(ctx.words[sent.start : sent.end], draft.cand.start - sent.start)
    if change:
        quals["change"] = change
    draft.partitive = _partitive(ctx, draft)
    for key, value in (draft.partitive or {}).items():
        quals.setdefault(
            key, value
        )  # stated in the sentence's opener: "Of the complaints from colleagues, 4"
    for key, value in inherited.items():
        if key not in quals:
            quals[key] = value
            draft.qualifier_basis[key] = INHERITED
    if draft.measure == "force":
        # a count of forces: restrictions describe the data the forces hold, not the forces
        for key in [k for k in quals if k != "change"]:
            del quals[key]
    texts = ctx.tokens.texts
    if window:
        draft.qualifier_span = (window[0], window[-1] + 1)
    draft.qualifier_text = " ".join([texts[i] for i in window]).strip()


GROUP_RESTRICTIONS = ("includes_staff", "officer_sex")  # what a group states of the count about it


def group_restricts_count(ctx: ArticleContext, draft: Draft, drafts: list[Draft]) -> dict[str, Any]:
    """A figure of people linked to the count just before it in its sentence ("57 complaints,
    relating to 49 officers and staff"): the staff and sex restrictions the group states in
    its own words restrict that count too (the complaints are against officers and staff).
    Reads the cue rule ``group_of_count``; writes the earlier draft's qualifiers and
    returns the restrictions it added ({} for none)."""
    if not drafts or drafts[-1].sent != draft.sent or drafts[-1].measure == draft.measure:
        return {}
    stated = {
        k: draft.qualifiers[k] for k in GROUP_RESTRICTIONS
        if k in draft.qualifiers and draft.qualifier_basis.get(k, STATED) == STATED
    }  # fmt: skip
    if not stated:
        return {}
    words = ctx.words[draft.sent.start : draft.sent.end]
    if load_cue_rules()["group_of_count"].reaches(words, draft.cand.start - draft.sent.start) is None:
        return {}
    count = drafts[-1]
    added = {k: v for k, v in stated.items() if k not in count.qualifiers}
    count.qualifiers.update(added)  # stated in the count's own sentence
    return added


def _outcome(
    found: list[tuple[int, int, str]], words: list[str], union_words: frozenset[str], wins: frozenset[str]
) -> str:
    """One outcome from the outcome phrases ``found`` in ``words``: one label is itself;
    several are ``other`` (a union, "withdrawn or discontinued", or a mix), except that a
    more specific outcome in ``wins`` beside only ``other`` words, with no union word
    between them, wins ("investigated with no disciplinary action": no further action)."""
    labels = {label for _, _, label in found}
    if len(labels) == 1:
        return labels.pop()
    pairs = zip(found, found[1:], strict=False)
    between = {w for (_, end, _), (start, _, _) in pairs for w in words[end:start]}
    listed = labels - {"other"}
    if len(listed) == 1 and listed <= wins and not between & union_words:
        return listed.pop()
    return "other"


def _rate(ctx: ArticleContext, words: list[str], rule: CueRule) -> tuple[str, tuple[int, int]] | None:
    """A rate's base in ``words`` ("per 1,000 employees" -> "1000 employee") and where it is."""
    for start, end, _ in rule.find(words):
        if end >= len(words):
            continue
        number = words[end].replace(",", "")
        if not number.isdigit():
            continue
        base = words[end + 1] if end + 1 < len(words) else ""
        if not base.isalpha():
            return f"{int(number)} ", (start, end + 1)  # the base is left out: see resolve_qualifiers
        return f"{int(number)} {ctx.lex.singular(base)}", (start, end + 2)
    return None


def _sex_against(ctx: ArticleContext, draft: Draft, window: list[int], words: list[str]) -> set[str]:
    """Sex words after "against" that hangs on the counted noun in the parse ("allegations
    against men": male; "violence against women" restricts nothing). ``words`` are the
    window's words with "male and female" masked. A number with no noun of its own takes
    them right after it, the noun left out ("41 against men, nine against women")."""
    against = load_cue_rules()["restriction_against"]
    out = set()
    for s, _, label in find_phrases(words, ctx.lex.sex):
        if s == 0 or not against.find(words[s - 1 : s]):
            continue
        if draft.noun is None and window[s - 1] == (draft.cand.unit_end or draft.cand.end):
            out.add(label)  # the gapped noun: "nine against women"
            continue
        if not ctx.parsed or not draft.noun:
            continue
        prep = ctx.doc[window[s - 1]]
        if prep.head.text == draft.noun and prep.head.i < prep.i:
            out.add(label)
    return out


def _partitive(ctx: ArticleContext, draft: Draft) -> dict[str, Any] | None:
    """Restrictions named by the partitive opener of a bare number's sentence ("Of the
    complaints made by colleagues, four ...": complainant colleague; "Among the allegations
    against male officers, ..."): complainant, sex and staff read in the opener; {} for an
    opener with none, None where the sentence has no opener (or the figure has its noun)."""
    if not (draft.elliptical or draft.measure == "percent"):
        return None
    sent, lex = draft.sent, ctx.lex
    words = ctx.words[sent.start : draft.cand.start]
    rule = load_cue_rules()["partitive"]
    openers = [
        (s, e)
        for s, e, _ in rule.find(words)
        if (s == 0 or ctx.tokens.texts[sent.start + s - 1] in (",", ";", ":"))
        and rule.reaches(words, len(words))
    ]
    if not openers:
        return None
    s, _ = openers[-1]
    phrase = words[s:]
    if "," in phrase:
        phrase = phrase[: phrase.index(",")]  # the opener's clause: up to its comma
    out: dict[str, Any] = {}
    complainants = {label for _, _, label in find_phrases(phrase, lex.complainant)}
    for start, _, _ in find_phrases(phrase, lex.staff):
        if load_cue_rules()["staff_as_source"].reaches(phrase, start):
            complainants.add("colleague")
    if len(complainants) == 1:
        out["complainant"] = complainants.pop()
    sexes = {
        label
        for a, b, label in find_phrases(phrase, lex.sex)
        if (b < len(phrase) and phrase[b] in lex.sex_before)
        or (a > 0 and phrase[a - 1] in ("against", "were"))
    }
    if len(sexes) == 1:
        out["officer_sex"] = sexes.pop()
    return out


def _line_label(ctx: ArticleContext, draft: Draft) -> list[int]:
    """The label of a list line "Label: N" (its tokens), where the number ends the line
    after a colon; else no tokens."""
    start = draft.cand.start
    if start == 0 or ctx.tokens.texts[start - 1] != ":":
        return []
    starts = ctx.tokens.starts
    line_start, line_end = ctx.line_bounds(starts[start])
    if ctx.tokens.text[starts[start] : line_end].strip() != ctx.tokens.span_text(start, draft.cand.end):
        return []  # the number does not end its line
    first = bisect.bisect_left(starts, line_start)  # the line's first token (a sentence may start later)
    return list(range(first, start - 1))
