#!/usr/bin/env python3
"""soapstone interop peer: zeep (4.3) client for DocumentService.

Installed by tests/peers/setup.sh, run through target/peers/bin/zeep-client:

  upload URL SIZE [inline] [soap12]    stdout: status=S receivedBytes=N crc32=XXXXXXXX
  download URL SIZE [inline] [soap12]  stdout: got=N crc32=XXXXXXXX
  payload SIZE                         stdout: SIZE XXXXXXXX

Exit status: 0 call completed, 1 transport error or SOAP fault (stderr),
2 bad usage, 3 the peer cannot do what was asked: zeep has no way to send
MTOM, so `upload` without `inline` exits 3 without sending anything.

Known zeep defect, left as it is: on an MTOM response zeep strips CR and LF
bytes from both ends of every binary MIME part (zeep/wsdl/attachments.py), so a
payload that starts with "\\r\\n" arrives two bytes short.

zeep runs with Settings(xml_huge_tree=True) so that inline base64 above ~7.5
MiB (a text node over libxml2's 10 MB default) is accepted.

Written for the soapstone project. SPDX-License-Identifier: MIT OR Apache-2.0
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from payload import crc32_hex, payload  # noqa: E402

NS = "urn:example:peers:docs"
WSDL = os.environ.get("PEERS_WSDL") or os.path.normpath(
    os.path.join(HERE, "..", "..", "..", "wsdl-samples", "document-service", "DocumentService.wsdl"))


def usage():
    sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
    return 2


def make_service(url, soap12):
    from zeep import Client, Settings
    from zeep.transports import Transport

    class RecordingTransport(Transport):
        """Remembers the Content-Type of the last response."""
        last_content_type = ""

        def post(self, address, message, headers):
            response = super().post(address, message, headers)
            self.last_content_type = response.headers.get("Content-Type", "")
            return response

    transport = RecordingTransport(timeout=30, operation_timeout=120)
    client = Client(WSDL, transport=transport, settings=Settings(xml_huge_tree=True))
    binding = "{%s}DocumentBinding%s" % (NS, "Soap12" if soap12 else "Soap11")
    return client.create_service(binding, url), transport


def main(argv):
    if len(argv) >= 2 and argv[0] == "payload" and argv[1].isdigit():
        print(argv[1], crc32_hex(payload(int(argv[1]))))
        return 0
    if len(argv) < 3 or argv[0] not in ("upload", "download") or not argv[2].isdigit():
        return usage()
    cmd, url, size, flags = argv[0], argv[1], int(argv[2]), argv[3:]
    if any(f not in ("inline", "soap12") for f in flags):
        return usage()
    inline, soap12 = "inline" in flags, "soap12" in flags

    if cmd == "upload" and not inline:
        sys.stderr.write("zeep-client: zeep cannot send MTOM (it always sends base64Binary inline); "
                         "add 'inline'\n")
        return 3
    try:
        service, transport = make_service(url, soap12)
        if cmd == "upload":
            r = service.uploadDocument(fileName="document.bin", mimeCode="application/octet-stream",
                                       attachmentData=payload(size))
            print(f"status={r.status} receivedBytes={r.receivedBytes} crc32={r.crc32}")
        else:
            r = service.downloadDocument(fileName="document.inline" if inline else "document.bin", size=size)
            data = r.attachmentData or b""
            how = "as an attachment" if "multipart/related" in transport.last_content_type.lower() else "inline"
            sys.stderr.write(f"zeep-client download: data came {how}\n")
            print(f"got={len(data)} crc32={crc32_hex(data)}")
    except Exception as e:  # zeep.exceptions.Fault, requests errors, lxml errors
        sys.stderr.write(f"zeep-client: {type(e).__module__}.{type(e).__name__}: {e}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
