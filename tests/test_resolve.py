import json

import pytest

from onrecord.records import Article, DateEvidence, Mention, Quote
from onrecord.resolve import KnowledgeBaseError, SpeakerResolver, load_kb, resolve_name
from onrecord.resolve.names import fold_name


@pytest.fixture
def user_kb(tmp_path):
    """A fictional country with two foreign ministers one after the other."""
    actors = [
        {
            "id": "otto-brandt",
            "name": "Otto Brandt",
            "kind": "person",
            "country": "XR",
            "aliases": ["Otto K. Brandt"],
            "roles": [
                {
                    "title": "Foreign Minister",
                    "organisation": "Ruritania",
                    "function": "foreign_minister",
                    "start": "2010-01-01",
                    "end": "2020-06-30",
                }
            ],
        },
        {
            "id": "ilse-varga",
            "name": "Ilse Varga",
            "kind": "person",
            "country": "XR",
            "aliases": [],
            "roles": [
                {
                    "title": "Foreign Minister",
                    "organisation": "Ruritania",
                    "function": "foreign_minister",
                    "start": "2020-07-01",
                    "end": None,
                }
            ],
        },
        {
            "id": "xr-government",
            "name": "Ruritanian government",
            "kind": "government",
            "country": "XR",
            "aliases": ["Government of Ruritania"],
            "roles": [],
        },
        {
            "id": "xr-mfa",
            "name": "Ruritanian Foreign Ministry",
            "kind": "organisation",
            "country": "XR",
            "aliases": [],
            "roles": [],
        },
    ]
    actors_path = tmp_path / "actors.jsonl"
    actors_path.write_text("\n".join(json.dumps(a) for a in actors), encoding="utf-8")
    countries = tmp_path / "countries.json"
    countries.write_text(
        json.dumps({"XR": {"name": "Ruritania", "demonyms": ["Ruritanian"], "capital": "Strelsau", "aliases": []}}),
        encoding="utf-8",
    )
    nouns = tmp_path / "nouns.json"
    nouns.write_text(json.dumps({"chief envoy": "foreign_minister"}), encoding="utf-8")
    return (str(actors_path), str(countries), str(nouns))


def test_transliterations_fold_to_one_key():
    assert fold_name("Sergei Lavrov") == fold_name("Sergey Lavrov")
    assert fold_name("Aleksei Petrov") == fold_name("Alexey Petrov")
    assert fold_name("Nikita Khrushchev") == fold_name("Nikita Hrushchev")
    assert fold_name("Ivan Rachmaninoff") == fold_name("Ivan Rachmaninov")
    assert fold_name("António Guterres") == fold_name("Antonio Guterres")
    assert fold_name("Sergei Lavrov") != fold_name("Sergei Ivanov")


def test_shipped_knowledge_base_knows_lavrov_in_every_spelling_and_by_role():
    assert resolve_name("Sergey Lavrov") == "sergey-lavrov"
    assert resolve_name("Sergei Lavrov") == "sergey-lavrov"
    assert resolve_name("Russian Foreign Minister Sergei Lavrov") == "sergey-lavrov"
    assert resolve_name("Russia's top diplomat", on="2019-01-14") == "sergey-lavrov"
    assert resolve_name("the Russian foreign minister", on="2025-12-28") == "sergey-lavrov"


def test_role_noun_resolves_to_whoever_held_the_office_that_day(user_kb):
    assert resolve_name("Ruritania's chief plumber", on="2015-03-01", kb_paths=user_kb) is None  # no such office
    assert resolve_name("the Ruritanian foreign minister", on="2015-03-01", kb_paths=user_kb) == "otto-brandt"
    assert resolve_name("the Ruritanian foreign minister", on="2023-03-01", kb_paths=user_kb) == "ilse-varga"
    assert resolve_name("Ruritania's chief envoy", on="2023-03-01", kb_paths=user_kb) == "ilse-varga"
    # no day: the holder now
    assert resolve_name("Ruritanian foreign minister", kb_paths=user_kb) == "ilse-varga"


def test_governments_and_ministries_by_country_words(user_kb):
    assert resolve_name("Strelsau", kb_paths=user_kb) == "xr-government"
    assert resolve_name("Ruritania", kb_paths=user_kb) == "xr-government"
    assert resolve_name("the Foreign Ministry of Ruritania", kb_paths=user_kb) == "xr-mfa"
    assert resolve_name("Ruritania's foreign ministry", kb_paths=user_kb) == "xr-mfa"


