"""Request counts and latencies in the Prometheus text format, served at ``/metrics``."""

from __future__ import annotations

import hmac
import ipaddress
import time
from collections import Counter

from aiohttp import web

from portal import keys

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class Metrics:
    """Counters of one process (each web process exposes its own)."""

    def __init__(self) -> None:
        self.requests: Counter[tuple[str, str, int]] = Counter()
        self.latency_buckets: Counter[tuple[str, float]] = Counter()
        self.latency_sum: Counter[str] = Counter()
        self.latency_count: Counter[str] = Counter()

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        self.requests[(route, method, status)] += 1
        self.latency_sum[route] += seconds
        self.latency_count[route] += 1
        for bound in BUCKETS:
            if seconds <= bound:
                self.latency_buckets[(route, bound)] += 1
                break

    def exposition(self, cache_hits: int, cache_misses: int) -> str:
        lines = ["# HELP portal_requests_total HTTP requests by route, method and status.",
                 "# TYPE portal_requests_total counter"]
        for (route, method, status), n in sorted(self.requests.items()):
            lines.append(f'portal_requests_total{{route="{route}",method="{method}",status="{status}"}} {n}')
        lines += ["# HELP portal_request_seconds Time to answer a request, by route.",
                  "# TYPE portal_request_seconds histogram"]
        for route in sorted(self.latency_count):
            cumulative = 0
            for bound in BUCKETS:
                cumulative += self.latency_buckets[(route, bound)]
                lines.append(f'portal_request_seconds_bucket{{route="{route}",le="{bound}"}} {cumulative}')
            lines.append(f'portal_request_seconds_bucket{{route="{route}",le="+Inf"}} '
                         f'{self.latency_count[route]}')
            lines.append(f'portal_request_seconds_sum{{route="{route}"}} {self.latency_sum[route]:.6f}')
            lines.append(f'portal_request_seconds_count{{route="{route}"}} {self.latency_count[route]}')
        lines += ["# HELP portal_page_cache_total Anonymous page requests served from / missing the cache.",
                  "# TYPE portal_page_cache_total counter",
                  f'portal_page_cache_total{{result="hit"}} {cache_hits}',
                  f'portal_page_cache_total{{result="miss"}} {cache_misses}']
        return "\n".join(lines) + "\n"


@web.middleware
async def metrics_middleware(request: web.Request, handler):
    """Count every request under its route name (never its raw path: ids would explode the series)."""
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    finally:
        route = request.match_info.route.name or "unmatched"
        request.app[keys.METRICS].observe(route, request.method, status, time.perf_counter() - started)


def may_read_metrics(request: web.Request) -> bool:
    """True for a peer in ``METRICS_ALLOW`` or a request with ``Authorization: Bearer <METRICS_TOKEN>``.

    The peer is the one the forwarded middleware settled on: a client behind no trusted proxy
    cannot choose it with ``X-Forwarded-For``.
    """
    settings = request.app[keys.SETTINGS]
    if settings.metrics_token:
        scheme, _, sent = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(sent.strip().encode(), settings.metrics_token.encode()):
            return True
    try:
        peer = ipaddress.ip_address(request.remote or "")
    except ValueError:
        return False
    if isinstance(peer, ipaddress.IPv6Address) and peer.ipv4_mapped is not None:
        peer = peer.ipv4_mapped
    return any(peer in ipaddress.ip_network(allowed, strict=False) for allowed in settings.metrics_allow)
