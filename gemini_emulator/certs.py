"""A local certificate authority and server certificate, made on first start and reused."""

from __future__ import annotations

import datetime as dt
import fcntl
import ipaddress
import logging
import os
import ssl
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

logger = logging.getLogger(__name__)

CA_FILE = "cert.pem"  # the certificate clients trust (a CA that signed server.pem)
SERVER_CERT = "server.pem"  # leaf + CA chain
SERVER_KEY = "server-key.pem"
DEFAULT_DIR = Path("var") / "gemini_emulator"
_VALID_DAYS = 3650
_DNS_NAMES = ("localhost",)
_IPS = ("127.0.0.1", "::1")


def cert_dir_from(value: str | os.PathLike | None) -> Path:
    """Resolve the cert directory: the argument, else $GEMINI_EMULATOR_CERT_DIR, else var/."""
    chosen = value or os.environ.get("GEMINI_EMULATOR_CERT_DIR") or DEFAULT_DIR
    return Path(chosen).expanduser().resolve()


def ensure_certificates(directory: Path) -> tuple[Path, Path, Path]:
    """Return (ca_file, server_cert, server_key), creating them once under a file lock."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = (directory / CA_FILE, directory / SERVER_CERT, directory / SERVER_KEY)
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _usable(*paths):
            logger.info("writing a new self-signed CA and server certificate to %s", directory)
            _write_all(*paths)
    return paths


def server_ssl_context(cert: Path, key: Path) -> ssl.SSLContext:
    """Return a server-side TLS context for the emulator's certificate."""
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    ctx.set_alpn_protocols(["http/1.1"])
    return ctx


def _usable(ca_file: Path, cert: Path, key: Path) -> bool:
    if not (ca_file.exists() and cert.exists() and key.exists()):
        return False
    try:
        leaf = x509.load_pem_x509_certificates(cert.read_bytes())[0]
        server_ssl_context(cert, key)
        ssl.create_default_context(cafile=str(ca_file))
    except (ValueError, ssl.SSLError, OSError):
        return False
    return leaf.not_valid_after_utc > dt.datetime.now(dt.UTC) + dt.timedelta(days=1)


def _write_all(ca_file: Path, cert: Path, key: Path) -> None:
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = _ca_certificate(ca_key)
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf_cert = _leaf_certificate(leaf_key, ca_cert, ca_key)
    pem = serialization.Encoding.PEM
    key_pem = leaf_key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    _atomic_write(key, key_pem, mode=0o600)
    _atomic_write(cert, leaf_cert.public_bytes(pem) + ca_cert.public_bytes(pem))
    _atomic_write(ca_file, ca_cert.public_bytes(pem))


def _key_usage(**allowed: bool) -> x509.KeyUsage:
    """Return a KeyUsage allowing only the named uses."""
    uses = (
        "digital_signature",
        "content_commitment",
        "key_encipherment",
        "data_encipherment",
        "key_agreement",
        "key_cert_sign",
        "crl_sign",
        "encipher_only",
        "decipher_only",
    )
    return x509.KeyUsage(**{use: allowed.get(use, False) for use in uses})


def _ca_certificate(ca_key: ec.EllipticCurvePrivateKey) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Gemini emulator local CA")])
    usage = _key_usage(digital_signature=True, key_cert_sign=True, crl_sign=True)
    public = ca_key.public_key()
    return (
        _builder(name, name, public)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(ca_key, hashes.SHA256())
    )


def _leaf_certificate(
    leaf_key: ec.EllipticCurvePrivateKey,
    ca_cert: x509.Certificate,
    ca_key: ec.EllipticCurvePrivateKey,
) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    alt_names = [x509.DNSName(n) for n in _DNS_NAMES]
    alt_names += [x509.IPAddress(ipaddress.ip_address(ip)) for ip in _IPS]
    usage = _key_usage(digital_signature=True, key_agreement=True)
    public = leaf_key.public_key()
    ca_ski = ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    return (
        _builder(name, ca_cert.subject, public)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )


def _builder(subject: x509.Name, issuer: x509.Name, public_key) -> x509.CertificateBuilder:
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=_VALID_DAYS))
    )


def _atomic_write(path: Path, data: bytes, mode: int = 0o644) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)