def _article_with(text: str, speakers: list[tuple[str, str]], published: str = "2021-05-04"):
    article = Article(id="art1", document_id="d", text=text, published=DateEvidence(published, "test"))
    quotes = []
    for quoted, speaker in speakers:
        start = text.index(quoted)
        quotes.append(
            Quote(
                "art1",
                start,
                start + len(quoted),
                quoted,
                "direct",
                speaker=speaker,
                speaker_mention=Mention(speaker, 0, len(speaker)),
            )
        )
    return article, quotes


def test_unknown_people_become_corpus_entities_and_surnames_attach(user_kb):
    from onrecord.link import resolve_speakers

    text = '"We will appeal," said Aleksandr Petrov, the club chairman. "The ruling is wrong," Petrov added.'
    article, quotes = _article_with(text, [("We will appeal,", "Aleksandr Petrov"), ("The ruling is wrong,", "Petrov")])
    other_text = '"The fans deserve better," Alexander Petrov said.'
    other, other_quotes = _article_with(other_text, [("The fans deserve better,", "Alexander Petrov")])
    other.id = "art2"
    for q in other_quotes:
        q.article_id = "art2"
    resolver = SpeakerResolver(load_kb(user_kb))
    resolve_speakers(resolver, {"art1": article, "art2": other}, quotes + other_quotes)
    ids = {q.entity_id for q in quotes + other_quotes}
    assert len(ids) == 1
    (entity_id,) = ids
    assert entity_id.startswith("corpus-")
    assert resolver.entity(entity_id).source == "corpus"


def test_bare_role_takes_the_name_the_article_gives_it(user_kb):
    from onrecord.link import resolve_speakers

    text = 'Prime Minister Dana Okafor of Lindora spoke. "We refuse," the prime minister said.'
    article, quotes = _article_with(text, [("We refuse,", "the prime minister")])
    resolver = SpeakerResolver(load_kb(user_kb))
    resolve_speakers(resolver, {"art1": article}, quotes)
    assert quotes[0].entity_id is not None
    assert resolver.entity(quotes[0].entity_id).name == "Dana Okafor"


def test_places_and_offices_do_not_become_people(user_kb):
    resolver = SpeakerResolver(load_kb(user_kb))
    assert resolver.resolve(["Ruritanian Foreign Ministry"], "person", None, {}) == "xr-mfa"
    assert resolver.resolve(["Joint Declaration"], "person", None, {}) is None
    assert resolver.resolve(["the foreign minister"], None, None, {}) is None  # which country: unknown


def test_bad_knowledge_base_file_names_file_and_line(tmp_path):
    bad = tmp_path / "mine.jsonl"
    bad.write_text('{"id": "a", "name": "A"}\n{not json}\n', encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=r"mine\.jsonl line 2"):
        load_kb((str(bad),))
    with pytest.raises(KnowledgeBaseError, match="does not exist"):
        load_kb((str(tmp_path / "missing.jsonl"),))


def test_user_file_corrects_a_shipped_entity(tmp_path):
    """A user line for a shipped id replaces the fields it gives and keeps the others."""
    extra = tmp_path / "extra.jsonl"
    extra.write_text(
        json.dumps({"id": "sergey-lavrov", "name": "Sergey Lavrov", "aliases": ["S. V. Lavrov"]}),
        encoding="utf-8",
    )
    kb = load_kb((str(extra),))
    lavrov = kb.entities["sergey-lavrov"]
    assert lavrov.aliases == ["S. V. Lavrov"]  # given: replaced
    assert any(r.function == "foreign_minister" for r in lavrov.roles)  # not given: kept
    assert lavrov.kind == "person" and lavrov.country == "RU"
    assert lavrov.source == "user"


def test_user_file_corrects_a_shipped_tenure(tmp_path):
    shipped = load_kb()
    ids = shipped.holders("foreign_minister", "RU", "2015-06-01")
    assert ids == ["sergey-lavrov"]
    extra = tmp_path / "tenure.jsonl"
    role = {
        "title": "Minister of Foreign Affairs",
        "organisation": "Russia",
        "function": "foreign_minister",
        "start": "2016-01-01",
        "end": None,
    }
    extra.write_text(json.dumps({"id": "sergey-lavrov", "name": "Sergey Lavrov", "roles": [role]}), encoding="utf-8")
    kb = load_kb((str(extra),))
    assert [r.start for r in kb.entities["sergey-lavrov"].roles] == ["2016-01-01"]
    assert "sergey-lavrov" not in kb.holders("foreign_minister", "RU", "2015-06-01")
    assert "sergey-lavrov" in kb.holders("foreign_minister", "RU", "2017-06-01")
    assert "Sergei Lavrov" in kb.entities["sergey-lavrov"].aliases  # aliases not given: kept


