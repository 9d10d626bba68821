"""Units written against the number (issue 11, point 3), on invented news sentences.

Each case is a sentence, the words of one figure, and what the extractor must read there: its
kind, its unit and its value (or both ends of a range). The unit comes from one table of
general SI and common symbols (lang/en.json, unit_symbols), read as written ('GB' is no 'gb'),
against the number ('256GB') or, for a symbol of two or more characters that is no pair of
capitals, one space after it ('50 mph'). A glued 'm' is million unless the words around say
metres; pence ('164p') are money in pounds (GBP 1.64), as the contract gives money in ISO
4217 currencies; product terms ('5G', '4K', '1080p', '3D', '4x4') are no quantities.
"""

from __future__ import annotations

import pytest

import crosstally
from crosstally.types import Estimate

Value = float | tuple[float, float]
Case = tuple[str, str, str, str | None, Value]  # sentence, figure, kind, unit, value

DATA: list[Case] = [
    ("The laptop comes with 512GB of storage as standard.", "512GB", "measure", "GB", 512),
    ("Each phone now holds 12GB of memory.", "12GB", "measure", "GB", 12),
    ("The archive fills 4.5TB across two drives.", "4.5TB", "measure", "TB", 4.5),
    ("Users may upload files of up to 25MB each.", "up to 25MB", "measure", "MB", 25),
    ("The photo shrank to 300kB after compression.", "300kB", "measure", "kB", 300),
    ("The old card held only 64KB of code.", "64KB", "measure", "kB", 64),
    ("Home connections average 72Mbps in the capital.", "72Mbps", "measure", "Mbit/s", 72),
    ("The new cable carries 10Gbps to each cabinet.", "10Gbps", "measure", "Gbit/s", 10),
    ("Downloads peak at 940 Mbps on the fibre line.", "940 Mbps", "measure", "Mbit/s", 940),
    ("The data centre stores 2PB of customer records.", "2PB", "measure", "PB", 2),
    ("A basic plan offers 30 Mbps for a monthly fee.", "30 Mbps", "measure", "Mbit/s", 30),
]

SPEED: list[Case] = [
    ("Gusts reached 70mph on the bridge overnight.", "70mph", "measure", "mph", 70),
    ("The limit near the school falls to 20mph next month.", "20mph", "measure", "mph", 20),
    ("The train can run at 300km/h on the new line.", "300km/h", "measure", "km/h", 300),
    ("Police clocked the van at 140kph on the ring road.", "140kph", "measure", "km/h", 140),
    ("Winds of 25m/s battered the harbour wall.", "25m/s", "measure", "m/s", 25),
    ("The storm moved inland at 15 mph before weakening.", "15 mph", "measure", "mph", 15),
    ("Lorries are held to 40 km/h in the tunnel.", "40 km/h", "measure", "km/h", 40),
    ("The drone tops out at 68kmh in calm air.", "68kmh", "measure", "km/h", 68),
    ("The turbine spins at 1,500rpm under load.", "1,500rpm", "measure", "rpm", 1500),
    ("Cyclists averaged 42km/h over the flat stage.", "42km/h", "measure", "km/h", 42),
    ("A driver was caught doing 98mph on the motorway.", "98mph", "measure", "mph", 98),
]

POWER: list[Case] = [
    ("The solar farm will deliver 50MW at full output.", "50MW", "measure", "MW", 50),
    ("A 3kW heater doubled the household's bill.", "3kW", "measure", "kW", 3),
    ("The bulb draws just 9W while lit.", "9W", "measure", "W", 9),
    ("The reactor supplies 1.6GW to the national grid.", "1.6GW", "measure", "GW", 1.6),
    ("The battery stores 75kWh, enough for a long trip.", "75kWh", "measure", "kWh", 75),
    ("The country used 320TWh of electricity last year.", "320TWh", "measure", "TWh", 320),
    ("The watch has a 300mAh cell that lasts two days.", "300mAh", "measure", "mAh", 300),
    ("The charger delivers 120W to compatible phones.", "120W", "measure", "W", 120),
    ("The engine produces 150hp in its base version.", "150hp", "measure", "hp", 150),
    ("A typical home uses 2,700 kWh a year.", "2,700 kWh", "measure", "kWh", 2700),
    ("The wind park generated 45GWh in January.", "45GWh", "measure", "GWh", 45),
]

