"""Who gives a figure (issue 10, point 2): the estimate's `actor`, `disputed_by` and, in a
report, `actor_type`. Every sentence here is invented."""

from __future__ import annotations

from pathlib import Path

import pytest

import crosstally
from crosstally.reconcile.actors import actor_type
from crosstally.types import ACTOR_TYPES, Estimate


def estimate(text: str, number: str) -> Estimate:
    """The estimate whose text holds `number`."""
    found = [e for e in crosstally.extract_estimates(text) if number in e.text]
    assert found, f"no estimate {number!r} in {text!r}: {crosstally.extract_estimates(text)}"
    return found[0]


def actor(text: str, number: str) -> str | None:
    return estimate(text, number).actor


def typed(text: str, number: str, places: tuple[str, ...] = ()) -> str | None:
    e = estimate(text, number)
    return actor_type(e.actor, places, e.method)


SAID = [
    ("The harbour authority said 2,400 ferries docked in March.", "2,400", "harbour authority"),
    ("Norway's fisheries directorate said 4,300 trawlers entered the fjord.", "4,300",
     "Norway's fisheries directorate"),
    ("A senior EU official said about 12,000 applications had been filed.", "12,000",
     "a senior EU official"),
    ("The regional health board said on Monday that 310 patients were admitted.", "310",
     "regional health board"),
    ("Hospital officials later said 27 people had been treated for smoke inhalation.", "27",
     "Hospital officials"),
    ("The transport ministry has said that 45 bridges need repair.", "45", "transport ministry"),
    ("The charity estimated that 3,000 families needed food aid.", "3,000", "charity"),
    ("The festival's director told reporters that 250,000 tickets were sold.", "250,000",
     "festival's director"),
    ("Mayor Tom Reyes, the city's chief executive, said 600 homes were flooded.", "600",
     "Mayor Tom Reyes, the city's chief executive"),
    ("The council, which met in May, said 80,000 visitors came in the first month.",
     "80,000", "council"),
    ("Bird wardens put the colony at 18,000 pairs.", "18,000", "Bird wardens"),
    ("A geologist who studied the cliffs estimated that 900 tonnes of rock fell.", "900",
     "a geologist"),
]


@pytest.mark.parametrize(("text", "number", "expected"), SAID)
def test_the_subject_of_a_reporting_verb_is_the_actor(text: str, number: str,
                                                        expected: str) -> None:
    assert actor(text, number) == expected


NOT_THE_SUBJECT = [
    # a verb in a clause that says no figure: 'since', 'after', 'said Mass'
    ("Two weeks after the governor announced a ban, 9,000 boats stayed in port.", "9,000"),
    ("In the month since the mayor declared an emergency, 1,200 homes have been cleared.",
     "1,200"),
    ("The bishop said a service before more than 30,000 pilgrims in the square.", "30,000"),
    ("Some said the parade drew as many as 50,000 people.", "50,000"),
    ("An estimated 7,000 people live on the island.", "7,000"),
    ("The official estimate is about 2,000 deaths.", "2,000"),
    ("He said 400 ships were waiting.", "400"),
    ("They estimate that 90 wells ran dry.", "90"),
    ("All told, at least 150 barns burned down in the valley.", "150"),
    ("The crowd estimates for the rally add up to about 60,000 people.", "60,000"),
]


@pytest.mark.parametrize(("text", "number"), NOT_THE_SUBJECT)
def test_no_actor_where_no_one_named_gives_the_figure(text: str, number: str) -> None:
    assert actor(text, number) is None


