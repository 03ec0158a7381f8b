"""The signed archive: writing one, and reading one back only if every check passes.

Layout of the .zip:
    manifest.json   the records, the list of files with their SHA-256 and size, and the signer's public key
    signature.json  {"algorithm": "Ed25519", "public_key": base64, "signature": base64 of the manifest's bytes}
    files/...       evidence and certificates, each listed in the manifest

Reading checks, in order: that it is a whole zip, its entry count and total unpacked size, that no entry name
could escape a folder, the signature over the manifest, that the key the manifest names is the key that signed
it, and the hash and size of every file. Anything wrong raises ArchiveError with a reason a person can act on.
"""

import base64
import binascii
import hashlib
import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from . import signing

FORMAT = "staffroom-portable-record"
# 2 added "sessions_led"; a version 1 archive reads as one without any.
VERSION = 2
READABLE_VERSIONS = (1, 2)
MANIFEST = "manifest.json"
SIGNATURE = "signature.json"
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class ArchiveError(Exception):
    """The archive is refused; the message says why."""


def safe_file_name(index: int, name: str) -> str:
    cleaned = _SAFE_NAME.sub("-", name).strip(".-")[:80] or "file"
    return f"files/{index:04d}-{cleaned}"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_archive(manifest: dict, files: dict[str, bytes]) -> bytes:
    """`manifest` without its "files" and "signer" parts, which are filled in here from `files`."""
    key = signing.installation_key()
    manifest = {
        **manifest,
        "format": FORMAT,
        "version": VERSION,
        "signer": {"public_key": signing.b64(bytes(key.public_key)), "fingerprint": key.fingerprint},
        "files": {path: {"sha256": sha256(data), "size": len(data)} for path, data in files.items()},
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    signature = {
        "algorithm": "Ed25519",
        "public_key": signing.b64(bytes(key.public_key)),
        "signature": signing.b64(signing.sign(manifest_bytes, key)),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, manifest_bytes)
        archive.writestr(SIGNATURE, json.dumps(signature, indent=1))
        for path, data in files.items():
            archive.writestr(path, data)
    return buffer.getvalue()


@dataclass
class VerifiedArchive:
    manifest: dict
    files: dict[str, bytes]
    fingerprint: str
    signed_here: bool
    trusted: bool


def _unsafe(name: str) -> bool:
    parts = name.split("/")
    return (
        not name
        or name.startswith("/")
        or "\\" in name
        or ":" in name
        or "\x00" in name
        or any(part in ("", ".", "..") for part in parts)
    )


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    try:
        with archive.open(info) as handle:
            # The header's size was already counted against the limit; reading one byte more proves it honest.
            data = handle.read(info.file_size + 1)
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
        raise ArchiveError(
            _("The archive is damaged or incomplete (%(name)s could not be read). Download it again.")
            % {"name": info.filename}
        ) from exc
    if len(data) != info.file_size:
        raise ArchiveError(_("The archive is damaged: %(name)s is not the size it claims.") % {"name": info.filename})
    return data


def _decode_b64(value) -> bytes:
    if not isinstance(value, str):
        raise ArchiveError(_("The archive's signature file is not in the expected form."))
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ArchiveError(_("The archive's signature file is not in the expected form.")) from exc


def read_archive(upload) -> VerifiedArchive:
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise ArchiveError(
            _("This is not a complete Staffroom archive: the file is not a whole .zip (it may have been cut short).")
        ) from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > settings.RECORDS_MAX_ENTRIES:
            raise ArchiveError(
                _("The archive holds %(n)d files; at most %(limit)d are accepted.")
                % {"n": len(infos), "limit": settings.RECORDS_MAX_ENTRIES}
            )
        names = set()
        total = 0
        for info in infos:
            if _unsafe(info.filename) or info.is_dir():
                raise ArchiveError(
                    _("The archive contains a file name that is not allowed: “%(name)s”.") % {"name": info.filename}
                )
            if info.filename in names:
                raise ArchiveError(_("The archive contains “%(name)s” twice.") % {"name": info.filename})
            names.add(info.filename)
            total += info.file_size
        if total > settings.RECORDS_MAX_UNPACKED_BYTES:
            raise ArchiveError(
                _("Unpacked, the archive would be %(size)d MB; the limit is %(limit)d MB.")
                % {"size": total // 1_000_000, "limit": settings.RECORDS_MAX_UNPACKED_BYTES // 1_000_000}
            )
        if MANIFEST not in names or SIGNATURE not in names:
            raise ArchiveError(_("This is not a Staffroom archive: its manifest or signature is missing."))

        manifest_bytes = _read(archive, archive.getinfo(MANIFEST))
        try:
            signature = json.loads(_read(archive, archive.getinfo(SIGNATURE)))
        except ValueError as exc:
            raise ArchiveError(_("The archive's signature file is not in the expected form.")) from exc
        if not isinstance(signature, dict) or signature.get("algorithm") != "Ed25519":
            raise ArchiveError(_("The archive's signature file is not in the expected form."))
        public_key = _decode_b64(signature.get("public_key"))
        if not signing.verify(manifest_bytes, signature=_decode_b64(signature.get("signature")), public_key=public_key):
            raise ArchiveError(
                _(
                    "The signature does not match: the archive has been changed since it was exported, or was not "
                    "signed by the key it carries. Nothing was imported."
                )
            )
        try:
            manifest = json.loads(manifest_bytes)
        except ValueError as exc:
            raise ArchiveError(_("The archive's manifest cannot be read.")) from exc
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ArchiveError(_("This is not a Staffroom portable record."))
        version = manifest.get("version")
        if type(version) is not int or version not in READABLE_VERSIONS:
            raise ArchiveError(_("This archive was made by a newer version of Staffroom and cannot be read here."))
        signer = manifest.get("signer") or {}
        if not isinstance(signer, dict) or signer.get("public_key") != signature.get("public_key"):
            raise ArchiveError(
                _("The archive was signed with a different key from the one it names. Nothing was imported.")
            )

        listed = manifest.get("files")
        if not isinstance(listed, dict):
            raise ArchiveError(_("The archive's manifest cannot be read."))
        extra = names - set(listed) - {MANIFEST, SIGNATURE}
        if extra:
            raise ArchiveError(
                _("The archive contains files its manifest does not list: %(names)s.")
                % {"names": ", ".join(sorted(extra))}
            )
        files = {}
        for path, expected in listed.items():
            if path not in names:
                raise ArchiveError(_("The archive is incomplete: %(name)s is missing.") % {"name": path})
            data = _read(archive, archive.getinfo(path))
            if not isinstance(expected, dict) or sha256(data) != expected.get("sha256"):
                raise ArchiveError(
                    _("%(name)s has been changed since the archive was exported (its checksum does not match).")
                    % {"name": path}
                )
            files[path] = data
    fingerprint = signing.fingerprint_of(public_key)
    return VerifiedArchive(
        manifest=manifest,
        files=files,
        fingerprint=fingerprint,
        signed_here=fingerprint == signing.installation_key().fingerprint,
        trusted=signing.is_trusted(fingerprint),
    )