LENGTH: list[Case] = [
    ("The tunnel is 57km long and took 17 years to dig.", "57km", "measure", "km", 57),
    ("Rainfall of 120mm fell in a single day.", "120mm", "measure", "mm", 120),
    ("Hail stones 3cm across damaged cars in the town.", "3cm", "measure", "cm", 3),
    ("The plane climbed to 41,000ft before levelling off.", "41,000ft", "measure", "ft", 41000),
    ("The chip is made on a 5nm process.", "5nm", "measure", "nm", 5),
    ("The new bridge spans 1.2km across the estuary.", "1.2km", "measure", "km", 1.2),
    ("Snow up to 30cm deep closed the pass.", "up to 30cm", "measure", "cm", 30),
    ("The fence stands 2m high along the border.", "2m", "measure", "m", 2),
    ("Divers found the wreck 60m below the surface, 40m deep.", "40m", "measure", "m", 40),
    ("The summit rises to 4,807m above the valley.", "4,807m", "measure", "m", 4807),
    ("The trail runs for 12 mi through the forest.", "12 mi", "measure", "mile", 12),
]

WEIGHT_VOLUME_AREA: list[Case] = [
    ("The newborn weighed 3.4kg at birth.", "3.4kg", "measure", "kg", 3.4),
    ("Each bar contains 25g of sugar.", "25g", "measure", "g", 25),
    ("The tablet holds 500mg of the active drug.", "500mg", "measure", "mg", 500),
    ("The bridge is closed to vehicles over 7.5t.", "over 7.5t", "measure", "t", 7.5),
    ("The plant emits 2Mt of carbon a year.", "2Mt", "measure", "Mt", 2),
    ("Each bottle holds 750ml of wine.", "750ml", "measure", "ml", 750),
    ("The tank takes 50L of diesel.", "50L", "measure", "l", 50),
    ("The flat measures 65m² over two floors.", "65m²", "measure", "m2", 65),
    ("The reserve covers 340km2 of wetland.", "340km2", "measure", "km2", 340),
    ("The boxer weighed in at 160lbs on Friday.", "160lbs", "measure", "lb", 160),
    ("The recipe needs 8oz of flour.", "8oz", "measure", "oz", 8),
]

FREQUENCY_ELECTRIC: list[Case] = [
    ("The chip runs at 3.8GHz when cool.", "3.8GHz", "measure", "GHz", 3.8),
    ("The station broadcasts on 97.5MHz across the county.", "97.5MHz", "measure", "MHz", 97.5),
    ("Dogs hear sounds up to 45kHz.", "up to 45kHz", "measure", "kHz", 45),
    ("Mains power in the country runs at 50Hz.", "50Hz", "measure", "Hz", 50),
    ("The car has a 12V battery under the seat.", "12V", "measure", "V", 12),
    ("The line carries 400kV between the two substations.", "400kV", "measure", "kV", 400),
    ("A 13A fuse protects the socket.", "13A", "measure", "A", 13),
    ("The sensor draws 20mA when active.", "20mA", "measure", "mA", 20),
    ("The concert peaked at 110dB near the stage.", "110dB", "measure", "dB", 110),
    ("The monitor refreshes at 144Hz in game mode.", "144Hz", "measure", "Hz", 144),
    ("Air in the square held 40ppm of the gas.", "40ppm", "measure", "ppm", 40),
]

DURATION: list[Case] = [
    ("The average commute lasts 45min each way.", "45min", "duration", "minute", 45),
    ("The rocket's engine burned for 8s before cutting out.", "8s", "duration", "second", 8),
    ("The race was won in 2h 05min by the favourite.", "2h", "duration", "hour", 2),
    ("The flight takes 11hrs from the capital.", "11hrs", "duration", "hour", 11),
    ("The server answers in 35ms on average.", "35ms", "duration", "millisecond", 35),
    ("Queues of 90 mins formed at the border.", "90 mins", "duration", "minute", 90),
    ("The battery charges fully in 3 hrs.", "3 hrs", "duration", "hour", 3),
    ("She finished the sprint in 9.58s.", "9.58s", "duration", "second", 9.58),
    ("A 24hr strike halted the trains.", "24hr", "duration", "hour", 24),
    ("The tunnel holds traffic for 20 min at peak times.", "20 min", "duration", "minute", 20),
    ("Doors close 15min before departure.", "15min", "duration", "minute", 15),
]

TEMPERATURE_RATIO: list[Case] = [
    ("Temperatures hit 41°C in the south on Tuesday.", "41°C", "measure", "°C", 41),
    ("The city recorded 104°F, a record for June.", "104°F", "measure", "°F", 104),
    ("Nights fell to -12°C in the mountains.", "-12°C", "measure", "°C", -12),
    ("Water boils at 100 °C at sea level.", "100 °C", "measure", "°C", 100),
    ("The lens offers a 10x optical zoom.", "10x", "measure", "x", 10),
    ("Demand grew 3x in a single year.", "3x", "measure", "x", 3),
    ("The ramp rises at 15° from the street.", "15°", "measure", "degree", 15),
    ("The oven reaches 250ºC within minutes.", "250ºC", "measure", "°C", 250),
    ("Inflation ran at 4.5% over the year.", "4.5%", "percent", "%", 4.5),
    ("Sea water here is 2°C warmer than last year.", "2°C", "measure", "°C", 2),
    ("The new model is 5x faster than the old one.", "5x", "measure", "x", 5),
]

