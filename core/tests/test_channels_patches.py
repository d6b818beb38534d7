"""The pump patch keeps Channels' contract: one dispatch at a time, receives' errors raised,
every task it started ended, the channel layer's messages delivered beside the socket's."""

import asyncio

import pytest
from asgiref.testing import ApplicationCommunicator
from channels import consumer
from channels.consumer import AsyncConsumer
from channels.exceptions import StopConsumer
from channels.layers import get_channel_layer

import sesame_site.asgi  # noqa: F401 - applies core.channels_patches, as Daphne does
from core import channels_patches


def test_channels_names_exist_and_the_patch_is_applied():
    """Channels is pinned: if a name relied on changes, this fails loudly."""
    assert channels_patches.verify() == []
    assert consumer.await_many_dispatch is channels_patches.await_many_dispatch


@pytest.mark.asyncio
async def test_dispatches_one_at_a_time_in_order_with_the_other_receives():
    socket, layer = asyncio.Queue(), asyncio.Queue()
    seen, running = [], []

    async def dispatch(message):
        running.append(message)
        assert len(running) == 1, "two dispatches ran at once"
        await asyncio.sleep(0.001)
        seen.append(message)
        running.pop()
        if message == "stop":
            raise StopConsumer

    pump = asyncio.ensure_future(
        channels_patches.await_many_dispatch([socket.get, layer.get], dispatch)
    )
    for index in range(5):
        socket.put_nowait(f"frame {index}")
    await asyncio.sleep(0.001)
    layer.put_nowait("control")
    await asyncio.sleep(0.05)
    socket.put_nowait("stop")
    with pytest.raises(StopConsumer):
        await asyncio.wait_for(pump, 1)
    assert seen[-1] == "stop"
    assert [m for m in seen if m.startswith("frame")] == [f"frame {i}" for i in range(5)]
    assert "control" in seen
    assert layer.get_nowait  # the layer's queue is left to its owner
    layer.put_nowait("after")  # nobody listens any more: the feeder task was cancelled
    await asyncio.sleep(0.01)
    assert layer.qsize() == 1


@pytest.mark.asyncio
async def test_a_receive_that_raises_ends_the_pump_with_its_error():
    socket = asyncio.Queue()
    cancelled = asyncio.Event()

    async def broken_layer():
        raise ConnectionError("layer down")

    async def dispatch(message):
        pass

    with pytest.raises(ConnectionError, match="layer down"):
        await asyncio.wait_for(
            channels_patches.await_many_dispatch([socket.get, broken_layer], dispatch), 1
        )

    async def waits_forever():
        try:
            await asyncio.Event().wait()
        finally:
            cancelled.set()

    async def stop(message):
        raise StopConsumer

    asyncio.get_running_loop().call_later(0.01, socket.put_nowait, "bye")
    with pytest.raises(StopConsumer):
        await channels_patches.await_many_dispatch([socket.get, waits_forever], stop)
    assert cancelled.is_set()


@pytest.mark.asyncio
async def test_a_receive_that_is_not_a_queue_takes_channels_own_pump():
    messages = iter(["a", "b", "stop"])
    seen = []

    async def receive():
        return next(messages)

    async def dispatch(message):
        seen.append(message)
        if message == "stop":
            raise StopConsumer

    with pytest.raises(StopConsumer):
        await channels_patches.await_many_dispatch([receive], dispatch)
    assert seen == ["a", "b", "stop"]


class Echo(AsyncConsumer):
    channel_layer_alias = "default"

    async def websocket_connect(self, message):
        await self.channel_layer.group_add("echo", self.channel_name)
        await self.send({"type": "websocket.accept"})

    async def websocket_receive(self, message):
        await self.send({"type": "websocket.send", "text": f"echo {message['text']}"})

    async def echo_note(self, message):
        await self.send({"type": "websocket.send", "text": f"note {message['text']}"})

    async def websocket_disconnect(self, message):
        await self.channel_layer.group_discard("echo", self.channel_name)
        raise StopConsumer


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)  # Channels' dispatch closes old connections first
async def test_a_consumer_gets_socket_frames_and_group_messages(settings):
    """Channels' own `__call__` with the patched pump: frames and group messages both arrive."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    from channels.layers import channel_layers

    channel_layers.backends.pop("default", None)
    app = ApplicationCommunicator(Echo.as_asgi(), {"type": "websocket", "path": "/"})
    await app.send_input({"type": "websocket.connect"})
    assert (await app.receive_output(1))["type"] == "websocket.accept"
    for index in range(3):
        await app.send_input({"type": "websocket.receive", "text": str(index)})
    await get_channel_layer().group_send("echo", {"type": "echo.note", "text": "hi"})
    texts = [(await app.receive_output(1))["text"] for _ in range(4)]
    assert [t for t in texts if t.startswith("echo")] == ["echo 0", "echo 1", "echo 2"]
    assert "note hi" in texts
    await app.send_input({"type": "websocket.disconnect", "code": 1000})
    await app.wait(1)
    channel_layers.backends.pop("default", None)
