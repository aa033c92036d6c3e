"""A tiny MCP server (streamable HTTP, ``/mcp``) on 127.0.0.1 with one tool, ``echo``, that records calls.

It stands in for an MCP server a gateway lists in ``spec.mcpServers``. Built on the ``mcp`` package
(2.x, ``MCPServer``) and uvicorn, both in the provisioned LiteLLM venv.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Optional

__all__ = ["StubMCP"]


class StubMCP:
    def __init__(self, host: str = "127.0.0.1"):
        self.host = host
        self.port: Optional[int] = None
        self.calls: list[dict] = []
        self._server = None
        self._thread: Optional[threading.Thread] = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/mcp"

    def start(self, timeout: float = 20.0) -> "StubMCP":
        import uvicorn
        from mcp.server.mcpserver import MCPServer

        from harness import free_port

        mcp = MCPServer(name="stub-tools")
        stub = self

        @mcp.tool()
        def echo(text: str) -> str:
            """Echo the text back, prefixed."""
            stub.calls.append({"tool": "echo", "text": text})
            return f"stub-mcp echo: {text}"

        app = mcp.streamable_http_app(stateless_http=True, json_response=True, host=self.host)
        self.port = free_port()
        config = uvicorn.Config(app, host=self.host, port=self.port, log_level="warning", lifespan="on")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=lambda: asyncio.run(self._server.serve()),
                                        name="stub-mcp", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("stub MCP server did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
            if self._thread is not None:
                self._thread.join(10)
            self._server = None

    def __enter__(self) -> "StubMCP":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
