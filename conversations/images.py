"""Validate uploaded pictures and re-encode them safely before they are stored.

Limits (settings, documented in `.env.example` and the README):
- `SESAME_MAX_IMAGES_PER_MESSAGE` (8) pictures per message;
- `SESAME_MAX_IMAGE_BYTES` (10 MB) per picture, checked before anything is decoded (for base64,
  from the encoded length);
- `SESAME_MAX_IMAGE_PIXELS` (25 megapixels) per picture, read from the header before the pixels
  are decoded, so a decompression bomb costs a few microseconds;
- JPEG, PNG, WebP and GIF (first frame) only, whatever the client claims.

Every accepted picture is decoded completely (a truncated file is refused), turned upright by its
EXIF orientation, stripped of all metadata (EXIF, GPS, XMP, comments, colour profile), downscaled
so its longest side is at most `SESAME_IMAGE_MAX_SIDE` (2048) pixels, and re-encoded: PNG when it
has transparency, JPEG when it came as a JPEG or WebP photo, PNG for other lossless pictures
unless that is heavy, in which case it is a photo and becomes a JPEG.
"""

from __future__ import annotations

import base64
import binascii
import io
import logging
from collections.abc import Iterable

from django.conf import settings
from PIL import Image, ImageOps

from conversations.services import NewImage
from core.errors import SesameError

logger = logging.getLogger(__name__)

FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
MIME_TYPES = {"image/jpeg", "image/jpg", "image/png", "image/webp", "image/gif"}
JPEG_QUALITY = 88
# A lossless picture heavier than this once re-encoded is a photo: store it as a JPEG instead.
PNG_BUDGET_BYTES = 2 * 1024 * 1024


def _error(message: str, code: str, status: int = 400) -> SesameError:
    return SesameError(message, code=code, status=status)


def check_count(count: int) -> None:
    """Refuse more pictures than one message may carry."""
    limit = settings.SESAME_MAX_IMAGES_PER_MESSAGE
    if count > limit:
        raise _error(f"At most {limit} pictures per message.", "too_many_images")


def _check_bytes(size: int, index: int) -> None:
    limit = settings.SESAME_MAX_IMAGE_BYTES
    if size > limit:
        raise _error(
            f"Picture {index + 1} is larger than {limit // (1024 * 1024)} MB.",
            "image_too_large",
            413,
        )
    if size == 0:
        raise _error(f"Picture {index + 1} is empty.", "invalid_image")


def _check_mime_type(mime_type, index: int) -> None:
    if mime_type in (None, ""):
        return
    if not isinstance(mime_type, str) or mime_type.lower() not in MIME_TYPES:
        raise _error(
            f"Picture {index + 1}: only JPEG, PNG, WebP and GIF pictures are accepted.",
            "unsupported_image_type",
        )


