"""The officer front end locally, on one origin, as CloudFront serves it in AWS.

A small threaded HTTP server that
- serves the built static site (``frontend/dist``) with the same strict security headers as CloudFront,
- serves ``/config.json`` (where Cognito is, the client id, the uploads origin),
- proxies ``/api/*`` to the Chalice server on its internal port, and
- proxies ``/cognito`` to moto's Cognito endpoint, for the sign-in calls a browser makes (only those:
  moto checks no credentials, and the public port must not offer its admin API), and
- offers the demo clock at ``/local/clock`` (the local run only; nothing like it exists in AWS): ``GET``
  tells the system's date, ``POST {"days": n}`` moves the whole system n days after today (0 puts it
  back), so a demo can watch a consultation end or a case go overdue. Only JSON is accepted, so another
  web page cannot move it (a cross-origin JSON POST needs a preflight, which is not answered).

Uploads do not pass through here: the browser posts them straight to S3 (moto), as in AWS, so the
Content-Security-Policy names the S3 origin in ``connect-src``.
"""

from __future__ import annotations

import http.client
import json
import logging
import mimetypes
import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

logger = logging.getLogger("bops.local.web")

ROOT = Path(__file__).resolve().parents[1]
FRONTEND = ROOT / "frontend"
DIST = FRONTEND / "dist"

MAX_CLOCK_DAYS = 400  # the demo clock moves forward at most this far
MAX_PROXY_BODY = 12 * 1024 * 1024  # the API's largest body (an ODP submission) is well under this
PROXY_TIMEOUT = 60
# The Cognito calls a signed-out or signed-in browser makes; nothing else reaches moto from here.
COGNITO_TARGETS = frozenset(
    f"AWSCognitoIdentityProviderService.{name}"
    for name in ("InitiateAuth", "RespondToAuthChallenge", "GlobalSignOut", "RevokeToken", "GetUser")
)
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailers",
        "transfer-encoding",
        "upgrade",
        "server",
        "date",
        "content-length",
    }
)
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ico": "image/x-icon",
    ".png": "image/png",
    ".map": "application/json",
}
NOT_BUILT = (
    b"<!DOCTYPE html><html lang=en><title>BoPS</title><h1>The front end is not built</h1>"
    b"<p>Run <code>cd frontend &amp;&amp; npm ci &amp;&amp; npm run build</code>, then reload. "
    b"The API is at <a href=/api/v1/openapi.json>/api/v1/openapi.json</a>.</p></html>"
)


def content_security_policy(uploads_origin: str | None) -> str:
    """The site's CSP: nothing inline, nothing from elsewhere except uploads to storage."""
    connect = " ".join(filter(None, ["'self'", uploads_origin]))
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            f"connect-src {connect}",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
        ]
    )


def security_headers(uploads_origin: str | None) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(uploads_origin),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }


# --- building the front end ----------------------------------------------------------------------
class FrontendUnavailable(RuntimeError):
    """The front end is not built and cannot be (no npm)."""


def _newest(paths: list[Path]) -> float:
    newest = 0.0
    for path in paths:
        if path.is_dir():
            newest = max([newest, *(p.stat().st_mtime for p in path.rglob("*") if p.is_file())])
        elif path.exists():
            newest = max(newest, path.stat().st_mtime)
    return newest


def needs_build(frontend: Path = FRONTEND) -> bool:
    built = frontend / "dist" / "index.html"
    if not built.exists():
        return True
    # the ODP file types' names come from the API's data file (build.mjs writes js/file-types.js of it)
    file_types = frontend.parent / "layers" / "bops" / "python" / "bops" / "domain" / "data" / "file_types.json"
    sources = [frontend / "src", frontend / "build.mjs", frontend / "package-lock.json", file_types]
    return _newest(sources) > built.stat().st_mtime


