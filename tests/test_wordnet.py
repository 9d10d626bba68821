"""crosstally.wordnet answers from the WordNet 3.0 data shipped in the package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crosstally import wordnet as wn

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "src" / "crosstally" / "wordnet" / "wordnet.txt"
WORDNET_DIR = Path("/usr/share/wordnet")


@pytest.mark.parametrize(("word", "pos", "expected"), [
    ("marched", "v", ("march",)),
    ("deaths", "n", ("death",)),
    ("fled", "v", ("flee",)),
    ("took", "v", ("take",)),
    ("died", "v", ("die",)),
    ("children", "n", ("child",)),
    ("women", "n", ("woman",)),
    ("geese", "n", ("goose",)),
    ("Refugees", "n", ("refugee",)),
    ("took part", "v", ("take part",)),
    ("death tolls", "n", ("death toll",)),
    ("death_toll", "n", ("death toll",)),
])  # fmt: skip
def test_inflected_forms_reduce_to_their_lemma(word: str, pos: wn.Pos, expected: tuple[str, ...]) -> None:
    assert wn.lemmas(word, pos) == expected


def test_a_word_wordnet_lists_as_written_keeps_its_own_lemma() -> None:
    # WordNet has "people" as its own noun (a body of persons), not as the plural of "person"
    assert wn.lemmas("people", "n") == ("people",)
    assert wn.lemmas("ppl") == ()


def test_lemmas_without_a_part_of_speech_cover_them_all() -> None:
    assert wn.lemmas("marched") == ("march",)
    assert wn.lemmas("better") == ("better", "good", "well")


def test_parts_of_speech_count_inflected_forms() -> None:
    assert wn.parts_of_speech("march") == {"n", "v"}
    assert wn.parts_of_speech("marched") == {"v"}
    assert wn.parts_of_speech("xyzzy") == set()


INFLECTED_TEXT = (
    "Officials counted the children who had fled, took part in marches and were leaving "
    "the besieged cities; the geese flew south while statisticians estimated, tallied and "
    "left out the women's deaths, giving up the counting of mice, criteria and analyses. "
    "The worst-hit villages were better counted than the biggest towns, said analysts.")


def test_every_form_is_among_the_inflections_of_each_of_its_lemmas() -> None:
    # inflections() lets callers skip words: it must hold every form lemmas() reduces, for
    # words and for the two-word phrases WordNet lists
    words = INFLECTED_TEXT.lower().replace(",", " ").replace(".", " ").replace(";", " ").split()
    forms = [*words, *(f"{a} {b}" for a, b in zip(words, words[1:]))]
    forms += [form for table in ("n", "v", "a") for form in
              sorted(wn._data().exceptions[table])[::97]]  # a spread of irregular forms
    checked = 0
    for form in forms:
        for lemma in wn.lemmas(form):
            assert form in wn.inflections(lemma), (form, lemma)
            checked += 1
    assert checked > 100
    assert wn.inflections("take part") >= {"took part", "taking part", "takes part"}
    assert "geese" in wn.inflections("goose") and "better" in wn.inflections("good")


def test_lexnames_name_the_kind_of_each_sense() -> None:
    assert wn.lexnames("tiger") == {"noun.animal", "noun.person"}
    assert wn.lexnames("march", "v") >= {"verb.motion"}
    assert "noun.group" in wn.lexnames("crowd")


@pytest.mark.parametrize(("word", "ancestor"), [
    ("Tutsi", "person"), ("youths", "person"), ("fans", "person"), ("Russians", "person"),
    ("attendee", "person"), ("refugee", "person"), ("protesters", "person"),
    ("soldiers", "person"), ("tigers", "animal"), ("crowd", "group"),
    ("dollar", "monetary unit"), ("person", "person"),
])  # fmt: skip
def test_kinds_of_things_follow_hypernyms(word: str, ancestor: str) -> None:
    assert wn.is_a(word, ancestor)


def test_is_a_can_keep_to_the_dominant_sense() -> None:
    assert not wn.is_a("fan", "person", senses=1)  # first an electric fan
    assert wn.is_a("fan", "person", senses=2)
    assert not wn.is_a("tiger", "animal", senses=1)  # WordNet lists "a fierce person" first
    assert not wn.is_a("people", "person")  # a group, not a kind of person


def test_hypernyms_and_hyponyms_walk_the_hierarchy() -> None:
    assert "monetary unit" in wn.hypernyms("dollar", senses=1)
    assert wn.hypernyms("dollar", depth=1, senses=1) == {"monetary unit"}
    assert "bantu" in wn.hypernyms("Tutsi", depth=1)
    assert {"refugee", "protester", "tutsi"} <= wn.hyponyms("person")
    assert "tiger" in wn.hyponyms("big cat", depth=1)


def test_synonyms_are_members_of_the_words_senses() -> None:
    assert wn.synonyms("crowd", "n") == {"bunch", "crew", "crowd", "gang"}
    assert {"decease", "perish", "pass away"} <= wn.synonyms("die", "v")


def test_derived_follows_wordnet_lemma_links_both_ways() -> None:
    assert {"attendance", "attender"} <= wn.derived("attend")
    assert "attend" in wn.derived("attendance")
    assert {"death", "dying"} <= wn.derived("die")
    assert "die" in wn.derived("deaths")
    assert wn.derived("march", "n") == {"march"}  # the noun links to the verb...
    assert "marcher" in wn.derived("march", "v")  # ...which links to the marcher
    assert "turn out" in wn.derived("turnout")
    assert "quickly" in wn.derived("quick")  # the reverse of an adverb's "derived from" link


def test_derived_whole_synsets_reach_synonyms_of_the_linked_sense() -> None:
    assert "attendee" not in wn.derived("attend")  # WordNet links attend to attender only
    assert "attendee" in wn.derived("attend", whole_synsets=True)


def test_derived_does_not_invent_links_wordnet_lacks() -> None:
    assert "displacement" not in wn.derived("displace")
    assert "dead" not in wn.derived("die")
    assert not wn.derived("toll") & {"death", "die", "death toll"}


def test_links_name_the_relation_and_part_of_speech() -> None:
    assert wn.Link("derivation", "march", "v") in wn.links("march", "n")
    assert wn.Link("causes", "die", "v") in wn.links("killed", "v")
    assert wn.Link("caused by", "kill", "v") in wn.links("die", "v")


def test_related_joins_words_of_one_event() -> None:
    assert "die" in wn.related("kill")
    assert "kill" in wn.related("die")
    assert {"attendance", "attendee", "attend"} <= wn.related("attend")
    assert "marcher" not in wn.related("marches", "n")
    assert "marcher" in wn.related("marches", "n", depth=2)  # through the verb "march"
    assert "marcher" in wn.related("marched")
    assert "borderland" in wn.related("march", "n")  # a rare sense: a frontier
    assert "borderland" not in wn.related("march", "n", senses=4)
    assert wn.related("kill", depth=1) <= wn.related("kill", depth=2)


def test_an_unknown_part_of_speech_is_refused() -> None:
    with pytest.raises(ValueError, match="part of speech 'x'"):
        wn.lemmas("march", "x")  # type: ignore[arg-type]


def test_package_data_loads_without_a_wordnet_install(tmp_path: Path) -> None:
    code = ("import sys; from pathlib import Path; import crosstally.wordnet as wn; "
            "assert wn.is_a('refugees', 'person'); "
            "assert not [m for m in sys.modules if m.startswith('nltk')]; "
            "print(Path(wn.__file__).parent)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=tmp_path, check=True, timeout=60)
    assert (Path(result.stdout.strip()) / "LICENSE-WordNet").is_file()


@pytest.mark.skipif(not (WORDNET_DIR / "data.noun").is_file(),
                    reason="WordNet 3.0 database not installed (apt-get install wordnet-base)")
def test_rebuilding_from_wordnet_gives_the_committed_file(tmp_path: Path) -> None:
    output = tmp_path / "wordnet.txt"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_wordnet.py"),
                    "--wordnet-dir", str(WORDNET_DIR), "--output", str(output)],
                   check=True, capture_output=True, timeout=300)
    assert output.read_bytes() == SHIPPED.read_bytes()
