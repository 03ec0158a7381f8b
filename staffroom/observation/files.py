"""Which videos and files a person may keep with an observation, checked by extension, size and first bytes.

Documents and images reuse the learning record's rules; videos get their own, larger limit
(settings.OBSERVATION_VIDEO_MAX_BYTES, 500 MB unless set).
"""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from staffroom.learning.evidence import ALLOWED_TYPES as DOCUMENT_TYPES
from staffroom.learning.evidence import check_evidence_file

DEFAULT_VIDEO_MAX_BYTES = 500 * 1024 * 1024

# Extension -> (content type served, check on the first 16 bytes).
VIDEO_TYPES = {
    # MP4 and QuickTime are ISO base media files: bytes 4-8 are the "ftyp" box (or, in old QuickTime files,
    # another top-level atom).
    ".mp4": ("video/mp4", lambda head: head[4:8] == b"ftyp"),
    ".mov": ("video/quicktime", lambda head: head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free")),
    # WebM is Matroska, which starts with the EBML magic number.
    ".webm": ("video/webm", lambda head: head.startswith(b"\x1a\x45\xdf\xa3")),
}


def video_limit() -> int:
    return int(getattr(settings, "OBSERVATION_VIDEO_MAX_BYTES", DEFAULT_VIDEO_MAX_BYTES))


def allowed_extensions_text() -> str:
    return ", ".join(sorted(ext.lstrip(".") for ext in (*DOCUMENT_TYPES, *VIDEO_TYPES)))


def check_observation_file(uploaded) -> str:
    """The content type to serve the file with, or ValidationError saying what is wrong."""
    name = uploaded.name or ""
    extension = PurePath(name).suffix.lower()
    if extension not in VIDEO_TYPES:
        if extension not in DOCUMENT_TYPES:
            raise ValidationError(
                _("“%(name)s” is not a type of file we keep. Allowed: %(types)s.")
                % {"name": name, "types": allowed_extensions_text()}
            )
        return check_evidence_file(uploaded)
    if uploaded.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
    if uploaded.size > video_limit():
        raise ValidationError(
            _("“%(name)s” is %(size)s; the limit for a video is %(limit)s.")
            % {"name": name, "size": filesizeformat(uploaded.size), "limit": filesizeformat(video_limit())}
        )
    content_type, looks_right = VIDEO_TYPES[extension]
    head = uploaded.read(16)
    uploaded.seek(0)
    if not looks_right(head):
        raise ValidationError(_("“%(name)s” does not look like a %(ext)s file.") % {"name": name, "ext": extension})
    return content_type
