//! The DocumentService semantics every interop peer implements (see
//! tests/peers/README.md): the payload, its CRC-32, and a server whose
//! `uploadDocument` reports how the data came and `downloadDocument` returns
//! `size` payload bytes, inline when the file name ends in `.inline`.

use crate::samples::document_service_documentservice as ds;
use soapstone::http::server::{RequestCtx, ResponseMtom, Service};
use soapstone::Binary;

/// The trap payload: a 64 KiB block `b[i] = (i*167 + (i>>8)*13) & 0xff`
/// whose first 29 bytes are `"\r\n--MIMEBoundary_fake\r\n\r\n--\r\n"`,
/// repeated and cut to `size`.
pub fn payload(size: usize) -> Vec<u8> {
    let mut block: Vec<u8> = (0..65536usize)
        .map(|i| ((i * 167 + (i >> 8) * 13) & 0xff) as u8)
        .collect();
    let trap = b"\r\n--MIMEBoundary_fake\r\n\r\n--\r\n";
    block[..trap.len()].copy_from_slice(trap);
    // One allocation, filled a block at a time (256 MiB in a fraction of a second).
    let mut out = Vec::with_capacity(size);
    while out.len() < size {
        let n = (size - out.len()).min(block.len());
        out.extend_from_slice(&block[..n]);
    }
    out
}

/// CRC-32 as 8 lower-case hex digits.
pub fn crc32(bytes: &[u8]) -> String {
    format!("{:08x}", crc32fast::hash(bytes))
}

/// The endpoint: SOAP 1.1 or 1.2 as the request came, MTOM per request.
/// [`Docs`] implemented against the generated server trait.
pub fn service() -> Service {
    ds::document_binding_soap11::service(Docs)
        .response_mtom(ResponseMtom::Mirror { threshold: 0 })
        .wsdl(include_str!(
            "../../wsdl-samples/document-service/DocumentService.wsdl"
        ))
}

/// The peers' DocumentService.
#[derive(Debug, Clone, Copy, Default)]
pub struct Docs;

impl ds::document_binding_soap11::Service for Docs {
    async fn upload_document(
        &self,
        req: ds::UploadDocument,
        _ctx: RequestCtx,
    ) -> Result<ds::UploadDocumentResponse, soapstone::Fault> {
        // A value read from a part carries the part's Content-ID; inline base64 has none.
        let status = if req.attachment_data.content_id().is_some() {
            "OK-XOP"
        } else {
            "OK-INLINE"
        };
        // Length and CRC-32 a chunk at a time: a part the reader spilled to disk is
        // never loaded whole (file reads run off the async workers).
        let data = req.attachment_data;
        let (len, crc) = tokio::task::spawn_blocking(move || {
            let mut hasher = crc32fast::Hasher::new();
            let mut len = 0u64;
            data.for_each_chunk(|chunk| {
                hasher.update(chunk);
                len += chunk.len() as u64;
            })
            .map(|()| (len, hasher.finalize()))
        })
        .await
        .map_err(|e| soapstone::Fault::new(soapstone::FaultCode::Receiver, e.to_string()))?
        .map_err(|e| soapstone::Fault::new(soapstone::FaultCode::Receiver, e.to_string()))?;
        Ok(ds::UploadDocumentResponse {
            status: status.into(),
            received_bytes: i64::try_from(len).unwrap_or(i64::MAX),
            crc32: format!("{crc:08x}"),
        })
    }

    async fn download_document(
        &self,
        req: ds::DownloadDocument,
        ctx: RequestCtx,
    ) -> Result<ds::DownloadDocumentResponse, soapstone::Fault> {
        let size = usize::try_from(req.size).map_err(|_| {
            soapstone::Fault::new(soapstone::FaultCode::Sender, "size must not be negative")
        })?;
        ctx.respond_with_mtom(if req.file_name.ends_with(".inline") {
            None
        } else {
            Some(0)
        });
        Ok(ds::DownloadDocumentResponse {
            file_name: req.file_name,
            mime_code: "application/octet-stream".into(),
            attachment_data: Binary::from(payload(size))
                .with_content_type("application/octet-stream"),
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn payload_matches_the_peers_crc() {
        assert_eq!(super::crc32(&super::payload(1500)), "17eb60e0");
        assert_eq!(super::crc32(&super::payload(1 << 20)), "caba619d");
        assert!(super::payload(64).starts_with(b"\r\n--MIMEBoundary_fake\r\n"));
        assert_eq!(super::payload(65536 + 29)[65536..], super::payload(29)[..]);
        assert!(super::payload(0).is_empty());
    }
}