def test_an_office_belongs_to_the_country_of_its_organisation(tmp_path):
    """Charles III is filed under GB, yet he is Australia's head of state; a career in two
    polities is found for each office."""
    resolver = SpeakerResolver(load_kb())
    assert resolver.lookup("Australian head of state", "person", "2024-03-01") == "charles-iii"
    career = tmp_path / "career.jsonl"
    career.write_text(
        json.dumps(
            {
                "id": "mara-kettunen",
                "name": "Mara Kettunen",
                "kind": "person",
                "country": "EE",
                "roles": [
                    {
                        "title": "Prime Minister",
                        "organisation": "Estonia",
                        "function": "head_of_government",
                        "start": "2001-01-01",
                        "end": "2003-01-01",
                    },
                    {
                        "title": "High Representative",
                        "organisation": "European Union",
                        "function": "eu_high_representative",
                        "start": "2001-01-01",
                        "end": "2003-01-01",
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    kb = load_kb((str(career),))
    assert kb.holders("eu_high_representative", "EU", "2002-01-01") == ["mara-kettunen"]
    assert kb.holders("head_of_government", "EE", "2002-01-01") == ["mara-kettunen"]
    assert kb.holders("head_of_government", "EU", "2002-01-01") == []


def test_a_country_specific_role_phrase_supplies_its_country():
    resolver = SpeakerResolver(load_kb())
    assert resolver.role_of("the chief cabinet secretary") == ("government_spokesperson", "JP")
    assert resolver.role_of("a Kremlin spokesman") == ("presidential_spokesperson", "RU")
    assert resolver.resolve(["Kremlin spokesman"], "person", "2024-03-01", {}) == "dmitry-peskov"
    # phrases every country's press uses stay without a country
    assert resolver.role_of("the government spokesman") == ("government_spokesperson", None)
    assert resolver.role_of("the top diplomat")[1] is None
    assert resolver.role_of("the spokesman") == (None, None)
    assert resolver.resolve(["the government spokesman"], "person", "2024-03-01", {}) is None


def test_an_ambiguous_capital_needs_its_country_in_context():
    resolver = SpeakerResolver(load_kb())
    government = resolver.lookup("Jamaica", None, "2024-03-01")
    assert government is not None
    assert resolver.resolve(["Kingston"], "government", "2024-03-01", {}) != government
    assert resolver.lookup("Kingston", None, "2024-03-01") is None
    assert resolver.resolve(["Kingston"], "government", "2024-03-01", {}, text="Kingston, Ontario said") != government
    assert resolver.resolve(["Kingston"], "government", "2024-03-01", {}, countries=["JM"]) == government
    text = "Kingston said on Monday that Jamaica would not sign."
    assert resolver.resolve(["Kingston"], "government", "2024-03-01", {}, text=text) == government
    # an unambiguous capital still stands for its government
    assert resolver.lookup("Moscow", None, "2024-03-01") == resolver.lookup("Russia", None, "2024-03-01")
    # a person who shares a capital's name is a person, not a government
    assert resolver.resolve(["Victoria Amberly"], "person", "2024-03-01", {}) == "corpus-victoria-amberli"
    assert resolver.resolve(["Hamilton Okoro"], "person", "2024-03-01", {}) == "corpus-hamilton-okoro"


def test_corpus_people_merge_by_their_given_names_not_a_shared_surname(user_kb):
    from onrecord.link import resolve_speakers

    # Each pair's whole names are close (a long shared surname); only the first is one person.
    written = ["Aleksandr V. Petrov", "Alexander Petrov", "Ida Vandersloot", "Ada Vandersloot", "Jana Lundberg"]
    written += ["Ada Lundberg", "John F. Kennedy", "John Kennedy"]
    articles, quotes = {}, []
    for n, name in enumerate(written):
        article, article_quotes = _article_with(
            f'"We will appeal the ruling," {name} said.', [("We will appeal the ruling,", name)]
        )
        article.id = f"art{n}"
        for q in article_quotes:
            q.article_id = article.id
        articles[article.id] = article
        quotes += article_quotes
    resolver = SpeakerResolver(load_kb(user_kb))
    resolve_speakers(resolver, articles, quotes)
    entity_of = {q.speaker: q.entity_id for q in quotes}
    assert all(entity_of.values())
    assert entity_of["Aleksandr V. Petrov"] == entity_of["Alexander Petrov"]  # a spelling, and an initial
    assert entity_of["John F. Kennedy"] == entity_of["John Kennedy"]
    assert entity_of["Ida Vandersloot"] != entity_of["Ada Vandersloot"]
    assert entity_of["Jana Lundberg"] != entity_of["Ada Lundberg"]
    assert len(set(entity_of.values())) == 6
