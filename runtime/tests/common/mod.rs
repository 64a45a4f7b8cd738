//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use bytes::Bytes;
use soapstone::{Limits, Message, Result};
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, ReadBuf};

/// An async reader handing out at most `step` bytes per read, so that
/// delimiters straddle reads.
pub struct Trickle {
    pub data: Bytes,
    pub pos: usize,
    pub step: usize,
}

impl AsyncRead for Trickle {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let n = self
            .step
            .min(buf.remaining())
            .min(self.data.len() - self.pos);
        let start = self.pos;
        buf.put_slice(&self.data[start..start + n]);
        self.pos += n;
        Poll::Ready(Ok(()))
    }
}

pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Streaming read with a given read size and spill directory base.
pub fn stream_with(
    ct: &str,
    body: &[u8],
    limits: &Limits,
    step: usize,
    spill: Option<&std::path::Path>,
) -> Result<Message> {
    let reader = Trickle {
        data: Bytes::copy_from_slice(body),
        pos: 0,
        step,
    };
    rt().block_on(async {
        let mut r = soapstone::mime::stream::StreamReader::new(reader, ct, limits.clone())?;
        if let Some(s) = spill {
            r = r.spill_dir(s);
        }
        r.into_message().await
    })
}

/// Reads with both readers (streaming with several read sizes) and checks they
/// agree; returns the in-memory result.
pub fn both_with(ct: &str, body: &[u8], limits: &Limits) -> Result<Message> {
    let mem = soapstone::decode(ct, Bytes::copy_from_slice(body), limits);
    for step in [1usize, 7, 64, 4096, 1 << 20] {
        let s = stream_with(ct, body, limits, step, None);
        match (&mem, &s) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a.root_xml, b.root_xml, "root (step {step})");
                assert_eq!(a.kind, b.kind);
                assert_eq!(a.version, b.version);
                assert_eq!(a.action, b.action);
                assert_eq!(a.root.content_id, b.root.content_id);
                assert_eq!(
                    a.attachments.len(),
                    b.attachments.len(),
                    "parts (step {step})"
                );
                for (x, y) in a.attachments.iter().zip(&b.attachments) {
                    assert_eq!(x.id, y.id);
                    assert_eq!(x.part.content_type, y.part.content_type);
                    assert_eq!(x.referenced_by, y.referenced_by);
                    assert_eq!(
                        x.data.to_bytes().unwrap(),
                        y.data.to_bytes().unwrap(),
                        "step {step}"
                    );
                }
            }
            (Err(a), Err(b)) => assert_eq!(
                std::mem::discriminant(a),
                std::mem::discriminant(b),
                "in memory: {a}; streaming (step {step}): {b}"
            ),
            (a, b) => panic!("readers disagree (step {step}): in memory {a:?}, streaming {b:?}"),
        }
    }
    mem
}

pub fn both(ct: &str, body: &[u8]) -> Result<Message> {
    both_with(ct, body, &Limits::default())
}

/// Builds a multipart body: each part is (header lines, body); CRLF framing.
pub fn multipart(boundary: &str, parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (h, b) in parts {
        out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        for line in h.lines() {
            out.extend_from_slice(line.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(b);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    out
}

pub const XOP: &str = "http://www.w3.org/2004/08/xop/include";

/// A SOAP 1.1 envelope around body content.
pub fn env11(body: &str) -> String {
    format!("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>{body}</s:Body></s:Envelope>")
}

pub fn include(cid: &str) -> String {
    format!("<xop:Include xmlns:xop=\"{XOP}\" href=\"cid:{cid}\"/>")
}

pub const MTOM_CT: &str =
    "multipart/related; type=\"application/xop+xml\"; boundary=\"b1\"; start=\"<root>\"; start-info=\"text/xml\"";
pub const ROOT_H: &str =
    "Content-Type: application/xop+xml; charset=UTF-8; type=\"text/xml\"\nContent-ID: <root>";
