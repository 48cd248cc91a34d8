import smtplib
import socket
import ssl
import urllib.request

MAIL_HOST = "smtp.example.com"
INTERNAL_CA = "/etc/ssl/certs/internal-ca.pem"

# ruleid: python-ssl-certificate-verification-disabled
ssl._create_default_https_context = ssl._create_unverified_context


def fetch_partner_feed(url):
    # ruleid: python-ssl-certificate-verification-disabled
    context = ssl._create_unverified_context()
    with urllib.request.urlopen(url, context=context, timeout=10) as response:
        return response.read()


def mail_client():
    context = ssl.create_default_context()
    # ruleid: python-ssl-certificate-verification-disabled
    context.check_hostname = False
    # ruleid: python-ssl-certificate-verification-disabled
    context.verify_mode = ssl.CERT_NONE
    return smtplib.SMTP_SSL(MAIL_HOST, context=context)


def internal_client():
    context = ssl.create_default_context(cafile=INTERNAL_CA)
    # ok: python-ssl-certificate-verification-disabled
    context.check_hostname = True
    # ok: python-ssl-certificate-verification-disabled
    context.verify_mode = ssl.CERT_REQUIRED
    # ok: python-ssl-certificate-verification-disabled
    if context.verify_mode == ssl.CERT_NONE:
        raise RuntimeError("verification must stay on")
    return smtplib.SMTP_SSL(MAIL_HOST, context=context)


def legacy_socket(host):
    raw = socket.create_connection((host, 443))
    # ruleid: python-ssl-certificate-verification-disabled
    return ssl.wrap_socket(raw, cert_reqs=ssl.CERT_NONE)


def strict_socket(host):
    raw = socket.create_connection((host, 443))
    # ok: python-ssl-certificate-verification-disabled
    return ssl.wrap_socket(raw, cert_reqs=ssl.CERT_REQUIRED, ca_certs=INTERNAL_CA)


def aliased(host):
    import ssl as tls

    relaxed = tls.CERT_NONE
    context = tls.SSLContext(tls.PROTOCOL_TLS_CLIENT)
    # ruleid: python-ssl-certificate-verification-disabled
    context.check_hostname = False
    # ruleid: python-ssl-certificate-verification-disabled
    context.verify_mode = relaxed
    # ok: python-ssl-certificate-verification-disabled
    context.options |= tls.OP_NO_COMPRESSION
    # ok: python-ssl-certificate-verification-disabled
    strict = {"verify_mode": tls.CERT_REQUIRED, "check_hostname": True}
    return context.wrap_socket(socket.create_connection((host, 443)), server_hostname=host), strict
