//! Fuzz target: the in-memory reader (and the report built over it). The first
//! line of the input is the Content-Type, the rest is the body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use soapstone::Limits;

fuzz_target!(|data: &[u8]| {
    let (ct, body) = match data.iter().position(|&c| c == b'\n') {
        Some(i) => (String::from_utf8_lossy(&data[..i]).into_owned(), &data[i + 1..]),
        None => ("multipart/related; type=\"application/xop+xml\"; boundary=b; start=\"<r>\"".to_string(), data),
    };
    let body = bytes::Bytes::copy_from_slice(body);
    if let Ok(msg) = soapstone::decode(&ct, body.clone(), &Limits::default()) {
        let _ = msg.fault();
        let _ = soapstone::inspect::report(&msg, &ct);
    }
    let _ = soapstone::inspect::inspect(body, None, &Limits::default());
});
