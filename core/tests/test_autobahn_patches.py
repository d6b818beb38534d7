"""The autobahn patches are applied, and unmask exactly as autobahn's own masker does."""

import os

import pytest
from autobahn.websocket import protocol
from daphne.ws_protocol import WebSocketProtocol

import sesame_site.asgi  # noqa: F401 - applies core.autobahn_patches, as Daphne does
from core import autobahn_patches


def test_private_names_exist_and_patches_are_applied():
    """autobahn is pinned: if a name relied on changes, this fails loudly."""
    assert autobahn_patches.verify() == []
    assert protocol.create_xor_masker is autobahn_patches.create_xor_masker
    assert WebSocketProtocol.dataReceived is autobahn_patches.data_received
    assert WebSocketProtocol.onMessageEnd is autobahn_patches.on_message_end


@pytest.mark.parametrize("size", [0, 1, 3, 127, 128, 640, 65_536])
@pytest.mark.parametrize("pieces", [1, 3])
def test_masker_unmasks_as_autobahns_own(size, pieces):
    """Any payload, arriving in one piece or several, unmasks to autobahn's own result."""
    mask, data = os.urandom(4), os.urandom(size)
    theirs = autobahn_patches._original_create_xor_masker(mask, size)
    ours = autobahn_patches.create_xor_masker(mask, size)
    cuts = sorted(
        {0, size, *(size * k // pieces + k for k in range(1, pieces))} & set(range(size + 1))
    )
    for start, end in zip(cuts, cuts[1:], strict=False):
        assert ours.process(data[start:end]) == theirs.process(data[start:end])
        assert ours.pointer() == theirs.pointer() == end
    ours.reset()
    assert ours.pointer() == 0
    assert autobahn_patches.XorMasker(mask).process(ours.process(data)) == data
