"""The token protects every route: bearer for the API, a signed session cookie for pages."""

from __future__ import annotations

import hashlib
import stat
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

import pytest

from factories import SAMPLE_TEXT
from sourcecheck.errors import ConfigError
from sourcecheck.web.auth import SESSION_COOKIE, Guard, key_file_for, load_or_create_key, safe_next

TOKEN = "s3cret-token-for-tests"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
WRONG = {"Authorization": "Bearer not-the-token"}

#: The stored article of the audit of SAMPLE_TEXT (its sha256).
ARTICLE = hashlib.sha256(SAMPLE_TEXT.encode()).hexdigest()
#: (method, path) of every route; ``{id}`` is a stored audit, ``{article}`` its article.
ROUTES = [
    ("GET", "/"),
    ("GET", "/audits"),
    ("GET", "/audits?page=2"),
    ("GET", "/audits/{id}"),
    ("GET", "/audits/{id}?all=1"),
    ("GET", "/audits/{id}/report.json"),
    ("GET", "/audits/{id}/report.md"),
    ("GET", "/audits/{id}/report.html"),
    ("GET", "/audits/{id}/claimreview.json"),
    ("GET", "/docs"),
    ("GET", "/openapi.json"),
    ("POST", "/audits"),
    ("GET", "/api/v1/audits"),
    ("GET", "/api/v1/audits/{id}"),
    ("POST", "/api/v1/audits"),
    ("GET", "/store"),
    ("GET", "/store?status=contradicted&page=1"),
    ("GET", "/store/articles/{article}"),
    ("GET", "/store/articles/{article}/report.json"),
    ("GET", "/api/store/findings"),
    ("GET", "/api/store/findings?speaker=Ada+Quill"),
    ("GET", "/api/store/articles/{article}"),
    ("GET", "/api/store/stats"),
    ("GET", "/nope"),
]
PUBLIC = [("GET", "/healthz"), ("GET", "/static/app.css"), ("GET", "/signin")]


def _signed_in(client: Any) -> None:
    response = client.post_form("/signin", {"token": TOKEN, "next": "/"}, token_from="/signin")
    assert response.status_code == 303, response.text
    assert client.cookies.get(SESSION_COOKIE)


@pytest.fixture
def secured(make_client: Any) -> tuple[Any, str]:
    client = make_client(api_token=TOKEN)
    created = client.post("/api/v1/audits", json={"text": SAMPLE_TEXT}, headers=BEARER)
    assert created.status_code == 201
    return client, created.json()["id"]


def _call(
    client: Any, method: str, path: str, audit_id: str, auth: str, *, token: bool = True
) -> Any:
    """``path`` as a client with ``auth`` in {none, wrong, bearer, cookie} would send it."""
    path = path.replace("{id}", audit_id).replace("{article}", ARTICLE)
    headers = {"none": {}, "wrong": WRONG, "bearer": BEARER, "cookie": {}}[auth]
    if auth == "cookie":
        _signed_in(client)
    if method == "GET":
        return client.get(path, headers=headers, follow_redirects=False)
    if path == "/api/v1/audits":
        return client.post(path, json={"text": SAMPLE_TEXT}, headers=headers)
    # The form: with the token the page it came from carried (the sign-in page for
    # clients that cannot read "/").
    source = "/signin" if token and auth in ("none", "wrong") else "/"
    data = {"text": SAMPLE_TEXT, "csrf_token": client.form_token(source, headers=headers)}
    return client.post(path, data=data, headers=headers, follow_redirects=False)


def _expected(method: str, path: str, auth: str) -> int:
    api = path.startswith("/api/")
    if auth == "none":
        if api or path == "/openapi.json":
            return 401
        return 303 if method == "GET" else 401
    if auth == "wrong" or (auth == "cookie" and api):
        return 401  # the API takes the bearer token only
    if path == "/nope":
        return 404
    if method == "POST":
        return 201 if api else 303
    return 200


