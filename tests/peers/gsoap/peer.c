/*
 * soapstone interop peer: gSOAP (C bindings from wsdl2h -c / soapcpp2 -c) for
 * the DocumentService (wsdl-samples/document-service/DocumentService.wsdl).
 * Built by tests/peers/setup.sh; the command-line contract is documented in
 * tests/peers/README.md:
 *
 *   peer server PORT MAXREQ [TIMEOUT_S]       listen on 127.0.0.1:PORT (any path), stop after
 *                                             MAXREQ requests or TIMEOUT_S seconds (default 300)
 *   peer upload URL SIZE [inline] [soap12]    stdout: status=S receivedBytes=N crc32=XXXXXXXX
 *   peer download URL SIZE [inline] [soap12]  stdout: got=N crc32=XXXXXXXX
 *                                             (both: stderr latency_s=T, the call's time)
 *   peer payload SIZE                         stdout: SIZE XXXXXXXX (crc of the test payload)
 *
 * Exit status: 0 when the call completed (the caller compares the numbers),
 * 1 on a transport error or SOAP fault (details on stderr), 2 on bad usage.
 *
 * Written for the soapstone project. SPDX-License-Identifier: MIT OR Apache-2.0
 */
#include "soapH.h"
#include <zlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Namespace tables.  gSOAP takes the SOAP version of an outgoing message from
 * the first column of the SOAP-ENV row; the third column is the pattern that an
 * incoming envelope may also match, which lets the server read either version
 * and answer in the one the request used. */
#define DOCS_NS "urn:example:peers:docs"
struct Namespace namespaces[] = {
  {"SOAP-ENV", "http://schemas.xmlsoap.org/soap/envelope/", "http://www.w3.org/2003/05/soap-envelope", NULL},
  {"SOAP-ENC", "http://schemas.xmlsoap.org/soap/encoding/", "http://www.w3.org/2003/05/soap-encoding", NULL},
  {"xsi", "http://www.w3.org/2001/XMLSchema-instance", "http://www.w3.org/*/XMLSchema-instance", NULL},
  {"xsd", "http://www.w3.org/2001/XMLSchema", "http://www.w3.org/*/XMLSchema", NULL},
  {"docs", DOCS_NS, NULL, NULL},
  {NULL, NULL, NULL, NULL}};
static struct Namespace namespaces12[] = {
  {"SOAP-ENV", "http://www.w3.org/2003/05/soap-envelope", "http://schemas.xmlsoap.org/soap/envelope/", NULL},
  {"SOAP-ENC", "http://www.w3.org/2003/05/soap-encoding", "http://schemas.xmlsoap.org/soap/encoding/", NULL},
  {"xsi", "http://www.w3.org/2001/XMLSchema-instance", "http://www.w3.org/*/XMLSchema-instance", NULL},
  {"xsd", "http://www.w3.org/2001/XMLSchema", "http://www.w3.org/*/XMLSchema", NULL},
  {"docs", DOCS_NS, NULL, NULL},
  {NULL, NULL, NULL, NULL}};

/* ---- test payload: see tests/peers/payload.py ---- */
#define BLOCK_LEN 65536
static const char TRAP[] = "\r\n--MIMEBoundary_fake\r\n\r\n--\r\n";

static void fill_payload(unsigned char *dst, size_t size)
{
  static unsigned char block[BLOCK_LEN];
  static int ready = 0;
  if (!ready) {
    for (size_t i = 0; i < BLOCK_LEN; i++)
      block[i] = (unsigned char)((i * 167 + (i >> 8) * 13) & 0xff);
    memcpy(block, TRAP, sizeof TRAP - 1);
    ready = 1;
  }
  for (size_t done = 0; done < size;) {
    size_t n = size - done < BLOCK_LEN ? size - done : BLOCK_LEN;
    memcpy(dst + done, block, n);
    done += n;
  }
}

static void crc32_hex(const unsigned char *p, size_t n, char out[9])
{
  uLong crc = crc32(0L, Z_NULL, 0);
  while (n > 0) {
    uInt chunk = n > 0x40000000u ? 0x40000000u : (uInt)n;
    crc = crc32(crc, p, chunk);
    p += chunk;
    n -= chunk;
  }
  snprintf(out, 9, "%08lx", (unsigned long)(crc & 0xffffffffUL));
}

