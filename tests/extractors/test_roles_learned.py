"""The learned role scorer (``pipeline/models/roles``) through the real pipeline, and the switch
that turns it off (``Options(learned_roles=False)``, ``--rules-only-roles``)."""
import pandas as pd
import pytest

from pipeline.extractors.roles import learned
from pipeline.models.roles import model as role_model
from pipeline.models.roles.features import KINDS, pair_features
from pipeline.run import Options, process
from pipeline.types import Document

TEXTS = {
    "singer": "Известная певица Анна Иванова выступила вчера в Казани с новой программой.",
    "actors": "Актёры Иван Петров и Сергей Смирнов сыграли главные роли в новом фильме.",
    "back": "Андрей Кузнецов родился в Самаре в 1970 году. В 2015 году он был назначен ректором "
            "Самарского университета.",
    "list": "В конференции участвовал доктор экономических наук, профессор, ректор Финансового "
            "университета Павел Орлов.",
    "gov": "Губернатор Тверской области Игорь Руденко открыл новый мост через Волгу.",
    "met": "Иван Петров провёл встречу с губернатором Тульской области.",
    "met_named": "Иван Петров встретился с губернатором Тульской области Алексеем Дюминым.",
    "met_envoy": "Министр провёл встречу с послом Армении Александром Налбандовым.",
    "deputy": "Новым заместителем председателя правительства Самарской области назначен Андрей Кочетков.",
    "aide": "Помощник президента Юрий Ушаков сообщил об итогах переговоров.",
    "counted": "Под следствием оказались три бывших министра: Иван Петров (2001—2004), Сергей Смирнов "
               "(2004—2008) и Олег Козлов.",
    "listed": "В Барнаул прилетели известные писатели и критики, среди которых — Павел Басов и Михаил Тарасов.",
    "one": "Министр Иван Петров и Сергей Смирнов обсудили проект.",
    "alias": "Новый альбом выпустил Шон Картер (Shawn Carter). Музыкант работал над ним два года.",
}
EXTRACTORS = ("entities", "dates", "roles")

pytestmark = pytest.mark.skipif(not learned.available(), reason="no role scorer weights shipped")


@pytest.fixture(scope="module")
def both():
    docs = [Document(k, v, k) for k, v in TEXTS.items()]
    return (process(docs, Options(extractors=EXTRACTORS)),
            process(docs, Options(extractors=EXTRACTORS, learned_roles=False)))


def rows(tables, doc_id):
    df = tables["roles"]
    return df[df.doc_id == doc_id].to_dict(orient="records")


def test_an_occupation_the_rules_skip(both):
    on, off = both
    [r] = rows(on, "singer")
    assert r["person"] == "Анна Иванова" and r["position_text"] == "певица"
    assert r["kind"] == "occupation" and pd.isna(r["org"])
    assert rows(off, "singer") == []  # the rules keep an occupation only with its organisation


def test_one_post_two_holders(both):
    on, _ = both
    assert {r["person"] for r in rows(on, "actors")} == {"Иван Петров", "Сергей Смирнов"}


def test_holder_named_in_the_sentence_before(both):
    on, off = both
    [r] = rows(on, "back")
    assert r["person"] == "Андрей Кузнецов" and r["position_text"] == "ректором"
    assert r["kind"] == "post" and "университет" in r["org"].lower()
    assert rows(off, "back") == []  # no rule reaches across a sentence


def test_a_list_of_posts_before_the_name(both):
    on, _ = both
    got = {r["position_text"] for r in rows(on, "list")}
    assert {"профессор", "ректор"} <= got
    assert all(r["person"] == "Павел Орлов" for r in rows(on, "list"))


def test_the_rules_post_is_kept_with_a_score(both):
    on, off = both
    [r] = rows(on, "gov")
    [s] = rows(off, "gov")
    assert (r["person"], r["position_text"], r["org"]) == (s["person"], s["position_text"], s["org"])
    assert 0.5 < r["score"] <= 1.0
    assert pd.isna(s["score"])  # null: no scorer ran


def test_score_and_kind_columns(both):
    on, off = both
    assert str(on["roles"]["score"].dtype) == "Float64"
    assert set(on["roles"]["kind"].dropna()) <= {"post", "occupation"}
    assert on["roles"]["score"].notna().all()
    assert off["roles"]["score"].isna().all()
    assert Options().key() != Options(learned_roles=False).key()


def test_without_weights_the_rules_run(monkeypatch):
    monkeypatch.setattr(role_model, "model", lambda: None)
    t = process([Document("gov", TEXTS["gov"], "gov")], Options(extractors=EXTRACTORS))
    [r] = t["roles"].to_dict(orient="records")
    assert r["person"] == "Игорь Руденко" and pd.isna(r["score"])


