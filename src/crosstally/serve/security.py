"""The server's guards: who may call it, from which page, and what a page may load.

- Bound to a loopback address, the app answers only requests whose Host is a loopback name
  (no DNS-rebinding page can reach it). Any other bind needs `CROSSTALLY_TOKEN`: the app then
  refuses to start without it, and every request must carry it, as `Authorization: Bearer
  TOKEN` or as the cookie the page sets once the token is typed into it (a token set on a
  loopback bind is required the same way).
- State-changing page forms carry a CSRF token equal to a SameSite=Strict cookie; API calls
  that change state must be JSON, carry the bearer token, or carry the `X-Crosstally-Client`
  header: none of these can be sent by another site's form. A request whose Origin is another
  site is refused outright.
- Every response carries a Content-Security-Policy: scripts and style sheets only from the app
  itself, no inline script, nothing from any other host; source text is escaped wherever it
  is shown, so no markup from a source can run.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from crosstally.errors import ConfigError

TOKEN_ENV = "CROSSTALLY_TOKEN"
TOKEN_COOKIE = "crosstally_token"
CSRF_COOKIE = "crosstally_csrf"
CSRF_FIELD = "csrf"
CLIENT_HEADER = "x-crosstally-client"
MIN_TOKEN = 16
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'")
# The self-contained HTML report, when a browser opens it from the server: its own inline
# styles, and nothing that runs.
REPORT_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY",
           "Cross-Origin-Opener-Policy": "same-origin", "Cache-Control": "no-store"}
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
OPEN_PATHS = ("/login", "/static/")


def is_loopback(host: str) -> bool:
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class Guard:
    host: str
    token: str | None

    @classmethod
    def for_bind(cls, host: str, token: str | None) -> Guard:
        """The guard for `crosstally serve --host HOST`; a ConfigError when the bind would
        expose the library without a token, or the token is too short to be a secret."""
        token = (token or "").strip() or None
        if not is_loopback(host) and token is None:
            raise ConfigError(
                f"refusing to listen on {host}: other machines could read and change your "
                f"library; set {TOKEN_ENV} to a long random secret (e.g. `export {TOKEN_ENV}="
                "$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')`), or keep "
                "the default --host 127.0.0.1")
        if token is not None and len(token) < MIN_TOKEN:
            raise ConfigError(f"{TOKEN_ENV} is {len(token)} characters; use at least "
                              f"{MIN_TOKEN} random ones")
        return cls(host, token)

    # -- checks ----------------------------------------------------------------------------

    def host_allowed(self, request: Request) -> bool:
        if self.token is not None or not is_loopback(self.host):
            return True
        return host_name(request.headers.get("host") or "").lower() in LOOPBACK_NAMES

    def authorised(self, request: Request) -> bool:
        if self.token is None:
            return True
        given = bearer(request) or request.cookies.get(TOKEN_COOKIE) or ""
        return hmac.compare_digest(given.encode(), self.token.encode())

    def token_matches(self, given: str) -> bool:
        return self.token is not None and hmac.compare_digest(given.strip().encode(),
                                                              self.token.encode())


def bearer(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    return auth[7:].strip() if auth.lower().startswith("bearer ") else None


def host_name(header: str) -> str:
    """'127.0.0.1:8000' -> '127.0.0.1'; '[::1]:8000' -> '[::1]'."""
    if header.startswith("["):
        return header[:header.find("]") + 1]
    return header.rsplit(":", 1)[0]


def cross_site(request: Request) -> bool:
    """A request another page sent: its Origin is another site, or opaque for a change."""
    origin = request.headers.get("origin")
    if not origin:
        return False
    if origin == "null":
        return request.method not in SAFE_METHODS
    return urlsplit(origin).netloc.lower() != (request.headers.get("host") or "").lower()


def api_write_allowed(request: Request) -> bool:
    """An API call that changes state, sent by a program or the app's script, not a form."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return (kind == "application/json" or CLIENT_HEADER in request.headers
            or bearer(request) is not None)


def csrf_token(request: Request) -> str:
    return request.cookies.get(CSRF_COOKIE) or request.state.new_csrf


def csrf_ok(request: Request, given: str | None) -> bool:
    cookie = request.cookies.get(CSRF_COOKIE)
    return bool(cookie and given and hmac.compare_digest(cookie.encode(), given.encode()))


def _error(status: int, message: str, api: bool) -> Response:
    if api:
        return JSONResponse({"error": message, "status": status}, status_code=status)
    return Response(f"{status}: {message}\n", status_code=status, media_type="text/plain")


Handler = Callable[[Request], Awaitable[Response]]


def middleware(guard: Guard, login_page: Callable[[Request], Response]
               ) -> Callable[[Request, Handler], Awaitable[Response]]:
    """The guard as an HTTP middleware; `login_page` answers a page request without the token
    (status 401, a form to enter it once)."""
    async def guard_request(request: Request, call_next: Handler) -> Response:
        path = request.url.path
        api = path.startswith("/api/")
        request.state.new_csrf = secrets.token_urlsafe(24)
        if not guard.host_allowed(request):
            response = _error(421, "this server answers only to 127.0.0.1 or localhost", api)
        elif cross_site(request):
            response = _error(403, "cross-site request refused", api)
        elif not guard.authorised(request) and not path.startswith(OPEN_PATHS):
            if api:
                response = _error(401, f"missing or wrong token; send Authorization: Bearer "
                                  f"${TOKEN_ENV}", True)
                response.headers["WWW-Authenticate"] = "Bearer"
            else:
                response = login_page(request)
        elif api and request.method not in SAFE_METHODS and not api_write_allowed(request):
            response = _error(403, "an API call that changes something must be JSON, or carry "
                              f"the {CLIENT_HEADER} header or a bearer token", True)
        else:
            response = await call_next(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if CSRF_COOKIE not in request.cookies:
            response.set_cookie(CSRF_COOKIE, request.state.new_csrf, httponly=True,
                                samesite="strict", path="/")
        return response

    return guard_request