ACCORDING = [
    ("According to the national statistics office, 52,000 couples married last year.",
     "52,000", "national statistics office"),
    ("About 3,000 runners finished the race, according to the organisers.", "3,000",
     "organisers"),
    ("According to a report by the Coastal Birds Trust, 18,000 puffins nested on the island.",
     "18,000", "Coastal Birds Trust"),
    ("According to figures from the port authority, 1.2 million containers passed through.",
     "1.2 million", "port authority"),
    ("According to Dr. Mara Lind, a volcanologist at the institute, 40 tremors were recorded.",
     "40", "Dr. Mara Lind"),
    ("According to the U.S. Geological Survey, 120 earthquakes struck the region.", "120",
     "U.S. Geological Survey"),
    ("Some 600 volunteers took part, according to the Red Cross.", "600", "Red Cross"),
    ("According to estimates by local historians, the mill employed 2,000 workers.", "2,000",
     "local historians"),
    ("According to data from the tourism board, 4.5 million people visited.", "4.5 million",
     "tourism board"),
    ("According to the latest edition of the Birdwatchers' Almanac, 340 species were seen.",
     "340", "Birdwatchers' Almanac"),
    ("According to an assessment shared by a senior coastguard officer, 70 boats sank.", "70",
     "a senior coastguard officer"),
    ("According to hospital records, 1,040 patients were treated.", "1,040", "hospital"),
    ("According to the organisers of the town's June 16 parade, 9,000 people came.", "9,000",
     "organisers"),
]


@pytest.mark.parametrize(("text", "number", "expected"), ACCORDING)
def test_according_to_names_the_actor(text: str, number: str, expected: str) -> None:
    assert actor(text, number) == expected


@pytest.mark.parametrize("text", [
    "According to the data, 7,000 trees were planted.",
    "The library lent 95,000 books, according to its annual report.",
    "According to official figures, 7,000 trees were planted.",
])
def test_according_to_a_record_names_no_actor(text: str) -> None:
    number = "95,000" if "95,000" in text else "7,000"
    assert actor(text, number) is None


DENIED = [
    ("The ministry denied that 5,000 workers had been laid off.", "5,000", None, "ministry"),
    ("Union leaders said 5,000 workers had been laid off, a figure the company denied.", "5,000",
     "Union leaders", "company"),
    ("The airline disputed reports that 300 flights were cancelled.", "300", None, "airline"),
    ("The mayor's office dismissed the estimate of 20,000 protesters as exaggerated.", "20,000",
     None, "mayor's office"),
    ("The estimate of 20,000 protesters was dismissed by the police as exaggerated.", "20,000",
     None, "police"),
    ("Company spokeswoman Lena Ortiz denied that 1,200 jobs would go.", "1,200", None,
     "Company spokeswoman Lena Ortiz"),
    ("Organisers counted 40,000 marchers, but the police rejected the figure.", "40,000",
     "Organisers", "police"),
    ("The hospital said 12 patients died; the health ministry disputed the figure.", "12",
     "hospital", "health ministry"),
    ("The regional governor rejected claims that 800 homes were destroyed.", "800", None,
     "regional governor"),
    ("Residents said 90 houses burned, a number the fire service contested.", "90", "Residents",
     "fire service"),
    ("Nobody denied that 50 boats sank.", "50", None, None),
]


@pytest.mark.parametrize(("text", "number", "giver", "denier"), DENIED)
def test_a_denial_is_never_the_actor_but_is_kept_as_disputed_by(
        text: str, number: str, giver: str | None, denier: str | None) -> None:
    e = estimate(text, number)
    assert (e.actor, e.disputed_by) == (giver, denier)


BYLINES = [
    ("By Rob Quinn\n\nAbout 500,000 people marched on Saturday, organisers said.", "500,000",
     "organisers"),
    ("By Jane Doe, Staff Writer 12,000 runners crossed the bridge.", "12,000", None),
    ("By Jane Doe | March 3, 2024 The council counted 310 potholes.", "310", "council"),
    ("Story by Li Wei. Some 4,000 seals were counted on the beach.", "4,000", None),
    ("By ANNA KARLSSON, Harbour Wire 2,000 fishermen protested in the harbour.", "2,000", None),
    ("Photo by Sam Lee. The zoo's director said 45 lion cubs were born.", "45",
     "zoo's director"),
    (("Reporting by Omar Haddad; editing by Kim Park. The agency said 800 flights were "
      "cancelled."), "800", "agency"),
    ("By Maria Costa, 30 minutes ago. Police said 150 cars were towed.", "150", "Police"),
    ("Written by Tom Hale, the report found 70 leaks in the pipeline.", "70", "report"),
    ("By the end of the year, 6,000 people had signed, the petition's organisers said.",
     "6,000", "petition's organisers"),
]


