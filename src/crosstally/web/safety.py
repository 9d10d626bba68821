"""Which URLs crosstally may fetch, how long a server may hold a request, and how a URL is
shown without its credentials.

A URL is refused when its scheme is not http/https, or when its host is, or resolves to, an
address that is not public: loopback, private (RFC 1918, unique-local), link-local, cloud
metadata (169.254.169.254 and friends), shared, reserved or multicast; an IPv6 address that
carries an IPv4 one (mapped, compatible, SIIT, NAT64, 6to4, Teredo) is judged by that IPv4
too. The fetcher checks every hop of a redirect chain after DNS resolution (`check_address`),
and `GuardedTransport` checks the address again at the moment each TCP connection is made, so a
name that resolves to a public address for the check and to 127.0.0.1 for the connection ("DNS
rebinding") is refused too. `--allow-private` switches both off.

httpx's timeouts bound each socket operation, not a whole request, so a server sending one
byte a second is never stopped by them. Inside `deadline(seconds)`, connections from a
`DeadlineTransport` (`GuardedTransport` is one) shorten every connect, TLS handshake, write
and read to the time left, and raise `DeadlinePassed` once it is gone.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpcore
import httpx

from crosstally.errors import SourceError

ALLOWED_SCHEMES = ("http", "https")
Resolver = Callable[[str, int], list[str]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
SocketOption = (tuple[int, int, int] | tuple[int, int, bytes | bytearray]
                | tuple[int, int, None, int])

METADATA = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean
    "169.254.170.2",    # AWS ECS task metadata
    "fd00:ec2::254",    # AWS over IPv6
    "100.100.100.200",  # Alibaba Cloud
))
LOOPBACK6, UNSPECIFIED6 = ipaddress.IPv6Address("::1"), ipaddress.IPv6Address("::")
# IPv6 ranges whose last 32 bits are an IPv4 address, and how to name the form in a message
LAST_32_BITS = {
    ipaddress.ip_network("::ffff:0:0/96"): "an IPv4-mapped IPv6 address",
    ipaddress.ip_network("::/96"): "an IPv4-compatible IPv6 address",
    ipaddress.ip_network("::ffff:0:0:0/96"): "an SIIT IPv6 address",
    ipaddress.ip_network("64:ff9b::/96"): "a NAT64 IPv6 address",
    ipaddress.ip_network("64:ff9b:1::/48"): "a local-use NAT64 IPv6 address",
}
LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")  # RFC 8215: never public, whatever inside
# Forms that reach their IPv4 address and nothing else: public when that address is public
TRANSLATED = tuple(ipaddress.ip_network(n) for n in (
    "::ffff:0:0/96", "::/96", "::ffff:0:0:0/96", "64:ff9b::/96", "2002::/16", "2001::/32"))
SENSITIVE_PARAMS = frozenset((
    "key", "api_key", "apikey", "api-key", "access_token", "accesstoken", "token", "auth",
    "password", "passwd", "pwd", "secret", "client_secret", "signature", "sig",
    "x-amz-signature", "x-amz-credential", "x-amz-security-token", "session", "sessionid",
))
HOW_TO_ALLOW = ("crosstally does not fetch from loopback, private, link-local or cloud-metadata "
                "addresses; if you trust this address, pass --allow-private")


class UrlRefused(SourceError):
    """A URL crosstally will not fetch: a scheme other than http/https, or a non-public address."""


def system_resolver(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, in the resolver's order, each once."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: list[str] = []
    for *_, sockaddr in infos:
        ip = str(sockaddr[0]).split("%")[0]  # drop an IPv6 zone id
        if ip not in seen:
            seen.append(ip)
    return seen


def address_problem(ip: str | IPAddress) -> str | None:
    """Why `ip` may not be fetched from ('a loopback address'), or None if it is public.

    An IPv6 address that carries an IPv4 address (mapped, compatible, SIIT, NAT64, 6to4,
    Teredo) is judged by the IPv4 address it leads to as well as by its own range."""
    addr = ipaddress.ip_address(ip) if isinstance(ip, str) else ip
    if isinstance(addr, ipaddress.IPv6Address) and addr not in (LOOPBACK6, UNSPECIFIED6):
        for inner, form in embedded_ipv4(addr):
            if problem := address_problem(inner):
                return f"{problem} ({inner} as {form})"
        if any(addr in net for net in TRANSLATED):
            return None  # the IPv4 address it leads to is public
        if addr in LOCAL_NAT64:
            return "a local-use NAT64 address (RFC 8215), not public"
    if addr in METADATA:
        return "a cloud metadata address"
    if addr.is_loopback:
        return "a loopback address"
    if addr.is_link_local:
        return "a link-local address"
    if addr.is_unspecified:
        return "the unspecified address"
    if addr.is_multicast:
        return "a multicast address"
    if addr.is_private or getattr(addr, "is_site_local", False):  # fec0::/10, retired
        return "a private address"
    if addr.is_reserved or not addr.is_global:
        return "a reserved, non-public address"
    return None


def embedded_ipv4(addr: ipaddress.IPv6Address) -> list[tuple[ipaddress.IPv4Address, str]]:
    """The IPv4 addresses an IPv6 address leads to, each with the name of its form."""
    found = [(ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF), form)
             for net, form in LAST_32_BITS.items() if addr in net]
    if addr.sixtofour:
        found.append((addr.sixtofour, "a 6to4 IPv6 address"))
    if addr.teredo:
        server, client = addr.teredo
        found += [(server, "a Teredo server"), (client, "a Teredo client")]
    return found


def parse_url(url: str) -> httpx.URL:
    """`url` parsed; UrlRefused unless it is an absolute http(s) URL with a host."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as err:
        raise UrlRefused(f"{redact(url)}: not a valid URL ({err})") from err
    if parsed.scheme not in ALLOWED_SCHEMES:
        raise UrlRefused(f"{redact(url)}: refused: only http and https URLs are fetched, "
                         f"not {parsed.scheme or 'a URL without a scheme'}")
    if not parsed.host:
        raise UrlRefused(f"{redact(url)}: not a valid URL (no host name)")
    return parsed


