"""Upload inspection for every app that takes files: PDF, JPEG or PNG recognised by their content, size-limited,
counted and hashed.

A file that fails any check is refused with a message naming the problem, and nothing is stored.

Inspection runs in the web worker on whatever anyone uploads, so its work is bounded by counts, never by the
file's own claims: a PDF's pages come from its page tree root's /Count and a walk of at most
`2 × MOTCUA_MAX_UPLOAD_PAGES + MAX_PAGE_TREE_DEPTH` /Kids entries (no recursion, every /Pages node once), and
whatever pypdf parses on the way is charged to a budget (`_MeteredPdf`); an image's dimensions are read from its
header and its pixels decoded only if there are at most `MAX_IMAGE_PIXELS`.
"""

import hashlib
import io
from enum import StrEnum

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from . import conf

# A page tree this deep is hostile (real ones are a handful of levels); pypdf itself stops at 100.
MAX_PAGE_TREE_DEPTH = 32
# Work allowed to read one PDF's page tree, in reads of the file by the parser plus bytes of object streams it
# unpacks, per page allowed: a scanned page takes about 200 (its dictionary and its share of the cross-reference
# table); at 500 pages the whole budget is about a second of parsing.
PDF_PARSE_BUDGET_PER_PAGE = 400
PDF_PARSE_BUDGET_BASE = 50_000
# No stream is unpacked beyond this many bytes while checking (pypdf's own limits are 75 MB).
PDF_DECODE_LIMIT = 4 * 1024 * 1024
DECODE_LIMITS = (
    "zlib_maximum_output_length",
    "lzw_maximum_output_length",
    "run_length_maximum_output_length",
    "brotli_maximum_output_length",
    "array_based_stream_maximum_output_length",
)
# Decoding is refused above this many pixels: an A4 page scanned at 600 dpi has 35 million.
MAX_IMAGE_PIXELS = 40_000_000


class UploadError(StrEnum):
    NAME = "file_name"
    TOO_BIG = "too_big"
    EMPTY = "empty"
    TYPE = "unsupported_type"
    DAMAGED = "damaged"
    ENCRYPTED = "encrypted"
    TOO_MANY_PAGES = "too_many_pages"
    TOO_MANY_PIXELS = "too_many_pixels"
    TOO_COMPLEX = "too_complex"
    PENDING_FULL = "pending_full"  # a user's files kept after validation errors would exceed their limit


# First bytes → (content type, extension of the stored file, Pillow's decoder or None for PDF).
SIGNATURES = [
    (b"%PDF-", "application/pdf", ".pdf", None),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png", "PNG"),
]


def _sniff(head: bytes):
    for magic, content_type, extension, decoder in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension, decoder
    return None


def _clean_name(name: str) -> str:
    if not name or any(part in name for part in ("/", "\\", "\x00", "..")) or len(name) > 200:
        raise ValidationError(
            _("The file name “%(name)s” is not allowed; rename the file and try again.") % {"name": name[:60]},
            code=UploadError.NAME,
        )
    return name


class _Damaged(Exception):
    """The page tree is not one: a cycle, a node met twice, too deep, not a dictionary, no pages."""


class _TooComplex(Exception):
    """The parse budget ran out."""


class _MeteredPdf(io.BytesIO):
    """The PDF's bytes, charging the parse budget for every read the parser makes (a token takes a few) and
    for every byte of an object stream before the parser unpacks it."""

    def __init__(self, data: bytes, budget: int):
        super().__init__(data)
        self.left = budget
        self.exhausted = False
        self.unpacked: set[int] = set()

    def charge(self, units: int) -> None:
        self.left -= units
        if self.left < 0:
            self.exhausted = True
            raise _TooComplex

    def read(self, size=-1):
        self.charge(1)
        return super().read(size)

    def readline(self, size=-1):
        self.charge(1)
        return super().readline(size)


