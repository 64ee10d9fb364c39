"""Speaker attribution: cue placement, pronouns, roles, organisations, continuation, reported speech."""

from __future__ import annotations

from onrecord.attribute import extract_quotes
from onrecord.records import Article


def run(text: str):
    return extract_quotes(Article(id="a1", document_id="d1", text=text))


def speakers(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in run(text) if q.kind != "indirect"]


def test_colon_cue_before_the_quote():
    text = 'Defence Minister Karl Obi said: "The drills will go ahead."'
    (q,) = [q for q in run(text) if q.kind == "direct"]
    assert q.speaker == "Karl Obi" and q.cue == "said" and q.speaker_kind == "person"
    assert q.speaker_mention is not None
    assert text[q.speaker_mention.start : q.speaker_mention.end] == q.speaker_mention.text
    assert "Karl Obi" in q.speaker_mention.text


def test_inverted_order_with_aside_after_the_name():
    text = '"This dispute is over," said Foreign Minister Nadia Perrin, in an interview with a state broadcaster.'
    assert speakers(text) == [("This dispute is over", "Nadia Perrin")]


def test_aside_between_speaker_and_verb():
    text = (
        'Mayor Jonas Hale, speaking in the capital on Tuesday, said the city would "never accept" the plan.\n\n'
        '"I have no understanding of this decision," Otto Brill, the regional governor, told reporters.'
    )
    assert speakers(text) == [
        ("never accept", "Jonas Hale"),
        ("I have no understanding of this decision", "Otto Brill"),
    ]


def test_according_to():
    text = 'The talks were "a waste of everyone\'s time", according to Senator Maria Velt.'
    assert speakers(text) == [("a waste of everyone's time", "Maria Velt")]


def test_pronoun_resolves_to_the_person_meant():
    text = 'Prime Minister Edda Lorn met the envoy on Monday.\n\n"We expect an answer within a week," she said.'
    assert speakers(text) == [("We expect an answer within a week", "Edda Lorn")]


def test_role_noun_resolves_through_the_role_the_article_gave():
    text = (
        "Torvian Foreign Minister Aleksei Marov met his counterpart, Trade Minister Pia Sund, in Vella.\n\n"
        '"Our positions remain far apart," the Torvian foreign minister stressed.\n\n'
        'Later the trade minister added that it was "too early to judge".'
    )
    assert speakers(text) == [("Our positions remain far apart", "Aleksei Marov"), ("too early to judge", "Pia Sund")]


def test_spokesperson_named_in_an_apposition():
    text = (
        'Chancellor Eva Strom\'s spokeswoman, Lina Roos, said the test results were "beyond doubt".\n\n'
        '"The government will inform its partners," the spokeswoman added.'
    )
    assert speakers(text) == [
        ("beyond doubt", "Lina Roos"),
        ("The government will inform its partners", "Lina Roos"),
    ]


def test_canonical_name_is_the_fullest_form_in_the_article():
    text = (
        '"Talks are over," Mr Marov said.\n\n'
        "Foreign Minister Aleksei Marov spoke after meeting his counterpart.\n\n"
        '"We leave tonight," Marov added.'
    )
    assert {s for _, s in speakers(text)} == {"Aleksei Marov"}


def test_paragraph_that_is_only_a_quote_continues_the_previous_speaker():
    text = (
        '"The Federal Council will inform its partners of the results," Mr Albin Kessler added.\n\n'
        '"It will discuss an appropriate response with them."\n\n'
        "Doctors treated the patient in the capital."
    )
    assert speakers(text) == [
        ("The Federal Council will inform its partners of the results", "Albin Kessler"),
        ("It will discuss an appropriate response with them.", "Albin Kessler"),
    ]


def test_continuation_after_a_reporting_paragraph():
    text = (
        "President Rasa Orlen began by saying the region was at a turning point.\n\n"
        '"Everything here is tied to our history."'
    )
    assert speakers(text) == [("Everything here is tied to our history.", "Rasa Orlen")]


def test_quoted_as_saying_names_the_person_not_the_agency():
    text = (
        "Premier Hu Lan visited the flooded province on Sunday.\n\n"
        '"No family will be left behind," the state news agency quoted Hu as saying.\n\n'
        '"Roads will reopen in days," pool reports quoted him as saying.'
    )
    assert speakers(text) == [("No family will be left behind", "Hu Lan"), ("Roads will reopen in days", "Hu Lan")]


def test_was_quoted_as_saying():
    text = (
        "Chancellor Ada Weiss spoke to farmers in the north.\n\n"
        '"The subsidies will be paid in full," she was quoted as saying in local media.'
    )
    assert speakers(text) == [("The subsidies will be paid in full", "Ada Weiss")]


