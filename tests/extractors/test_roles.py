"""Roles (person – position – organisation) through the real pipeline.

These follow the models; ``test_roles_rules.py`` tests the rules on hand-built parses."""
import pytest

from pipeline.run import Options, process
from pipeline.types import Document

NBSP, SHY = "\u00a0", "\u00ad"

TEXTS = {
    "pre": "Исполнительный директор ЮНИСЕФ Кэтрин Рассел посетила Казань 5 октября 2020 года.",
    "appos": "Кэтрин Рассел, исполнительный директор Детского фонда ООН, выступила с докладом.",
    "chain": "Начальник управления информатизации администрации г. Казани Иван Петров заявил, "
             "что работы завершены.",
    "minister": "Министр финансов РФ Антон Силуанов подписал соглашение с Всемирным банком.",
    "appoint": "Глава компании «Ромашка» Иван Петров назначен на должность генерального директора.",
    "two_posts": "Министр финансов и вице-премьер Антон Силуанов встретился с президентом "
                 "Всемирного банка Дэвидом Малпассом в Вашингтоне.",
    "dash": "Светлана Яковлева — директор Музея современного искусства «Гараж» — открыла выставку.",
    "norm": f"Генеральный{NBSP}дирек{SHY}тор компании «Вектор» Ольга Смирнова заявила, что компания "
            f"приобрела 10% акций банка «Восток».",
    "plural": "Представители компании «Ромашка» и журналисты обсудили итоги года.",
}


@pytest.fixture(scope="module")
def tables():
    docs = [Document(k, v, k) for k, v in TEXTS.items()]
    return process(docs, Options(extractors=("entities", "dates", "roles")))


def roles_of(tables, doc_id):
    df = tables["roles"]
    return df[df.doc_id == doc_id].to_dict(orient="records")


def one(tables, doc_id, position):
    rows = [r for r in roles_of(tables, doc_id) if r["position"] == position]
    assert len(rows) == 1, (position, roles_of(tables, doc_id))
    return rows[0]


def test_no_errors(tables):
    assert len(tables["errors"]) == 0, tables["errors"].to_dict(orient="records")
    assert set(tables["documents"].status) == {"ok"}


def test_position_before_name(tables):
    r = one(tables, "pre", "исполнительный директор")
    assert r["person"] == "Кэтрин Рассел"
    assert r["org"] == "ЮНИСЕФ"
    assert r["position_text"] == "Исполнительный директор"
    assert not r["appointment"]


def test_position_in_apposition_after_name(tables):
    r = one(tables, "appos", "исполнительный директор")
    assert r["person"] == "Кэтрин Рассел"
    assert r["org"] and "фонд" in r["org"].lower()


def test_position_with_complements_and_place(tables):
    r = one(tables, "chain", "начальник управления информатизации")
    assert r["person"] == "Иван Петров"
    assert r["org"] == "администрация г. Казани"  # the body's whole name, the city nested in it


def test_minister_of(tables):
    r = one(tables, "minister", "министр финансов")
    assert r["person"] == "Антон Силуанов"
    assert r["org"] is not None and r["org_entity_id"].startswith("minister:e")


def test_appointment_and_head_of_company(tables):
    head = one(tables, "appoint", "глава")
    assert head["person"] == "Иван Петров" and "Ромашка" in head["org"]
    assert not head["appointment"]
    new = one(tables, "appoint", "генеральный директор")
    assert new["person"] == "Иван Петров"
    assert new["appointment"]
    assert new["position_text"] == "генерального директора"


def test_several_posts_of_one_person(tables):
    rows = roles_of(tables, "two_posts")
    posts = {r["position"]: r["person"] for r in rows}
    assert posts.get("министр финансов") == "Антон Силуанов"
    assert posts.get("вице-премьер") == "Антон Силуанов"
    assert posts.get("президент") == "Дэвид Малпасс"
    pres = one(tables, "two_posts", "президент")
    assert pres["org"] == "Всемирный банк"


def test_name_dash_post(tables):
    r = one(tables, "dash", "директор")
    assert r["person"] == "Светлана Яковлева"
    assert r["org"] and r["org"].startswith("Музей современного искусства")


def test_plural_posts_name_no_one(tables):
    assert roles_of(tables, "plural") == []


def test_offsets_point_into_original_text(tables):
    for r in tables["roles"].to_dict(orient="records"):
        text = TEXTS[r["doc_id"]]
        assert text[r["position_start"]:r["position_end"]] == r["position_text"]
        assert r["person_start"] < r["person_end"]
        assert r["role_id"].split("~")[0] == f'{r["doc_id"]}:r{r["person_start"]}-{r["position_start"]}'


def test_normalization_keeps_original_offsets(tables):
    r = one(tables, "norm", "генеральный директор")
    text = TEXTS["norm"]
    assert r["position_text"] == f"Генеральный{NBSP}дирек{SHY}тор"
    assert text[r["position_start"]:r["position_end"]] == r["position_text"]
    assert text[r["person_start"]:r["person_end"]] == "Ольга Смирнова"
    assert "Вектор" in r["org"]
