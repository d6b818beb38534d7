"""Picture validation and re-encoding: what is stored is upright, bounded and metadata-free."""

import base64
import io
import struct
import time
import zlib

import pytest
from PIL import Image

from conversations import images
from core.errors import SesameError

ORIENTATION, MAKE, GPS_INFO = 0x0112, 0x010F, 0x8825


def picture(fmt="PNG", size=(64, 48), colour=(255, 0, 0), mode="RGB", **save) -> bytes:
    """Return a solid-colour picture encoded in `fmt`."""
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, fmt, **save)
    return buffer.getvalue()


def photo_with_exif(size=(40, 20), orientation=6) -> bytes:
    """Return a JPEG whose EXIF says 'rotate 90°' and carries a camera make and a GPS block."""
    image = Image.new("RGB", size, (0, 0, 255))
    exif = image.getexif()
    exif[ORIENTATION] = orientation
    exif[MAKE] = "SpyCam"
    exif.get_ifd(GPS_INFO)[2] = (48.0, 51.0, 24.0)  # GPSLatitude
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, comment=b"secret note")
    return buffer.getvalue()


def png_bomb(width=100_000, height=100_000) -> bytes:
    """Return a ~100-byte PNG whose header declares a huge pixel count."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1024))
        + chunk(b"IEND", b"")
    )


def reopen(new_image) -> Image.Image:
    image = Image.open(io.BytesIO(new_image.data))
    image.load()
    return image


def refused(data: bytes) -> SesameError:
    with pytest.raises(SesameError) as caught:
        images.prepare_image(data)
    return caught.value


def test_exif_orientation_applied_and_metadata_stripped():
    """A sideways phone photo is stored upright, without its EXIF, GPS or comment."""
    stored = images.prepare_image(photo_with_exif(size=(40, 20)))
    assert (stored.width, stored.height) == (20, 40)
    assert stored.mime_type == "image/jpeg"
    image = reopen(stored)
    assert image.size == (20, 40)
    assert not image.getexif()
    assert "comment" not in image.info and "exif" not in image.info
    assert b"SpyCam" not in stored.data and b"secret note" not in stored.data


def test_large_picture_downscaled_to_the_longest_side(settings):
    """The longest side is capped at SESAME_IMAGE_MAX_SIDE, keeping the aspect ratio."""
    settings.SESAME_IMAGE_MAX_SIDE = 100
    stored = images.prepare_image(picture("JPEG", (400, 200), (10, 200, 10)))
    assert (stored.width, stored.height) == (100, 50)
    assert reopen(stored).size == (100, 50)


def test_transparency_kept_as_png():
    """A picture with transparent pixels stays a PNG with its alpha channel."""
    stored = images.prepare_image(picture("WEBP", (30, 30), (0, 0, 0, 0), mode="RGBA"))
    assert stored.mime_type == "image/png"
    assert reopen(stored).mode == "RGBA"


def test_lossless_picture_stays_png_and_photo_stays_jpeg():
    """A PNG screenshot is not blurred into a JPEG; a JPEG photo is not bloated into a PNG."""
    assert images.prepare_image(picture("PNG")).mime_type == "image/png"
    assert images.prepare_image(picture("JPEG")).mime_type == "image/jpeg"


def test_gif_first_frame_only():
    """An animated GIF becomes its first frame."""
    frames = [Image.new("RGB", (12, 10), c) for c in ((255, 0, 0), (0, 255, 0))]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])
    stored = images.prepare_image(buffer.getvalue())
    assert (stored.width, stored.height) == (12, 10)
    assert reopen(stored).convert("RGB").getpixel((0, 0)) == (255, 0, 0)


def test_decompression_bomb_refused_from_its_header_quickly():
    """A small PNG declaring 10 gigapixels is refused before any pixel is decoded."""
    started = time.perf_counter()
    error = refused(png_bomb())
    assert time.perf_counter() - started < 0.1
    assert (error.code, error.status) == ("image_too_many_pixels", 413)


def test_picture_over_the_pixel_limit_refused(settings):
    """The pixel limit is a setting, checked before decoding."""
    settings.SESAME_MAX_IMAGE_PIXELS = 1000
    assert refused(picture("PNG", (50, 50))).code == "image_too_many_pixels"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_truncated_picture_refused(fmt):
    """Half a file is refused, whatever its format."""
    data = picture(fmt, (120, 80), (20, 30, 40))
    assert refused(data[: len(data) // 2]).code == "invalid_image"


def test_non_picture_refused():
    """Text, PDF and BMP (not an accepted format) are refused."""
    assert refused(b"%PDF-1.7 not a picture at all").code == "invalid_image"
    assert refused(b"hello").code == "invalid_image"
    assert refused(picture("BMP")).code == "invalid_image"


def test_base64_items_decoded_in_every_common_form():
    """Standard, URL-safe, unpadded and data: URL base64 all decode to the same bytes."""
    data = picture("PNG", (7, 7))
    standard = base64.b64encode(data).decode()
    forms = [
        standard,
        base64.urlsafe_b64encode(data).decode().rstrip("="),
        "data:image/png;base64," + standard,
    ]
    items = [{"mime_type": "image/png", "data": form} for form in forms]
    assert images.decode_base64_items(items) == [data] * 3


def test_bad_base64_refused_before_decoding_pictures():
    """Characters outside base64 are an error of their own."""
    with pytest.raises(SesameError) as caught:
        images.decode_base64_items([{"mime_type": "image/png", "data": "not base64!!"}])
    assert caught.value.code == "invalid_base64"


def test_oversized_base64_refused_from_its_length(settings):
    """A picture over the byte limit is refused from its encoded length, without decoding."""
    settings.SESAME_MAX_IMAGE_BYTES = 1000
    with pytest.raises(SesameError) as caught:
        images.decode_base64_items([{"mime_type": "image/png", "data": "A" * 4000}])
    assert (caught.value.code, caught.value.status) == ("image_too_large", 413)
