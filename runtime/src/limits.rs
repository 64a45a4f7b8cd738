//! Limits on what a reader accepts (MTOM-CHECKLIST §G).
//!
//! Every reader in this crate enforces every limit below; a breach is
//! [`crate::Error::LimitExceeded`], a SOAP Sender fault. An endpoint
//! refuses a breach of a size limit ([`Limit::is_size`]) with HTTP 413 and
//! answers the others (XML depth, attributes, references per part) with
//! the fault's usual status.

use std::fmt;

/// Configurable limits with the defaults of MTOM-CHECKLIST §G.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Parts per message, the root included (default 100).
    pub max_parts: usize,
    /// Bytes in one header line, folded continuation lines included (default 1,000).
    pub max_header_line: usize,
    /// Header fields per part (default 64).
    pub max_headers_per_part: usize,
    /// Header bytes per part (default 16 KiB).
    pub max_header_bytes: usize,
    /// Size of the root (XML) part after decoding (default 16 MiB).
    pub max_root_size: u64,
    /// Size of one attachment after decoding (default 50 MiB).
    pub max_attachment_size: u64,
    /// Size of the whole message as received (default 256 MiB).
    pub max_message_size: u64,
    /// Bytes of one attachment kept in memory before it spills to disk (default 256 KiB).
    pub spill_threshold: usize,
    /// Transport padding allowed after a delimiter (default 1,000 bytes).
    pub max_transport_padding: usize,
    /// Element nesting depth of the root XML (default 128).
    pub max_xml_depth: usize,
    /// Attributes (namespace declarations included) on one element (default 256).
    pub max_attributes: usize,
    /// References (`xop:Include` or `cid:` href) to one part (default 1).
    pub max_references_per_part: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_parts: 100,
            max_header_line: 1_000,
            max_headers_per_part: 64,
            max_header_bytes: 16 * 1024,
            max_root_size: 16 * 1024 * 1024,
            max_attachment_size: 50 * 1024 * 1024,
            max_message_size: 256 * 1024 * 1024,
            spill_threshold: 256 * 1024,
            max_transport_padding: 1_000,
            max_xml_depth: 128,
            max_attributes: 256,
            max_references_per_part: 1,
        }
    }
}

impl Limits {
    /// Limits with no practical bound on sizes (for trusted input and benchmarks);
    /// structural limits keep their defaults.
    pub fn unbounded_sizes() -> Self {
        Limits {
            max_root_size: u64::MAX,
            max_attachment_size: u64::MAX,
            max_message_size: u64::MAX,
            ..Limits::default()
        }
    }
}

/// Which limit of [`Limits`] was exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit {
    /// [`Limits::max_parts`].
    Parts,
    /// [`Limits::max_header_line`].
    HeaderLine,
    /// [`Limits::max_headers_per_part`].
    HeadersPerPart,
    /// [`Limits::max_header_bytes`].
    HeaderBytes,
    /// [`Limits::max_root_size`].
    RootSize,
    /// [`Limits::max_attachment_size`].
    AttachmentSize,
    /// [`Limits::max_message_size`].
    MessageSize,
    /// [`Limits::max_transport_padding`].
    TransportPadding,
    /// [`Limits::max_xml_depth`].
    XmlDepth,
    /// [`Limits::max_attributes`].
    Attributes,
    /// [`Limits::max_references_per_part`].
    ReferencesPerPart,
}

impl Limit {
    /// Whether a breach is about size, answered with HTTP 413 (all others are 400).
    pub fn is_size(self) -> bool {
        matches!(
            self,
            Limit::Parts
                | Limit::HeaderLine
                | Limit::HeadersPerPart
                | Limit::HeaderBytes
                | Limit::RootSize
                | Limit::AttachmentSize
                | Limit::MessageSize
                | Limit::TransportPadding
        )
    }

    /// The limit's name as in [`Limits`].
    pub fn name(self) -> &'static str {
        match self {
            Limit::Parts => "max_parts",
            Limit::HeaderLine => "max_header_line",
            Limit::HeadersPerPart => "max_headers_per_part",
            Limit::HeaderBytes => "max_header_bytes",
            Limit::RootSize => "max_root_size",
            Limit::AttachmentSize => "max_attachment_size",
            Limit::MessageSize => "max_message_size",
            Limit::TransportPadding => "max_transport_padding",
            Limit::XmlDepth => "max_xml_depth",
            Limit::Attributes => "max_attributes",
            Limit::ReferencesPerPart => "max_references_per_part",
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