def test_organisation_and_government_speakers():
    text = (
        'Norway rejected the ruling on Tuesday, calling it "null and void".\n\n'
        'Meanwhile, Norway\'s foreign ministry said in a statement: "We will never accept any claim based on it."\n\n'
        'The ministry also said the case was brought in "bad faith".'
    )
    by_text = dict(speakers(text))
    assert by_text["null and void"] == "Norwegian government"
    assert by_text["We will never accept any claim based on it."] == "Norwegian Foreign Ministry"
    assert by_text["bad faith"] == "Norwegian Foreign Ministry"


def test_country_and_capital_speak_for_their_government():
    text = (
        'China rejected the award on Tuesday, calling it "null and void".\n\n'
        'Beijing said the tribunal had acted "without any legal basis".\n\n'
        'The Chinese Foreign Ministry said in a statement: "China will not accept the award."'
    )
    found = run(text)
    by_text = {q.text: q for q in found if q.kind != "indirect"}
    assert by_text["null and void"].speaker == "Chinese government"
    assert by_text["null and void"].speaker_kind == "government"
    assert by_text["without any legal basis"].speaker == "Chinese government"
    assert by_text["China will not accept the award."].speaker == "Chinese Foreign Ministry"
    assert by_text["China will not accept the award."].speaker_kind == "organisation"


def test_unnamed_source_is_nobody_but_a_named_body_speaks_for_itself():
    text = (
        '"The minister made it clear that no dispute exists," a ministry official said.\n\n'
        "Damascus condemned the move, the agency said, citing a source in the country's Foreign Ministry.\n\n"
        '"The decision attacks our sovereignty," the source said.'
    )
    by_text = dict(speakers(text))
    assert by_text["The minister made it clear that no dispute exists"] is None
    assert by_text["The decision attacks our sovereignty"] == "Syrian Foreign Ministry"


def test_anonymous_diplomat_stays_anonymous():
    text = (
        'A senior Valdonian diplomat told reporters that relations were in "deep crisis".\n\n'
        "The diplomat, who spoke on condition of anonymity, said the rift was real.\n\n"
        '"There is a crisis," he stressed.'
    )
    assert {s for _, s in speakers(text)} == {None}


def test_outlet_reporting_is_not_the_speaker():
    text = (
        "President Elio Sarn, speaking after the summit, said the forest is a "
        '"subject for the whole planet," the Daily Courier reports.'
    )
    assert speakers(text) == [("subject for the whole planet", "Elio Sarn")]


def test_reported_speech_is_indirect_with_speaker_and_cue():
    text = "Foreign Minister Sergei Lantov said Moscow views the border issue as an internal matter for Vella."
    found = [q for q in run(text) if q.kind == "indirect"]
    assert len(found) == 1
    q = found[0]
    assert q.text == "Moscow views the border issue as an internal matter for Vella"
    assert q.speaker == "Sergei Lantov" and q.cue == "said"
    assert text[q.start : q.end] == q.text


def test_reported_speech_with_that_and_pronoun():
    text = (
        "Governor Rita Salo visited the dam.\n\n"
        "She stressed that the reservoir would be refilled before the dry season."
    )
    found = [q for q in run(text) if q.kind == "indirect"]
    assert [(q.text, q.speaker) for q in found] == [
        ("the reservoir would be refilled before the dry season", "Rita Salo")
    ]


def test_reported_speech_holding_a_quote_is_left_to_the_partial_quote():
    text = 'Minister Karl Obi said that the plan was "dead on arrival" for now.'
    kinds = [q.kind for q in run(text)]
    assert kinds == ["partial"]


def test_headline_forms():
    text = "Dahl: “Our border is not for sale”\n\nPresident Ola Dahl spoke in the capital."
    assert speakers(text) == [("Our border is not for sale", "Ola Dahl")]
    text = (
        "'This has been a huge mistake' - Valdonian ambassador Pierre-Henri Mollet\n\n"
        "Pierre-Henri Mollet left the embassy on Saturday."
    )
    assert speakers(text) == [("This has been a huge mistake", "Pierre-Henri Mollet")]


def test_confidence_in_range_and_ids_unique():
    text = (
        '"One," Mr Ivo Marr said. "Two," he added.\n\n'
        'Marr said the vote was "final and binding" and that talks would resume.'
    )
    found = run(text)
    assert found
    assert all(0.0 <= q.confidence <= 1.0 for q in found)
    assert len({q.id for q in found}) == len(found)
    assert all(text[q.start : q.end] == q.text for q in found)


def test_multi_paragraph_quote_attributed_at_its_end():
    text = (
        "Health Minister Alma Rees opened the clinic.\n\n"
        '"The first paragraph of the speech.\n\n'
        '"The second paragraph," Premier Jon Wick said.\n\n'
        "The ceremony ended at noon."
    )
    assert speakers(text) == [("The first paragraph of the speech.", "Jon Wick"), ("The second paragraph", "Jon Wick")]


