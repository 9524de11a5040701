"""The declaration a staff member reads: the stored answers labelled from the e-form's schema."""

from motcua.catalog.eforms import eform_declaration

SCHEMA = {
    "type": "object",
    "properties": {
        "ho_ten": {"type": "string", "title": "Họ và tên"},
        "ngay_sinh": {"type": "string", "format": "date", "title": "Ngày sinh"},
        "gioi_tinh": {
            "type": "string",
            "title": "Giới tính",
            "oneOf": [{"const": "M", "title": "Nam"}, {"const": "F", "title": "Nữ"}],
        },
        "cu_tru": {
            "type": "string",
            "title": "Nơi cư trú",
            "enum": ["tt", "tamtru"],
            "enumNames": ["Thường trú", "Tạm trú"],
        },
        "nguoi_yeu_cau": {
            "type": "object",
            "title": "Người yêu cầu",
            "properties": {"quan_he": {"type": "string", "title": "Quan hệ"}, "dien_thoai": {"type": "string"}},
        },
        "ban_sao": {
            "type": "array",
            "title": "Bản sao đề nghị cấp",
            "items": {
                "type": "object",
                "properties": {
                    "loai": {"type": "string", "title": "Loại"},
                    "so_ban": {"type": "integer", "title": "Số bản"},
                },
            },
        },
        "ghi_chu": {"type": "array", "title": "Ghi chú", "items": {"type": "string"}},
        "dong_y": {"type": "boolean", "title": "Cam đoan"},
        "le_phi": {"type": "integer", "title": "Lệ phí"},
    },
}


def test_answers_are_labelled_in_the_schemas_order_with_nested_objects_and_arrays():
    answers = {
        "le_phi": 1500000,
        "extra": "không có trong lược đồ",
        "ban_sao": [{"so_ban": 2, "loai": "Giấy khai sinh"}, {"loai": "Trích lục"}],
        "ho_ten": "Nguyễn Văn An",
        "nguoi_yeu_cau": {"dien_thoai": "0912345678", "quan_he": "Cha"},
        "gioi_tinh": "F",
        "cu_tru": "tamtru",
        "ngay_sinh": "2026-11-02",
        "ghi_chu": ["một", "hai"],
        "dong_y": True,
    }
    declaration = eform_declaration(SCHEMA, answers)
    assert [a.label for a in declaration] == [
        "Họ và tên",
        "Ngày sinh",
        "Giới tính",
        "Nơi cư trú",
        "Người yêu cầu",
        "Bản sao đề nghị cấp",
        "Ghi chú",
        "Cam đoan",
        "Lệ phí",
        "extra",  # an answer the schema does not know comes last, under its key
    ]
    by_key = {a.key: a for a in declaration}
    assert by_key["ngay_sinh"].text == "02/11/2026"
    assert by_key["gioi_tinh"].text == "Nữ" and by_key["cu_tru"].text == "Tạm trú"
    assert by_key["le_phi"].text == "1.500.000"
    person = by_key["nguoi_yeu_cau"]
    assert person.kind == "object" and [(c.label, c.text) for c in person.children] == [
        ("Quan hệ", "Cha"),
        ("dien_thoai", "0912345678"),
    ]
    copies = by_key["ban_sao"]
    assert copies.kind == "array" and copies.columns == ["Loại", "Số bản"]
    assert [[c.text for c in row.children] for row in copies.children] == [["Giấy khai sinh", "2"], ["Trích lục", ""]]
    notes = by_key["ghi_chu"]
    assert notes.columns == [] and [c.text for c in notes.children] == ["một", "hai"]


def test_no_answers_or_no_schema_never_fails():
    assert eform_declaration(SCHEMA, None) == []
    assert [a.label for a in eform_declaration(None, {"a": 1})] == ["a"]
    deep = {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": 1}}}}}}}}
    assert eform_declaration({}, deep)[0].kind == "object"  # bounded depth: the rest is shown as text
