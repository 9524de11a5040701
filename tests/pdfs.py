"""Reading printed forms back as a reader would: their pages, their text, and the codes a phone or a desk
scanner reads off the printed page (rendered with pdftoppm, decoded with zxing-cpp)."""

import io
import subprocess
import tempfile
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def text_of(pdf: bytes) -> str:
    """The text of every page, with runs of white space made one space."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def lines_of(pdf: bytes) -> dict[str, float]:
    """Each piece of text on the first page and the height of its baseline (the last, if it is written twice)."""
    heights: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            heights[text.strip()] = round(tm[5] * cm[3] + cm[5], 1)

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return heights


def page_images(pdf: bytes, *, dpi: int) -> list[Image.Image]:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "form.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), source, Path(folder) / "page"], check=True)  # noqa: S603, S607
        return [Image.open(path).copy() for path in sorted(Path(folder).glob("page*.png"))]


def codes_on(pdf: bytes) -> dict[str, list[str]]:
    """What the barcodes and QR codes of the first page say, by format ("QRCode", "Code128")."""
    import zxingcpp

    found: dict[str, list[str]] = {}
    for result in zxingcpp.read_barcodes(page_images(pdf, dpi=200)[0]):
        found.setdefault(result.format.name, []).append(result.text)
    return found


def keep(name: str, pdf: bytes) -> None:
    """The form and a 70 dpi image of each page in test-artifacts/, to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    for number, image in enumerate(page_images(pdf, dpi=70), start=1):
        image.save(ARTIFACTS / f"{name}-{number}.png")
