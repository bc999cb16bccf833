"""A document's entities: a quoted body named like a place leaves the place alone (end to end)."""
import pipeline


def _mentions(text):
    m = pipeline.extract([text], workers=1)["mentions"]
    return {(t, lab) for t, lab in zip(m["text"], m["label"])}


def test_a_channel_named_like_a_country_does_not_turn_the_country_into_an_organisation():
    got = _mentions("Телеканал «Россия» показал новый фильм. В России вышел закон о кино.")
    assert ("России", "LOC") in got
    assert ("России", "ORG") not in got
    assert ("Россия", "ORG") in got  # the channel: its name in apposition, inside the quotes


def test_a_quoted_name_still_marks_its_unquoted_repeats():
    got = _mentions("Журналисты радио «Голос Америки» готовят выпуск. Голос Америки выйдет в эфир вечером.")
    assert ("Голос Америки", "ORG") in got
