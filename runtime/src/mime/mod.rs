//! MIME multipart: headers, framing, the in-memory and streaming readers, and
//! the MTOM/XOP writer.

pub mod header;
pub mod multipart;
pub mod reader;
pub(crate) mod spill;
pub mod stream;
pub mod writer;
