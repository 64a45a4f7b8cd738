//! MTOM benchmarks with the physical limits measured on the same bytes in the
//! same run: decode and encode of a single-attachment message of 1 MiB, 64 MiB
//! and 256 MiB, beside a memcpy of the message and a `memmem` scan for the
//! delimiter over it.
//!
//! `cargo bench -p soapstone --bench mtom`
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use bytes::Bytes;
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use soapstone::mime::writer::{MtomWriter, Package};
use soapstone::soap::envelope::write_envelope;
use soapstone::{Binary, Limits, SoapVersion};
use std::time::{Duration, Instant};

const SIZES: [(usize, &str); 3] = [
    (1 << 20, "1MiB"),
    (64 << 20, "64MiB"),
    (256 << 20, "256MiB"),
];

fn payload(len: usize) -> Bytes {
    // xorshift: incompressible, and never the delimiter by chance.
    let mut v = vec![0u8; len];
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for chunk in v.chunks_mut(8) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let b = x.to_le_bytes();
        chunk.copy_from_slice(&b[..chunk.len()]);
    }
    Bytes::from(v)
}

fn build(data: &Bytes) -> Package {
    let mut w = MtomWriter::new(SoapVersion::V11);
    let c = w
        .content(&Binary::from(data.clone()).with_content_type("application/octet-stream"))
        .unwrap();
    let env = write_envelope(
        SoapVersion::V11,
        &[],
        &format!(
            "<sendImage xmlns=\"urn:i\"><input><imageData>{c}</imageData></input></sendImage>"
        ),
    );
    w.finish(env).unwrap()
}

fn median(mut f: impl FnMut(), runs: usize) -> Duration {
    let mut t: Vec<Duration> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed()
        })
        .collect();
    t.sort();
    t[runs / 2]
}

fn gib_s(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / d.as_secs_f64() / (1u64 << 30) as f64
}

fn bench(c: &mut Criterion) {
    let limits = Limits::unbounded_sizes();
    for (size, name) in SIZES {
        let data = payload(size);
        let pkg = build(&data);
        let wire = pkg.to_bytes().unwrap();
        let ct = pkg.content_type().to_string();
        let boundary = soapstone::mime::header::ContentType::parse(&ct)
            .unwrap()
            .param("boundary")
            .unwrap()
            .to_string();
        let delim = format!("\r\n--{boundary}");
        let mut dst = vec![1u8; wire.len()]; // pre-faulted
        let mut out: Vec<u8> = Vec::with_capacity(wire.len());
        out.extend_from_slice(&wire); // pre-faulted

        let mut g = c.benchmark_group(format!("mtom/{name}"));
        g.throughput(Throughput::Bytes(wire.len() as u64));
        g.sample_size(10)
            .warm_up_time(Duration::from_millis(300))
            .measurement_time(Duration::from_secs(2));
        g.bench_function(BenchmarkId::new("decode", name), |b| {
            b.iter(|| soapstone::decode(&ct, black_box(wire.clone()), &limits).unwrap())
        });
        g.bench_function(BenchmarkId::new("limit_memcpy", name), |b| {
            b.iter(|| dst.copy_from_slice(black_box(&wire)))
        });
        g.bench_function(BenchmarkId::new("limit_memmem", name), |b| {
            b.iter(|| memchr::memmem::find_iter(black_box(&wire[..]), delim.as_bytes()).count())
        });
        g.bench_function(BenchmarkId::new("encode_build", name), |b| {
            b.iter(|| build(black_box(&data)))
        });
        g.bench_function(BenchmarkId::new("encode_write_vec", name), |b| {
            b.iter(|| {
                out.clear();
                pkg.write_to(&mut out).unwrap();
            })
        });
        g.finish();

        // The same measured by hand, so the ratios can be printed together.
        let runs = if size > (64 << 20) { 7 } else { 15 };
        let t_dec = median(
            || {
                drop(black_box(
                    soapstone::decode(&ct, wire.clone(), &limits).unwrap(),
                ))
            },
            runs,
        );
        let t_cpy = median(|| dst.copy_from_slice(black_box(&wire)), runs);
        let t_mem = median(
            || {
                black_box(memchr::memmem::find_iter(&wire[..], delim.as_bytes()).count());
            },
            runs,
        );
        let t_build = median(|| drop(black_box(build(&data))), runs);
        let t_write = median(
            || {
                out.clear();
                pkg.write_to(&mut out).unwrap();
            },
            runs,
        );
        let n = wire.len();
        println!(
            "SUMMARY {name}: decode {:.2} GiB/s ({:.2} ms) | memcpy {:.2} GiB/s | memmem {:.2} GiB/s | decode/memmem time ratio {:.2} | encode build {:.1} us | write into Vec {:.2} GiB/s, write/memcpy time ratio {:.2}",
            gib_s(n, t_dec),
            t_dec.as_secs_f64() * 1e3,
            gib_s(n, t_cpy),
            gib_s(n, t_mem),
            t_dec.as_secs_f64() / t_mem.as_secs_f64(),
            t_build.as_secs_f64() * 1e6,
            gib_s(n, t_write),
            t_write.as_secs_f64() / t_cpy.as_secs_f64(),
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
