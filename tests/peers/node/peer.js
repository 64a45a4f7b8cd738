#!/usr/bin/env node
// soapstone interop peer: node-soap (npm "soap" 1.13) client for DocumentService.
// Installed by tests/peers/setup.sh, run through target/peers/bin/node-peer:
//
//   upload URL SIZE [inline] [soap12]    stdout: status=S receivedBytes=N crc32=XXXXXXXX
//   download URL SIZE [inline] [soap12]  stdout: got=N crc32=XXXXXXXX
//   payload SIZE                         stdout: SIZE XXXXXXXX
// Exit status: 0 call completed, 1 transport error or SOAP fault (stderr), 2 bad usage.
//
// What node-soap does itself and what this program adds:
// - MTOM upload: node-soap writes the multipart/related XOP package when given
//   `attachments`, but it does not put the xop:Include into the envelope; we
//   write that element ourselves (the `$xml` escape) with a cid: href.  With
//   soap12 the package still says start-info="text/xml" (node-soap's choice).
// - MTOM download: with parseResponseAttachments node-soap splits the
//   multipart response into parts but does not resolve xop:Include; we look up
//   the part whose Content-ID the href names.
// - node-soap has no MTOM on its server side, so there is no node server peer.
//
// Written for the soapstone project. SPDX-License-Identifier: MIT OR Apache-2.0
'use strict';

const path = require('path');
const zlib = require('zlib');
const soap = require('soap');

const WSDL = process.env.PEERS_WSDL ||
  path.resolve(__dirname, '../../../wsdl-samples/document-service/DocumentService.wsdl');
const XOP = 'http://www.w3.org/2004/08/xop/include';

// ---- test payload: see tests/peers/payload.py
const BLOCK = (() => {
  const b = Buffer.alloc(65536);
  for (let i = 0; i < b.length; i++) b[i] = (i * 167 + (i >> 8) * 13) & 0xff;
  b.write('\r\n--MIMEBoundary_fake\r\n\r\n--\r\n', 0, 'latin1');
  return b;
})();
function payload(size) {
  const out = Buffer.alloc(size);
  for (let at = 0; at < size; at += BLOCK.length) BLOCK.copy(out, at, 0, Math.min(BLOCK.length, size - at));
  return out;
}
// zlib.crc32 exists from Node 20.15 / 22.2 on; older Node (Debian 12 ships 18) gets a table.
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc32(buf) {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(buf) >>> 0;
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function crc32Hex(buf) {
  return crc32(buf).toString(16).padStart(8, '0');
}

function usage() {
  process.stderr.write('usage: node-peer upload URL SIZE [inline] [soap12]\n' +
    '       node-peer download URL SIZE [inline] [soap12]\n' +
    '       node-peer payload SIZE\n');
  return 2;
}

async function operation(url, soap12, name) {
  const client = await soap.createClientAsync(WSDL, {
    endpoint: url,
    forceSoap12Headers: soap12,
    parseResponseAttachments: true,
  });
  const port = client.DocumentService[soap12 ? 'DocumentPortSoap12' : 'DocumentPortSoap11'];
  // resolves to [result, rawResponseXml, mtomAttachments]
  return (args, options) => new Promise((resolve, reject) => {
    port[name](args, (err, result, raw, _header, _rawRequest, attachments) => {
      if (err) reject(err); else resolve([result, raw, attachments]);
    }, Object.assign({ timeout: 120000 }, options));
  });
}

// The bytes of attachmentData: base64 text, or the MIME part an xop:Include names.
function receivedBytes(result, rawXml, attachments) {
  const value = result ? result.attachmentData : undefined;
  const include = /<(?:[\w.-]+:)?Include\b[^>]*\bhref\s*=\s*["']cid:([^"']*)["']/.exec(rawXml || '');
  if (!include) {
    if (value === undefined || value === null || value === '') return Buffer.alloc(0);
    if (typeof value !== 'string') throw new Error('unexpected attachmentData: ' + JSON.stringify(value));
    return { bytes: Buffer.from(value, 'base64'), xop: false };
  }
  const cid = decodeURIComponent(include[1]);
  const parts = (attachments && attachments.parts) || [];
  const part = parts.find((p) => {
    const id = (p.headers['content-id'] || '').trim();
    return id === '<' + cid + '>' || id === cid;
  });
  if (!part) throw new Error('no MIME part with Content-ID <' + cid + '>');
  return { bytes: part.body || Buffer.alloc(0), xop: true };
}

async function main(argv) {
  const [cmd, a1, a2, ...flags] = argv;
  if (cmd === 'payload' && a1 !== undefined) {
    const p = payload(Number(a1));
    console.log(`${p.length} ${crc32Hex(p)}`);
    return 0;
  }
  if ((cmd !== 'upload' && cmd !== 'download') || !a1 || !/^\d+$/.test(a2 || '')) return usage();
  if (flags.some((f) => f !== 'inline' && f !== 'soap12')) return usage();
  const inline = flags.includes('inline');
  const soap12 = flags.includes('soap12');
  const size = Number(a2);

  if (cmd === 'upload') {
    const data = payload(size);
    const call = await operation(a1, soap12, 'uploadDocument');
    let args;
    let options = {};
    if (inline) {
      args = { fileName: 'document.bin', mimeCode: 'application/octet-stream', attachmentData: data.toString('base64') };
    } else {
      const cid = 'document-1@soapstone.node-peer';
      args = {
        fileName: 'document.bin',
        mimeCode: 'application/octet-stream',
        attachmentData: { $xml: `<xop:Include xmlns:xop="${XOP}" href="cid:${encodeURIComponent(cid)}"/>` },
      };
      options = { attachments: [{ mimetype: 'application/octet-stream', contentId: cid, name: 'document.bin', body: data }] };
    }
    const [r] = await call(args, options);
    console.log(`status=${r.status} receivedBytes=${r.receivedBytes} crc32=${r.crc32}`);
    return 0;
  }
  const call = await operation(a1, soap12, 'downloadDocument');
  const [r, raw, attachments] = await call({ fileName: inline ? 'document.inline' : 'document.bin', size }, {});
  const got = receivedBytes(r, raw, attachments);
  const bytes = Buffer.isBuffer(got) ? got : got.bytes;
  process.stderr.write(`node-peer download: data came ${got.xop ? 'as an attachment' : 'inline'}\n`);
  console.log(`got=${bytes.length} crc32=${crc32Hex(bytes)}`);
  return 0;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err) => {
  process.stderr.write('node-peer: ' + ((err && err.stack) || err) + '\n');
  if (err && err.response) process.stderr.write(`node-peer: HTTP ${err.response.status}\n`);
  process.exitCode = 1;
});
