//! MTOM benchmarks (filled in later).
fn main() {}
