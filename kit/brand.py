"""The consulting firm's branding on every document, from ``engagement.yaml`` (all optional)::

    brand:
      firm: Northbridge Partners     # 'Prepared by Northbridge Partners' on every document
      logo: logo.png                 # a PNG or JPEG file in the engagement folder, at most 300 KB
      colour: "#7a1f5c"              # the documents' accent colour, dark enough for white text on it

The logo is read once, at import, and kept in the store as a ``data:`` URI: every document embeds it and nothing
is ever fetched. The colour is the only value from the data that reaches a style sheet, so it is accepted only as
``#rrggbb`` and checked again where it is used (:func:`style_colour`).
"""

import base64
import re
from pathlib import Path

from .errors import Problem

__all__ = [
    "FIELDS",
    "MAX_LOGO_BYTES",
    "MIN_CONTRAST",
    "read_logo",
    "check",
    "style_colour",
    "for_documents",
    "logo_file",
    "logo_bytes",
]

FIELDS = ("firm", "logo", "colour")
MAX_LOGO_BYTES = 300_000
MIN_CONTRAST = 4.5  # WCAG AA for normal text: white text on the accent colour stays readable
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_KINDS = {b"\x89PNG\r\n\x1a\n": ("image/png", "png"), b"\xff\xd8\xff": ("image/jpeg", "jpg")}
_URI = re.compile(r"data:(image/png|image/jpeg);base64,([A-Za-z0-9+/=]+)")
WHERE = "engagement.yaml"


def _kind(data):
    return next((k for magic, k in _KINDS.items() if data.startswith(magic)), None)


def read_logo(folder, name, problems):
    """The logo file ``name`` of the engagement ``folder`` as a ``data:`` URI (None, with a problem, when it
    cannot be used)."""
    folder = Path(folder)
    if re.match(r"^(data:|[a-z][a-z0-9+.-]*://)", str(name), re.IGNORECASE):  # a data: URI or a web address
        problems.append(
            Problem(
                WHERE,
                "is an address, not a file: the logo is embedded in every document, never fetched; save the "
                "picture (PNG or JPEG) beside engagement.yaml and give its file name, e.g. logo.png",
                column="brand.logo",
                value=str(name)[:40] + ("…" if len(str(name)) > 40 else ""),
            )
        )
        return None
    path = folder / str(name)
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
    except OSError:
        inside = False
    if Path(str(name)).is_absolute() or not inside:
        problems.append(
            Problem(
                WHERE,
                "is not a file of the engagement folder; copy the logo into the folder and give its "
                "file name, e.g. logo.png",
                column="brand.logo",
                value=name,
            )
        )
        return None
    if not path.is_file():
        problems.append(
            Problem(
                WHERE,
                f"is not in {folder}; put the logo file (PNG or JPEG) beside engagement.yaml",
                column="brand.logo",
                value=name,
            )
        )
        return None
    size = path.stat().st_size
    if size > MAX_LOGO_BYTES:
        problems.append(
            Problem(
                WHERE,
                f"is {size // 1000} KB; a logo may be at most {MAX_LOGO_BYTES // 1000} KB (every "
                "document embeds it): save it smaller",
                column="brand.logo",
                value=name,
            )
        )
        return None
    data = path.read_bytes()
    kind = _kind(data)
    if kind is None:
        problems.append(
            Problem(
                WHERE, "is not a PNG or JPEG picture; save the logo as .png or .jpg", column="brand.logo", value=name
            )
        )
        return None
    return f"data:{kind[0]};base64,{base64.b64encode(data).decode('ascii')}"


def _luminance(colour):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_with_white(colour):
    return 1.05 / (_luminance(colour) + 0.05)


def check(brand, problems, where=WHERE):
    """``brand`` as stored ({firm, logo, colour}, each None when not given), problems appended; None when empty."""
    if brand in (None, "", {}):
        return None
    if not isinstance(brand, dict):
        problems.append(
            Problem(
                where,
                "must be 'firm:', 'logo:' and 'colour:' lines indented under 'brand:'",
                column="brand",
                value=brand,
            )
        )
        return None
    out = {f: None for f in FIELDS}
    for key in brand:
        if key not in FIELDS:
            problems.append(
                Problem(where, f"is not a brand field; valid: {', '.join(FIELDS)}", column="brand", value=key)
            )
    firm = brand.get("firm")
    if firm not in (None, ""):
        if isinstance(firm, bool) or not isinstance(firm, str | int | float) or len(str(firm)) > 80:
            problems.append(
                Problem(
                    where, "must be the firm's name on one line, at most 80 characters", column="brand.firm", value=firm
                )
            )
        else:
            out["firm"] = " ".join(str(firm).split())
    colour = brand.get("colour")
    if colour not in (None, ""):
        if not isinstance(colour, str) or not _COLOUR.fullmatch(colour):
            problems.append(
                Problem(
                    where,
                    'is not a colour written as "#rrggbb" (in quotes), e.g. "#0173b2"',
                    column="brand.colour",
                    value=colour,
                )
            )
        elif contrast_with_white(colour) < MIN_CONTRAST:
            problems.append(
                Problem(
                    where,
                    f"is too light for white text on it (contrast {contrast_with_white(colour):.1f}:1; "
                    f"at least {MIN_CONTRAST}:1 is needed): choose a darker shade",
                    column="brand.colour",
                    value=colour,
                )
            )
        else:
            out["colour"] = colour.lower()
    logo = brand.get("logo")
    if logo not in (None, ""):
        if isinstance(logo, str) and _URI.fullmatch(logo) and _kind(logo_bytes(logo)):
            out["logo"] = logo
        else:  # the reader turns a file name into a data: URI; anything else cannot be shown
            problems.append(
                Problem(
                    where,
                    "must be the file name of a PNG or JPEG in the engagement folder, e.g. logo.png",
                    column="brand.logo",
                    value=str(logo)[:60],
                )
            )
    return out if any(out.values()) else None


def style_colour(brand):
    """The accent colour for a style sheet, or None: only ever ``#rrggbb``, whatever the store holds."""
    colour = (brand or {}).get("colour")
    return colour if isinstance(colour, str) and _COLOUR.fullmatch(colour) else None


def for_documents(settings):
    """What a document shows of the brand: {firm, logo, colour} (colour only as #rrggbb), or None."""
    b = (settings or {}).get("brand") or {}
    logo = b.get("logo") if isinstance(b.get("logo"), str) and _URI.fullmatch(b["logo"]) else None
    out = {"firm": b.get("firm") or None, "logo": logo, "colour": style_colour(b)}
    return out if any(out.values()) else None


def logo_bytes(uri):
    m = _URI.fullmatch(uri or "")
    return base64.b64decode(m.group(2)) if m else b""


def logo_file(brand):
    """(file name, bytes) of the stored logo, for writing the engagement folder back; None without a logo."""
    logo = (brand or {}).get("logo")
    data = logo_bytes(logo) if logo else b""
    kind = _kind(data)
    return (f"logo.{kind[1]}", data) if kind else None
