//! Streaming decode of a 1 GiB single-attachment MTOM message from an async
//! reader into a spilled file; prints throughput and peak RSS (getrusage).
//! The message is generated on the fly, so the input itself takes no memory.
//!
//! `cargo bench -p soapstone --bench stream_rss`
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use soapstone::mime::stream::StreamReader;
use soapstone::Limits;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;
use tokio::io::{AsyncRead, ReadBuf};

const SIZE: u64 = 1 << 30;
const BOUNDARY: &str = "MIMEBoundary_0123456789abcdef0123456789abcdef";

/// Header, then SIZE pseudo-random bytes, then the trailer, in 256 KiB reads.
struct Generated {
    head: Vec<u8>,
    tail: Vec<u8>,
    pos: u64,
    block: Vec<u8>,
}

impl Generated {
    fn total(&self) -> u64 {
        self.head.len() as u64 + SIZE + self.tail.len() as u64
    }
}

impl AsyncRead for Generated {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let total = self.total();
        let mut left = buf.remaining().min(256 * 1024);
        while left > 0 && self.pos < total {
            let hl = self.head.len() as u64;
            if self.pos < hl {
                let s = &self.head[self.pos as usize..];
                let n = s.len().min(left);
                buf.put_slice(&s[..n]);
                self.pos += n as u64;
                left -= n;
            } else if self.pos < hl + SIZE {
                let off = ((self.pos - hl) % self.block.len() as u64) as usize;
                let n = ((hl + SIZE - self.pos) as usize)
                    .min(left)
                    .min(self.block.len() - off);
                buf.put_slice(&self.block[off..off + n]);
                self.pos += n as u64;
                left -= n;
            } else {
                let off = (self.pos - hl - SIZE) as usize;
                let s = &self.tail[off..];
                let n = s.len().min(left);
                buf.put_slice(&s[..n]);
                self.pos += n as u64;
                left -= n;
            }
        }
        Poll::Ready(Ok(()))
    }
}

/// 1 MiB of xorshift output, repeated to make the payload.
fn random_block() -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut v = Vec::with_capacity(1 << 20);
    while v.len() < 1 << 20 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        v.extend_from_slice(&x.to_le_bytes());
    }
    v
}

/// Peak resident set of this process image (VmHWM, KiB); unlike getrusage's
/// ru_maxrss it is not inherited from the parent across exec.
fn vm_hwm_kib() -> i64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(-1)
}

fn peak_rss_kib() -> i64 {
    // getrusage(RUSAGE_SELF): ru_maxrss is in KiB on Linux.
    let mut u: libc::rusage = zeroed_rusage();
    let r = rusage(&mut u);
    if r == 0 {
        u.ru_maxrss
    } else {
        -1
    }
}

#[allow(unsafe_code)]
fn zeroed_rusage() -> libc::rusage {
    // SAFETY: rusage is plain old data; all-zero is a valid value.
    unsafe { std::mem::zeroed() }
}

#[allow(unsafe_code)]
fn rusage(u: &mut libc::rusage) -> i32 {
    // SAFETY: `u` is a valid, exclusive pointer for the call.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, u) }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("stream_rss_1GiB: bench");
        return;
    }
    let root = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><sendImage xmlns=\"urn:i\"><input><imageData><xop:Include xmlns:xop=\"http://www.w3.org/2004/08/xop/include\" href=\"cid:big@x\"/></imageData></input></sendImage></s:Body></s:Envelope>";
    let head = format!(
        "--{BOUNDARY}\r\nContent-Type: application/xop+xml; charset=UTF-8; type=\"text/xml\"\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <root>\r\n\r\n{root}\r\n--{BOUNDARY}\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <big@x>\r\n\r\n"
    );
    let tail = format!("\r\n--{BOUNDARY}--");
    let ct = format!("multipart/related; type=\"application/xop+xml\"; boundary=\"{BOUNDARY}\"; start=\"<root>\"; start-info=\"text/xml\"");
    let src = Generated {
        head: head.into_bytes(),
        tail: tail.into_bytes(),
        pos: 0,
        block: random_block(),
    };
    let total = src.total();
    let limits = Limits::unbounded_sizes();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let rss_before = peak_rss_kib();
    let start = Instant::now();
    let msg = rt
        .block_on(async {
            StreamReader::new(src, &ct, limits)
                .unwrap()
                .into_message()
                .await
        })
        .unwrap();
    let elapsed = start.elapsed();
    let a = &msg.attachments[0];
    assert_eq!(a.data.len(), SIZE);
    assert!(matches!(a.data.data(), soapstone::BinaryData::File(_)));
    let rss = peak_rss_kib();
    println!(
        "SUMMARY stream 1GiB: {} bytes in {:.2} s = {:.2} GiB/s into a spilled file ({}); peak RSS getrusage {:.1} MiB (before decoding: {:.1} MiB, inherited across exec), VmHWM {:.1} MiB; referenced by {}",
        total,
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64() / (1u64 << 30) as f64,
        match a.data.data() {
            soapstone::BinaryData::File(f) => f.path().display().to_string(),
            _ => String::new(),
        },
        rss as f64 / 1024.0,
        rss_before as f64 / 1024.0,
        vm_hwm_kib() as f64 / 1024.0,
        a.referenced_by.as_ref().map(|p| p.to_string()).unwrap_or_default(),
    );
    drop(msg);
}
