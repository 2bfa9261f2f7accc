"""Small real files for upload tests: photos with location data, documents, a pixel bomb."""

import io
import struct
import zipfile
import zlib

from PIL import ExifTags
from PIL import Image as PILImage

# Where the photo was taken: a street in Stroud. It must never reach the bucket.
STROUD = {1: "N", 2: (51.0, 44.0, 45.0), 3: "W", 4: (2.0, 12.0, 57.0)}
ORIENTATION = 0x0112
ROTATED_90 = 6  # phones store portrait photos sideways and say so


def photo_with_location(size=(64, 48), extra_bytes=0):
    """A JPEG as a phone makes it: EXIF orientation and GPS coordinates. `extra_bytes` of
    noise (in a comment) make it as large as a real photo without costing memory."""
    image = PILImage.new("RGB", size, (200, 40, 40))
    exif = PILImage.Exif()
    exif[ORIENTATION] = ROTATED_90
    exif[ExifTags.IFD.GPSInfo] = STROUD
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=90)
    data = out.getvalue()
    if extra_bytes:
        import os

        # APPn segments hold at most 65533 bytes: add as many as needed after SOI.
        noise = b""
        remaining = extra_bytes
        while remaining > 0:
            chunk = min(remaining, 65000)
            noise += b"\xff\xec" + struct.pack(">H", chunk + 2) + os.urandom(chunk)
            remaining -= chunk
        data = data[:2] + noise + data[2:]
    return data


def png_image(size=(40, 30)):
    out = io.BytesIO()
    PILImage.new("RGB", size, (20, 120, 60)).save(out, "PNG")
    return out.getvalue()


def png_chunk(kind, payload):
    return (
        struct.pack(">I", len(payload))
        + kind
        + payload
        + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)
    )


def pixel_bomb(side=20_000):
    """A valid PNG of side x side black pixels (400 million by default) in a few dozen KB:
    built row by row, never held in memory."""
    row = b"\x00" + b"\x00" * ((side + 7) // 8)  # filter byte + 1-bit pixels
    compressor = zlib.compressobj(9)
    compressed = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", compressed)
        + png_chunk(b"IEND", b"")
    )


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120


def zip_file(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def docx():
    return zip_file(
        {
            "[Content_Types].xml": "<Types/>",
            "_rels/.rels": "<Relationships/>",
            "word/document.xml": "<w:document/>",
        }
    )


def odt():
    return zip_file(
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "content.xml": "<office:document-content/>",
        }
    )
