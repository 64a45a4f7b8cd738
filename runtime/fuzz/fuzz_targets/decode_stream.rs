//! Fuzz target: the streaming reader, fed in small reads, with a low spill
//! threshold so that the spill path runs too. Input layout as `decode_memory`,
//! plus a first byte choosing the read size.
#![no_main]

use libfuzzer_sys::fuzz_target;
use soapstone::Limits;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, ReadBuf};

struct Trickle<'a> {
    data: &'a [u8],
    step: usize,
}

impl AsyncRead for Trickle<'_> {
    fn poll_read(mut self: Pin<&mut Self>, _: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let n = self.step.min(buf.remaining()).min(self.data.len());
        let (head, tail) = self.data.split_at(n);
        buf.put_slice(head);
        self.data = tail;
        Poll::Ready(Ok(()))
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&step, data)) = data.split_first() else { return };
    let (ct, body) = match data.iter().position(|&c| c == b'\n') {
        Some(i) => (String::from_utf8_lossy(&data[..i]).into_owned(), &data[i + 1..]),
        None => ("multipart/related; type=\"application/xop+xml\"; boundary=b; start=\"<r>\"".to_string(), data),
    };
    let Ok(rt) = tokio::runtime::Builder::new_current_thread().build() else { return };
    let limits = Limits { spill_threshold: 64, ..Limits::default() };
    let reader = Trickle { data: body, step: usize::from(step).max(1) };
    let _ = rt.block_on(soapstone::mime::stream::read_message(reader, &ct, &limits));
});
