"""The canonical form of a certificate for signing (issue 4, CERT-5: a signed certificate is
stored for good and can no longer be changed, so its signature must cover exactly what it says).

The same certificate must always give the same bytes, whichever way its content was built:
  - JSON with the keys of every object sorted, no insignificant whitespace, UTF-8 (not \\u escapes);
  - every string, key as well as value, in Unicode NFC, so that "ö" typed as one code point or as
    "o" + combining diaeresis signs alike (Swedish text arrives both ways from browsers and journals);
  - the fields that identify the certificate (id, type, type version, patient, issuer, unit and the
    signing time) inside the signed bytes, so that a signature cannot be moved to another certificate,
    patient or signer, nor given another date.

Plain Python: no framework, no cryptography; the signing adapter signs these bytes.
"""
from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

# Named in the bytes so that a later change of the rules cannot make an old signature ambiguous.
CANONICAL_FORMAT = "webcert-canonical/1"


class CanonicalFormError(ValueError):
    """Content that has no single canonical form (a bug in the caller, never user input that
    reached signing: the draft's schema validation runs first)."""


@dataclass(frozen=True)
class SignableCertificate:
    """What a signature covers. ``patient``, ``issuer`` and ``unit`` are the snapshots stored with
    the certificate (§5.11: the issuer's name, care provider and unit are shown on the signed
    certificate); each carries at least an ``id``. The issuer's id is an HSA id or an
    e-legitimation account id, never a personnummer; the patient's id is the personnummer, which
    belongs in the signed content (the certificate is about that person) but never in a log line."""

    certificate_id: str
    certificate_type: str
    type_version: str
    patient: Mapping[str, Any]
    issuer: Mapping[str, Any]
    unit: Mapping[str, Any]
    content: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("certificate_id", "certificate_type", "type_version"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name):
                raise CanonicalFormError(f"{name} must be a non-empty string")
        for name in ("patient", "issuer", "unit"):
            part = getattr(self, name)
            if not isinstance(part, Mapping) or not isinstance(part.get("id"), str) or not part.get("id"):
                raise CanonicalFormError(f"{name} must be a mapping with a non-empty string 'id'")
        if not isinstance(self.content, Mapping):
            raise CanonicalFormError("content must be a mapping")

    @property
    def issuer_id(self) -> str:
        return self.issuer["id"]


def format_signing_time(signed_at: datetime) -> str:
    """UTC, whole seconds, ``Z``: one spelling per instant. Whole seconds because a store may drop
    sub-second precision, and the time must read back exactly as it was signed."""
    if signed_at.tzinfo is None or signed_at.utcoffset() is None:
        raise CanonicalFormError("signed_at must be timezone-aware")
    return signed_at.astimezone(timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def signing_document(certificate: SignableCertificate, signed_at: datetime) -> dict[str, Any]:
    """The signed document as plain data: the identifying envelope around the content."""
    return {
        "format": CANONICAL_FORMAT,
        "certificate": {
            "id": certificate.certificate_id,
            "type": certificate.certificate_type,
            "version": certificate.type_version,
        },
        "patient": certificate.patient,
        "issuer": certificate.issuer,
        "unit": certificate.unit,
        "signed_at": format_signing_time(signed_at),
        "content": certificate.content,
    }


def canonical_bytes(certificate: SignableCertificate, signed_at: datetime) -> bytes:
    """The bytes a signature is made over and verified against."""
    return canonical_json(signing_document(certificate, signed_at))


def canonical_json(value: Any) -> bytes:
    """Deterministic UTF-8 JSON of ``value`` (mappings, lists/tuples, strings, integers, finite
    floats, booleans, None). Anything else has no agreed textual form and is refused."""
    normalised = normalise(value)
    return json.dumps(normalised, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def normalise(value: Any, path: str = "$") -> Any:
    """``value`` with every string in NFC and every container a plain dict or list."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CanonicalFormError(f"{path}: NaN and infinity have no JSON form")
        return value
    if isinstance(value, Mapping):
        return _normalise_mapping(value, path)
    if isinstance(value, (list, tuple)):
        return [normalise(item, f"{path}[{index}]") for index, item in enumerate(value)]
    raise CanonicalFormError(f"{path}: {type(value).__name__} has no canonical form")


def _normalise_mapping(value: Mapping, path: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, item in value.items():
        if not isinstance(key, str):
            raise CanonicalFormError(f"{path}: keys must be strings, not {type(key).__name__}")
        nfc_key = unicodedata.normalize("NFC", key)
        if nfc_key in result:
            # Two keys that differ only in normalisation would collapse into one: refuse rather
            # than sign a document whose meaning depends on which one wins.
            raise CanonicalFormError(f"{path}: two keys normalise to {nfc_key!r}")
        result[nfc_key] = normalise(item, f"{path}.{nfc_key}")
    return result
