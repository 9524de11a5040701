"""The administrators' admin speaks Vietnamese: its own texts are translated and its dates are dd/mm/yyyy."""

import re
from datetime import date, datetime
from html import unescape

import pytest
from django import forms
from django.contrib import admin
from django.utils import formats, translation
from django.utils.functional import Promise

from motcua.core.models import CalendarOverride

# Texts that are the same in both languages.
SAME_IN_BOTH = {"Email", "ID", "Email address", "OK", "PDF", "URL", "VietQR", "Một Cửa", "Một Cửa administration"}


def _ours(model) -> bool:
    return model.__module__.startswith("motcua.")


def _texts_of_model(model):
    """(where, text) of every text the admin shows about `model`: its names, its fields' labels, help texts and
    choices (not the fields kept for search only, which no page shows)."""
    meta = model._meta
    yield f"{meta.label} verbose_name", meta.verbose_name
    yield f"{meta.label} verbose_name_plural", meta.verbose_name_plural
    for field in meta.get_fields():
        if field.auto_created or not hasattr(field, "verbose_name") or not field.editable:
            continue
        yield f"{meta.label}.{field.name}", field.verbose_name
        if field.help_text:
            yield f"{meta.label}.{field.name} help_text", field.help_text
        for _value, label in field.flatchoices if field.choices else []:
            yield f"{meta.label}.{field.name} choice", label


def _texts_of_admin(model_admin):
    name = type(model_admin).__name__
    for title, _options in model_admin.fieldsets or []:
        if title:
            yield f"{name} fieldset", title
    for column in getattr(model_admin, "list_display", []):
        if column != "__str__" and isinstance(column, str) and callable(method := getattr(model_admin, column, None)):
            yield f"{name}.{column}", getattr(method, "short_description", column)
    for action in getattr(model_admin, "actions", None) or []:
        if callable(action):
            yield f"{name} action", getattr(action, "short_description", action.__name__)
    if getattr(model_admin, "search_help_text", None):
        yield f"{name} search_help_text", model_admin.search_help_text


def _every_text():
    site = admin.site
    yield "site_header", site.site_header
    yield "site_title", site.site_title
    yield "index_title", site.index_title
    for model, model_admin in site._registry.items():
        if not _ours(model):
            continue
        yield from _texts_of_model(model)
        yield from _texts_of_admin(model_admin)
        for inline in model_admin.inlines:
            yield from _texts_of_model(inline.model)
            yield from _texts_of_admin(inline(model, site))


def test_every_text_of_our_admin_is_marked_for_translation_and_translated():
    untranslated = []
    for where, text in _every_text():
        if not isinstance(text, Promise):
            untranslated.append(f"{where}: {text!r} is not marked for translation")
            continue
        with translation.override("en"):
            english = str(text)
        with translation.override("vi"):
            vietnamese = str(text)
        if english == vietnamese and english not in SAME_IN_BOTH:
            untranslated.append(f"{where}: {english!r} has no Vietnamese translation")
    assert not untranslated, "\n".join(sorted(set(untranslated)))


def _labels(html: str) -> list[str]:
    """The column headers of a list and the field labels of a form, as shown."""
    headers = re.findall(r'<th scope="col"[^>]*>.*?<div class="text">(?:<a [^>]*>|<span>)(.*?)<', html, re.S)
    labels = re.findall(r"<label[^>]*>([^<]+?):?</label>", html)
    return [unescape(text).strip().rstrip(":") for text in headers + labels if text.strip()]


@pytest.mark.django_db
def test_every_admin_page_shows_its_columns_and_labels_in_vietnamese(client, staff, seeded_catalog):
    """The changelist and add page of every model of ours, in Vietnamese and in English: a column header or a
    label that reads the same in both is one of our texts without a translation."""
    client.force_login(staff.admin)
    CalendarOverride.objects.create(date=date(2027, 9, 2), name="Quốc khánh", is_working_day=False)
    untranslated = []
    for model, model_admin in admin.site._registry.items():
        if not _ours(model):
            continue
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        views = [base] + ([base + "add/"] if model_admin.has_add_permission(_request(staff.admin)) else [])
        for url in views:
            vietnamese = client.get(url)
            english = client.get("/en" + url)
            assert vietnamese.status_code == english.status_code == 200, url
            vi_labels, en_labels = _labels(vietnamese.content.decode()), _labels(english.content.decode())
            assert vi_labels or not model._default_manager.exists(), url
            same = [text for text in vi_labels if text in en_labels and text not in SAME_IN_BOTH]
            untranslated.extend(f"{url}: {text!r}" for text in same)
    assert not untranslated, "\n".join(sorted(set(untranslated)))


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


# -- dates ---------------------------------------------------------------------------------------------------------
def test_vietnamese_dates_are_read_and_written_day_first():
    with translation.override("vi"):
        assert forms.DateField().clean("02/09/2027") == date(2027, 9, 2)
        assert forms.DateField().clean("2027-09-02") == date(2027, 9, 2)  # the browsers' date inputs send ISO
        assert forms.DateTimeField().clean("02/09/2027 08:30").replace(tzinfo=None) == datetime(2027, 9, 2, 8, 30)
        assert formats.date_format(date(2027, 9, 2)) == "02/09/2027"
        assert formats.localize(date(2027, 9, 2)) == "02/09/2027"
        assert forms.DateInput().format_value(date(2027, 9, 2)) == "02/09/2027"
    with translation.override("en"):  # English keeps its own order
        assert forms.DateField().clean("09/02/2027") == date(2027, 9, 2)


def test_the_browsers_date_inputs_keep_iso_dates_in_every_language():
    from motcua.core.forms import NativeDateInput

    for language in ("vi", "en"):
        with translation.override(language):
            html = NativeDateInput().render("day", date(2027, 9, 2))
            assert 'type="date"' in html and 'value="2027-09-02"' in html


@pytest.mark.django_db
def test_a_holiday_typed_day_first_in_the_admin_is_that_day(client, staff):
    """02/09/2027 is National Day: the 2nd of September, not the 9th of February; listed and edited as typed."""
    client.force_login(staff.admin)
    added = client.post(
        "/admin/core/calendaroverride/add/",
        {"date": "02/09/2027", "name": "Quốc khánh", "legal_basis": "Bộ luật Lao động 2019"},
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    holiday = CalendarOverride.objects.get(name="Quốc khánh")
    assert holiday.date == date(2027, 9, 2) and not holiday.is_working_day
    listed = client.get("/admin/core/calendaroverride/")
    assert "02/09/2027" in listed.content.decode()
    edited = client.get(f"/admin/core/calendaroverride/{holiday.pk}/change/")
    assert 'value="02/09/2027"' in edited.content.decode()
    english = client.get(f"/en/admin/core/calendaroverride/{holiday.pk}/change/")
    assert 'value="2027-09-02"' in english.content.decode()


@pytest.mark.django_db
def test_a_date_that_does_not_exist_is_refused_with_a_message(client, staff):
    client.force_login(staff.admin)
    refused = client.post("/admin/core/calendaroverride/add/", {"date": "31/02/2027", "name": "Không có"})
    assert refused.status_code == 200
    assert "Nhập một ngày hợp lệ" in refused.content.decode() or "ngày" in str(refused.context["errors"])
    assert not CalendarOverride.objects.exists()
