"""A page's score by the HTTP Observatory's published scoring rules (MDN's
http-observatory, "Tests & Scoring"): every site starts at 100; penalties are taken off;
bonuses count only when the score without them is 90 or more. 100 and over is an A+.

Only the rules that a single response (and the plain-HTTP redirect before it) can decide
are here; each returns (result name, modifier) as the Observatory names them.
"""

import re
from urllib.parse import urlsplit

SIX_MONTHS = 15552000
MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90
DANGEROUSLY_BROAD = {"*", "http:", "https:", "ftp:", "http://*", "https://*", "ftp://*"}
UNSAFE_INLINE = {"'unsafe-inline'", "data:"}


def parse_csp(header):
    directives = {}
    for part in header.split(";"):
        words = part.strip().split()
        if words:
            directives.setdefault(words[0].lower(), list(words[1:]))
    return directives


def check_csp(headers):
    header = headers.get("Content-Security-Policy")
    if not header:
        return "csp-not-implemented", -25
    csp = parse_csp(header)
    if "default-src" not in csp and "script-src" not in csp:
        return "csp-header-invalid", -25

    def sources(name):
        return set(csp.get(name, csp.get("default-src", ["*"])))

    script, objects, style = sources("script-src"), sources("object-src"), sources("style-src")
    has_nonce_or_hash = any(re.match(r"'(nonce|sha(256|384|512))-", s) for s in script)
    unsafe_script = UNSAFE_INLINE & script if not has_nonce_or_hash else {"data:"} & script
    if unsafe_script or DANGEROUSLY_BROAD & script or DANGEROUSLY_BROAD & objects:
        return "csp-implemented-with-unsafe-inline", -20
    if "'unsafe-eval'" in script:
        return "csp-implemented-with-unsafe-eval", -10
    passive = sources("img-src") | sources("media-src")
    if any(source.startswith("http:") for source in passive):
        return "csp-implemented-with-insecure-scheme-in-passive-content-only", -10
    if (DANGEROUSLY_BROAD | UNSAFE_INLINE) & style:
        return "csp-implemented-with-unsafe-inline-in-style-src-only", 0
    if csp.get("default-src") == ["'none'"]:
        return "csp-implemented-with-no-unsafe-default-src-none", 10
    return "csp-implemented-with-no-unsafe", 5


SESSION_COOKIE_NAMES = ("session", "sessionid", "csrftoken")


def check_cookies(cookies, hsts):
    if not cookies:
        return "cookies-not-found", 0
    result = ("cookies-secure-with-httponly-sessions-and-samesite", 5)
    for name, morsel in cookies.items():
        session = any(word in name.lower() for word in SESSION_COOKIE_NAMES)
        if session and not morsel["secure"]:
            return "cookies-session-without-secure-flag", -40
        if session and not morsel["httponly"] and name != "csrftoken":
            return "cookies-session-without-httponly-flag", -30
        if name == "csrftoken" and not morsel["samesite"]:
            return "cookies-anticsrf-without-samesite-flag", -20
        if not morsel["secure"]:
            return (
                ("cookies-without-secure-flag-but-protected-by-hsts", -5)
                if hsts
                else (
                    "cookies-without-secure-flag",
                    -20,
                )
            )
        if morsel["samesite"] and morsel["samesite"].lower() not in ("lax", "strict", "none"):
            return "cookies-samesite-flag-invalid", -20
        if not morsel["samesite"]:
            result = ("cookies-secure-with-httponly-sessions", 0)
    return result


def check_cors(headers):
    allowed = headers.get("Access-Control-Allow-Origin")
    if not allowed:
        return "cross-origin-resource-sharing-not-implemented", 0
    if allowed == "*":
        return "cross-origin-resource-sharing-implemented-with-public-access", 0
    return "cross-origin-resource-sharing-implemented-with-universal-access", -50


def check_redirection(http_response, host):
    """The first answer to the same address over plain HTTP."""
    if http_response.status_code not in (301, 302, 307, 308):
        return "redirection-missing", -20
    target = urlsplit(http_response["Location"])
    if target.scheme != "https":
        return "redirection-not-to-https", -20
    if target.hostname != host:
        return "redirection-off-host-from-http", -5
    return "redirection-to-https", 0


