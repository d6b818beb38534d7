"""WhiteNoise, usable in Django's async middleware chain.

WhiteNoise 6 is a sync-only middleware. Under ASGI Django then runs everything after it (the
rest of the chain and the view) in a thread, and calls an async view back through
`async_to_sync` from that thread: every request costs extra hops, and a typed turn that waits
seconds on Gemini holds a thread all along (in the test client, all requests share one thread
and so run one at a time). This subclass keeps WhiteNoise's behaviour and lookups but is
async-capable, so the chain stays async and only static files are served from a thread.
"""

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from whitenoise.middleware import WhiteNoiseMiddleware as SyncWhiteNoiseMiddleware


class WhiteNoiseMiddleware(SyncWhiteNoiseMiddleware):
    """Serve static files as WhiteNoise does, in sync or async mode."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        super().__init__(get_response)
        self.async_mode = iscoroutinefunction(get_response)
        if self.async_mode:
            markcoroutinefunction(self)
        self.prefixes = tuple(prefix for _root, prefix in self.directories)

    def __call__(self, request):
        if self.async_mode:
            return self.__acall__(request)
        return super().__call__(request)

    async def __acall__(self, request):
        path = request.path_info
        if self.autorefresh:  # DEBUG: looks at the disk, so off the event loop (static paths only)
            found = (
                path.startswith(self.prefixes)
                or self.use_finders
                and path.startswith(self.static_prefix)
            )
            static_file = await sync_to_async(self.find_file)(path) if found else None
        else:
            static_file = self.files.get(path)
        if static_file is not None:
            return await sync_to_async(self.serve)(static_file, request)
        return await self.get_response(request)