MONEY: list[Case] = [
    ("Shares closed at 245p, down from their peak.", "245p", "money", "GBP", 2.45),
    ("A loaf now costs 95p in most shops.", "95p", "money", "GBP", 0.95),
    ("Shoppers pay a 10p charge for each bag.", "10p", "money", "GBP", 0.10),
    ("The stock jumped to 1,080p after the results.", "1,080p", "money", "GBP", 10.80),
    ("The scheme will cost $4bn over five years.", "$4bn", "money", "USD", 4e9),
    ("The club paid £85m for the striker.", "£85m", "money", "GBP", 85e6),
    ("Staff were offered a €2k bonus.", "€2k", "money", "EUR", 2000),
    ("The fund holds €1.3bn of bonds.", "€1.3bn", "money", "EUR", 1.3e9),
    ("The price rose 12.5p a litre.", "12.5p", "money", "GBP", 0.125),
    ("Tickets start at £45k for a corporate box.", "£45k", "money", "GBP", 45000),
    ("The grant of $250m was approved on Monday.", "$250m", "money", "USD", 250e6),
]

# A glued 'm': million unless the words around it say metres.
METRES_OR_MILLION: list[Case] = [
    ("Some 4m households watched the final.", "Some 4m", "count", None, 4e6),
    ("The app now has 12m users across Europe.", "12m", "count", None, 12e6),
    ("The council is building a 4m-high flood wall.", "4m", "measure", "m", 4),
    ("The whale was 25m long, the largest seen here.", "25m", "measure", "m", 25),
    ("She won the 800m race in record time.", "800m", "measure", "m", 800),
    ("The fire crept 300m closer to the village, 200m away.", "200m", "measure", "m", 200),
    ("The pier was lengthened by 150m to 1.1km.", "150m", "measure", "m", 150),
    ("The peak stands at 2,962m.", "2,962m", "measure", "m", 2962),
    ("The river is 90m wide at the crossing.", "90m", "measure", "m", 90),
    ("Around 1.5m people visited the fair.", "Around 1.5m", "count", None, 1.5e6),
    ("The airline carried 30m passengers last year.", "30m", "count", None, 30e6),
    ("Sales reached 2.4m units in the quarter.", "2.4m", "count", None, 2.4e6),
    ("Viewing figures passed the 3m mark on Sunday.", "3m", "count", None, 3e6),
    ("Ministers set a 5m budget for the scheme.", "5m", "count", None, 5e6),
    ("The town opened a 25m pool in the park.", "25m", "measure", "m", 25),
    ("Subscribers saw a 2m rise over the summer.", "2m", "count", None, 2e6),
]

RANGES: list[Case] = [
    ("The bulbs use 5-10W each.", "5-10W", "measure", "W", (5, 10)),
    ("Rain totals of 150-200mm are expected.", "150-200mm", "measure", "mm", (150, 200)),
    ("A full charge takes ~25 – 40min.", "25 – 40min", "duration", "minute", (25, 40)),
    ("The project will cost $2bn-$3bn.", "$2bn-$3bn", "money", "USD", (2e9, 3e9)),
    ("The shares traded between 4.1p and 151.9p over the decade.", "between 4.1p and 151.9p",
     "money", "GBP", (0.041, 1.519)),
    ("Speeds of 40-60mph are expected on the coast.", "40-60mph", "measure", "mph", (40, 60)),
    ("Each panel produces 300-400W at noon.", "300-400W", "measure", "W", (300, 400)),
    ("Phones come with 64-128GB of storage.", "64-128GB", "measure", "GB", (64, 128)),
    ("The cliffs are 10-20m high along this stretch.", "10-20m", "measure", "m", (10, 20)),
    ("Some 2-3m viewers tuned in.", "2-3m", "count", None, (2e6, 3e6)),
    ("Estimates put the crowd at 1-1.5m people.", "1-1.5m", "count", None, (1e6, 1.5e6)),
]

