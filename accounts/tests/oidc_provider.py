"""A tiny OpenID Connect provider on loopback, shaped like ProConnect: the
authorization code flow with PKCE, ID tokens and userinfo signed RS256 by a
key made for the test, its public half on a JWKS endpoint."""

import base64
import hashlib
import http.client
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

KID = "cle-de-test"


class Provider:
    """Serves until ``stop``; whoever "logs in" at it is ``self.email``."""

    def __init__(self, client_id: str, client_secret: str) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.email = ""
        self.codes: dict[str, dict[str, str]] = {}
        self.tokens: dict[str, str] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()

    def authorize(self, url: str) -> str:
        """What a browser does at the provider: GET the authorization URL,
        the person logs in there, and the provider sends back; the address
        it sends back to."""
        parts = urlsplit(url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        try:
            connection.request("GET", f"{parts.path}?{parts.query}")
            response = connection.getresponse()
            response.read()
            assert response.status == 302, response.status
            return response.getheader("Location") or ""
        finally:
            connection.close()

    def sign(self, claims: dict[str, Any]) -> str:
        now = int(time.time())
        claims = {
            "iss": self.url,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 60,
            **claims,
        }
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": KID})

    def jwks(self) -> dict[str, Any]:
        jwk = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": KID, "alg": "RS256", "use": "sig"}]}


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, payload: dict[str, Any]) -> None:
            self._send(status, json.dumps(payload).encode(), "application/json")

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if parts.path == "/authorize":
                self._authorize(query)
            elif parts.path == "/jwks":
                self._json(200, provider.jwks())
            elif parts.path == "/userinfo":
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                email = provider.tokens.get(token)
                if email is None:
                    self._json(401, {"error": "invalid_token"})
                    return
                claims = {"sub": f"sub-{email}", "email": email, "given_name": "A"}
                # ProConnect answers with a signed JWT, not plain JSON.
                self._send(200, provider.sign(claims).encode(), "application/jwt")
            else:
                self._json(404, {"error": "not_found"})

        def _authorize(self, query: dict[str, str]) -> None:
            if query.get("client_id") != provider.client_id or "openid" not in (
                query.get("scope", "").split()
            ):
                self._json(400, {"error": "invalid_request"})
                return
            code = secrets.token_urlsafe(16)
            provider.codes[code] = {
                "email": provider.email,
                "nonce": query.get("nonce", ""),
                "redirect_uri": query["redirect_uri"],
                "challenge": query.get("code_challenge", ""),
                "acr": query.get("acr_values", ""),
            }
            back = urlencode({"code": code, "state": query["state"]})
            self.send_response(302)
            self.send_header("Location", f"{query['redirect_uri']}?{back}")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_POST(self) -> None:
            if urlsplit(self.path).path != "/token":
                self._json(404, {"error": "not_found"})
                return
            length = int(self.headers.get("Content-Length", "0"))
            form = {
                k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()
            }
            grant = provider.codes.pop(form.get("code", ""), None)
            verifier = form.get("code_verifier", "")
            challenge = (
                base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
                .rstrip(b"=")
                .decode()
            )
            if (
                grant is None
                or form.get("client_id") != provider.client_id
                or form.get("client_secret") != provider.client_secret
                or form.get("redirect_uri") != grant["redirect_uri"]
                or challenge != grant["challenge"]
            ):
                self._json(400, {"error": "invalid_grant"})
                return
            access_token = secrets.token_urlsafe(16)
            provider.tokens[access_token] = grant["email"]
            id_token = provider.sign(
                {
                    "sub": f"sub-{grant['email']}",
                    "nonce": grant["nonce"],
                    "acr": grant["acr"],
                }
            )
            self._json(
                200,
                {
                    "access_token": access_token,
                    "token_type": "Bearer",
                    "expires_in": 60,
                    "id_token": id_token,
                },
            )

    return Handler
