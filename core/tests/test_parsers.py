"""The JSON parser takes JSON in any encoding `json.loads` knows, and refuses the rest as 400s."""

import io
import json

import pytest
from rest_framework.exceptions import ParseError

from core.parsers import JSONParser

DOCUMENT = {"text": "héllo ✓", "images": [{"mime_type": "image/png", "data": "AAAA"}]}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32"])
def test_json_in_every_encoding_json_knows(encoding):
    body = json.dumps(DOCUMENT, ensure_ascii=False).encode(encoding)
    assert JSONParser().parse(io.BytesIO(body)) == DOCUMENT


@pytest.mark.parametrize(
    "body",
    [
        b'{"text": "\xff\xfe broken"}',  # not UTF-8
        b'{"text": "\xed\xa0\x80"}',  # a lone surrogate, encoded
        b'{"n": NaN}',
        b'{"text": ',
        b"[" * 100_000 + b"]" * 100_000,
    ],
)
def test_what_is_not_json_is_a_parse_error(body):
    with pytest.raises(ParseError):
        JSONParser().parse(io.BytesIO(body))
