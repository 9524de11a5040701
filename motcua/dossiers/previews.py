"""First-page previews of a dossier's files for the staff's dossier page.

A PDF's first page is rendered with PDFium (pypdfium2), an image is decoded with Pillow; either is scaled to at
most `PREVIEW_WIDTH` × `PREVIEW_MAX_HEIGHT` pixels and sent as a JPEG. The work is bounded: the files were
inspected when uploaded (`motcua.core.uploads`: type, size, pages, pixels), only one page is rendered, at a scale
computed from its size, and an image with more than `MAX_IMAGE_PIXELS` is not decoded. The preview is cached by
the file's content hash, so a page opened again costs a cache read. A file that cannot be previewed (damaged,
unusual, missing from storage) gets a placeholder image saying so: never an error page.
"""

import hashlib
import io
import logging
import threading
from html import escape

from django.core.cache import cache
from django.utils.translation import gettext as _
from PIL import Image

from motcua.core.uploads import MAX_IMAGE_PIXELS

from .models import Attachment

logger = logging.getLogger(__name__)

PREVIEW_WIDTH = 480
PREVIEW_MAX_HEIGHT = 960
CACHE_SECONDS = 7 * 24 * 3600
# A PDF page's side is at most 200 inches (14,400 points); a stranger one is not rendered.
MAX_PAGE_POINTS = 14_400
PREVIEWABLE = frozenset({"application/pdf", "image/jpeg", "image/png"})
# PDFium is not thread-safe: one rendering at a time per process.
_pdfium = threading.Lock()


def previewable(attachment: Attachment) -> bool:
    return attachment.content_type in PREVIEWABLE


def _fit(width: float, height: float) -> float:
    return min(PREVIEW_WIDTH / width, PREVIEW_MAX_HEIGHT / height)


def _render_pdf(data: bytes) -> Image.Image:
    import pypdfium2 as pdfium

    with _pdfium:
        document = pdfium.PdfDocument(data)
        try:
            page = document[0]
            width, height = page.get_size()
            if not (0 < width <= MAX_PAGE_POINTS and 0 < height <= MAX_PAGE_POINTS):
                raise ValueError("page size out of bounds")
            image = page.render(scale=_fit(width, height)).to_pil()
            page.close()
        finally:
            document.close()
    return image


def _render_image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    if image.width * image.height > MAX_IMAGE_PIXELS:
        raise ValueError("too many pixels")
    image.draft("RGB", (PREVIEW_WIDTH, PREVIEW_MAX_HEIGHT))  # JPEG: decode at a reduced size already
    image.thumbnail((PREVIEW_WIDTH, PREVIEW_MAX_HEIGHT))
    return image


def _jpeg(image: Image.Image) -> bytes:
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80, optimize=True)
    return out.getvalue()


def preview_key(attachment: Attachment) -> str:
    return f"preview:{PREVIEW_WIDTH}:{attachment.sha256 or attachment.pk}"


def preview_jpeg(attachment: Attachment) -> bytes | None:
    """The preview of `attachment`'s first page as JPEG bytes, or None when it cannot be previewed."""
    if not previewable(attachment):
        return None
    key = preview_key(attachment)
    cached = cache.get(key)
    if cached is not None:
        return cached or None  # b"": known not to be previewable
    try:
        with attachment.file.open("rb") as handle:
            data = handle.read()
        if attachment.sha256 and hashlib.sha256(data).hexdigest() != attachment.sha256:
            raise ValueError("the stored file differs from the one uploaded")
        render = _render_pdf if attachment.content_type == "application/pdf" else _render_image
        result = _jpeg(render(data))
    except Exception:  # any failure of a third-party decoder on a stored file means: no preview
        logger.warning("No preview for attachment %s", attachment.pk, exc_info=True)
        result = b""
    cache.set(key, result, CACHE_SECONDS)
    return result or None


def placeholder_svg(attachment: Attachment) -> bytes:
    """What is shown instead of a preview: the file's type and name, and that it has no preview."""
    kind = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}.get(attachment.content_type, "?")
    lines = [escape(kind), escape(_("No preview")), escape(attachment.original_name[:40])]
    text = "".join(
        f'<text x="120" y="{y}" text-anchor="middle" font-family="sans-serif" font-size="{size}" fill="#555">'
        f"{line}</text>"
        for line, y, size in zip(lines, (120, 160, 190), (28, 16, 12), strict=True)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="320" viewBox="0 0 240 320">'
        '<rect x="1" y="1" width="238" height="318" fill="#f4f4f4" stroke="#bbb" stroke-dasharray="6 4"/>'
        f"{text}</svg>"
    ).encode()