def _resolve(reader: PdfReader, meter: _MeteredPdf, value):
    """`value` itself, or the object it refers to. pypdf parses every object of an object stream to read one, so
    the stream's unpacked size is charged first (unpacking is bounded by the decode limits set in `_check_pdf`)."""
    if not isinstance(value, IndirectObject):
        return value
    container = reader.xref_objStm.get(value.idnum)
    if container is not None and container[0] not in meter.unpacked:
        meter.unpacked.add(container[0])
        stream = reader.get_object(container[0])
        if isinstance(stream, StreamObject):
            meter.charge(len(stream.get_data()))  # kept by the stream object: pypdf does not unpack it again
    return value.get_object()


def _pdf_page_count(reader: PdfReader, meter: _MeteredPdf, limit: int) -> int:
    """The number of pages, or `limit + 1` as soon as there are certainly more than `limit`.

    The root's /Count refuses a long document at once; otherwise the tree is walked to count what is really there
    (a /Count may lie), looking at no more than `2 × limit + MAX_PAGE_TREE_DEPTH` /Kids entries: a /Kids longer
    than what is left is refused before any of its kids is read, and the walk stops at page `limit + 1`.
    """
    catalog = _resolve(reader, meter, reader.trailer.raw_get("/Root"))
    if not isinstance(catalog, DictionaryObject) or "/Pages" not in catalog:
        raise _Damaged
    root_reference = catalog.raw_get("/Pages")
    try:
        root = _resolve(reader, meter, root_reference)
    except LimitReachedError:  # a /Kids longer than any array read: the compact way to write very many pages
        return limit + 1
    if not isinstance(root, DictionaryObject):
        raise _Damaged
    declared = _resolve(reader, meter, root.get("/Count"))
    if isinstance(declared, int) and declared > limit:
        return limit + 1
    entries_left = 2 * limit + MAX_PAGE_TREE_DEPTH
    pages = 0
    seen = {_identity(root_reference, root)}
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        kids = _resolve(reader, meter, node.get("/Kids"))
        if not isinstance(kids, ArrayObject):
            raise _Damaged
        if len(kids) > entries_left:
            return limit + 1
        entries_left -= len(kids)
        for reference in kids:
            kid = _resolve(reader, meter, reference)
            if not isinstance(kid, DictionaryObject):
                raise _Damaged
            if kid.get("/Type") == "/Pages" or ("/Type" not in kid and "/Kids" in kid):
                identity = _identity(reference, kid)
                if identity in seen or depth + 1 > MAX_PAGE_TREE_DEPTH:
                    raise _Damaged  # a cycle, a /Pages node in two places, or hostile depth
                seen.add(identity)
                stack.append((kid, depth + 1))
            else:
                pages += 1  # a page object listed twice is shown twice: it counts twice
                if pages > limit:
                    return limit + 1
    if pages == 0:
        raise _Damaged
    return pages


def _identity(reference, obj):
    if isinstance(reference, IndirectObject):
        return (reference.idnum, reference.generation)
    return id(obj)  # a node written inline (not allowed, but read): it cannot be reached twice


def _check_pdf(uploaded, name: str) -> int:
    limit = conf.max_upload_pages()
    uploaded.seek(0)
    meter = _MeteredPdf(uploaded.read(), PDF_PARSE_BUDGET_BASE + PDF_PARSE_BUDGET_PER_PAGE * limit)
    limits = dict.fromkeys(DECODE_LIMITS, PDF_DECODE_LIMIT)
    # The longest array read: a /Kids of `_pdf_page_count`'s size, a font's widths; parsing stops there.
    limits["array_maximum_element_count"] = max(10_000, 2 * limit + MAX_PAGE_TREE_DEPTH + 1)
    encrypted = False
    try:
        with apply_configuration(**limits):
            reader = PdfReader(meter)
            encrypted = reader.is_encrypted
            pages = 0 if encrypted else _pdf_page_count(reader, meter, limit)
    # A hostile or broken PDF makes pypdf fail in many ways (its own errors, LimitReachedError included, and
    # KeyError, TypeError, RecursionError…), and pypdf may catch the budget's exception and fail otherwise:
    # whatever it is, the file cannot be read.
    except Exception:
        if meter.exhausted:
            raise ValidationError(
                _("“%(name)s” is too complex a PDF to check; save it again as a simpler PDF or split it.")
                % {"name": name},
                code=UploadError.TOO_COMPLEX,
            ) from None
        raise ValidationError(
            _("“%(name)s” is a damaged PDF that cannot be read.") % {"name": name}, code=UploadError.DAMAGED
        ) from None
    if encrypted:
        raise ValidationError(
            _("“%(name)s” is protected by a password; upload it without the password.") % {"name": name},
            code=UploadError.ENCRYPTED,
        )
    if pages > limit:
        raise ValidationError(
            _("“%(name)s” has more than %(limit)s pages; split it into smaller files.")
            % {"name": name, "limit": limit},
            code=UploadError.TOO_MANY_PAGES,
        )
    return pages