def check_address(url: httpx.URL, resolve: Resolver = system_resolver) -> None:
    """Raise UrlRefused if the URL's host is, or resolves to, a non-public address."""
    host = url.host
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        ips = [host] if _is_ip(host) else resolve(host, port)
    except OSError as err:
        raise SourceError(f"{redact(str(url))}: cannot resolve host {host} "
                          f"({err.strerror or err}); check the address and your network") from err
    for ip in ips:
        if problem := address_problem(ip):
            where = f"{host} is {problem}" if ip == host else f"{host} resolves to {ip}, {problem}"
            raise UrlRefused(f"{redact(str(url))}: refused: {where}; {HOW_TO_ALLOW}")


def redact(url: str) -> str:
    """`url` without user:password and with secret-looking query values masked."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(an unparseable URL)"
    netloc = parts.netloc.rsplit("@", 1)[-1]
    query = parts.query
    pairs = parse_qsl(query, keep_blank_values=True)
    if any(k.lower() in SENSITIVE_PARAMS for k, _ in pairs):
        query = urlencode([(k, "REDACTED" if k.lower() in SENSITIVE_PARAMS else v)
                           for k, v in pairs])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def canonical_url(url: str) -> str:
    """The form a URL is stored, cached and cited under: lower-case scheme and host, no default
    port, no fragment, no credentials, secret-looking query values masked."""
    parsed = httpx.URL(url)
    port = parsed.port
    if port == {"http": 80, "https": 443}.get(parsed.scheme):
        port = None
    host = f"[{parsed.host}]" if ":" in parsed.host else parsed.host
    netloc = host if port is None else f"{host}:{port}"
    path = parsed.raw_path.decode("ascii").split("?")[0] or "/"
    query = parsed.query.decode("ascii")
    return redact(urlunsplit((parsed.scheme, netloc, path, query, "")))


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class AddressRefused(httpcore.ConnectError):
    """Raised inside the transport; httpx re-raises it as httpx.ConnectError with this message."""


class GuardedBackend(httpcore.SyncBackend):
    """Connects only to public addresses, resolving the name itself and dialling the IP."""

    def __init__(self, resolve: Resolver = system_resolver) -> None:
        self._resolve = resolve

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[SocketOption] | None = None,
                    ) -> httpcore.NetworkStream:
        try:
            ips = [host] if _is_ip(host) else self._resolve(host, port)
        except OSError as err:
            raise httpcore.ConnectError(f"cannot resolve host {host} ({err})") from err
        for ip in ips:
            if problem := address_problem(ip):
                raise AddressRefused(f"refused at connect time: {host} resolves to {ip}, "
                                     f"{problem}; {HOW_TO_ALLOW}")
        last: Exception = httpcore.ConnectError(f"no address for {host}")
        for ip in ips:
            try:
                return super().connect_tcp(ip, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as err:
                last = err
        raise last


# When the request being made in this thread (context) must be over, on time.monotonic()'s clock
_deadline: ContextVar[float | None] = ContextVar("crosstally_request_deadline", default=None)


class DeadlinePassed(httpcore.TimeoutException):
    """The request's total time (connect, headers and body together) ran out; httpx re-raises
    it as httpx.TimeoutException with this as its cause."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Network operations on `DeadlineTransport` connections made inside this block, in this
    thread, all end within `seconds` from now."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


