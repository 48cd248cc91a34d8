import ftplib
import telnetlib

# ruleid: python-cleartext-protocol-client
ftp = ftplib.FTP("files.example.com")
# ruleid: python-cleartext-protocol-client
session = telnetlib.Telnet("router.example.com")
# ok: python-cleartext-protocol-client
secure = ftplib.FTP_TLS("files.example.com")
