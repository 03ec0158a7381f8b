"""This installation's Ed25519 signing key.

An HMAC made with SECRET_KEY could only be checked by this installation. A public-key signature can be checked
anywhere: the archive carries the public key, so any Staffroom can tell whether the archive changed since it was
signed, and people compare the key's fingerprint with the one the exporting installation publishes to know who
signed it.
"""

import base64
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import IntegrityError, transaction

from .models import InstallationKey


def fingerprint_of(public_key: bytes) -> str:
    digest = hashlib.sha256(public_key).hexdigest()
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def installation_key() -> InstallationKey:
    key = InstallationKey.objects.order_by("id").first()
    if key is not None:
        return key
    private = Ed25519PrivateKey.generate()
    public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    raw_private = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    try:
        with transaction.atomic():
            return InstallationKey.objects.create(
                private_key=raw_private, public_key=public, fingerprint=fingerprint_of(public)
            )
    except IntegrityError:
        # Two first exports at once: the one that won is the installation's key.
        return InstallationKey.objects.order_by("id").first()


def sign(data: bytes, key: InstallationKey | None = None) -> bytes:
    key = key or installation_key()
    return Ed25519PrivateKey.from_private_bytes(bytes(key.private_key)).sign(data)


def verify(data: bytes, *, signature: bytes, public_key: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def is_trusted(fingerprint: str) -> bool:
    """Signed by this installation, or by one an administrator listed in RECORDS_TRUSTED_FINGERPRINTS."""
    normalised = fingerprint.replace(" ", "").lower()
    trusted = {f.replace(" ", "").lower() for f in settings.RECORDS_TRUSTED_FINGERPRINTS}
    return normalised in trusted or normalised == installation_key().fingerprint.replace(" ", "")