@pytest.mark.parametrize(("text", "number", "expected"), BYLINES)
def test_a_byline_is_never_the_actor(text: str, number: str, expected: str | None) -> None:
    assert actor(text, number) == expected


WEEKDAYS = [
    ("The agency said Tuesday that 4,000 homes lost power.", "4,000", "agency"),
    ("Police said on Friday that 23 people were arrested.", "23", "Police"),
    ("On Sunday, 12,000 people attended the fair, the organisers said.", "12,000", "organisers"),
    ("Officials on Wednesday counted 58 fires.", "58", "Officials"),
    ("Saturday's march drew 30,000 people, police said.", "30,000", "police"),
    ("The report, published on Monday, found 640 cases.", "640", "report"),
    ("Tuesday's figures showed 1,100 new claims.", "1,100", None),
    ("The ministry said last week that 70 schools had closed.", "70", "ministry"),
    ("Monday saw 4,500 visitors, the museum's curator said.", "4,500", "museum's curator"),
    ("About 900 boats sailed, said Thursday's harbour bulletin.", "900",
     "Thursday's harbour bulletin"),  # the bulletin speaks, the weekday dates it
    ("The count released Thursday showed 2,100 nests.", "2,100", None),
]


@pytest.mark.parametrize(("text", "number", "expected"), WEEKDAYS)
def test_a_weekday_or_date_is_never_the_actor(text: str, number: str,
                                               expected: str | None) -> None:
    assert actor(text, number) == expected


POSSESSIVE = [
    ("The ministry's figure of 3,200 deaths is disputed.", "3,200", "ministry"),
    ("By the organisers' count, 15,000 cyclists took part.", "15,000", "organisers"),
    ("About 15,000 cyclists took part, by the organisers' count.", "15,000", "organisers"),
    ("Greenfield Council's estimate was that 700 trees fell.", "700", "Greenfield Council"),
    ("The charity's own tally puts the number of families at 2,600.", "2,600", "charity"),
    ("By the union's reckoning, 900 nurses quit.", "900", "union"),
    ("The coastguard's count of 48 rescues was the highest on record.", "48", "coastguard"),
    ("Dr. Ruiz's calculations suggest 1,300 species remain.", "1,300", "Dr. Ruiz"),
    ("Its estimate of 5,000 visitors was too low.", "5,000", None),
    ("The province's total of 820 deaths includes the missing.", "820", None),
    ("The valley's count of 600 herons was a record.", "600", None),
]


@pytest.mark.parametrize(("text", "number", "expected"), POSSESSIVE)
def test_a_possessive_figure_names_its_owner(text: str, number: str,
                                             expected: str | None) -> None:
    assert actor(text, number) == expected


DATA_SHOW = [
    ("Ministry data show that 2,300 clinics closed.", "2,300", "Ministry"),
    ("Police figures show 640 burglaries in the district.", "640", "Police"),
    ("Census Bureau data showed 1.2 million households moved.", "1.2 million", "Census Bureau"),
    ("Figures from the statistics office show 8,000 new firms.", "8,000", "statistics office"),
    ("Data from the space agency suggest 3,000 fragments orbit the planet.", "3,000",
     "space agency"),
    ("Official figures show 2,000 people applied.", "2,000", None),
    ("The agency's data show 75 outbreaks.", "75", "agency"),
    ("Weather service records indicate 31 storms.", "31", "Weather service"),
    ("Data released by the central bank show 4% growth in lending.", "4%", "central bank"),
    ("Tourism board estimates put visitor numbers at 3 million.", "3 million", "Tourism board"),
    ("The yearly Harbour Count found 1,900 boats.", "1,900", None),
]


