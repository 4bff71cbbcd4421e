"""A WSGI wrapper base for the answers of another application (pygeoapi's) whose JSON is
read and rewritten: error bodies in the OGC shape (opendias.web.pygeoapi_front), the landing
page's links (opendias.web.service_links)."""

from __future__ import annotations


class JsonAnswers:
    """WSGI wrapper: the JSON answers that `wanted` picks are read whole and given to
    `rewrite` (None keeps them as they are); every other answer passes through untouched
    and unbuffered."""

    def __init__(self, app):
        self.app = app

    def wanted(self, environ, code: int, media: str) -> bool:
        raise NotImplementedError

    def rewrite(self, environ, raw: bytes, code: int) -> bytes | None:
        raise NotImplementedError

    def __call__(self, environ, start_response):
        seen: dict = {}

        def capture(status, headers, exc_info=None):
            code = int(status.split(" ", 1)[0])
            media = next((v for k, v in headers if k.lower() == "content-type"), "")
            if "json" in media and self.wanted(environ, code, media):
                seen.update(status=status, headers=headers, code=code)
                return lambda data: None
            return start_response(status, headers, exc_info)

        chunks = self.app(environ, capture)
        if not seen:
            return chunks
        try:
            raw = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        body = self.rewrite(environ, raw, seen["code"]) or raw
        headers = [(k, v) for k, v in seen["headers"] if k.lower() != "content-length"]
        headers.append(("Content-Length", str(len(body))))
        start_response(seen["status"], headers)
        return [body]
