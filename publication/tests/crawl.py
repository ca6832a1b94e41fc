"""An anonymous visitor following every link of the public pages."""

import io
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pypdf
from django.test import Client

MARKERS = ("CANARI-HUIS-CLOS", "CANARI-BROUILLON")
LIMIT = 300


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def text_of(body: bytes) -> str:
    return pdf_text(body) if body.startswith(b"%PDF") else body.decode()


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def crawl(client: Client, start: str) -> dict[str, bytes]:
    """Every page under the public pages reached by links from ``start``."""
    prefix = start
    seen: dict[str, bytes] = {}
    queue = [start]
    while queue and len(seen) < LIMIT:
        url = queue.pop()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        body = (
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )
        seen[url] = body
        if response["Content-Type"].startswith("text/html"):
            parser = Links()
            parser.feed(body.decode())
            for link in parser.links:
                target = urljoin(url, link)
                parts = urlsplit(target)
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                if parts.path.startswith(prefix) and path not in seen:
                    queue.append(path)
    return seen
