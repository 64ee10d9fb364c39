"""HTML pages: the main text by trafilatura (paragraph breaks kept), plus the page's own metadata."""

from __future__ import annotations

from dataclasses import dataclass

from onrecord.records import DateEvidence


@dataclass(slots=True)
class HtmlExtract:
    text: str
    title: str | None = None
    sitename: str | None = None
    author: str | None = None
    url: str | None = None  # the page's own (canonical) address
    published: DateEvidence | None = None


def extract_html(html: str, url: str | None = None) -> HtmlExtract | None:
    """None when the page holds no article text."""
    import trafilatura

    result = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_formatting=False,
        include_links=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if result is None:
        return None
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = (data.get("text") or "").strip()
    if not text:
        return None
    published = None
    if data.get("date"):
        published = DateEvidence(str(data["date"])[:10], "HTML metadata (htmldate)")
    return HtmlExtract(
        text=text,
        title=_clean(data.get("title")),
        sitename=_clean(data.get("sitename")),
        author=_clean(data.get("author")),
        url=_clean(data.get("url")) if str(data.get("url") or "").startswith(("http://", "https://")) else None,
        published=published,
    )


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
