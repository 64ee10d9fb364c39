"""Checks on the shipped knowledge base (political actors, countries, role nouns).

The files are read with `json` alone, so a broken file is caught here even when the
loader is lenient. The checkers are plain functions; each is also run on a small bad
sample to show it really flags what it is meant to flag.
"""

from __future__ import annotations

import calendar
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "src" / "onrecord" / "data"

FUNCTIONS = {
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "foreign_ministry_spokesperson",
    "government_spokesperson",
    "presidential_spokesperson",
    "defence_minister",
    "un_secretary_general",
    "un_spokesperson",
    "un_general_assembly_president",
    "eu_high_representative",
    "au_commission_chair",
}
# Offices with one holder at a time; spokesperson offices often have several at once.
SINGLE_HOLDER = {
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "defence_minister",
    "un_secretary_general",
    "un_general_assembly_president",
    "eu_high_representative",
    "au_commission_chair",
}
KINDS = {"person", "organisation", "government"}
ENTITY_KEYS = {"id", "name", "kind", "country", "aliases", "roles"}
ROLE_KEYS = {"title", "organisation", "function", "start", "end"}
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HANDOVER = timedelta(days=31)  # outgoing and incoming holder may overlap this much
VACANCY = timedelta(days=75)  # acting holders are not listed; a vacancy this long is tolerated
COVER_FROM, COVER_TO = date(2010, 1, 1), date(2025, 12, 31)

UN_MEMBERS = set(
    "AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI CV KH CM CA CF TD CL CN "
    "CO KM CG CD CR CI HR CU CY CZ KP DK DJ DM DO EC EG SV GQ ER EE SZ ET FJ FI FR GA GM GE DE GH GR GD GT GN GW "
    "GY HT HN HU IS IN ID IR IQ IE IL IT JM JP JO KZ KE KI KW KG LA LV LB LS LR LY LI LT LU MG MW MY MV ML MT MH "
    "MR MU MX FM MD MC MN ME MA MZ MM NA NR NP NL NZ NI NE NG MK NO OM PK PW PA PG PY PE PH PL PT QA KR RO RU RW "
    "KN LC VC WS SM ST SA SN RS SC SL SG SK SI SB SO ZA SS ES LK SD SR SE CH SY TJ TZ TH TL TG TO TT TN TR TM TV "
    "UG UA AE GB US UY UZ VU VE VN YE ZM ZW".split()
)
# Australia keeps its ISO code AU, so the African Union has its own code.
NON_MEMBERS = {"EU", "AFU", "UN", "TW", "PS", "XK", "VA"}
G20_STATES = set("AR AU BR CA CN FR DE IN ID IT JP MX RU SA ZA KR TR GB US".split())
P5 = {"CN", "FR", "RU", "GB", "US"}
# Presidential systems where the president alone heads the government; Turkey abolished
# its prime minister on 2018-07-09.
NO_HEAD_OF_GOVERNMENT = {"US", "AR", "BR", "ID", "MX", "ZA"}
HEAD_OF_GOVERNMENT_UNTIL = {"TR": date(2018, 7, 8)}
# Single-word names that news uses as a person's name, not a surname.
MONONYM_ALIASES = {"Lula", "Jokowi"}


def load_entities(path: Path = DATA / "political_actors.jsonl") -> list[dict]:
    entities = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"{path.name}:{number}: blank line"
        try:
            entity = json.loads(line)
        except json.JSONDecodeError as exc:
            pytest.fail(f"{path.name}:{number}: not JSON: {exc}")
        assert isinstance(entity, dict), f"{path.name}:{number}: not an object"
        entities.append(entity)
    return entities


@pytest.fixture(scope="module")
def entities() -> list[dict]:
    return load_entities()