def build_frontend(frontend: Path = FRONTEND, *, force: bool = False, quiet: bool = False) -> Path:
    """Builds ``frontend/dist`` when it is missing or older than its sources (``npm ci``, ``npm run build``)."""
    if not force and not needs_build(frontend):
        return frontend / "dist"
    npm = shutil.which("npm")
    if npm is None:
        raise FrontendUnavailable("npm is not installed: install Node.js 20 to build the front end")
    output = subprocess.DEVNULL if quiet else None
    installed = frontend / "node_modules" / ".package-lock.json"
    lock = frontend / "package-lock.json"
    if not installed.exists() or lock.stat().st_mtime > installed.stat().st_mtime:
        # --ignore-scripts: no dependency needs an install script (sass's optional file watcher is unused)
        subprocess.run(  # noqa: S603 — a fixed command
            [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=frontend, check=True, stdout=output
        )
    subprocess.run([npm, "run", "build"], cwd=frontend, check=True, stdout=output)  # noqa: S603
    return frontend / "dist"


# --- the server ----------------------------------------------------------------------------------
def _is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "bops-local"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s " + format, self.address_string(), *args)

    # routing
    def do_GET(self) -> None:
        self._route()

    def do_HEAD(self) -> None:
        self._route()

    def do_POST(self) -> None:
        self._route()

    def do_PUT(self) -> None:
        self._route()

    def do_PATCH(self) -> None:
        self._route()

    def do_DELETE(self) -> None:
        self._route()

    def do_OPTIONS(self) -> None:
        self._route()

    def __getattr__(self, name: str) -> Any:
        # A method http.server has no do_ for (TRACE, QUERY, ...) on the API's paths is the API's to answer:
        # a 405 naming the methods the path takes, as for any other method it lacks. Elsewhere: send_error's 501.
        if name.startswith("do_") and _is_api(urlsplit(self.__dict__.get("path", "")).path):
            return self._route
        raise AttributeError(name)

    def _route(self) -> None:
        path = urlsplit(self.path).path
        try:
            if _is_api(path):
                self._proxy(self.server.api_url, self.path)
            elif path == "/cognito":
                self._cognito()
            elif path == "/local/clock" and self.server.clock is not None:
                self._clock()
            elif not self._only_get():
                return
            elif path == "/config.json":
                self._send(200, json.dumps(self.server.config).encode(), "application/json")
            else:
                self._static(path)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _clock(self) -> None:
        from datetime import UTC, datetime, timedelta

        clock = self.server.clock
        if self.command == "POST":
            body = self._body()
            if body is None:
                return
            try:
                if (self.headers.get("Content-Type") or "").split(";")[0].strip() != "application/json":
                    raise ValueError("Content-Type must be application/json")
                days = json.loads(body or b"{}").get("days")
                if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_CLOCK_DAYS:
                    raise ValueError(f"days must be a whole number from 0 to {MAX_CLOCK_DAYS}")
            except (ValueError, AttributeError) as error:
                message = {"error": {"code": "invalid_request", "message": str(error), "fields": [{"path": "days"}]}}
                self._send(422, json.dumps(message).encode(), "application/json")
                return
            clock.travel_to(datetime.now(UTC) + timedelta(days=days))
        elif self.command not in ("GET", "HEAD"):
            self._error(
                405, "method_not_allowed", f"The clock does not take {self.command}", {"Allow": "GET, HEAD, POST"}
            )
            return
        days = round(clock.offset / timedelta(days=1))
        now = clock.now()
        self._send(200, json.dumps({"now": now.isoformat(), "days_ahead": days}).encode(), "application/json")

    def _only_get(self) -> bool:
        if self.command in ("GET", "HEAD"):
            return True
        self._error(405, "method_not_allowed", f"This path does not take {self.command}", {"Allow": "GET, HEAD"})
        return False

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own answers (an unknown method such as TRACE or QUERY: 501; a malformed request:
        400) in the API's JSON error envelope, not its HTML page."""
        phrase = self.responses.get(code, ("Error", ""))[0]
        self.close_connection = True  # the request's body, if any, was not read: the connection is done
        self._error(
            code, phrase.lower().replace(" ", "_").replace("-", "_"), message or phrase, {"Connection": "close"}
        )

    def _error(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        body = json.dumps({"error": {"code": code, "message": message}}).encode()
        self._send(status, body, "application/json", headers)

    # responses
    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in {**self.server.headers, **(headers or {})}.items():
            self.send_header(name, value)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _static(self, path: str) -> None:
        dist = self.server.dist
        if not (dist / "index.html").exists():
            self._send(503, NOT_BUILT, "text/html; charset=utf-8")
            return
        relative = path.lstrip("/") or "index.html"
        target = (dist / relative).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(dist) or not target.is_file():
            self._send(404, (dist / "404.html").read_bytes(), "text/html; charset=utf-8", {"Cache-Control": "no-cache"})
            return
        content_type = CONTENT_TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0]
        # Locally every file is revalidated, so an edit and a rebuild show at once.
        self._send(200, target.read_bytes(), content_type or "application/octet-stream", {"Cache-Control": "no-cache"})

    def _body(self) -> bytes | None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_PROXY_BODY:
            self._send(413, b'{"error": {"code": "payload_too_large", "message": "Too large"}}', "application/json")
            return None
        return self.rfile.read(length) if length else b""

    def _proxy(self, upstream: str, path: str, extra: dict[str, str] | None = None) -> None:
        body = self._body()
        if body is None:
            return
        target = urlsplit(upstream)
        headers = {
            name: value
            for name, value in self.headers.items()
            if name.lower() in ("authorization", "content-type", "accept", "x-amz-target")
        }
        headers.update(extra or {})
        connection = http.client.HTTPConnection(target.hostname or "127.0.0.1", target.port, timeout=PROXY_TIMEOUT)
        try:
            connection.request(
                self.command, path, body=body if self.command not in ("GET", "HEAD") else None, headers=headers
            )
            response = connection.getresponse()
            data = response.read()
        except OSError as error:
            logger.warning("upstream %s failed: %s", upstream, error)
            self._send(
                502, b'{"error": {"code": "bad_gateway", "message": "The API is not answering"}}', "application/json"
            )
            return
        finally:
            connection.close()
        passed = {k: v for k, v in response.getheaders() if k.lower() not in HOP_BY_HOP and k.lower() != "content-type"}
        self._send(response.status, data, response.getheader("Content-Type") or "application/octet-stream", passed)

    def _cognito(self) -> None:
        if self.command != "POST" or self.headers.get("X-Amz-Target") not in COGNITO_TARGETS:
            self._send(
                403,
                b'{"__type": "AccessDeniedException", "message": "Only sign-in calls are served here"}',
                "application/x-amz-json-1.1",
            )
            return
        self._proxy(self.server.cognito_url, "/")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int],
        *,
        dist: Path,
        api_url: str,
        cognito_url: str,
        config: dict[str, Any],
        uploads_origin: str | None,
        clock: Any = None,
    ) -> None:
        super().__init__(address, _Handler)
        self.clock = clock
        self.dist = dist.resolve()
        self.api_url = api_url
        self.cognito_url = cognito_url
        self.config = config
        self.headers = security_headers(uploads_origin)


