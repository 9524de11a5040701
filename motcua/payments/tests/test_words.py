import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.payments.words import amount_in_words

VALUES = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5}
VALUES |= {"sáu": 6, "bảy": 7, "tám": 8, "chín": 9}


def words_to_number(text: str) -> int:
    """The inverse, for the round-trip property (a reader of the receipt must get the amount back)."""
    words = text.lower().removesuffix(" đồng").split()
    result = section = group = 0
    digit = None
    for word in words:
        if word in VALUES:
            digit = VALUES[word]
        elif word == "mười":
            group += 10
        elif word == "mươi":
            group += digit * 10
            digit = None
        elif word == "trăm":
            group += digit * 100
            digit = None
        elif word == "linh":
            continue
        else:
            group += digit or 0
            digit = None
            if word == "nghìn":
                section += group * 1000
            elif word == "triệu":
                section += group * 10**6
            elif word == "tỷ":
                result = (result + section + group) * 10**9
                section = 0
            group = 0
    return result + section + group + (digit or 0)


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (5, "Năm đồng"),
        (10, "Mười đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (24, "Hai mươi tư đồng"),
        (105, "Một trăm linh năm đồng"),
        (8000, "Tám nghìn đồng"),
        (25000, "Hai mươi lăm nghìn đồng"),
        (1050, "Một nghìn không trăm năm mươi đồng"),
        (108000, "Một trăm linh tám nghìn đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (5_000_000, "Năm triệu đồng"),
        (2_000_000_005, "Hai tỷ không trăm linh năm đồng"),
        (1_000_000_000_000, "Một nghìn tỷ đồng"),
    ],
)
def test_examples(amount, words):
    assert amount_in_words(amount) == words


@given(st.integers(min_value=0, max_value=10**15 - 1))
def test_reads_back_to_the_same_amount(amount):
    text = amount_in_words(amount)
    assert words_to_number(text) == amount
    assert text[0].isupper() and text.endswith(" đồng") and "  " not in text


@given(st.integers(min_value=0, max_value=10**15 - 1))
def test_spoken_forms_only_where_they_belong(amount):
    words = amount_in_words(amount).lower().split()
    for before, word in zip(words, words[1:], strict=False):
        if word == "mốt" or word == "tư":
            assert before == "mươi"
        if word == "lăm":
            assert before in ("mươi", "mười")
        if word == "linh":
            assert before == "trăm"


@pytest.mark.parametrize("bad", [-1, 1.5, "8000"])
def test_refuses_what_is_not_an_amount(bad):
    with pytest.raises(ValueError):
        amount_in_words(bad)
