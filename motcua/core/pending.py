"""Pending uploads: the files of a form that failed validation, kept on the server until it is sent again.

A form that takes files (`core.forms.KeepsUploads`) carries a random token in a hidden field. When the form, or
the service behind it, refuses the submission, every file that passed its own checks (`core/uploads.py`) is kept
here for its user, its token and its field; the page shows it as already attached, and the next submission of
the same form uses it unless the user removes or replaces it. A file that failed its checks is refused with its
message and never kept.

- Ownership: every read and write is scoped to the uploading user (`owner`); another user's token finds nothing.
- Expiry: a pending upload lives `MOTCUA_PENDING_UPLOAD_HOURS` (24); `pending_sweep` (the worker) deletes the
  expired ones with their files, an hour after they stopped being offered.
- Limits: each file passed the upload checks (size, pages, type); a user's pending files together stay within
  `MOTCUA_PENDING_UPLOADS_MB`.
- Nothing orphaned: files are written inside `discarding_files()`, and deleted from storage only once the
  transaction that forgot their rows has committed.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from . import conf
from .actors import person_required, system_required
from .files import discarding_files, file_written
from .models import PendingUpload
from .uploads import UploadError, inspect

# Swept this long after they expire: a form read just before the expiry may still be using the file.
SWEEP_GRACE = timedelta(hours=1)


class PendingFile(File):
    """A pending upload handed to a service as the uploaded file: its original name and size, its content read
    from storage on first use. Services inspect it like any upload."""

    def __init__(self, pending: PendingUpload):
        self.pending = pending
        self.name = pending.original_name
        self.size = pending.size
        self.mode = "rb"
        self._opened = None

    @property
    def file(self):
        if self._opened is None:
            self._opened = self.pending.file.storage.open(self.pending.file.name, "rb")
        return self._opened

    @file.setter
    def file(self, value):
        self._opened = value

    def close(self):
        if self._opened is not None:
            self._opened.close()
            self._opened = None

    def __bool__(self):
        return True

    def __repr__(self) -> str:
        return f"<PendingFile: {self.name}>"


def _delete_after_commit(names: list[str], storage) -> None:
    """Delete stored files once the transaction that dropped their rows has committed (at once outside one)."""

    def delete():
        for name in names:
            storage.delete(name)

    if names:
        transaction.on_commit(delete)


def pending_keep(*, actor, token: str, field: str, uploaded, facts: dict | None = None) -> PendingUpload:
    """Keep `uploaded` for the user's form `token`, field `field`, replacing what that field kept before.

    `facts`: what `check_upload` found (the form checked the file already); otherwise the file is checked here.
    Refused, keyed by `field`: a file that fails its checks, or one that would take the user's pending files over
    `MOTCUA_PENDING_UPLOADS_MB`."""
    person_required(actor, "Keeping an upload")
    if not actor.is_authenticated:
        raise ValueError("Only a logged-in user keeps pending uploads.")
    facts = facts or inspect(uploaded, field=field)
    now = timezone.now()
    with discarding_files(), transaction.atomic():
        earlier = list(PendingUpload.objects.select_for_update().filter(owner=actor, token=token, field=field))
        waiting = (
            PendingUpload.objects.filter(owner=actor, expires_at__gt=now)
            .exclude(pk__in=[p.pk for p in earlier])
            .aggregate(total=Sum("size"))["total"]
            or 0
        )
        limit = conf.pending_uploads_mb()
        if waiting + facts["size"] > limit * 1024 * 1024:
            raise ValidationError(
                {
                    field: ValidationError(
                        _(
                            "“%(name)s” could not be kept for you: your files waiting to be sent take more than "
                            "%(mb)s MB. Send or remove them, or attach this file again later."
                        )
                        % {"name": facts["original_name"], "mb": limit},
                        code=UploadError.PENDING_FULL,
                    )
                }
            )
        pending = PendingUpload(
            owner=actor,
            token=token,
            field=field,
            original_name=facts["original_name"],
            content_type=facts["content_type"],
            size=facts["size"],
            pages=facts["pages"],
            sha256=facts["sha256"],
            expires_at=now + timedelta(hours=conf.pending_upload_hours()),
        )
        uploaded.seek(0)
        pending.file.save(f"file{facts['extension']}", uploaded, save=False)
        file_written(pending.file)
        for old in earlier:
            old.delete()
        _delete_after_commit([old.file.name for old in earlier], pending.file.storage)
        try:
            with transaction.atomic():
                pending.save()
        except IntegrityError:  # the same form sent twice at once kept its file first: keep that one
            pending.file.storage.delete(pending.file.name)
            return PendingUpload.objects.get(owner=actor, token=token, field=field)
        return pending


def pending_remove(*, actor, token: str, fields) -> int:
    """Forget the user's pending uploads of form `token` in `fields` (the user removed them); returns how many."""
    person_required(actor, "Removing an upload")
    with transaction.atomic():
        gone = list(PendingUpload.objects.filter(owner=actor, token=token, field__in=list(fields)))
        PendingUpload.objects.filter(pk__in=[p.pk for p in gone]).delete()
        _delete_after_commit([p.file.name for p in gone], PendingUpload.file.field.storage)
    return len(gone)


def pending_release(*, actor, token: str) -> int:
    """The form `token` succeeded: its pending uploads were used (their content copied where it belongs), so they
    and their files go. Call after the service that used them; returns how many."""
    person_required(actor, "Releasing uploads")
    with transaction.atomic():
        gone = list(PendingUpload.objects.filter(owner=actor, token=token))
        PendingUpload.objects.filter(pk__in=[p.pk for p in gone]).delete()
        _delete_after_commit([p.file.name for p in gone], PendingUpload.file.field.storage)
    return len(gone)


def pending_sweep(*, actor, now: datetime | None = None, batch: int = 1000) -> int:
    """The worker's sweep: delete pending uploads expired more than `SWEEP_GRACE` ago, with their files."""
    system_required(actor, "The pending-upload sweep")
    now = now or timezone.now()
    with transaction.atomic():
        expired = list(PendingUpload.objects.filter(expires_at__lt=now - SWEEP_GRACE).order_by("expires_at")[:batch])
        PendingUpload.objects.filter(pk__in=[p.pk for p in expired]).delete()
        _delete_after_commit([p.file.name for p in expired], PendingUpload.file.field.storage)
    return len(expired)