@pytest.mark.parametrize("auth", ["none", "wrong", "bearer", "cookie"])
@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_every_route_wants_the_token(
    secured: tuple[Any, str], method: str, path: str, auth: str
) -> None:
    client, audit_id = secured
    response = _call(client, method, path, audit_id, auth)
    expected = _expected(method, path, auth)
    assert response.status_code == expected, (method, path, auth, response.text[:300])
    if expected == 401 and (path.startswith("/api/") or path == "/openapi.json"):
        assert response.json()["error"]["code"] == "unauthorized"
        assert response.headers["www-authenticate"] == "Bearer"
    elif expected == 401:
        assert response.headers["content-type"].startswith("text/html")
        assert 'action="/signin"' in response.text  # the sign-in form, with the reason
    elif expected == 303 and method == "GET":
        target = path.replace("{id}", audit_id).replace("{article}", ARTICLE)
        assert response.headers["location"] == f"/signin?next={quote(target, safe='/')}"
    if expected in (401, 303) and method == "GET":
        assert SAMPLE_TEXT[:20] not in response.text  # nothing of the audit leaks


@pytest.mark.parametrize("auth", ["none", "wrong", "bearer", "cookie"])
@pytest.mark.parametrize(("method", "path"), PUBLIC)
def test_health_static_and_sign_in_stay_open(
    secured: tuple[Any, str], method: str, path: str, auth: str
) -> None:
    client, audit_id = secured
    response = _call(client, method, path, audit_id, auth)
    # Signed in, the sign-in page sends the browser on.
    assert response.status_code == (303 if (path, auth) == ("/signin", "cookie") else 200)


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_without_a_token_everything_is_open_as_before(
    make_client: Any, method: str, path: str
) -> None:
    client = make_client()
    audit_id = client.post("/api/v1/audits", json={"text": SAMPLE_TEXT}).json()["id"]
    response = _call(client, method, path, audit_id, "none", token=False)
    ok = {"GET": 200, "POST": 201 if path.startswith("/api/") else 303}[method]
    assert response.status_code == (404 if path == "/nope" else ok), response.text[:300]
    assert client.get("/signin").status_code == 404  # nothing to sign in to


def test_sign_in_sets_a_strict_secure_cookie_and_goes_on(secured: tuple[Any, str]) -> None:
    client, audit_id = secured
    page = client.get(f"/audits/{audit_id}", follow_redirects=False)
    assert page.status_code == 303
    form = client.get(page.headers["location"])
    assert f'name="next" value="/audits/{audit_id}"' in form.text
    data = {"token": TOKEN, "next": f"/audits/{audit_id}"}
    response = client.post_form("/signin", data, token_from=page.headers["location"])
    assert (response.status_code, response.headers["location"]) == (303, f"/audits/{audit_id}")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    for flag in ("Secure", "HttpOnly", "SameSite=strict", "Path=/", "Max-Age=43200"):
        assert flag.lower() in cookie.lower(), cookie
    assert "domain" not in cookie.lower()
    assert client.get(f"/audits/{audit_id}").status_code == 200
    # Signed in, every page offers to sign out.
    assert 'action="/signout"' in client.get("/").text


def test_wrong_token_reshows_the_form(secured: tuple[Any, str]) -> None:
    client, _ = secured
    response = client.post_form("/signin", {"token": "guess"}, token_from="/signin")
    assert response.status_code == 401
    assert "is not this server" in response.text
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")
    assert client.get("/", follow_redirects=False).status_code == 303


def test_sign_out_ends_the_session(secured: tuple[Any, str]) -> None:
    client, _ = secured
    _signed_in(client)
    response = client.post_form("/signout", {})
    assert (response.status_code, response.headers["location"]) == (303, "/signin")
    assert "max-age=0" in response.headers["set-cookie"].lower()
    assert client.get("/", follow_redirects=False).status_code == 303


