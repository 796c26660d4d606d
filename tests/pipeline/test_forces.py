"""Force and region tagging on real-style sentences."""

from __future__ import annotations

import pytest

from extractor.lexicons import load_forces


def forces_in(doc) -> list[tuple[str, str]]:
    return [(m.text, m.id) for m in doc._.entities if m.label == "FORCE"]


FORCE_NAMES = [(f.id, name) for f in load_forces() for name in (f.name, *f.aliases)]


@pytest.mark.parametrize(("force_id", "name"), FORCE_NAMES)
def test_every_force_name_and_alias(analyse, force_id: str, name: str) -> None:
    doc = analyse(f"Figures released by {name} on Tuesday showed a rise in complaints.")
    assert (name.removeprefix("the ") if name == "the Met" else name, force_id) in [
        (t.removeprefix("the "), i) for t, i in forces_in(doc)
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # possessive cut off
        (
            "Greater Manchester Police's deputy chief said so.",
            [("Greater Manchester Police", "greater-manchester")],
        ),
        # "The Met" opening a sentence keeps its article, as "the Met" does; "The Met Police" does not
        (
            "The Met's vetting unit grew. The Met Police agreed.",
            [("The Met", "metropolitan"), ("Met Police", "metropolitan")],
        ),
        # suffix variants built from the place stem, lower-case police included
        ("Fifteen serving Dorset police officers were named.", [("Dorset police", "dorset")]),
        ("A Metropolitan police officer was suspended.", [("Metropolitan police", "metropolitan")]),
        ("ESSEX Police said it would appeal.", [("ESSEX Police", "essex")]),
        # "the Met" keeps "the"; "the Met Police" does not
        ("Officers from the Met were called.", [("the Met", "metropolitan")]),
        ("Officers from the Met Police were called.", [("Met Police", "metropolitan")]),
        ("A Met detective gave evidence.", [("Met", "metropolitan")]),
        # a trailing "Force" is never part of the name
        ("Kent Police Force said the figures were accurate.", [("Kent Police", "kent")]),
        # elliptical list: only the last conjunct is a name
        (
            "Humberside and North Yorkshire Police both replied.",
            [("North Yorkshire Police", "north-yorkshire")],
        ),
        # the article's own abbreviation names the force again
        (
            "Dyfed-Powys Police (DPP) replied. DPP said 12 officers were involved.",
            [("Dyfed-Powys Police", "dyfed-powys"), ("DPP", "dyfed-powys"), ("DPP", "dyfed-powys")],
        ),
        (
            "GMP and the PSNI answered, as did BTP.",
            [("GMP", "greater-manchester"), ("PSNI", "northern-ireland"), ("BTP", "british-transport")],
        ),
        # not mentions: bare places, "the force", a force name inside an office's name
        ("Officers in Greater Manchester faced 158 claims.", []),
        ("The force said it took every claim seriously.", []),
        ("The Cleveland Police and Crime Commissioner said more was needed.", []),
        ("The Kent Police Federation chairman spoke.", []),
    ],
)
def test_force_mentions(analyse, sentence: str, expected: list[tuple[str, str]]) -> None:
    assert forces_in(analyse(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "In the same period 232 claims were made against forces covering the whole North West region.",
            ["region:north-west"],
        ),
        ("A breakdown by North West force follows.", ["region:north-west"]),
        ("Forces in the North East recorded 90 complaints.", ["region:north-east"]),
        ("She grew up in the North West.", []),
        # the area forces police: after a force or police word, or what forces cover
        ("Complaints against police in Wales fell by 4%.", ["region:wales"]),
        ("No other force in Wales kept such records.", ["region:wales"]),
        ("Of the 30 forces that replied, four cover the North East.", ["region:north-east"]),
        # a region's own total or average
        ("The North West total passed 9,000 for the first time.", ["region:north-west"]),
        ("Its rate was above the North East average of 310.", ["region:north-east"]),
        # a place in a title or a nation list is no policing region
        ("Their director for Wales, Ann Pryce, said so.", []),
        ("Police in England and Wales recorded more.", []),
        ("Forces in England, Wales and Scotland replied.", []),
        # a force name wins over the region inside it
        ("West Midlands Police did not reply.", []),
    ],
)
def test_regions(analyse, sentence: str, expected: list[str]) -> None:
    assert [m.id for m in analyse(sentence)._.entities if m.label == "REGION"] == expected


def test_rules_run_on_blank_pipeline(nlp_blank) -> None:
    doc = nlp_blank("Cumbria Constabulary and the Met replied; GMP did not.")
    assert [(m.text, m.id) for m in doc._.entities if m.label == "FORCE"] == [
        ("Cumbria Constabulary", "cumbria"),
        ("the Met", "metropolitan"),
        ("GMP", "greater-manchester"),
    ]
