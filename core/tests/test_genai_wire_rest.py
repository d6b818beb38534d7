"""The REST call on google-genai's transport: the wire JSON, and chunks and errors as the SDK's.

(`genai_wire.verify()`, which pins the private names, is checked in live/tests/test_genai_wire.py.)
"""

import pytest
from google.genai import errors

from core import genai_wire
from core.gemini import build_client


def test_request_body_is_the_rest_shape():
    body = genai_wire.request_body(
        [{"role": "user", "parts": [genai_wire.blob_part(b"\x89PNG", "image/png")]}],
        system_instruction="Be brief.",
    )
    assert body == {
        "contents": [
            {
                "role": "user",
                "parts": [{"inlineData": {"mimeType": "image/png", "data": "iVBORw=="}}],
            }
        ],
        "systemInstruction": {"role": "user", "parts": [{"text": "Be brief."}]},
    }


@pytest.mark.asyncio
async def test_stream_generate_yields_the_chunks_json_and_raises_the_sdks_errors(emulator):
    """Against the emulator: chunks as JSON objects ending with a finish reason; a 503 from
    Gemini is google-genai's own APIError."""
    client = build_client(api_key="test", base_url=emulator.base_url, ca_file=emulator.ca_file)
    body = genai_wire.request_body(
        [{"role": "user", "parts": [genai_wire.text_part("Say a few words, please")]}]
    )
    chunks = [
        c async for c in genai_wire.stream_generate(client, model="gemini-2.5-flash", body=body)
    ]
    assert len(chunks) > 1
    text = "".join(
        part.get("text", "") for c in chunks for part in c["candidates"][0]["content"]["parts"]
    )
    assert text.startswith("[Gemini emulator]")
    assert chunks[-1]["candidates"][0]["finishReason"] == "STOP"
    assert chunks[-1]["usageMetadata"]["totalTokenCount"] > 0

    await emulator.aset_faults(rest_error=503, rest_error_count=1)
    with pytest.raises(errors.APIError) as caught:
        async for _ in genai_wire.stream_generate(client, model="gemini-2.5-flash", body=body):
            pass
    assert caught.value.code == 503
