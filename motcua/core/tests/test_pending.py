"""Pending uploads: a refused form's accepted files, kept for their user and form until sent again or expired."""

import io
import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import QueryDict
from PIL import Image

from motcua.core.actors import SYSTEM
from motcua.core.files import discarding_files
from motcua.core.forms import PENDING_FIELD, KeepsUploads
from motcua.core.models import PendingUpload
from motcua.core.pending import PendingFile, pending_keep, pending_release, pending_remove, pending_sweep
from motcua.core.selectors import pending_uploads
from motcua.core.uploads import UploadError, UploadField
from tests import files
from tests.builders import PDF, a_citizen, a_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
MORNING = datetime(2026, 11, 25, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
TOKEN = "t" * 32


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def clock():
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


def stored(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def noise_png() -> bytes:
    """A PNG that does not compress: 500 × 500 pixels of noise, about 0.7 MB."""
    image = Image.frombytes("RGB", (500, 500), random.Random(1).randbytes(750_000))  # noqa: S311 - test data
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def png(name="cccd.png"):
    return SimpleUploadedFile(name, files.png())


def test_a_kept_file_is_its_owners_alone(clock, media):
    owner, other = a_citizen(), a_citizen()
    kept = pending_keep(actor=owner, token=TOKEN, field="scan", uploaded=png())
    assert (kept.original_name, kept.content_type, kept.pages, kept.size) == (
        "cccd.png",
        "image/png",
        1,
        len(files.png()),
    )
    assert stored(media) == [kept.file.name] and kept.file.name.startswith("pending/")
    assert pending_uploads(owner, TOKEN) == {"scan": kept}
    assert pending_uploads(other, TOKEN) == {}  # another user's token finds nothing
    pending_remove(actor=other, token=TOKEN, fields=["scan"])  # nor removes anything
    assert PendingUpload.objects.count() == 1


def test_a_file_that_fails_its_checks_is_refused_and_not_kept(clock, media):
    with pytest.raises(ValidationError) as refused:
        pending_keep(actor=a_citizen(), token=TOKEN, field="scan", uploaded=SimpleUploadedFile("x.pdf", b"MZ nope"))
    assert [e.code for e in refused.value.error_dict["scan"]] == [UploadError.TYPE]
    assert not PendingUpload.objects.exists() and stored(media) == []


def test_keeping_again_replaces_the_fields_file(clock, media, django_capture_on_commit_callbacks):
    owner = a_citizen()
    first = pending_keep(actor=owner, token=TOKEN, field="scan", uploaded=png("a.png"))
    with django_capture_on_commit_callbacks(execute=True):
        second = pending_keep(actor=owner, token=TOKEN, field="scan", uploaded=SimpleUploadedFile("b.pdf", PDF))
    assert list(PendingUpload.objects.values_list("original_name", flat=True)) == ["b.pdf"]
    assert stored(media) == [second.file.name] and first.file.name not in stored(media)


def test_kept_files_count_against_the_users_limit(clock, media, settings):
    settings.MOTCUA_PENDING_UPLOADS_MB = 1
    owner = a_citizen()
    big = noise_png()  # about 0.7 MB
    assert 600_000 < len(big) < 1024 * 1024
    pending_keep(actor=owner, token=TOKEN, field="one", uploaded=SimpleUploadedFile("one.png", big))
    with pytest.raises(ValidationError) as full:
        pending_keep(actor=owner, token=TOKEN, field="two", uploaded=SimpleUploadedFile("two.png", big))
    assert [e.code for e in full.value.error_dict["two"]] == [UploadError.PENDING_FULL]
    assert PendingUpload.objects.count() == 1 and len(stored(media)) == 1
    # replacing a field's own file is not counted twice; another user has a limit of their own
    pending_keep(actor=owner, token=TOKEN, field="one", uploaded=SimpleUploadedFile("one-bis.png", big))
    pending_keep(actor=a_citizen(), token=TOKEN, field="two", uploaded=SimpleUploadedFile("two.png", big))


def test_kept_files_expire_and_the_sweep_deletes_them(clock, media, settings, django_capture_on_commit_callbacks):
    settings.MOTCUA_PENDING_UPLOAD_HOURS = 24
    owner = a_citizen()
    kept = pending_keep(actor=owner, token=TOKEN, field="scan", uploaded=png())
    clock.shift(timedelta(hours=24, minutes=1))
    assert pending_uploads(owner, TOKEN) == {}  # no longer offered
    assert pending_sweep(actor=SYSTEM) == 0  # an hour's grace for a form read just before the expiry
    clock.shift(timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert pending_sweep(actor=SYSTEM) == 1
    assert not PendingUpload.objects.exists() and stored(media) == [] and kept.file.name
    with pytest.raises(ValueError):
        pending_sweep(actor=owner)


def test_released_files_are_deleted(clock, media, django_capture_on_commit_callbacks):
    owner = a_citizen()
    pending_keep(actor=owner, token=TOKEN, field="a", uploaded=png())
    pending_keep(actor=owner, token=TOKEN, field="b", uploaded=SimpleUploadedFile("b.pdf", PDF))
    pending_keep(actor=owner, token="u" * 32, field="a", uploaded=png())  # another form of the same user
    with django_capture_on_commit_callbacks(execute=True):
        assert pending_release(actor=owner, token=TOKEN) == 2
    assert list(PendingUpload.objects.values_list("token", flat=True)) == ["u" * 32] and len(stored(media)) == 1


def test_a_failed_transaction_leaves_no_kept_file(clock, media):
    owner = a_citizen()
    with pytest.raises(RuntimeError), discarding_files(), transaction.atomic():
        pending_keep(actor=owner, token=TOKEN, field="scan", uploaded=png())
        raise RuntimeError("the enclosing service failed")
    assert not PendingUpload.objects.exists() and stored(media) == []


def test_a_pending_file_reads_like_the_upload(clock):
    kept = pending_keep(actor=a_citizen(), token=TOKEN, field="scan", uploaded=SimpleUploadedFile("to-khai.pdf", PDF))
    handed = PendingFile(kept)
    assert (handed.name, handed.size) == ("to-khai.pdf", len(PDF))
    assert b"".join(handed.chunks()) == PDF
    handed.close()


def test_only_people_keep_files():
    with pytest.raises(ValueError):
        pending_keep(actor=SYSTEM, token=TOKEN, field="scan", uploaded=png())


# -- the form --------------------------------------------------------------------------------------------------------
class ScanForm(KeepsUploads, forms.Form):
    title = forms.CharField()
    scan = UploadField(required=False)
    other = UploadField(required=False)


def post(token=None, **fields):
    data = QueryDict(mutable=True)
    data.update({k: v for k, v in fields.items() if not hasattr(v, "read")})
    if token:
        data[PENDING_FIELD] = token
    return data, {k: v for k, v in fields.items() if hasattr(v, "read")}


def test_a_form_keeps_its_accepted_files_and_uses_them_when_sent_again(clock):
    owner = a_citizen()
    data, uploads = post(scan=png(), other=SimpleUploadedFile("bad.pdf", b"not a pdf"))
    form = ScanForm(data, uploads, owner=owner)
    assert not form.is_valid()  # the title is missing, and one file fails its checks
    form.keep_uploads()
    assert list(form.pending) == ["scan"]  # the refused file is not kept
    html = str(form["scan"])
    assert "Already attached" in html and "cccd.png" in html and 'name="scan-remove"' in html
    assert "Already attached" not in str(form["other"]) and form.errors["other"]
    token = form.pending_token
    assert f'value="{token}"' in str(form[PENDING_FIELD])

    again = ScanForm(*post(token, title="Căn cước"), owner=owner)
    assert again.is_valid(), again.errors
    handed = again.cleaned_data["scan"]
    assert isinstance(handed, PendingFile) and b"".join(handed.chunks()) == files.png()
    assert again.cleaned_data["other"] is None

    stranger = ScanForm(*post(token, title="x"), owner=a_citizen())
    assert stranger.is_valid() and stranger.cleaned_data["scan"] is None  # another user's token: nothing


def test_a_form_forgets_a_removed_file_and_replaces_a_new_one(clock):
    owner = a_citizen()
    form = ScanForm(*post(scan=png(), other=SimpleUploadedFile("a.pdf", PDF)), owner=owner)
    assert not form.is_valid()
    form.keep_uploads()
    token = form.pending_token
    data, uploads = post(token, **{"scan-remove": "1", "other": SimpleUploadedFile("b.pdf", PDF + b"%b\n")})
    form = ScanForm(data, uploads, owner=owner)
    assert not form.is_valid()
    assert form.cleaned_data["scan"] is None and form.cleaned_data["other"].name == "b.pdf"
    form.keep_uploads()
    assert {p.field: p.original_name for p in PendingUpload.objects.all()} == {"other": "b.pdf"}


def test_a_form_with_a_forged_token_gets_a_new_one():
    form = ScanForm(*post("../../etc/passwd", title="x"), owner=a_user())
    assert form.is_valid() and form.pending_token != "../../etc/passwd"
    assert form.data[PENDING_FIELD] == form.pending_token


def test_a_new_form_reads_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        form = ScanForm(owner=None)
        assert "Already attached" not in str(form["scan"])


@pytest.mark.django_db(transaction=True)
def test_the_worker_sweeps_expired_kept_files(media, capsys):
    """`motcua worker` deletes the kept files expired an hour ago and more (after its commit: a real one here)."""
    from django.core.management import call_command

    owner = a_citizen()
    with time_machine.travel(MORNING - timedelta(days=2), tick=False):
        old = pending_keep(actor=owner, token=TOKEN, field="scan", uploaded=png())
    with time_machine.travel(MORNING, tick=False):
        fresh = pending_keep(actor=owner, token="f" * 32, field="scan", uploaded=png())
        call_command("worker", "--once")
    assert "deleted 1 expired pending uploads" in capsys.readouterr().out
    assert list(PendingUpload.objects.all()) == [fresh] and stored(media) == [fresh.file.name]
    assert old.file.name not in stored(media)
