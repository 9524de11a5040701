"""Upload files made in the test: real small images and PDFs, and the hostile ones an attacker could send.

Every PDF here is written object by object with a correct cross-reference table, so what a test exercises is the
page tree it describes, not the parser's recovery of a broken file.
"""

import io
import struct
import zlib

from PIL import Image

PAGE = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>"
CATALOG = b"<</Type/Catalog/Pages 2 0 R>>"
ROOT_OF_ONE = b"<</Type/Pages/Kids[3 0 R]/Count 1>>"


def png(width: int = 8, height: int = 8, colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def jpeg(width: int = 8, height: int = 8, colour=(30, 30, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "JPEG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int, height: int) -> bytes:
    """A valid one-bit PNG of width × height black pixels: a few kilobytes that decode to width × height pixels."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # one-bit greyscale, no interlace
    row = b"\x00" + b"\x00" * ((width + 7) // 8)  # filter byte "none", then the row's bits
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def pdf_document(objects: dict[int, bytes], root: int = 1) -> bytes:
    """A PDF of the given numbered objects, with a cross-reference table pointing at each."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<</Size %d/Root %d 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return bytes(out)


def pdf_of_shared_page(references: int, count: int | None = None) -> bytes:
    """One page object referenced `references` times from the root's /Kids, which declares `count` pages
    (by default the truth): 100,000 pages in 600 kB."""
    declared = references if count is None else count
    kids = b"3 0 R " * references
    return pdf_document({1: CATALOG, 2: b"<</Type/Pages/Kids[%s]/Count %d>>" % (kids, declared), 3: PAGE})


def pdf_of_pages(pages: int, count: int | None = None) -> bytes:
    """`pages` distinct page objects under the root, which declares `count` pages (by default the truth)."""
    declared = pages if count is None else count
    numbers = range(3, 3 + pages)
    kids = b" ".join(b"%d 0 R" % n for n in numbers)
    objects = {1: CATALOG, 2: b"<</Type/Pages/Kids[%s]/Count %d>>" % (kids, declared)}
    objects |= {n: PAGE for n in numbers}
    return pdf_document(objects)


def pdf_deep_tree(depth: int) -> bytes:
    """A page tree `depth` levels of /Pages deep above its single page."""
    objects = {1: CATALOG}
    for number in range(2, depth + 2):
        parent = b"/Parent %d 0 R" % (number - 1) if number > 2 else b""
        objects[number] = b"<</Type/Pages/Kids[%d 0 R]/Count 1%s>>" % (number + 1, parent)
    objects[depth + 2] = b"<</Type/Page/Parent %d 0 R/MediaBox[0 0 595 842]>>" % (depth + 1)
    return pdf_document(objects)


def pdf_cyclic_tree() -> bytes:
    """Two /Pages nodes, each the other's kid."""
    return pdf_document(
        {
            1: CATALOG,
            2: b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            3: b"<</Type/Pages/Kids[2 0 R]/Count 1/Parent 2 0 R>>",
        }
    )


def pdf_nested_arrays(depth: int) -> bytes:
    """A catalog holding arrays nested `depth` deep (a parser that recurses per level runs out of stack)."""
    catalog = b"<</Type/Catalog/Pages 2 0 R/Junk %s%s>>" % (b"[" * depth, b"]" * depth)
    return pdf_document({1: catalog, 2: ROOT_OF_ONE, 3: PAGE})


def pdf_encrypted() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("mat-khau")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _junk(size: int) -> bytes:
    """About `size` bytes of the densest thing to parse: arrays of one-digit numbers, in one dictionary."""
    arrays = max(1, size // 20_000)
    return b"<<%s>>" % b"".join(b"/J%d [%s]" % (i, b"0 " * 9_990) for i in range(arrays))


def pdf_dense_catalog(size: int) -> bytes:
    """A catalog of about `size` bytes of tokens: reading the catalog is all the parser must do to find pages."""
    catalog = b"<</Type/Catalog/Pages 2 0 R/Junk %s>>" % _junk(size)
    return pdf_document({1: catalog, 2: ROOT_OF_ONE, 3: PAGE})


def pdf_object_stream_bomb(size: int) -> bytes:
    """A few kilobytes whose catalog lives in a compressed object stream that unpacks to about `size` bytes of
    tokens (a parser reads every object of the stream to get one). Written with an xref stream, as PDF 1.5 does."""
    catalog = b"<</Type/Catalog/Pages 2 0 R>>"
    header = b"1 0 4 %d " % (len(catalog) + 1)
    packed = zlib.compress(header + catalog + b" " + _junk(size), 9)
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}

    def add(number: int, body: bytes) -> None:
        offsets[number] = len(out)
        out.extend(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    add(2, ROOT_OF_ONE)
    add(3, PAGE)
    add(5, b"<</Type/ObjStm/N 2/First %d/Length %d/Filter/FlateDecode>>stream\n" % (len(header), len(packed)))
    out[-len(b"\nendobj\n") :] = b""  # the stream's data goes between its dictionary and endobj
    out.extend(packed + b"\nendstream\nendobj\n")
    offsets[6] = len(out)
    rows = [(0, 0, 65535), (2, 5, 0), (1, offsets[2], 0), (1, offsets[3], 0), (2, 5, 1), (1, offsets[5], 0)]
    rows.append((1, offsets[6], 0))
    table = b"".join(struct.pack(">BIH", *row) for row in rows)
    out.extend(b"6 0 obj\n<</Type/XRef/Size 7/W[1 4 2]/Root 1 0 R/Length %d>>stream\n" % len(table))
    out.extend(table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[6])
    return bytes(out)