def test_sign_out_needs_the_form_token(secured: tuple[Any, str]) -> None:
    client, _ = secured
    _signed_in(client)
    assert client.post("/signout", data={"csrf_token": "x"}).status_code == 403
    assert client.get("/", follow_redirects=False).status_code == 200


@pytest.mark.parametrize(
    "mangle",
    [
        lambda v: v[:-2] + ("AA" if not v.endswith("AA") else "BB"),  # signature
        lambda v: v.replace(".", ".9", 1),  # expiry changed
        lambda v: "x" + v,  # id changed
        lambda v: "garbage",
        lambda v: "",
    ],
)
def test_forged_session_cookies_are_refused(secured: tuple[Any, str], mangle: Any) -> None:
    client, _ = secured
    _signed_in(client)
    value = client.cookies.get(SESSION_COOKIE)
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, mangle(value))
    assert client.get("/", follow_redirects=False).status_code == 303


def test_a_session_from_another_key_or_token_is_refused(tmp_path: Path) -> None:
    key = b"k" * 64
    guard = Guard("tok", key, None, 60)
    value = guard.new_session()

    conn: Any = SimpleNamespace(cookies={SESSION_COOKIE: value})
    assert guard.session_id(conn) is not None
    assert Guard("tok", b"j" * 64, None, 60).session_id(conn) is None
    assert Guard("new-tok", key, None, 60).session_id(conn) is None


def test_sessions_expire(monkeypatch: pytest.MonkeyPatch) -> None:
    guard = Guard("tok", b"k" * 64, None, 60)
    value = guard.new_session()

    conn: Any = SimpleNamespace(cookies={SESSION_COOKIE: value})
    assert guard.session_id(conn) is not None
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 61)
    assert guard.session_id(conn) is None


def test_key_file(tmp_path: Path) -> None:
    path = key_file_for(tmp_path / "audits.sqlite")
    assert path == tmp_path / "audits.sqlite.session-key"
    key = load_or_create_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(key) == 64
    assert load_or_create_key(path) == key  # kept, not regenerated
    path.chmod(0o644)
    with pytest.raises(ConfigError, match="chmod 600"):
        load_or_create_key(path)
    path.chmod(0o600)
    path.write_text("short")
    with pytest.raises(ConfigError, match="delete it"):
        load_or_create_key(path)


def test_sessions_survive_a_restart_with_the_kept_key(make_client: Any, tmp_path: Path) -> None:
    db = tmp_path / "kept.sqlite"
    first = make_client(api_token=TOKEN, db_path=db)
    _signed_in(first)
    value = first.cookies.get(SESSION_COOKIE)
    assert key_file_for(db).is_file()
    second = make_client(api_token=TOKEN, db_path=db)
    second.cookies.set(SESSION_COOKIE, value)
    assert second.get("/", follow_redirects=False).status_code == 200


def test_session_key_setting_is_used_and_checked(make_client: Any, tmp_path: Path) -> None:
    db = tmp_path / "set.sqlite"
    client = make_client(api_token=TOKEN, db_path=db, session_key="k" * 40)
    _signed_in(client)
    assert not key_file_for(db).exists()
    with pytest.raises(ConfigError, match="fewer than 32"):
        make_client(api_token=TOKEN, session_key="short")


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/audits/x?all=1", "/audits/x?all=1"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example/", "/"),
        ("", "/"),
        ("/a\r\nSet-Cookie: x=1", "/"),
    ],
)
def test_next_stays_on_this_server(target: str, expected: str) -> None:
    assert safe_next(target) == expected


def test_sign_in_never_redirects_off_site(secured: tuple[Any, str]) -> None:
    client, _ = secured
    data = {"token": TOKEN, "next": "//evil.example/x"}
    response = client.post_form("/signin", data, token_from="/signin")
    assert response.headers["location"] == "/"