@pytest.mark.parametrize(("text", "number", "expected"), DATA_SHOW)
def test_data_show_names_who_keeps_the_data(text: str, number: str,
                                            expected: str | None) -> None:
    assert actor(text, number) == expected


INVERTED = [
    ('"We counted 600 boats," said the harbour master.', "600", "harbour master"),
    ("About 700 people attended, said Anna Berg, the festival's organiser.", "700",
     "Anna Berg, the festival's organiser"),
    ("The flood killed 14 cattle, said a spokesman for the farmers' association.", "14",
     "a spokesman for the farmers' association"),
    ("Some 2,000 birds were ringed this year, says the observatory.", "2,000", "observatory"),
    ("Exports rose by 12%, said the trade ministry on Tuesday.", "12%", "trade ministry"),
    ("Nearly 90 species were recorded, reported the survey team.", "90", "survey team"),
    ("'There were at least 5,000 people,' said Maria Lopez, a police spokeswoman.", "5,000",
     "Maria Lopez, a police spokeswoman"),
    ("The vote drew 65% of members, said union secretary Paul Nkemelu.", "65%",
     "union secretary Paul Nkemelu"),
    ("About 40 ships waited offshore, estimated the port captain.", "40", "port captain"),
    ("Roughly 15,000 fans filled the stadium, said the club.", "15,000", "club"),
    ("About 300 lambs were born, said Friday.", "300", None),
]


@pytest.mark.parametrize(("text", "number", "expected"), INVERTED)
def test_an_inverted_reporting_verb_names_the_actor_after_it(text: str, number: str,
                                                              expected: str | None) -> None:
    assert actor(text, number) == expected


ORGANISERS = [
    ("Organisers said 40,000 people joined the parade.", "40,000"),
    ("The organizers estimated the crowd at 250,000.", "250,000"),
    ("Festival organisers counted 60,000 visitors.", "60,000"),
    ("According to the event's organizers, 3,500 runners registered.", "3,500"),
    ("A march organizer claimed 20,000 people had come.", "20,000"),
    ("By the organisers' count, 9,000 cyclists rode.", "9,000"),
    ("The parade's promoters put attendance at 80,000.", "80,000"),
    ("Conference convenor Ama Owusu said 1,200 delegates attended.", "1,200"),
    ("Organizers of the fair said 75,000 tickets were sold.", "75,000"),
    ("The rally's organising committee said 15,000 people came.", "15,000"),
]


@pytest.mark.parametrize(("text", "number"), ORGANISERS)
def test_organisers_are_typed_organisers(text: str, number: str) -> None:
    assert typed(text, number) == "organisers"


POLICE = [
    ("Police said 15,000 people marched.", "15,000"),
    ("The police estimated the crowd at 8,000.", "8,000"),
    ("Police put the turnout at 12,000.", "12,000"),
    ("According to the city police department, 44 cars were stolen.", "44"),
    ("A police spokeswoman said 30 arrests were made.", "30"),
    ("State troopers counted 200 vehicles on the bridge.", "200"),
    ("The constabulary reported 19 burglaries.", "19"),
    ("Police figures show 640 burglaries in the district.", "640"),
    ("The county sheriff estimated that 2,000 people were evacuated.", "2,000"),
    ("Some 5,000 people marched, the Harbour City Police said.", "5,000"),
]


@pytest.mark.parametrize(("text", "number"), POLICE)
def test_police_are_typed_police(text: str, number: str) -> None:
    assert typed(text, number) == "police"


ANONYMOUS = [
    ("A source close to the talks said 400 jobs would go.", "400"),
    ("Officials said 2,000 people were evacuated.", "2,000"),
    ("An unnamed official said 75 soldiers were wounded.", "75"),
    ("A senior official, speaking on condition of anonymity, said 90 tanks had moved.", "90"),
    ("Sources said the company would cut 1,500 jobs.", "1,500"),
    ("According to a person familiar with the matter, 300 staff will leave.", "300"),
    ("Diplomats said 12,000 troops had crossed the river.", "12,000"),
    ("A government source put the cost at $4 million.", "$4 million"),
    ("An official who asked not to be named said 40 ships were damaged.", "40"),
    ("Two officials told reporters that 600 prisoners escaped.", "600"),
    ("About 700 people fled, a newspaper reported, citing an unnamed source in the ministry.",
     "700"),
]


