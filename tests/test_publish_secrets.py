"""No credential in any message, whatever a server echoes back, wherever.

Fake servers on 127.0.0.1 (``test_publish.fake_server``) quote the
credentials they were sent in each place an answer can carry text: a long
body, the status line's reason phrase, a header (Location, WWW-Authenticate),
and the body again HTML-, JSON- and URL-escaped. Every message must then be
free of every fragment of every form of the secret, and still say something
(the ``***`` that stands in for it).
"""
from __future__ import annotations

import base64
import html
import json
import re
from urllib.parse import quote, quote_plus

import pytest

from gloss_graph import publish as pub
from test_publish import SMALL_TTL, assert_one_line, fake_server, read_body, record
from test_publish_cli import assert_clean_failure, gloss_graph

# Long (more than MESSAGE_LIMIT) and full of characters that HTML, JSON and
# URLs escape. A token is printable ASCII; the password is not, but stays
# within Latin-1 so that it can travel in a status line or header.
TOKEN = "Tok/en+a&b\"c<d>'e=" + "9f8e7d6c5b4a3f2e1d0c" * 15
PASSWORD = "pä/ss wörd&<1>\"'+%" + "a1b2c3d4e5f6a7b8c9d0" * 12
USER = "alice"
BASIC_PAIR = pub._basic_pair(USER, PASSWORD)

CREDENTIALS = {
    "bearer": ({pub.ENV_TOKEN: TOKEN}, TOKEN),
    "basic": ({pub.ENV_USER: USER, pub.ENV_PASSWORD: PASSWORD}, PASSWORD),
}


def escaped_forms(secret: str) -> dict[str, str]:
    """The secret as servers echo it."""
    return {
        "raw": secret,
        "html": html.escape(secret),
        "html-numeric": "".join(f"&#{ord(c)};" if not c.isalnum() else c for c in secret),
        "json": json.dumps(secret)[1:-1],
        "json-ascii-upper-hex": re.sub(r"\\u([0-9a-f]{4})", lambda m: "\\u" + m[1].upper(),
                                       json.dumps(secret, ensure_ascii=True)[1:-1]),
        # Go's encoding/json escapes <, > and & as \u003c, \u003e, \u0026.
        "json-go": json.dumps(secret, ensure_ascii=False)[1:-1]
        .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"),
        "quote": quote(secret),
        "quote-all": quote(secret, safe=""),
        "quote-lower-hex": re.sub(r"%[0-9A-F]{2}", lambda m: m[0].lower(), quote(secret, safe="")),
        "quote_plus": quote_plus(secret),
        "html-of-quote_plus": html.escape(quote_plus(secret)),
        "latin-1-mojibake": secret.encode("utf-8").decode("latin-1"),
    }


def leaks(message: str, *secrets: str, width: int = 10) -> list[str]:
    """Every ``width``-character piece of any form of the secrets found in
    ``message``: a cut-off secret leaks as surely as a whole one."""
    found = []
    for secret in secrets:
        for name, form in escaped_forms(secret).items():
            for start in range(len(form) - width + 1):
                piece = form[start:start + width]
                if piece in message:
                    found.append(f"{name}: {piece!r}")
    return found


# --- redact, the function ------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(CREDENTIALS))
@pytest.mark.parametrize("form", sorted(escaped_forms("x")))
def test_every_escaped_form_of_a_secret_is_redacted(kind, form):
    env, secret = CREDENTIALS[kind]
    text = f"before {escaped_forms(secret)[form]} after"
    assert pub.redact(text, pub._secrets(env)) == "before *** after"


def test_the_basic_auth_pair_and_its_escapes_are_redacted():
    secrets = pub._secrets({pub.ENV_USER: USER, pub.ENV_PASSWORD: PASSWORD})
    for form in escaped_forms(BASIC_PAIR).values():
        assert pub.redact(f"Authorization: Basic {form}.", secrets) == "Authorization: Basic ***."


def test_a_secret_ending_in_an_escape_character_is_redacted_whole():
    # "%" is the start of "%25": the longer form must win, or "25" stays.
    secrets = pub._secrets({pub.ENV_TOKEN: "abc%"})
    assert pub.redact("t=abc%25;", secrets) == "t=***;"
    assert pub.redact("t=abc&#37;;", secrets) == "t=***;"


def test_a_character_beyond_the_bmp_is_redacted_as_a_json_surrogate_pair():
    secrets = pub._secrets({pub.ENV_PASSWORD: "pw\U0001f511key", pub.ENV_USER: "u"})
    assert pub.redact('{"p": "pw\\ud83d\\udd11key"}', secrets) == '{"p": "***"}'


def test_text_without_secrets_is_unchanged():
    text = "Bad request &amp; %2F \\u0041 + more"
    assert pub.redact(text, pub._secrets({pub.ENV_TOKEN: "zzz-not-there"})) == text
    assert pub.redact(text, []) == text


def test_a_long_secret_is_redacted_before_the_message_is_cut():
    # The message used to be cut to MESSAGE_LIMIT first, so a long token
    # that began within the limit showed its first part.
    secrets = pub._secrets({pub.ENV_TOKEN: TOKEN})
    for before in (0, 20, pub.MESSAGE_LIMIT - 20):
        body = ("x" * before + f" token {TOKEN} is revoked").encode()
        message = pub.server_message(body, secrets=secrets)
        assert not leaks(message, TOKEN), message
        assert "***" in message or message.endswith("...")
        assert len(message) <= pub.MESSAGE_LIMIT