@pytest.fixture(scope="module")
def countries() -> dict:
    return json.loads((DATA / "countries.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def role_nouns() -> dict:
    return json.loads((DATA / "role_nouns.json").read_text(encoding="utf-8"))


def bounds(value: str, *, earliest: bool) -> date:
    """The first (or last) day a partial ISO date can mean."""
    match = DATE_RE.match(value)
    if not match:
        raise ValueError(f"not an ISO date: {value!r}")
    year, month, day = match.groups()
    y = int(year)
    if day:
        return date(y, int(month), int(day))
    if month:
        m = int(month)
        return date(y, m, 1 if earliest else calendar.monthrange(y, m)[1])
    return date(y, 1, 1) if earliest else date(y, 12, 31)


def country_lookup(countries: dict) -> dict[str, str]:
    names = {}
    for code, c in countries.items():
        for n in [c["name"], c["official"], *c["aliases"]]:
            names.setdefault(n, code)
    return names


def role_country(entity: dict, role: dict, names: dict[str, str]) -> str | None:
    return names.get(role.get("organisation") or "", entity.get("country"))


def entity_problems(entity: dict, countries: dict) -> list[str]:
    problems = []
    eid = entity.get("id", "?")
    if set(entity) != ENTITY_KEYS:
        problems.append(f"{eid}: keys {sorted(entity)} != {sorted(ENTITY_KEYS)}")
        return problems
    if not isinstance(eid, str) or not ID_RE.match(eid):
        problems.append(f"{eid}: id is not a lowercase ascii slug")
    if not isinstance(entity["name"], str) or not entity["name"].strip():
        problems.append(f"{eid}: empty name")
    if entity["kind"] not in KINDS:
        problems.append(f"{eid}: kind {entity['kind']!r}")
    country = entity["country"]
    if country is None:
        if entity["kind"] != "organisation":
            problems.append(f"{eid}: only international organisations may lack a country")
    elif country not in countries:
        problems.append(f"{eid}: country {country!r} is not in countries.json")
    aliases = entity["aliases"]
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        problems.append(f"{eid}: aliases must be non-empty strings")
    elif len(set(aliases)) != len(aliases) or entity["name"] in aliases:
        problems.append(f"{eid}: duplicate alias or alias equal to the name")
    if entity["kind"] == "person":
        for alias in aliases:
            if " " not in alias.strip() and alias not in MONONYM_ALIASES and not alias.isupper():
                problems.append(f"{eid}: single-word alias {alias!r} (bare surnames are resolved in context)")
        if not entity["roles"]:
            problems.append(f"{eid}: a person in the knowledge base needs at least one role")
    for role in entity["roles"]:
        if set(role) != ROLE_KEYS:
            problems.append(f"{eid}: role keys {sorted(role)}")
            continue
        if not isinstance(role["title"], str) or not role["title"].strip():
            problems.append(f"{eid}: role without title")
        if role["function"] is not None and role["function"] not in FUNCTIONS:
            problems.append(f"{eid}: unknown function {role['function']!r}")
        for key in ("start", "end"):
            value = role[key]
            if value is None:
                continue
            try:
                bounds(value, earliest=True)
            except ValueError as exc:
                problems.append(f"{eid}: {key} {exc}")
        if role["start"] and role["end"]:
            try:
                if bounds(role["start"], earliest=True) > bounds(role["end"], earliest=False):
                    problems.append(f"{eid}: {role['title']} starts {role['start']} after it ends {role['end']}")
            except ValueError:
                pass
    return problems


def holder_intervals(entities: list[dict], names: dict[str, str]) -> dict[tuple[str, str], list]:
    """(country, function) -> [(earliest start, latest end, id, strict start, strict end)]."""
    today = date.today()
    out: dict[tuple[str, str], list] = {}
    for e in entities:
        for r in e["roles"]:
            if not r["function"] or not r["start"]:
                continue
            end = r["end"]
            out.setdefault((role_country(e, r, names), r["function"]), []).append(
                (
                    bounds(r["start"], earliest=True),
                    bounds(end, earliest=False) if end else today,
                    e["id"],
                    bounds(r["start"], earliest=False),
                    bounds(end, earliest=True) if end else today,
                )
            )
    return out


def overlaps(intervals: list) -> list[str]:
    """Pairs of holders of a single-holder office that overlap beyond a handover."""
    found = []
    ordered = sorted(intervals, key=lambda i: i[3])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if a[2] == b[2] and a[4] <= b[3]:
                continue
            overlap = min(a[4], b[4]) - max(a[3], b[3])
            if overlap > HANDOVER:
                found.append(f"{a[2]} and {b[2]} overlap by {overlap.days} days")
    return found


def coverage_gaps(intervals: list, start: date = COVER_FROM, end: date = COVER_TO) -> list[str]:
    """Stretches between `start` and `end` longer than a tolerated vacancy with no holder."""
    gaps = []
    reached = start
    for lo, hi, *_ in sorted(intervals):
        if lo - reached > VACANCY and lo <= end:
            gaps.append(f"no holder from {reached} to {lo}")
        reached = max(reached, hi)
        if reached >= end:
            break
    if reached < end and end - reached > VACANCY:
        gaps.append(f"no holder from {reached} to {end}")
    return gaps


# ---------------------------------------------------------------- the checkers catch bad data


def test_checkers_flag_bad_entities():
    countries = {"RU": {"name": "Russia", "official": "Russian Federation", "aliases": []}}
    bad = {
        "id": "Sergey Lavrov",
        "name": "Sergey Lavrov",
        "kind": "minister",
        "country": "XX",
        "aliases": ["Lavrov"],
        "roles": [
            {"title": "FM", "organisation": "Russia", "function": "top_diplomat", "start": "2004-13", "end": None},
            {"title": "FM", "organisation": "Russia", "function": None, "start": "2010-05-01", "end": "2009"},
        ],
    }
    text = "\n".join(entity_problems(bad, countries))
    for expected in ("slug", "kind 'minister'", "countries.json", "unknown function", "start month", "after"):
        assert expected in text
    person = dict(bad, id="sergey-lavrov", kind="person", country="RU", roles=[])
    text = "\n".join(entity_problems(person, countries))
    assert "single-word alias 'Lavrov'" in text
    assert "at least one role" in text
    assert entity_problems(dict(person, aliases=["Sergei Lavrov", "MBS"], roles=bad["roles"][1:]), countries) == [
        "sergey-lavrov: FM starts 2010-05-01 after it ends 2009"
    ]


def test_checkers_flag_overlap_and_vacancy(tmp_path):
    lines = [
        {
            "id": "a",
            "name": "A B",
            "kind": "person",
            "country": "RU",
            "aliases": [],
            "roles": [
                {
                    "title": "PM",
                    "organisation": "Russia",
                    "function": "head_of_government",
                    "start": "2010-01-01",
                    "end": "2015-06-30",
                }
            ],
        },
        {
            "id": "c",
            "name": "C D",
            "kind": "person",
            "country": "RU",
            "aliases": [],
            "roles": [
                {
                    "title": "PM",
                    "organisation": "Russia",
                    "function": "head_of_government",
                    "start": "2015-03",
                    "end": "2018-01-01",
                }
            ],
        },
    ]
    path = tmp_path / "kb.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    names = {"Russia": "RU"}
    intervals = holder_intervals(load_entities(path), names)[("RU", "head_of_government")]
    assert overlaps(intervals) == ["a and c overlap by 91 days"]
    assert coverage_gaps(intervals) == [f"no holder from 2018-01-01 to {COVER_TO}"]


def test_a_line_that_is_not_json_fails(tmp_path):
    path = tmp_path / "kb.jsonl"
    path.write_text('{"id": "x"}\n{"id": \n', encoding="utf-8")
    with pytest.raises(pytest.fail.Exception, match="kb.jsonl:2: not JSON"):
        load_entities(path)


# ---------------------------------------------------------------- the shipped data


def test_entities_are_well_formed(entities, countries):
    problems = [p for e in entities for p in entity_problems(e, countries)]
    assert not problems, "\n".join(problems[:50])


def test_ids_are_unique_and_lines_sorted_by_country_then_id(entities):
    ids = [e["id"] for e in entities]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    keys = [(e["country"] or "~", e["id"]) for e in entities]
    assert keys == sorted(keys)


def test_a_person_name_or_alias_points_to_one_person(entities):
    owner: dict[str, str] = {}
    clashes = []
    for e in entities:
        if e["kind"] != "person":
            continue
        for n in {e["name"].casefold(), *(a.casefold() for a in e["aliases"])}:
            if n in owner and owner[n] != e["id"]:
                clashes.append(f"{n!r}: {owner[n]} and {e['id']}")
            owner[n] = e["id"]
    assert not clashes, clashes


def test_single_holder_offices_do_not_overlap(entities, countries):
    names = country_lookup(countries)
    problems = []
    for (country, function), intervals in holder_intervals(entities, names).items():
        if function in SINGLE_HOLDER:
            problems += [f"{country} {function}: {p}" for p in overlaps(intervals)]
    assert not problems, "\n".join(problems)


def test_every_role_belongs_to_a_known_country(entities, countries):
    names = country_lookup(countries)
    unknown = [
        (e["id"], r["organisation"])
        for e in entities
        for r in e["roles"]
        if r["function"] and role_country(e, r, names) not in countries
    ]
    assert not unknown, unknown


def test_g20_and_p5_offices_are_held_every_year_since_2010(entities, countries):
    names = country_lookup(countries)
    held = holder_intervals(entities, names)
    problems = []
    for country in sorted(G20_STATES | P5):
        wanted = {"head_of_state": COVER_TO, "foreign_minister": COVER_TO}
        if country not in NO_HEAD_OF_GOVERNMENT:
            wanted["head_of_government"] = HEAD_OF_GOVERNMENT_UNTIL.get(country, COVER_TO)
        for function, until in wanted.items():
            for gap in coverage_gaps(held.get((country, function), []), COVER_FROM, until):
                problems.append(f"{country} {function}: {gap}")
    for country, function in (
        ("EU", "eu_high_representative"),
        ("AFU", "au_commission_chair"),
        ("UN", "un_secretary_general"),
        ("UN", "un_general_assembly_president"),
        ("UN", "un_spokesperson"),
    ):
        for gap in coverage_gaps(held.get((country, function), [])):
            problems.append(f"{country} {function}: {gap}")
    assert not problems, "\n".join(problems)


def test_p5_defence_ministers_are_covered(entities, countries):
    held = holder_intervals(entities, country_lookup(countries))
    problems = [f"{c}: {gap}" for c in sorted(P5) for gap in coverage_gaps(held.get((c, "defence_minister"), []))]
    assert not problems, problems


def test_the_us_president_is_head_of_state_only(entities, countries):
    names = country_lookup(countries)
    us_heads_of_government = [
        e["id"]
        for e in entities
        for r in e["roles"]
        if r["function"] == "head_of_government" and role_country(e, r, names) == "US"
    ]
    assert us_heads_of_government == []


def test_countries_cover_every_un_member_and_the_extras(countries):
    assert set(countries) == UN_MEMBERS | NON_MEMBERS
    assert len(UN_MEMBERS) == 193
    for code, c in countries.items():
        assert set(c) == {"name", "official", "demonyms", "capital", "aliases"}, code
        assert c["name"] and c["official"], code
        assert isinstance(c["demonyms"], list) and c["demonyms"], code
        assert all(isinstance(d, str) and d for d in c["demonyms"]), code
        assert c["capital"] is None or (isinstance(c["capital"], str) and c["capital"]), code
        assert isinstance(c["aliases"], list), code
    assert countries["AU"]["name"] == "Australia"
    assert countries["AFU"]["name"] == "African Union"
    assert "Emirati" in countries["AE"]["demonyms"]
    assert {"Filipino", "Philippine"} <= set(countries["PH"]["demonyms"])
    assert "South Korean" in countries["KR"]["demonyms"]


def test_role_nouns_map_to_known_functions(role_nouns, countries):
    assert set(role_nouns) == {"generic", "by_country"}
    generic = role_nouns["generic"]
    assert generic, "no generic role nouns"
    for phrase, function in generic.items():
        assert phrase == phrase.lower().strip(), phrase
        assert function in FUNCTIONS, (phrase, function)
    for country, table in role_nouns["by_country"].items():
        assert country in countries, country
        for phrase, function in table.items():
            assert phrase == phrase.lower().strip(), (country, phrase)
            # null: the phrase names no comparable office there (UK "chancellor" is the finance minister)
            assert function is None or function in FUNCTIONS, (country, phrase, function)
    assert role_nouns["by_country"]["US"]["secretary of state"] == "foreign_minister"
    assert role_nouns["by_country"]["GB"]["chancellor"] is None
    assert role_nouns["by_country"]["JP"]["chief cabinet secretary"] == "government_spokesperson"


def test_every_function_has_a_holder_and_a_role_noun(entities, role_nouns):
    used = {r["function"] for e in entities for r in e["roles"]} - {None}
    assert used == FUNCTIONS
    named = set(role_nouns["generic"].values())
    assert named == FUNCTIONS