def test_quote_paragraph_after_a_paragraph_about_someone_else():
    text = (
        '"We will not back down," Oskar Smith said.\n\n'
        "Senator Ruth Jones, the opposition leader, disagreed strongly.\n\n"
        '"This is madness."'
    )
    assert speakers(text) == [("We will not back down", "Oskar Smith"), ("This is madness.", "Ruth Jones")]


def test_acronym_speaker_expanded_from_the_article():
    text = 'The World Health Organization (WHO) warned of a new wave.\n\n"The virus is still spreading," the WHO said.'
    found = [q for q in run(text) if q.kind == "direct"]
    assert [(q.speaker, q.speaker_kind) for q in found] == [("World Health Organization", "organisation")]


def test_role_synonyms_top_diplomat_pm_and_envoy():
    text = (
        "Russian Foreign Minister Sergei Lantov met Torvian Prime Minister Edda Lorn and "
        "Ambassador Paul Ekko in Vella.\n\n"
        '"The talks were useful," Russia\'s top diplomat said.\n\n'
        '"We have a deal on grain," the PM told reporters.\n\n'
        '"My government is pleased," the envoy added.'
    )
    assert speakers(text) == [
        ("The talks were useful", "Sergei Lantov"),
        ("We have a deal on grain", "Edda Lorn"),
        ("My government is pleased", "Paul Ekko"),
    ]


def test_pronoun_gender_from_honorifics():
    text = 'Mrs Ines Duarte met Mr Paulo Reis on Monday.\n\n"It was a fruitful meeting," she said.'
    assert speakers(text) == [("It was a fruitful meeting", "Ines Duarte")]
    text = 'Mrs Ines Duarte met Mr Paulo Reis on Monday.\n\n"It was a fruitful meeting," he said.'
    assert speakers(text) == [("It was a fruitful meeting", "Paulo Reis")]


def test_reported_speech_before_its_reporting_clause():
    text = "The border will stay open through the winter, Interior Minister Sofia Lind said on Sunday."
    found = [(q.text, q.speaker, q.cue) for q in run(text) if q.kind == "indirect"]
    assert found == [("The border will stay open through the winter", "Sofia Lind", "said")]


def test_second_quote_follows_the_person_the_narrative_turned_to():
    text = '"We won," Mayor Oskar Smith said. Senator Ruth Jones disagreed. "This is a disaster."'
    assert speakers(text) == [("We won", "Oskar Smith"), ("This is a disaster.", "Ruth Jones")]
    text = '"We won," Mayor Oskar Smith said on Monday. "The count is final."'
    assert speakers(text) == [("We won", "Oskar Smith"), ("The count is final.", "Oskar Smith")]


def test_statement_reading_out_words_speaks_for_who_issued_it():
    text = 'Spokesman Lars Holm issued a statement on Monday.\n\n"The government regrets the decision," the statement read.'
    assert speakers(text) == [("The government regrets the decision", "Lars Holm")]


def test_reported_speech_does_not_swallow_the_dateline():
    from onrecord.records import Dateline

    text = (
        "KESTREL CITY, March 3 (Northwire) -- Valdoria and Carvel are far from agreeing on the border, "
        "Valdorian Foreign Minister Ilse Marrow said Wednesday.\n\n"
        "Talks resume next month."
    )
    article = Article(
        id="a",
        document_id="d",
        text=text,
        dateline=Dateline("KESTREL CITY", "Northwire", "March 3", "KESTREL CITY, March 3 (Northwire) --"),
    )
    reported = [q for q in extract_quotes(article) if q.kind == "indirect"]
    assert reported, "the reported clause before 'said' is found"
    first = reported[0]
    assert first.text.startswith("Valdoria and Carvel are far from agreeing")
    assert text[first.start : first.end] == first.text
    assert first.speaker == "Ilse Marrow"


def test_a_role_word_before_a_name_is_a_person_even_when_read_as_an_organisation():
    text = (
        "The minister faces few critics at home. Opposition deputy Lukas Brenn said he supported the government, "
        'although he questioned whether it was wise "to slam the door in public."\n\n'
        'The Harbour Workers Union said in a statement: "We will strike on Monday."'
    )
    quotes = extract_quotes(Article(id="a", document_id="d", text=text))
    by_text = {q.text: q for q in quotes}
    door = by_text["to slam the door in public."]
    assert (door.speaker, door.speaker_kind) == ("Lukas Brenn", "person")
    strike = by_text["We will strike on Monday."]
    assert strike.speaker_kind == "organisation"