def test_a_body_cut_at_the_answer_limit_loses_its_unfinished_line():
    # The first part of a secret, cut at ANSWER_LIMIT, no longer matches it.
    secrets = pub._secrets({pub.ENV_TOKEN: TOKEN})
    body = b"\n" * (pub.ANSWER_LIMIT - 60) + b"rejected: " + TOKEN.encode()
    cut = body[: pub.ANSWER_LIMIT]
    assert pub.server_message(cut, secrets=secrets, complete=True).startswith("rejected: Tok")
    assert pub.server_message(cut, secrets=secrets, complete=False) == ""


# --- servers that echo the credentials ---------------------------------------------


def answer_with(status: int, reason: str | None = None, headers: dict | None = None,
                body: str = "", content_type: str = "text/plain; charset=utf-8"):
    """A fake server's answer, built from the Authorization header it got
    and the secret (the token, or the password decoded from basic auth)."""
    def respond(handler, received, number):
        record(handler, received, read_body(handler))
        auth = handler.headers.get("Authorization", "")
        secret = secret_of(auth)
        fill = {"auth": auth, "secret": secret, **{
            f"secret_{name.replace('-', '_')}": form
            for name, form in escaped_forms(secret).items()}}
        data = body.format(**fill).encode("utf-8")
        handler.send_response(status, None if reason is None else reason.format(**fill))
        for name, value in (headers or {}).items():
            handler.send_header(name, value.format(**fill))
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
    return respond


def secret_of(auth: str) -> str:
    scheme, _, value = auth.partition(" ")
    if scheme == "Basic":
        return base64.b64decode(value).decode("utf-8").split(":", 1)[1]
    return value


ECHOES = {
    "long body": answer_with(403, body="Forbidden: the credentials {auth} are revoked\n"),
    "body after 150 characters": answer_with(
        400, body="Bad request. " + "Details follow. " * 9 + "secret={secret}; done\n"),
    "status reason": answer_with(401, reason="Unauthorized {auth}"),
    "WWW-Authenticate header": answer_with(
        401, headers={"WWW-Authenticate": 'Bearer realm="store", error="invalid_token", '
                                          'token="{secret}"'}),
    "absolute Location header": answer_with(
        307, headers={"Location": "https://login.example.org/{secret_quote}/store"}),
    "relative Location header": answer_with(
        303, headers={"Location": "/login?next=/store&auth={secret_quote_plus}"}),
    "HTML-escaped body": answer_with(
        401, body="<html><head><title>401</title></head><body><h1>Bad password: {secret_html}</h1>"
                  "</body></html>", content_type="text/html"),
    "HTML numeric entities": answer_with(
        401, body="<p>Bad password: {secret_html_numeric}</p>", content_type="text/html"),
    "JSON-escaped body": answer_with(
        400, body='{{"error": "bad credentials \\"{secret_json}\\""}}',
        content_type="application/json"),
    "JSON as Go escapes it": answer_with(
        400, body='{{"error": "bad credentials {secret_json_go}"}}',
        content_type="application/json"),
    "URL-escaped body (quote)": answer_with(400, body="try /login?token={secret_quote_all}\n"),
    "URL-escaped body (quote_plus)": answer_with(400, body="form: pw={secret_quote_plus}&x=1\n"),
}


@pytest.mark.server
@pytest.mark.parametrize("kind", sorted(CREDENTIALS))
@pytest.mark.parametrize("place", sorted(ECHOES))
def test_a_server_echoing_credentials_does_not_leak_them(tmp_path, kind, place):
    path = tmp_path / "small.ttl"
    path.write_text(SMALL_TTL, encoding="utf-8")
    env, secret = CREDENTIALS[kind]
    with fake_server(ECHOES[place]) as (base, received):
        with pytest.raises(pub.ServerRefused) as caught:
            pub.publish(path, f"{base}/store", env=env)
    message = str(caught.value)
    assert received.requests, "the server was never asked"
    assert_one_line(message)
    assert not leaks(message, secret, BASIC_PAIR), message
    assert "***" in message, message  # the echo was there, and was redacted


@pytest.mark.server
def test_every_place_at_once_through_the_command(tmp_path):
    # The command as a user runs it: one line on stderr, no secret in it.
    path = tmp_path / "small.ttl"
    path.write_text(SMALL_TTL, encoding="utf-8")
    everywhere = answer_with(
        401, reason="Unauthorized {auth}",
        headers={"WWW-Authenticate": 'Basic realm="{secret_html}"'},
        body="<p>{secret_html}</p><p>{secret_json}</p>", content_type="text/html")
    with fake_server(everywhere) as (base, _):
        done = gloss_graph(str(path), "--endpoint", f"{base}/store",
                           env_extra={pub.ENV_USER: USER, pub.ENV_PASSWORD: PASSWORD})
    line = assert_clean_failure(done)
    assert not leaks(done.stderr + done.stdout, PASSWORD, BASIC_PAIR), line
    assert line.startswith(f"gloss-graph publish: error: could not publish to {base}/store, ")
    assert "server answered 401 Unauthorized Basic *** (asks for Basic realm=\"***\"): ***" in line