class WebServer:
    """The site on ``http://host:port``: static files, /config.json, /api and /cognito proxies."""

    def __init__(
        self,
        *,
        api_url: str,
        cognito_url: str,
        client_id: str,
        region: str,
        uploads_origin: str | None,
        dist: Path = DIST,
        host: str = "127.0.0.1",
        port: int = 0,
        clock: Any = None,
    ) -> None:
        config = {
            "api": "",
            "cognito": {"endpoint": "/cognito", "client_id": client_id, "region": region},
            "uploads_origin": uploads_origin,
        }
        self._server = _Server(
            (host, port),
            dist=dist,
            api_url=api_url,
            cognito_url=cognito_url,
            config=config,
            uploads_origin=uploads_origin,
            clock=clock,
        )
        self._thread = threading.Thread(target=self._server.serve_forever, name="bops-web", daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> WebServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def serve(runtime: Any, *, port: int = 0, dist: Path = DIST) -> WebServer:
    """Starts the site in front of a running local stack (``local.runtime.Runtime``), with the demo clock
    when the system runs on a movable clock (``BOPS_CLOCK=offset``, as the local stack sets)."""
    from bops.config import use_public_url
    from bops.domain.time import OffsetClock
    from bops.services.context import context

    clock = context().clock
    resources = runtime.resources
    server = WebServer(
        api_url=runtime.internal_api_url,
        cognito_url=resources.endpoint_url,
        client_id=resources.client_id,
        region=resources.region,
        uploads_origin=origin(resources.endpoint_url),
        dist=dist,
        port=port,
        clock=clock if isinstance(clock, OffsetClock) else None,
    ).start()
    # links in emails and letters lead to the site as served, on whatever port it was given
    use_public_url(server.url)
    return server