def decode_base64_items(items) -> list[bytes]:
    """Return the bytes of JSON `images` items `{"mime_type", "data"}`, checking sizes first."""
    if items in (None, ""):
        return []
    if not isinstance(items, list):
        raise _error("images must be a list of {mime_type, data} objects.", "invalid")
    check_count(len(items))
    datas = []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("data"), str):
            raise _error(f"Picture {index + 1} needs a base64 'data' string.", "invalid")
        _check_mime_type(item.get("mime_type"), index)
        encoded = item["data"]
        if encoded.startswith("data:") and "," in encoded:  # tolerate a data: URL
            encoded = encoded.split(",", 1)[1]
        _check_bytes(len(encoded) * 3 // 4, index)
        data = _b64decode(encoded)
        if data is None:
            raise _error(f"Picture {index + 1} is not valid base64.", "invalid_base64")
        _check_bytes(len(data), index)
        datas.append(data)
    return datas


def _b64decode(encoded: str) -> bytes | None:
    """Decode standard or URL-safe base64 (padding optional); None when it is not base64."""
    encoded = "".join(encoded.split())  # line-wrapped base64 is still base64
    encoded += "=" * (-len(encoded) % 4)
    for altchars in (None, b"-_"):
        try:
            return base64.b64decode(encoded, altchars=altchars, validate=True)
        except (binascii.Error, ValueError):
            continue
    return None


def read_uploaded_files(files) -> list[bytes]:
    """Return the bytes of multipart `images` files, checking count and sizes first."""
    files = list(files)
    check_count(len(files))
    datas = []
    for index, upload in enumerate(files):
        _check_bytes(upload.size or 0, index)
        _check_mime_type(upload.content_type, index)
        upload.seek(0)
        datas.append(upload.read(settings.SESAME_MAX_IMAGE_BYTES + 1))
        _check_bytes(len(datas[-1]), index)
    return datas


def prepare_images(datas: Iterable[bytes]) -> list[NewImage]:
    """Validate and re-encode every picture; refuse the whole message if one is bad."""
    return [prepare_image(data, index) for index, data in enumerate(datas)]


def prepare_image(data: bytes, index: int = 0) -> NewImage:
    """Return a safe, upright, metadata-free, bounded re-encoding of one picture."""
    _check_bytes(len(data), index)
    label = f"Picture {index + 1}"
    try:
        image = Image.open(io.BytesIO(data), formats=FORMATS)
    except Image.DecompressionBombError:
        raise _too_many_pixels(label) from None
    except Exception:  # noqa: BLE001 - any unreadable upload is the client's error
        raise _error(f"{label} is not a JPEG, PNG, WebP or GIF picture.", "invalid_image") from None
    with image:
        source_format = image.format
        width, height = image.size
        if width * height > settings.SESAME_MAX_IMAGE_PIXELS or not width or not height:
            raise _too_many_pixels(label)
        try:
            picture = _decode(image)
        except Image.DecompressionBombError:
            raise _too_many_pixels(label) from None
        except Exception:  # noqa: BLE001 - truncated or corrupt pixel data
            logger.info("refused a picture that does not decode (%s)", source_format)
            raise _error(
                f"{label} is damaged or truncated and cannot be read.", "invalid_image"
            ) from None
    return _encode(picture, source_format)


def _too_many_pixels(label: str) -> SesameError:
    limit = settings.SESAME_MAX_IMAGE_PIXELS
    return _error(
        f"{label} has more than {limit / 1_000_000:g} megapixels.", "image_too_many_pixels", 413
    )


def _decode(image: Image.Image) -> Image.Image:
    """Decode the (first frame's) pixels, upright, in RGB or RGBA, at most the stored size."""
    side = settings.SESAME_IMAGE_MAX_SIDE
    if image.format == "JPEG":
        image.draft("RGB", (side, side))  # let libjpeg decode at 1/2, 1/4 or 1/8 scale
    image.load()
    alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        image.mode == "P" and "transparency" in image.info
    )
    picture = ImageOps.exif_transpose(image)
    picture = picture.convert("RGBA" if alpha else "RGB")
    if alpha and picture.getextrema()[3][0] == 255:
        picture = picture.convert("RGB")  # an alpha channel with nothing transparent
    if max(picture.size) > side:
        picture.thumbnail((side, side), Image.Resampling.LANCZOS, reducing_gap=3.0)
    picture.info = {}  # Pillow would write comments, EXIF or ICC found here back out
    return picture


def _encode(picture: Image.Image, source_format: str) -> NewImage:
    """Re-encode without any metadata; see the module docstring for the format chosen."""
    buffer = io.BytesIO()
    if picture.mode == "RGBA" or source_format in ("PNG", "GIF"):
        picture.save(buffer, "PNG", compress_level=6)
        if picture.mode == "RGBA" or buffer.tell() <= PNG_BUDGET_BYTES:
            return NewImage(buffer.getvalue(), "image/png", picture.width, picture.height)
        buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return NewImage(buffer.getvalue(), "image/jpeg", picture.width, picture.height)
