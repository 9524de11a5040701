"""The catalogue search forgives spelling variants and small typos, on SQLite (in Python) and PostgreSQL (pg_trgm),
and ranks exact and prefix matches first; the public list, the API and the counter's picker all use it."""

import pytest

from motcua.catalog import selectors

pytestmark = pytest.mark.django_db
BIRTH = "1.001193"  # Thủ tục đăng ký khai sinh


def ranked(q, **filters):
    return list(selectors.procedure_search(q=q, **filters).values_list("code", flat=True))


@pytest.mark.parametrize(
    "q",
    [
        "dang ki khai sinh",  # final i for y
        "khai sinhh",  # a letter too many
        "dang ky khai sinhh",
        "Đăng kí khai sinh",  # with diacritics and the other spelling
        "DANG KY KHAI SINH",
    ],
)
def test_variants_and_typos_find_birth_registration_first(seeded_catalog, q):
    assert ranked(q)[0] == BIRTH


@pytest.mark.parametrize("q", ["dang ky khai sinhh", "dang ky khia sinh", "dnag ky khai sinh", "dang ky khai xinh"])
def test_the_portable_match_forgives_one_edit_per_word(seeded_catalog, q):
    """SQLite's matching (one letter added, removed, changed or swapped in words of four letters or more);
    PostgreSQL forgives what pg_trgm's word similarity does, which these may be below."""
    base = selectors.Procedure.objects.filter(is_active=True)
    assert BIRTH in set(selectors._match_portable(base, q.split()).values_list("code", flat=True))


def test_unrelated_words_find_nothing(seeded_catalog):
    assert ranked("khai sinh xyzzy") == []
    assert ranked("qwrtpz") == []


def test_exact_code_and_name_prefix_come_first(seeded_catalog):
    assert ranked(BIRTH) == [BIRTH]
    assert ranked("thu tuc dang ky khai sinh")[0] == BIRTH  # the name starts with the query
    marriage = ranked("dang ky ket hon")
    assert marriage[0] == "1.000894"  # Thủ tục đăng ký kết hôn, before "đăng ký lại kết hôn"
    assert "1.004746" in marriage


def test_filters_still_apply_to_fuzzy_matches(seeded_catalog):
    assert BIRTH in ranked("khai sinhh", level="commune")
    assert BIRTH not in ranked("khai sinhh", level="province")


def test_short_words_are_not_fuzzy(seeded_catalog):
    """One typo in a word of three letters or fewer would match almost anything: only i/y is forgiven there."""
    assert ranked("ky") and set(ranked("ki")) >= set(ranked("ky"))
    assert ranked("zq") == []


def test_within_one_edit():
    check = selectors._within_one_edit
    assert check("sinhh", "sinh") and check("snh", "sinh") and check("khia", "khai") and check("sinx", "sinh")
    assert not check("sinhhh", "sinh") and not check("abcd", "cadb") and not check("kinh", "khai")


def test_public_list_api_and_counter_picker_share_the_search(client, world, seeded_catalog):
    html = client.get("/procedures/", {"q": "khai sinhh"}).content.decode()
    assert f"/procedures/{BIRTH}/" in html
    assert client.get("/api/v1/procedures", {"q": "dang ki khai sinh"}).json()["items"][0]["code"] == BIRTH
    client.force_login(world.officer_b1)
    picker = client.get("/workspace/intake/", {"q": "khai sinhh"})
    assert picker.status_code == 200 and BIRTH in picker.content.decode()