static double now_s(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int ends_with(const char *s, const char *suffix)
{
  size_t a = s ? strlen(s) : 0, b = strlen(suffix);
  return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* ---- service operations (both generated bindings share them) ---- */
static int serve_upload(struct soap *soap, struct _docs__uploadDocument *in, struct _docs__uploadDocumentResponse *out)
{
  char crc[9];
  const struct xsd__base64Binary *d = &in->attachmentData;
  size_t n = d->__ptr && d->__size > 0 ? (size_t)d->__size : 0;
  /* gSOAP fills `id` with the content id when the element was an xop:Include */
  int xop = d->id != NULL;
  crc32_hex(d->__ptr, n, crc);
  out->status = soap_strdup(soap, xop ? "OK-XOP" : "OK-INLINE");
  out->receivedBytes = (LONG64)n;
  out->crc32 = soap_strdup(soap, crc);
  fprintf(stderr, "gsoap-peer server: upload %zu bytes crc32=%s %s soap1.%d\n", n, crc,
          xop ? "xop" : "inline", soap->version == 2 ? 2 : 1);
  return SOAP_OK;
}

static int serve_download(struct soap *soap, struct _docs__downloadDocument *in, struct _docs__downloadDocumentResponse *out)
{
  size_t n = in->size > 0 ? (size_t)in->size : 0;
  int inline_reply = ends_with(in->fileName, ".inline");
  unsigned char *buf = soap_malloc(soap, n ? n : 1);
  if (!buf)
    return soap_receiver_fault(soap, "out of memory", NULL);
  fill_payload(buf, n);
  out->fileName = in->fileName ? in->fileName : soap_strdup(soap, "");
  out->mimeCode = soap_strdup(soap, "application/octet-stream");
  out->attachmentData.__ptr = buf;
  out->attachmentData.__size = (int)n;
  out->attachmentData.id = NULL; /* gSOAP makes up the content id */
  out->attachmentData.options = NULL;
  if (inline_reply) {
    out->attachmentData.type = NULL;
    soap_clr_omode(soap, SOAP_ENC_MTOM);
  } else {
    out->attachmentData.type = "application/octet-stream";
    soap_set_omode(soap, SOAP_ENC_MTOM);
  }
  fprintf(stderr, "gsoap-peer server: download %zu bytes as %s soap1.%d\n", n, inline_reply ? "inline" : "mtom",
          soap->version == 2 ? 2 : 1);
  return SOAP_OK;
}

int __docs__uploadDocument(struct soap *s, struct _docs__uploadDocument *i, struct _docs__uploadDocumentResponse *o)
{ return serve_upload(s, i, o); }
int __docs__uploadDocument_(struct soap *s, struct _docs__uploadDocument *i, struct _docs__uploadDocumentResponse *o)
{ return serve_upload(s, i, o); }
int __docs__downloadDocument(struct soap *s, struct _docs__downloadDocument *i, struct _docs__downloadDocumentResponse *o)
{ return serve_download(s, i, o); }
int __docs__downloadDocument_(struct soap *s, struct _docs__downloadDocument *i, struct _docs__downloadDocumentResponse *o)
{ return serve_download(s, i, o); }

/* ---- server ---- */
static int run_server(int port, int maxreq, int timeout_s)
{
  struct soap *soap = soap_new1(SOAP_C_UTFSTRING);
  time_t deadline = time(NULL) + timeout_s;
  int served = 0;
  soap->bind_flags = SO_REUSEADDR;
  soap->recv_timeout = 60;
  soap->send_timeout = 60;
  if (!soap_valid_socket(soap_bind(soap, "127.0.0.1", port, 16))) {
    soap_print_fault(soap, stderr);
    soap_free(soap);
    return 1;
  }
  fprintf(stderr, "gsoap-peer server: listening on 127.0.0.1:%d, %d requests or %d s\n", port, maxreq, timeout_s);
  while (served < maxreq) {
    time_t left = deadline - time(NULL);
    if (left <= 0) {
      fprintf(stderr, "gsoap-peer server: time is up\n");
      break;
    }
    soap->accept_timeout = (int)left;
    if (!soap_valid_socket(soap_accept(soap))) {
      if (soap->errnum == 0) { /* accept timed out */
        fprintf(stderr, "gsoap-peer server: time is up\n");
        break;
      }
      soap_print_fault(soap, stderr);
      break;
    }
    served++;
    if (soap_serve(soap) != SOAP_OK)
      soap_print_fault(soap, stderr);
    soap_destroy(soap);
    soap_end(soap);
  }
  fprintf(stderr, "gsoap-peer server: served %d requests, exiting\n", served);
  soap_free(soap);
  return 0;
}

/* ---- clients ---- */
static struct soap *client_context(int soap12)
{
  struct soap *soap = soap_new1(SOAP_C_UTFSTRING);
  soap_set_namespaces(soap, soap12 ? namespaces12 : namespaces);
  soap->connect_timeout = 20;
  soap->recv_timeout = 120;
  soap->send_timeout = 120;
  return soap;
}

static int run_upload(const char *url, size_t size, int mtom, int soap12)
{
  struct soap *soap = client_context(soap12);
  struct _docs__uploadDocument req;
  struct _docs__uploadDocumentResponse resp;
  unsigned char *data = malloc(size ? size : 1);
  if (!data) { fprintf(stderr, "out of memory\n"); return 1; }
  fill_payload(data, size);
  memset(&req, 0, sizeof req);
  memset(&resp, 0, sizeof resp);
  req.fileName = "document.bin";
  req.mimeCode = "application/octet-stream";
  req.attachmentData.__ptr = data;
  req.attachmentData.__size = (int)size;
  if (mtom) {
    soap_set_omode(soap, SOAP_ENC_MTOM);
    req.attachmentData.type = "application/octet-stream"; /* a type makes it an attachment */
  }
  double t0 = now_s();
  if (soap_call___docs__uploadDocument(soap, url, NULL, &req, &resp) != SOAP_OK) {
    soap_print_fault(soap, stderr);
    return 1;
  }
  fprintf(stderr, "latency_s=%.3f\n", now_s() - t0);
  printf("status=%s receivedBytes=%lld crc32=%s\n", resp.status ? resp.status : "",
         (long long)resp.receivedBytes, resp.crc32 ? resp.crc32 : "");
  free(data);
  soap_destroy(soap);
  soap_end(soap);
  soap_free(soap);
  return 0;
}

static int run_download(const char *url, size_t size, int inline_reply, int soap12)
{
  struct soap *soap = client_context(soap12);
  struct _docs__downloadDocument req;
  struct _docs__downloadDocumentResponse resp;
  char crc[9];
  memset(&req, 0, sizeof req);
  memset(&resp, 0, sizeof resp);
  req.fileName = inline_reply ? "document.inline" : "document.bin";
  req.size = (LONG64)size;
  double t0 = now_s();
  if (soap_call___docs__downloadDocument(soap, url, NULL, &req, &resp) != SOAP_OK) {
    soap_print_fault(soap, stderr);
    return 1;
  }
  fprintf(stderr, "latency_s=%.3f\n", now_s() - t0);
  size_t n = resp.attachmentData.__ptr && resp.attachmentData.__size > 0 ? (size_t)resp.attachmentData.__size : 0;
  crc32_hex(resp.attachmentData.__ptr, n, crc);
  fprintf(stderr, "gsoap-peer download: data came %s\n", resp.attachmentData.id ? "as an attachment" : "inline");
  printf("got=%zu crc32=%s\n", n, crc);
  soap_destroy(soap);
  soap_end(soap);
  soap_free(soap);
  return 0;
}

static int usage(void)
{
  fprintf(stderr,
          "usage: peer server PORT MAXREQ [TIMEOUT_S]\n"
          "       peer upload URL SIZE [inline] [soap12]\n"
          "       peer download URL SIZE [inline] [soap12]\n"
          "       peer payload SIZE\n");
  return 2;
}

static int parse_size(const char *s, size_t *out)
{
  char *end;
  unsigned long long v = strtoull(s, &end, 10);
  if (*s == '\0' || *end != '\0' || v > 0x7fffffffULL)
    return 0;
  *out = (size_t)v;
  return 1;
}

int main(int argc, char **argv)
{
  int inline_flag = 0, soap12 = 0;
  size_t size;
  if (argc < 3)
    return usage();
  if (strcmp(argv[1], "server") == 0) {
    if (argc < 4 || argc > 5)
      return usage();
    return run_server(atoi(argv[2]), atoi(argv[3]), argc == 5 ? atoi(argv[4]) : 300);
  }
  if (strcmp(argv[1], "payload") == 0) {
    char crc[9];
    unsigned char *p;
    if (!parse_size(argv[2], &size))
      return usage();
    p = malloc(size ? size : 1);
    fill_payload(p, size);
    crc32_hex(p, size, crc);
    printf("%zu %s\n", size, crc);
    free(p);
    return 0;
  }
  if (argc < 4 || !parse_size(argv[3], &size))
    return usage();
  for (int i = 4; i < argc; i++) {
    if (strcmp(argv[i], "inline") == 0)
      inline_flag = 1;
    else if (strcmp(argv[i], "soap12") == 0)
      soap12 = 1;
    else
      return usage();
  }
  if (strcmp(argv[1], "upload") == 0)
    return run_upload(argv[2], size, !inline_flag, soap12);
  if (strcmp(argv[1], "download") == 0)
    return run_download(argv[2], size, inline_flag, soap12);
  return usage();
}
