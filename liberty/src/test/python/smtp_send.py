"""Sends one message with Python's smtplib; used by PythonSmtplibIT.

usage: smtp_send.py PORT MODE FROM TO SUBJECT [USER PASSWORD]
MODE is "plain" (no TLS, no AUTH) or "starttls" (STARTTLS, then AUTH LOGIN/PLAIN as USER).
Prints the EHLO features, what sendmail refused and "SENT <subject>"; exits non-zero on any error.
"""
import smtplib
import ssl
import sys
from email.message import EmailMessage

port, mode, sender, rcpt, subject = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
msg = EmailMessage()
msg["From"] = sender
msg["To"] = rcpt
msg["Subject"] = subject
msg["Message-ID"] = "<%s@python.e2e.test>" % subject
msg.set_content("Sent by Python smtplib.\n")

with smtplib.SMTP("127.0.0.1", port, local_hostname="python.e2e.test", timeout=30) as smtp:
    smtp.ehlo()
    if mode == "starttls":
        # The test server's certificate is Liberty's self-signed default.
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        smtp.starttls(context=context)
        smtp.ehlo()
        print("AUTH", smtp.esmtp_features.get("auth", "").strip())
        smtp.login(sys.argv[6], sys.argv[7])
    elif mode != "plain":
        sys.exit("unknown mode " + mode)
    print("FEATURES", " ".join(sorted(smtp.esmtp_features)))
    refused = smtp.send_message(msg)
    print("REFUSED", refused)
print("SENT", subject)
