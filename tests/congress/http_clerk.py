"""A counting-board clerk over real HTTP (urllib): signs in and keys ballots one POST each,
as the keying screen's script does. Used by the kill test and the benchmark."""

from __future__ import annotations

import http.cookiejar
import re
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path


class HttpClerk:
    def __init__(self, base: str, username: str, password: str) -> None:
        self.base = base.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        page = self._open("/dang-nhap/").decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "no CSRF token on the sign-in page"
        self._open("/dang-nhap/", {"username": username, "password": password,
                                   "csrfmiddlewaretoken": token.group(1)})
        assert any(c.name == "sessionid" for c in self.jar), "sign-in failed"

    def _csrf(self) -> str:
        return next(c.value or "" for c in self.jar if c.name == "csrftoken")

    def _open(self, path: str, data: dict[str, str] | None = None,
              headers: dict[str, str] | None = None, timeout: float = 60) -> bytes:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers={
            "Referer": self.base + "/", **(headers or {})})
        if data is not None and any(c.name == "csrftoken" for c in self.jar):
            request.add_header("X-CSRFToken", self._csrf())
        with self.opener.open(request, timeout=timeout) as response:
            return bytes(response.read())

    def key(self, entry: int, position: int, content: str, key: str) -> int:
        """POST one ballot; returns the HTTP status."""
        try:
            self._open(f"/dai-hoi/nhap/{entry}/", {"position": str(position), "content": content,
                                                  "key": key}, {"HX-Request": "true"})
        except urllib.error.HTTPError as exc:
            return exc.code
        return 200

    def get(self, path: str) -> bytes:
        return self._open(path)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(venv_bin: Path, env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [str(venv_bin / "daihoi"), "serve", "--port", str(port), "--threads", "4"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90  # start-up takes seconds on a busy machine
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).read()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("daihoi serve did not start")
