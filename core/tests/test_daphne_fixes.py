"""The two Daphne hooks a stopping server relies on are still where they were."""

import asyncio

import pytest
from daphne.server import Server
from daphne.ws_protocol import WebSocketProtocol

import sesame_site.asgi  # noqa: F401 - applies core.daphne_fixes, as Daphne does
from core import daphne_fixes


def test_close_codes_of_a_restarting_server_go_through():
    """serverClose is ours and autobahn still has the frame-level method it calls."""
    assert WebSocketProtocol.serverClose is daphne_fixes.server_close
    assert callable(WebSocketProtocol.sendCloseFrame)
    sent = []

    class Probe:
        def sendCloseFrame(self, code=None, isReply=False):
            sent.append((code, isReply))

    daphne_fixes.server_close(Probe(), 1012)
    assert sent == [(1012, False)]


@pytest.mark.asyncio
async def test_kill_all_applications_waits_even_with_finished_connections():
    """A connection without a running application no longer stops the wait for the others."""
    assert Server.kill_all_applications is daphne_fixes.kill_all_applications
    server = Server(application=None, endpoints=["tcp:port=0:interface=127.0.0.1"])
    running = asyncio.ensure_future(asyncio.sleep(30))
    server.connections = {
        "finished": {"connected": 0},
        "running": {"application_instance": running},
    }
    deferred = server.kill_all_applications()
    await asyncio.sleep(0)
    assert running.cancelled() and deferred is not None