def test_features_are_prefixed_by_kind_and_stable():
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    doc = Doc(Vocab(), words=["директор", "Иван", "Петров"], heads=[0, 0, 1], deps=["ROOT", "appos", "flat"],
              pos=["NOUN", "PROPN", "PROPN"])
    a = pair_features("WA", (1, 3), (0, 1), doc[1], doc[0], ["rule=tree"])
    assert a == pair_features("WA", (1, 3), (0, 1), doc[1], doc[0], ["rule=tree"])
    assert all(f.startswith("WA:") for f in a) and "WA:rule=tree" in a and "WA:adjacent" in a
    b = pair_features("QP", (1, 3), (0, 1), doc[1], doc[0])
    assert not set(a) & set(b) and set(KINDS) == {"WA", "WP", "QP"}


def test_shape_collapses_a_list_of_posts():
    cls = ["Q", ",", "Q", "Q", ",", "и", "Q", "P", "P"]
    assert learned._shape(cls, 0, 7) == "Q,Q,иQ"
    assert learned._shape(cls, 7, 7) == "0"


def test_a_post_met_with_is_someone_elses(both):
    """"X провёл встречу с губернатором": the governor is another person; named inside the post's
    phrase, he holds it."""
    on, _ = both
    assert rows(on, "met") == []
    [r] = rows(on, "met_named")
    assert (r["person"], r["position"]) == ("Алексей Дюмин", "губернатор")
    [r] = rows(on, "met_envoy")  # the name right after the post, in its case, whatever the parse
    assert (r["person"], r["position"]) == ("Александр Налбандов", "посол")


@pytest.mark.parametrize("doc_id,person,position", [
    ("deputy", "Андрей Кочетков", "заместитель председателя"),
    ("aide", "Юрий Ушаков", "помощник президента"),
])
def test_a_deputy_holds_the_deputy_post_not_the_one_served(both, doc_id, person, position):
    """"заместитель председателя": one post, the deputy's; the chairman is someone else."""
    for tables in both:  # the role scorer and the rules alone
        got = [(r["person"], r["position"]) for r in rows(tables, doc_id)]
        assert got == [(person, position)], got


POSTS = {
    "mali": "Двадцать семь кандидатов претендуют на пост президента Мали.",
    "vacant": "Должность ректора Самарского университета остаётся вакантной.",
    "gov": "Губернатор Тверской области Игорь Руденко открыл новый мост через Волгу.",
}


@pytest.mark.parametrize("learned_roles", [True, False])
def test_posts_with_an_organisation_are_rows_whether_or_not_someone_holds_them(learned_roles):
    docs = [Document(k, v, k) for k, v in POSTS.items()]
    t = process(docs, Options(extractors=EXTRACTORS, learned_roles=learned_roles))
    posts, roles = t["posts"], t["roles"]
    got = {r["doc_id"]: r for r in posts.to_dict(orient="records")}
    assert set(got) == set(POSTS)
    assert (got["mali"]["position"], got["mali"]["org"]) == ("президент", "Мали")
    assert (got["vacant"]["position"], got["vacant"]["org"]) == ("ректор", "Самарский университет")
    for r in got.values():  # offsets into the text, for the post and for its organisation
        text = POSTS[r["doc_id"]]
        assert text[r["position_start"]:r["position_end"]] == r["position_text"]
        assert text[r["org_start"]:r["org_end"]] == r["org_text"]
    # a held post points at its holder's row; an unheld one at none, and no role is made up for it
    assert pd.isna(got["mali"]["role_id"]) and pd.isna(got["vacant"]["role_id"])
    assert set(roles["doc_id"]) == {"gov"}
    held = roles.set_index("role_id").loc[got["gov"]["role_id"]]
    assert held["person"] == "Игорь Руденко" and held["org_entity_id"] == got["gov"]["org_entity_id"]
    assert posts["score"].notna().all() if learned_roles else posts["score"].isna().all()


def test_an_unheld_post_asks_for_more_than_a_held_posts_organisation():
    assert learned.UNHELD_QP > role_model.meta()["thresholds"]["QP"]


def test_a_plural_or_counted_post_goes_to_its_holders_conjuncts(both):
    on, _ = both
    assert {r["person"] for r in rows(on, "counted")} == {"Иван Петров", "Сергей Смирнов", "Олег Козлов"}
    assert {r["person"] for r in rows(on, "listed")} == {"Павел Басов", "Михаил Тарасов"}
    # a singular post is its holder's alone, coordinated or not
    assert {r["person"] for r in rows(on, "one")} == {"Иван Петров"}


def test_a_bracketed_alias_does_not_stand_for_its_person(both):
    # "Shawn Carter" is Шон Картер's entity too: the post in the next sentence goes to the name
    # the alias follows, not to the alias
    on, _ = both
    assert [(r["person"], r["position_text"]) for r in rows(on, "alias")] == [("Шон Картер", "Музыкант")]