def _check_image(uploaded, name: str, decoder: str) -> None:
    """Decode the image for real (a signature is not an image); refuse one too large to decode first."""
    too_large = False
    try:
        uploaded.seek(0)
        with Image.open(uploaded, formats=[decoder]) as image:
            width, height = image.size
            too_large = width * height > MAX_IMAGE_PIXELS
            if not too_large:
                image.verify()  # the structure (PNG: every chunk's checksum)
        if not too_large:
            uploaded.seek(0)
            with Image.open(uploaded, formats=[decoder]) as image:
                image.load()  # the pixels, to the last row
    except Image.DecompressionBombError:  # Pillow's own guard, at twice its default limit
        too_large = True
    # Pillow reports an undecodable file as OSError, SyntaxError, ValueError, EOFError, struct.error…
    except Exception:
        raise ValidationError(
            _("“%(name)s” is a damaged image that cannot be read.") % {"name": name}, code=UploadError.DAMAGED
        ) from None
    if too_large:
        raise ValidationError(
            _("“%(name)s” has more than %(millions)s million pixels; scan it at a lower resolution.")
            % {"name": name, "millions": MAX_IMAGE_PIXELS // 1_000_000},
            code=UploadError.TOO_MANY_PIXELS,
        )


def check_upload(uploaded) -> dict:
    """Check an uploaded file; return what we store about it. Raises a ValidationError with an `UploadError`."""
    name = _clean_name(getattr(uploaded, "name", "") or "")
    megabytes = conf.max_upload_mb()
    if uploaded.size > megabytes * 1024 * 1024:
        raise ValidationError(
            _("“%(name)s” is larger than %(mb)s MB.") % {"name": name, "mb": megabytes},
            code=UploadError.TOO_BIG,
        )
    if uploaded.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code=UploadError.EMPTY)
    uploaded.seek(0)
    kind = _sniff(uploaded.read(16))
    if kind is None:
        raise ValidationError(_("“%(name)s” is not a PDF, JPEG or PNG file.") % {"name": name}, code=UploadError.TYPE)
    content_type, extension, decoder = kind
    if decoder is None:
        pages = _check_pdf(uploaded, name)
    else:
        _check_image(uploaded, name, decoder)
        pages = 1
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return {
        "original_name": name,
        "content_type": content_type,
        "extension": extension,  # from the content, never from the uploaded name
        "size": uploaded.size,
        "pages": pages,
        "sha256": digest.hexdigest(),
    }


def inspect(uploaded, *, field: str = "file") -> dict:
    """`check_upload` for services: a refusal is keyed by `field`."""
    try:
        return check_upload(uploaded)
    except ValidationError as error:
        raise ValidationError({field: error.error_list}) from None


class UploadField(forms.FileField):
    """A form's file field that refuses, on itself, what the service storing the file would refuse.

    A new upload that passes gets what the check found as `upload_facts` (a form keeping its files after a
    validation error keeps only those)."""

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if isinstance(uploaded, UploadedFile):  # a new upload (not a file already stored or kept)
            uploaded.upload_facts = check_upload(uploaded)
        return uploaded
