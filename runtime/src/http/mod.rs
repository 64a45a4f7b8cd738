//! SOAP over HTTP for generated bindings: a `client` (feature `client`,
//! reqwest) and a `server` (feature `server`, axum). Both stream bodies:
//! requests and responses go out as the package's chunks (attachment bytes
//! never copied, F2) and come in through the streaming reader, which spills
//! large parts to a private temporary directory (F3).

#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "server")]
pub mod server;

use crate::soap::SoapVersion;
use crate::Message;

/// Bytes read from an attachment file per body chunk.
#[cfg(any(feature = "client", feature = "server"))]
const FILE_BLOCK: usize = 256 * 1024;

/// A package as the chunks of an HTTP body: its in-memory chunks handed
/// out as they are (no copy, F2), its file regions read in blocks of
/// [`FILE_BLOCK`] bytes.
#[cfg(any(feature = "client", feature = "server"))]
pub(crate) fn body_stream(
    package: &crate::mime::writer::Package,
) -> impl futures_util::Stream<Item = std::io::Result<bytes::Bytes>> + Send + 'static {
    use crate::mime::writer::Chunk;
    use tokio::io::AsyncReadExt;
    type Chunks = std::vec::IntoIter<Chunk>;
    enum State {
        Next(Chunks),
        /// A file region being read: the file data kept alive (a spilled
        /// file is deleted with it), the open region.
        File(
            Chunks,
            std::sync::Arc<crate::binary::FileData>,
            tokio::io::Take<tokio::fs::File>,
        ),
        Done,
    }
    let start = State::Next(package.chunks().to_vec().into_iter());
    futures_util::stream::unfold(start, |mut state| async move {
        loop {
            state = match state {
                State::Done => return None,
                State::Next(mut chunks) => match chunks.next() {
                    None => return None,
                    Some(Chunk::Bytes(b)) if b.is_empty() => State::Next(chunks),
                    Some(Chunk::Bytes(b)) => return Some((Ok(b), State::Next(chunks))),
                    Some(Chunk::File(fd)) => match fd.open().await {
                        Ok(f) => State::File(chunks, fd, f),
                        Err(e) => return Some((Err(e), State::Done)),
                    },
                },
                State::File(chunks, _, f) if f.limit() == 0 => State::Next(chunks),
                State::File(chunks, fd, mut f) => {
                    let want = usize::try_from(f.limit()).map_or(FILE_BLOCK, |l| l.min(FILE_BLOCK));
                    let mut buf = bytes::BytesMut::with_capacity(want);
                    return match f.read_buf(&mut buf).await {
                        Ok(0) => Some((
                            Err(std::io::Error::new(
                                std::io::ErrorKind::UnexpectedEof,
                                "attachment file shrank",
                            )),
                            State::Done,
                        )),
                        Ok(_) => Some((Ok(buf.freeze()), State::File(chunks, fd, f))),
                        Err(e) => Some((Err(e), State::Done)),
                    };
                }
            };
        }
    })
}

/// The SOAP version a received message uses (envelope namespace first, then
/// the Content-Type).
pub fn version_of(message: &Message, content_type: &str) -> SoapVersion {
    message.version.unwrap_or_else(|| {
        if content_type
            .to_ascii_lowercase()
            .contains("application/soap+xml")
        {
            SoapVersion::V12
        } else {
            SoapVersion::V11
        }
    })
}

#[cfg(all(test, any(feature = "client", feature = "server")))]
mod tests {
    use super::{body_stream, FILE_BLOCK};
    use crate::mime::writer::MtomWriter;
    use crate::soap::SoapVersion;
    use crate::Binary;
    use futures_util::TryStreamExt;

    #[tokio::test]
    async fn a_body_streams_memory_chunks_as_they_are_and_files_in_blocks(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("big.bin");
        let on_disk: Vec<u8> = (0..(FILE_BLOCK * 2 + 1000))
            .map(|i| (i % 251) as u8)
            .collect();
        std::fs::write(&path, &on_disk)?;
        let in_memory = bytes::Bytes::from(vec![7u8; 100_000]);
        let mut w = MtomWriter::new(SoapVersion::V11).threshold(0);
        let a = w.content(&Binary::from(in_memory.clone()))?;
        let b = w.content(&Binary::from_path(&path)?)?;
        let env = format!(
            "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><r><a>{a}</a><b>{b}</b></r></s:Body></s:Envelope>"
        );
        let package = w.finish(env)?;
        let chunks: Vec<bytes::Bytes> = body_stream(&package).try_collect().await?;
        // The in-memory attachment goes out as the very same buffer.
        assert!(chunks
            .iter()
            .any(|c| c.as_ptr() == in_memory.as_ptr() && c.len() == in_memory.len()));
        // The file in blocks of at most FILE_BLOCK bytes, and the whole body
        // is what the package holds.
        assert!(chunks
            .iter()
            .all(|c| c.len() <= FILE_BLOCK.max(in_memory.len())));
        let body: Vec<u8> = chunks.concat();
        assert_eq!(body, package.to_bytes()?.as_ref());
        Ok(())
    }
}
