#!/usr/bin/env python3
"""soapstone interop peer: spyne (2.14) server for DocumentService.

Installed by tests/peers/setup.sh, run through target/peers/bin/spyne-server:

  serve PORT MAXREQ [TIMEOUT_S]   127.0.0.1:PORT, stops after MAXREQ requests or
                                  TIMEOUT_S seconds (default 300)

Paths:
  /docs       SOAP 1.1, answers inline base64
  /docs12     SOAP 1.2, answers inline base64
  /docs-mtom  SOAP 1.1 with spyne's own MTOM output switched on (_mtom=True);
              broken in spyne 2.14 on Python 3: every download answers HTTP 500

spyne is code-first: the service below declares the same document/literal
wrapped elements as the WSDL (namespace urn:example:peers:docs).
uploadDocument answers OK-XOP when the request was multipart/related (spyne
inlines the attachment before the handler sees it), else OK-INLINE;
downloadDocument(fileName, size) answers `size` payload bytes.

Known spyne defects, left as they are: any MTOM request whose root part starts
with an XML declaration fails (spyne/protocol/soap/mime.py re-parses the root
part as a str and lxml refuses encoding declarations in str input), which is
what gSOAP, Metro and node-soap all send; spyne cannot send MTOM (see
/docs-mtom).  Raised here from spyne's defaults: max_content_length 2 MiB ->
1 GiB, and lxml huge_tree so base64 text over 10 MB parses.

Written for the soapstone project. SPDX-License-Identifier: MIT OR Apache-2.0
"""
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from payload import crc32_hex, payload  # noqa: E402

from spyne import Application, ByteArray, Long, ServiceBase, Unicode, rpc  # noqa: E402
from spyne.protocol.soap import Soap11, Soap12  # noqa: E402
from spyne.server.wsgi import WsgiApplication  # noqa: E402

NS = "urn:example:peers:docs"


def log(msg):
    print(f"spyne-server: {msg}", file=sys.stderr, flush=True)


def service_class(mtom_replies):
    class DocumentService(ServiceBase):
        @rpc(Unicode, Unicode, ByteArray,
             _returns=(Unicode, Long, Unicode),
             _out_variable_names=("status", "receivedBytes", "crc32"),
             _in_message_name="uploadDocument", _out_message_name="uploadDocumentResponse",
             _body_style="wrapped")
        def uploadDocument(ctx, fileName, mimeCode, attachmentData):
            data = b"".join(attachmentData or ())
            xop = "multipart/related" in ctx.transport.req_env.get("CONTENT_TYPE", "").lower()
            log(f"upload {len(data)} bytes crc32={crc32_hex(data)} {'xop' if xop else 'inline'}")
            return ("OK-XOP" if xop else "OK-INLINE"), len(data), crc32_hex(data)

        @rpc(Unicode, Long,
             _returns=(Unicode, Unicode, ByteArray),
             _out_variable_names=("fileName", "mimeCode", "attachmentData"),
             _in_message_name="downloadDocument", _out_message_name="downloadDocumentResponse",
             _body_style="wrapped", _mtom=mtom_replies)
        def downloadDocument(ctx, fileName, size):
            n = max(0, int(size or 0))
            log(f"download {n} bytes as {'mtom (spyne)' if mtom_replies else 'inline'}")
            return fileName or "", "application/octet-stream", [payload(n)]

    return DocumentService


def wsgi_app(protocol, mtom_replies=False):
    app = Application([service_class(mtom_replies)], tns=NS, name="DocumentService",
                      in_protocol=protocol(huge_tree=True), out_protocol=protocol())
    return WsgiApplication(app, max_content_length=1 << 30)


ROUTES = {
    "/docs": wsgi_app(Soap11),
    "/docs12": wsgi_app(Soap12),
    "/docs-mtom": wsgi_app(Soap11, mtom_replies=True),
}


def router(environ, start_response):
    app = ROUTES.get(environ.get("PATH_INFO", ""))
    if app is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"unknown path; use /docs, /docs12 or /docs-mtom\n"]
    return app(environ, start_response)


def serve(port, max_requests, timeout_s):
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    class Handler(WSGIRequestHandler):
        def log_message(self, fmt, *args):
            log("http " + fmt % args)

    class Server(WSGIServer):
        timed_out = False

        def handle_timeout(self):
            self.timed_out = True

    httpd = make_server("127.0.0.1", port, router, server_class=Server, handler_class=Handler)
    deadline = time.monotonic() + timeout_s
    log(f"listening on 127.0.0.1:{port} (/docs, /docs12, /docs-mtom), {max_requests} requests or {timeout_s} s")
    served = 0
    while served < max_requests and not httpd.timed_out:
        httpd.timeout = max(0.01, deadline - time.monotonic())
        httpd.handle_request()  # one request, or handle_timeout() when none came in time
        if not httpd.timed_out:
            served += 1
    log(f"{'time is up; ' if httpd.timed_out else ''}served {served} requests, exiting")
    httpd.server_close()


def main(argv):
    if len(argv) in (3, 4) and argv[0] == "serve" and all(a.isdigit() for a in argv[1:]):
        serve(int(argv[1]), int(argv[2]), int(argv[3]) if len(argv) == 4 else 300)
        return 0
    sys.stderr.write("usage: spyne-server serve PORT MAXREQ [TIMEOUT_S]\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