FAMILIES = {
    "data": DATA, "speed": SPEED, "power": POWER, "length": LENGTH,
    "weight_volume_area": WEIGHT_VOLUME_AREA, "frequency_electric": FREQUENCY_ELECTRIC,
    "duration": DURATION, "temperature_ratio": TEMPERATURE_RATIO, "money": MONEY,
    "metres_or_million": METRES_OR_MILLION, "ranges": RANGES,
}
CASES = [pytest.param(*case, id=f"{family}-{i}")
         for family, cases in FAMILIES.items() for i, case in enumerate(cases)]

# Product terms, decades and codes: letters against a number that are no unit.
NOT_QUANTITIES: list[tuple[str, str, str | None, list[Value]]] = [
    # sentence, the words, their kind under include_all (None: no record), estimates kept
    ("Operators switched on 5G in 30 towns.", "5G", None, [30]),
    ("The 4K screen costs $899 this week.", "4K", "name", [899]),
    ("Sales of 8K sets reached 20,000 units.", "8K", "name", [20_000]),
    ("The film opens in 3D on 600 screens.", "3D", "identifier", [600]),
    ("A 4x4 hauled 12 cars out of the mud.", "4x4", "identifier", [12]),
    ("The camera records 1080p video for 90 minutes.", "1080p", "name", []),
    ("Streams drop to 720p when 200 users join.", "720p", "name", [200]),
    ("Prices rose steeply in the 1990s, by 40%.", "1990s", "identifier", [40]),
    ("Voters in their 30s make up 18% of the roll.", "30s", "identifier", [18]),
    ("The 1st and 2nd heats drew 500 runners.", "1st", "ordinal", [500]),
    ("Models from the '80s sold 3 million copies.", "80s", "identifier", [3_000_000]),
    ("Rural areas rely on 4G, and 12% have no signal.", "4G", None, [12]),
    ("The airline retired 30 Boeing 747s last year.", "747s", "identifier", [30]),
    ("Claims under Rule 5A rose to 900 last year.", "5A", "identifier", [900]),
    ("Some 4,000 drivers use Route 9W each day.", "9W", "identifier", [4000]),
]


def _values(estimates: list[Estimate]) -> list[Value]:
    return [e.value if e.value is not None else (e.low, e.high) for e in estimates]


def _close(got: Value, want: Value) -> bool:
    if isinstance(want, tuple):
        return isinstance(got, tuple) and all(
            g is not None and abs(g - w) <= 1e-9 * max(1, abs(w)) for g, w in zip(got, want))
    return not isinstance(got, tuple) and got is not None and abs(got - want) <= 1e-9 * max(
        1, abs(want))


@pytest.mark.parametrize(("sentence", "figure", "kind", "unit", "value"), CASES)
def test_unit_against_the_number_is_read_with_its_unit(sentence: str, figure: str, kind: str,
                                                       unit: str | None, value: Value) -> None:
    found = [e for e in crosstally.extract_estimates(sentence, include_all=True)
             if e.text == figure]
    assert found, f"no record for {figure!r}: " \
        f"{[(e.text, e.kind) for e in crosstally.extract_estimates(sentence, include_all=True)]}"
    e = found[0]
    assert (e.kind, e.unit) == (kind, unit)
    got: Value = e.value if e.value is not None else (e.low, e.high)  # type: ignore[assignment]
    assert _close(got, value), got


@pytest.mark.parametrize(("sentence", "words", "kind", "kept"), NOT_QUANTITIES)
def test_product_terms_and_decades_are_no_quantities(sentence: str, words: str,
                                                     kind: str | None, kept: list[Value]) -> None:
    estimates = crosstally.extract_estimates(sentence)
    start = sentence.index(words)
    assert not [e for e in estimates if e.start < start + len(words) and start < e.end]
    assert all(any(_close(g, w) for g in _values(estimates)) for w in kept), _values(estimates)
    under = [e for e in crosstally.extract_estimates(sentence, include_all=True)
             if e.start < start + len(words) and start < e.end]
    assert [e.kind for e in under][:1] == ([kind] if kind else [])


def test_every_family_has_ten_sentences() -> None:
    assert all(len(cases) >= 10 for cases in FAMILIES.values())
    assert len(NOT_QUANTITIES) >= 10


def test_a_symbol_is_read_as_written() -> None:
    """Symbols are case-sensitive: 'mb' and 'Gb' in running text are no 'MB' or 'GB'; a
    capital pair ('TB', 'GB') is a unit only against the number ('5,000 TB cases' counts)."""
    [e] = crosstally.extract_estimates("Clinics reported 5,000 TB cases this year.")
    assert (e.kind, e.value, e.unit) == ("count", 5000, None)
    [e] = crosstally.extract_estimates("The drive holds 2TB of photos.")
    assert (e.kind, e.value, e.unit) == ("measure", 2, "TB")