@contextmanager
def _time_left(timeout: float | None) -> Iterator[float | None]:
    """`timeout` shortened to the time left before the deadline; DeadlinePassed when there is
    none left, or when an operation shortened that way times out."""
    end = _deadline.get()
    if end is None:
        yield timeout
        return
    left = end - time.monotonic()
    if left <= 0:
        raise DeadlinePassed("the request's total time ran out")
    try:
        yield left if timeout is None else min(timeout, left)
    except httpcore.TimeoutException as err:
        if timeout is None or left < timeout:
            raise DeadlinePassed("the request's total time ran out") from err
        raise


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose every operation ends by the deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        with _time_left(timeout) as left:
            return self._stream.read(max_bytes, left)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        with _time_left(timeout) as left:
            self._stream.write(buffer, left)

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        with _time_left(timeout) as left:
            return DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, left))

    def get_extra_info(self, info: str) -> object:
        return self._stream.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """`backend`, with connecting and every later operation held to the deadline."""

    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[SocketOption] | None = None,
                    ) -> httpcore.NetworkStream:
        with _time_left(timeout) as left:
            return DeadlineStream(self._backend.connect_tcp(host, port, left, local_address,
                                                            socket_options))

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[SocketOption] | None = None,
                            ) -> httpcore.NetworkStream:  # pragma: no cover - not used
        with _time_left(timeout) as left:
            return DeadlineStream(self._backend.connect_unix_socket(path, left, socket_options))

    def sleep(self, seconds: float) -> None:  # pragma: no cover - HTTP/2 only
        self._backend.sleep(seconds)


class DeadlineTransport(httpx.HTTPTransport):
    """httpx's transport, dialling through `backend`, each request held to `deadline()`.

    Proxies from the environment are not used with this transport.
    """

    def __init__(self, backend: httpcore.NetworkBackend | None = None) -> None:
        super().__init__()
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(), max_connections=100,
            max_keepalive_connections=20, keepalive_expiry=5.0,
            network_backend=DeadlineBackend(backend or httpcore.SyncBackend()))


class GuardedTransport(DeadlineTransport):
    """A DeadlineTransport whose connection pool dials only public addresses.

    TLS still verifies the certificate against the host name: only the TCP connection goes to
    the checked IP.
    """

    def __init__(self, resolve: Resolver = system_resolver) -> None:
        super().__init__(GuardedBackend(resolve))
