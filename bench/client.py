"""A signed-in HTTP client for the bench, on the standard library only, for 127.0.0.1 only.

It keeps its own cookies: the server runs with DEBUG off, so its cookies are marked Secure, which
a browser (and urllib's cookie jar) would not send back over plain HTTP on loopback.
"""

import http.client
import json
import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from .stats import Sample, sample_from

LOOPBACK = "127.0.0.1"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class NotLoopback(ValueError):
    pass


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def sample(self) -> Sample:
        return sample_from(self.headers, len(self.body), self.status)


@dataclass
class Client:
    port: int
    host: str = LOOPBACK
    token: str = ""
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 120.0

    def __post_init__(self) -> None:
        if self.host != LOOPBACK:
            raise NotLoopback(f"the bench talks to {LOOPBACK} only, not {self.host!r}")

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str = "") -> Response:
        headers = {"Host": f"{self.host}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if self.token and path.startswith("/api/"):
            headers["Authorization"] = f"Bearer {self.token}"
        if content_type:
            headers["Content-Type"] = content_type
        if "csrftoken" in self.cookies and method != "GET":
            headers["X-CSRFToken"] = self.cookies["csrftoken"]
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            data = answer.read()
            self._keep_cookies(answer.headers.get_all("Set-Cookie") or [])
            return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, data)
        finally:
            connection.close()

    def _keep_cookies(self, set_cookies: list[str]) -> None:
        for line in set_cookies:
            for name, morsel in SimpleCookie(line).items():
                self.cookies[name] = morsel.value

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post_form(self, path: str, data: dict | list) -> Response:
        form = self.csrf_token(path)
        fields = list(data.items()) if isinstance(data, dict) else list(data)
        body = urlencode([("csrfmiddlewaretoken", form), *fields], doseq=True).encode()
        return self.request("POST", path, body, "application/x-www-form-urlencoded")

    def send_json(self, method: str, path: str, payload: dict) -> Response:
        return self.request(method, path, json.dumps(payload).encode(), "application/json")

    def csrf_token(self, path: str) -> str:
        """The form's CSRF token, once per client (Django accepts it for every form of the session)."""
        if "csrftoken" not in self.cookies:
            self.get(path)
        return self.cookies.get("csrftoken", "")

    def sign_in(self, username: str, password: str) -> None:
        page = self.get("/account/sign-in")
        found = CSRF_FIELD.search(page.body.decode())
        token = found.group(1) if found else self.cookies.get("csrftoken", "")
        body = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password}).encode()
        answer = self.request("POST", "/account/sign-in", body, "application/x-www-form-urlencoded")
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"could not sign in as {username}: {answer.status}")