def check_referrer_policy(headers):
    value = headers.get("Referrer-Policy")
    if not value:
        return "referrer-policy-not-implemented", 0
    last = value.split(",")[-1].strip().lower()
    if last in ("no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"):
        return "referrer-policy-private", 5
    if last == "no-referrer-when-downgrade":
        return "referrer-policy-no-referrer-when-downgrade", 0
    if last in ("origin", "origin-when-cross-origin", "unsafe-url"):
        return "referrer-policy-unsafe", -5
    return "referrer-policy-header-invalid", -5


def check_hsts(headers):
    value = headers.get("Strict-Transport-Security")
    if not value:
        return "hsts-not-implemented", -20
    match = re.search(r"max-age=(\d+)", value, re.IGNORECASE)
    if not match:
        return "hsts-header-invalid", -20
    if int(match.group(1)) < SIX_MONTHS:
        return "hsts-implemented-max-age-less-than-six-months", -10
    return "hsts-implemented-max-age-at-least-six-months", 0


def check_sri(html, host):
    scripts = re.findall(r"<script\b[^>]*\bsrc=[\"']([^\"']+)[\"'][^>]*>", html)
    if not scripts:
        return "sri-not-implemented-but-no-scripts-loaded", 0
    external = [src for src in scripts if urlsplit(src).netloc not in ("", host)]
    if not external:
        return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0
    if any(src.startswith("http:") for src in external):
        return "sri-not-implemented-and-external-scripts-not-loaded-securely", -50
    return "sri-not-implemented-but-external-scripts-loaded-securely", -5


def check_x_content_type_options(headers):
    value = headers.get("X-Content-Type-Options")
    if not value:
        return "x-content-type-options-not-implemented", -5
    if value.strip().lower() == "nosniff":
        return "x-content-type-options-nosniff", 0
    return "x-content-type-options-header-invalid", -5


def check_x_frame_options(headers):
    csp = parse_csp(headers.get("Content-Security-Policy", ""))
    ancestors = csp.get("frame-ancestors")
    if ancestors and not DANGEROUSLY_BROAD & set(ancestors):
        return "x-frame-options-implemented-via-csp", 5
    value = (headers.get("X-Frame-Options") or "").upper()
    if not value:
        return "x-frame-options-not-implemented", -20
    if value in ("DENY", "SAMEORIGIN"):
        return "x-frame-options-sameorigin-or-deny", 0
    return "x-frame-options-header-invalid", -20


def check_cross_origin_resource_policy(headers):
    value = headers.get("Cross-Origin-Resource-Policy")
    if not value:
        return "corp-not-implemented", 0
    if value.strip().lower() in ("same-origin", "same-site", "cross-origin"):
        return f"corp-implemented-with-{value.strip().lower()}", 0
    return "corp-header-invalid", -5


def grade(response, http_response, host):
    """(score, {test: result}) for one page."""
    headers = response.headers
    hsts = "Strict-Transport-Security" in headers
    html = response.content.decode(errors="replace") if hasattr(response, "content") else ""
    results = {
        "content-security-policy": check_csp(headers),
        "cookies": check_cookies(response.cookies, hsts),
        "cross-origin-resource-sharing": check_cors(headers),
        "redirection": check_redirection(http_response, host),
        "referrer-policy": check_referrer_policy(headers),
        "strict-transport-security": check_hsts(headers),
        "subresource-integrity": check_sri(html, host),
        "x-content-type-options": check_x_content_type_options(headers),
        "x-frame-options": check_x_frame_options(headers),
        "cross-origin-resource-policy": check_cross_origin_resource_policy(headers),
    }
    modifiers = [modifier for _result, modifier in results.values()]
    score = 100 + sum(modifier for modifier in modifiers if modifier < 0)
    if score >= MINIMUM_SCORE_FOR_EXTRA_CREDIT:
        score += sum(modifier for modifier in modifiers if modifier > 0)
    return max(score, 0), {test: result for test, (result, _modifier) in results.items()}
