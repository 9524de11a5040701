from hypothesis import given
from hypothesis import strategies as st

from motcua.core.text import fold


def test_fold_strips_vietnamese_marks_and_d():
    assert fold("Đăng ký khai sinh") == "dang ky khai sinh"
    assert fold("ĐẤT ĐAI") == "dat dai"
    assert fold("  Phường   Văn Miếu - Quốc Tử Giám ") == "phuong van mieu - quoc tu giam"
    assert fold(None) == ""


def test_fold_treats_composed_and_decomposed_forms_alike():
    import unicodedata

    text = "Nghị quyết Hội đồng nhân dân"
    assert fold(unicodedata.normalize("NFC", text)) == fold(unicodedata.normalize("NFD", text))


@given(st.text())
def test_fold_is_idempotent_and_has_no_marks(text):
    import unicodedata

    once = fold(text)
    assert fold(once) == once
    assert not any(unicodedata.combining(ch) for ch in once)
    assert "đ" not in once and "Đ" not in once
