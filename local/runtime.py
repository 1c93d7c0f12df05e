"""One process hosting everything: moto's server, the real handlers, and the Chalice API."""

from __future__ import annotations

import functools
import logging
import os
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any

from local import lambda_seam, moto_patches, stack

logger = logging.getLogger("bops.local")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Runtime:
    moto_port: int
    api_port: int
    resources: stack.LocalStack
    _moto: Any
    _api: Any
    _api_thread: threading.Thread | None
    #: The public port of ``make run``: the site, with /api proxied to the API's internal port.
    web_port: int | None = None
    _web: Any = None

    @property
    def api_url(self) -> str:
        """Where callers reach the API: the public port when the site is served, else the API itself."""
        return f"http://127.0.0.1:{self.web_port or self.api_port}"

    @property
    def internal_api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def web_url(self) -> str | None:
        return f"http://127.0.0.1:{self.web_port}" if self.web_port else None

    @property
    def moto_url(self) -> str:
        return f"http://127.0.0.1:{self.moto_port}"

    def stop(self) -> None:
        if self._web is not None:
            self._web.stop()
        if self._api is not None:
            self._api.shutdown()
        if self._moto is not None:
            self._moto.stop()


def start_aws(moto_port: int | None = None) -> tuple[Any, int, stack.LocalStack]:
    """Starts moto's server with state machine execution on, and creates the stack's resources."""
    from moto.core.config import default_user_config
    from moto.server import ThreadedMotoServer

    port = moto_port or free_port()
    endpoint = f"http://127.0.0.1:{port}"
    os.environ.update(stack.aws_environment(endpoint, port))
    default_user_config["stepfunctions"] = {"execute_state_machine": True}
    lambda_seam.install()
    moto_patches.install()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    _wait_for_port(port)
    resources = stack.create(endpoint)
    os.environ.update(resources.environment())
    from bops.services.context import reset

    reset()
    return server, port, resources


def start_api(port: int | None = None) -> tuple[Any, int, threading.Thread]:
    """Serves app.py with chalice's local server, in a thread."""
    from chalice.config import Config
    from chalice.local import create_local_server

    from app import app

    api_port = port or free_port()
    config = Config(chalice_stage="dev", config_from_disk={"app_name": "bops"})
    server = create_local_server(app, config, "127.0.0.1", api_port)
    server.server.RequestHandlerClass = functools.partial(_api_handler(), app_object=app, config=config)
    thread = threading.Thread(target=server.serve_forever, name="bops-api", daemon=True)
    thread.start()
    _wait_for_port(api_port)
    return server, api_port, thread


@functools.cache
def _api_handler() -> type:
    """Chalice's request handler, taking every method: http.server answers a method its handler has no
    ``do_`` for (TRACE, QUERY, ...) with an HTML 501 itself; passed to Chalice, it gets the API's JSON 405
    naming the methods the path takes, as any other method the path lacks."""
    from chalice.local import ChaliceRequestHandler

    class ApiHandler(ChaliceRequestHandler):
        def __getattr__(self, name: str) -> Any:
            if name.startswith("do_"):
                return self._generic_handle
            raise AttributeError(name)

    return ApiHandler


def start(moto_port: int | None = None, api_port: int | None = None, web_port: int | None = None) -> Runtime:
    """Starts moto and the API; with ``web_port``, also the site on that port (the API then on any free port)."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    # moto logs each failed state with the whole parsed state machine; the case records failures itself
    logging.getLogger("moto").setLevel(logging.CRITICAL)
    moto, mport, resources = start_aws(moto_port)
    api, aport, thread = start_api(api_port)
    runtime = Runtime(mport, aport, resources, moto, api, thread)
    from bops.config import use_public_url

    # links in emails lead where this process serves: the API alone here, the site once it is served
    use_public_url(runtime.api_url)
    if web_port is not None:
        from local import web

        runtime._web = web.serve(runtime, port=web_port)
        runtime.web_port = runtime._web.port
    return runtime


def _wait_for_port(port: int, timeout: float = 60.0) -> None:  # generous: a busy machine starts slowly
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listening on port {port}")
