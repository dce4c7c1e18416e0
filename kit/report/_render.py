"""Rendering: the Jinja environment (the report and index templates in ``templates/``, autoescaped), the HTML page
and the PDF. Nothing of the data reaches CSS; the PDF engine fetches nothing but the page's own embedded images."""

from .. import _blocks
from ..errors import KitError

__all__ = ["PAGE_SIZES", "template", "render", "page_count", "write_pdf", "OwnResourcesOnly"]

PAGE_SIZES = ("A4", "Letter")


def template(name):
    """A template of ``templates/`` (autoescaped), from the one environment (:func:`kit._blocks.template`)."""
    return _blocks.template(name)


def render(v, *, page_size="A4", pdf=False):
    """The document ``v`` (from :func:`kit.report.view`) as one self-contained HTML page; ``pdf=True`` adds the
    running page footer the PDF engine places at the foot of every page."""
    if page_size not in PAGE_SIZES:
        raise KitError(f"unknown page size {page_size!r}; valid: {', '.join(PAGE_SIZES)}")
    return template("report.html.j2").render(v=v, page_size=page_size, pdf=pdf)


def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class _OwnResourcesOnly(URLFetcher):
        """WeasyPrint's URL fetcher, refusing every URL but the page's own embedded ``data:`` resources."""

        refused = None  # a list to record refused URLs in (tests)

        def fetch(self, url, headers=None):
            if not str(url).startswith("data:"):
                if self.refused is not None:
                    self.refused.append(url)
                raise ValueError(f"the report fetches nothing from outside the page: {url[:80]!r} refused")
            return super().fetch(url, headers)

    return _OwnResourcesOnly


_Fetcher = None


def OwnResourcesOnly():  # noqa: N802  (a class made on first use: WeasyPrint is imported only when a PDF is made)
    """The URL fetcher the PDFs are made with (a :class:`weasyprint.urls.URLFetcher`)."""
    global _Fetcher
    if _Fetcher is None:
        _Fetcher = _fetcher_class()
    return _Fetcher


_LAID_OUT = {}  # html -> its WeasyPrint layout, the last few: a page counted to fit it is not laid out again


def _layout(html):
    doc = _LAID_OUT.get(html)
    if doc is None:
        import weasyprint

        fetcher = OwnResourcesOnly()(allowed_protocols=("data",))
        doc = weasyprint.HTML(string=html, url_fetcher=fetcher).render()
        while len(_LAID_OUT) >= 4:
            del _LAID_OUT[next(iter(_LAID_OUT))]
        _LAID_OUT[html] = doc
    return doc


def page_count(html):
    """How many pages ``html`` (from :func:`render` with ``pdf=True``) takes as a PDF."""
    return len(_layout(html).pages)


def write_pdf(html, path):
    """Write ``html`` (from :func:`render` with ``pdf=True``) as a PDF at ``path``; its title and author come from
    the page's ``<title>`` and ``<meta name="author">``, plain text."""
    _layout(html).write_pdf(path)
    _LAID_OUT.pop(html, None)