@pytest.mark.parametrize(("text", "number"), ANONYMOUS)
def test_unnamed_sources_are_typed_anonymous(text: str, number: str) -> None:
    assert typed(text, number) == "anonymous"


def test_local_officials_are_a_government_not_an_anonymous_source() -> None:
    assert typed("Local officials said 80 homes were damaged.", "80") == "government_concerned"


TYPES = [
    ("Norway's fisheries directorate said 4,300 trawlers entered the fjord.", "4,300",
     ("Norway",), "government_concerned"),
    ("Norway's fisheries directorate said 4,300 trawlers entered the fjord.", "4,300",
     ("Sweden",), "foreign_government"),
    ("Swedish officials said 3,100 trucks crossed the border.", "3,100", ("Norway",),
     "foreign_government"),
    ("The interior ministry said 3,100 trucks crossed the border.", "3,100", ("Norway",),
     "government_concerned"),
    ("A NATO official said 3,100 trucks crossed the border.", "3,100", ("Norway",),
     "foreign_government"),
    ("Western diplomats said 3,100 trucks crossed the border.", "3,100", ("Norway",),
     "foreign_government"),
    ("The World Health Organization said 5,000 cases were reported.", "5,000", (),
     "international_body"),
    ("The charity Oxfam said 3,000 families needed food.", "3,000", (), "ngo"),
    ("Researchers at Lund University estimated 1,200 species live in the lake.", "1,200", (),
     "researchers"),
    ("The Daily Herald counted 45 closures on the high street.", "45", (), "media"),
    ("The newspaper counted 45 closures on the high street.", "45", (), "media"),
]


@pytest.mark.parametrize(("text", "number", "places", "expected"), TYPES)
def test_actor_types_from_general_evidence(text: str, number: str, places: tuple[str, ...],
                                           expected: str) -> None:
    assert typed(text, number, places) == expected


def test_a_ministry_on_its_own_page_belongs_to_the_publisher_s_country() -> None:
    assert actor_type("Interior Ministry", ("Sweden",), None,
                      "Norway Interior Ministry, Press Office") == "foreign_government"
    assert actor_type("Interior Ministry", ("Sweden",), None, "Harbour Gazette") \
        == "government_concerned"


def test_no_actor_has_no_type_unless_its_method_is_an_anonymous_source() -> None:
    assert actor_type(None) is None
    assert actor_type(None, (), "anonymous source") == "anonymous"
    assert actor_type("Kennedy") is None  # a surname says nothing of the body behind it


def test_the_report_types_actors_and_section_1_groups_by_type(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(
        "TITLE: Ferry count\nPUBLISHER: Harbour Gazette\nDATE: 2031-05-01\n\n"
        "The harbour police said 2,400 passengers crossed to the island on Saturday.\n",
        encoding="utf-8")
    (docs / "b.txt").write_text(
        "TITLE: Island festival\nPUBLISHER: Island Post\nDATE: 2031-05-02\n\n"
        "Festival organisers said 3,900 passengers crossed to the island on Saturday, a "
        "figure the ferry company disputed.\n", encoding="utf-8")
    report = crosstally.ask("How many passengers crossed to the island on Saturday?", [docs])
    data = report.to_json()
    by_actor = {e["actor"]: e for e in data["estimates"]}
    assert by_actor["harbour police"]["actor_type"] == "police"
    assert by_actor["Festival organisers"]["actor_type"] == "organisers"
    assert by_actor["Festival organisers"]["disputed_by"] == "ferry company"
    assert all(e["actor_type"] in (*ACTOR_TYPES, None) for e in data["estimates"])
    hard = next(s["text"] for s in data["sections"] if s["title"] == "1. The hard numbers")
    assert "The organisers give 3,900 passengers" in hard
    assert "2,400 passengers (the harbour police)" in hard
