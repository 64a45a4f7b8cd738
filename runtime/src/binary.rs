//! [`Binary`]: an attachment value held as shared bytes or as a file on disk.

use bytes::Bytes;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};

/// A file region holding the data of a [`Binary`].
///
/// A spooled file made by a reader is removed when the last handle drops (F3); a
/// file given by the caller through [`Binary::from_path`] is left alone.
#[derive(Debug)]
pub struct FileData {
    path: PathBuf,
    offset: u64,
    len: u64,
    delete_on_drop: bool,
    // Keeps the private spill directory alive until its last file is gone.
    _dir: Option<Arc<tempfile::TempDir>>,
}

impl FileData {
    pub(crate) fn spooled(path: PathBuf, len: u64, dir: Arc<tempfile::TempDir>) -> Self {
        FileData {
            path,
            offset: 0,
            len,
            delete_on_drop: true,
            _dir: Some(dir),
        }
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where the data starts in the file.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Length of the data in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the region is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The region opened for reading: the file, positioned at its
    /// offset, limited to its length.
    pub async fn open(&self) -> io::Result<tokio::io::Take<tokio::fs::File>> {
        use tokio::io::{AsyncReadExt, AsyncSeekExt};
        let mut f = tokio::fs::File::open(&self.path).await?;
        f.seek(io::SeekFrom::Start(self.offset)).await?;
        Ok(f.take(self.len))
    }
}

impl Drop for FileData {
    fn drop(&mut self) {
        if self.delete_on_drop {
            // Nothing sensible to do if removal fails; the directory guard retries.
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Where a [`Binary`]'s bytes live.
#[derive(Clone)]
pub enum BinaryData {
    /// In memory (zero-copy slice of a received buffer or caller's bytes).
    Bytes(Bytes),
    /// In a file region.
    File(Arc<FileData>),
}

impl fmt::Debug for BinaryData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BinaryData::Bytes(b) => write!(f, "Bytes({} bytes)", b.len()),
            BinaryData::File(file) => write!(f, "File({:?}, {} bytes)", file.path, file.len),
        }
    }
}

/// A binary value: `xs:base64Binary` content that travels as an MTOM/SwA
/// attachment. Cloning is cheap (reference counted).
#[derive(Debug, Clone)]
pub struct Binary {
    data: BinaryData,
    content_type: Option<String>,
    content_id: Option<String>,
}

impl Binary {
    /// A binary over shared bytes.
    pub fn from_bytes(bytes: Bytes) -> Self {
        Binary {
            data: BinaryData::Bytes(bytes),
            content_type: None,
            content_id: None,
        }
    }

    /// A binary over a static slice (no copy).
    pub fn from_static(bytes: &'static [u8]) -> Self {
        Self::from_bytes(Bytes::from_static(bytes))
    }

    /// A binary over a whole file; the file is read when the message is written,
    /// and never deleted by this crate.
    pub fn from_path(path: impl AsRef<Path>) -> io::Result<Self> {
        let path = path.as_ref().to_path_buf();
        let len = std::fs::metadata(&path)?.len();
        Ok(Binary {
            data: BinaryData::File(Arc::new(FileData {
                path,
                offset: 0,
                len,
                delete_on_drop: false,
                _dir: None,
            })),
            content_type: None,
            content_id: None,
        })
    }

    /// Reads an async reader to its end. Up to `memory_limit` bytes stay in memory;
    /// past that the data spills to a private temporary file (mode 0600) deleted when
    /// the last clone drops.
    pub async fn from_async_reader<R: AsyncRead + Unpin>(
        mut reader: R,
        memory_limit: usize,
    ) -> io::Result<Self> {
        let mut buf = Vec::new();
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            let n = reader.read(&mut chunk).await?;
            if n == 0 {
                return Ok(Self::from(buf));
            }
            buf.extend_from_slice(&chunk[..n]);
            if buf.len() > memory_limit {
                break;
            }
        }
        let dir = Arc::new(crate::mime::spill::private_dir(None)?);
        let (path, mut file) = crate::mime::spill::create_file(&dir).await?;
        file.write_all(&buf).await?;
        let mut len = buf.len() as u64;
        drop(buf);
        loop {
            let n = reader.read(&mut chunk).await?;
            if n == 0 {
                break;
            }
            file.write_all(&chunk[..n]).await?;
            len += n as u64;
        }
        file.flush().await?;
        let data = FileData::spooled(path, len, dir);
        Ok(Binary {
            data: BinaryData::File(Arc::new(data)),
            content_type: None,
            content_id: None,
        })
    }

    pub(crate) fn from_data(data: BinaryData) -> Self {
        Binary {
            data,
            content_type: None,
            content_id: None,
        }
    }

    /// Sets the content type (builder style).
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Sets the Content-ID, without `<>` (builder style).
    pub fn with_content_id(mut self, content_id: impl Into<String>) -> Self {
        self.content_id = Some(content_id.into());
        self
    }

    /// The content type, if known.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The Content-ID without `<>`, if any.
    pub fn content_id(&self) -> Option<&str> {
        self.content_id.as_deref()
    }

    /// Where the bytes live.
    pub fn data(&self) -> &BinaryData {
        &self.data
    }

    /// The in-memory bytes, when the value is in memory.
    pub fn as_bytes(&self) -> Option<&Bytes> {
        match &self.data {
            BinaryData::Bytes(b) => Some(b),
            BinaryData::File(_) => None,
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> u64 {
        match &self.data {
            BinaryData::Bytes(b) => b.len() as u64,
            BinaryData::File(f) => f.len,
        }
    }

    /// Whether the value is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes, reading the file if the value lives on disk.
    pub fn to_bytes(&self) -> io::Result<Bytes> {
        match &self.data {
            BinaryData::Bytes(b) => Ok(b.clone()),
            BinaryData::File(f) => read_region(f).map(Bytes::from),
        }
    }

    /// Hands the bytes to `sink` in chunks without loading a file whole.
    pub fn for_each_chunk(&self, mut sink: impl FnMut(&[u8])) -> io::Result<()> {
        match &self.data {
            BinaryData::Bytes(b) => {
                sink(b);
                Ok(())
            }
            BinaryData::File(f) => {
                use std::io::{Read, Seek, SeekFrom};
                let mut file = std::fs::File::open(&f.path)?;
                file.seek(SeekFrom::Start(f.offset))?;
                let mut left = f.len;
                let mut buf = vec![0u8; 256 * 1024];
                while left > 0 {
                    let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
                    let n = file.read(&mut buf[..want])?;
                    if n == 0 {
                        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "file shrank"));
                    }
                    sink(&buf[..n]);
                    left -= n as u64;
                }
                Ok(())
            }
        }
    }
}

fn read_region(f: &FileData) -> io::Result<Vec<u8>> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(&f.path)?;
    file.seek(SeekFrom::Start(f.offset))?;
    let mut out = Vec::with_capacity(usize::try_from(f.len).unwrap_or(0));
    file.take(f.len).read_to_end(&mut out)?;
    Ok(out)
}

impl From<Vec<u8>> for Binary {
    fn from(v: Vec<u8>) -> Self {
        Binary::from_bytes(Bytes::from(v))
    }
}

impl From<Bytes> for Binary {
    fn from(b: Bytes) -> Self {
        Binary::from_bytes(b)
    }
}

impl From<&'static [u8]> for Binary {
    fn from(b: &'static [u8]) -> Self {
        Binary::from_static(b)
    }
}

impl PartialEq for Binary {
    /// Equal when content type, Content-ID and bytes are equal (files are read).
    fn eq(&self, other: &Self) -> bool {
        self.content_type == other.content_type
            && self.content_id == other.content_id
            && self.len() == other.len()
            && matches!((self.to_bytes(), other.to_bytes()), (Ok(a), Ok(b)) if a == b)
    }
}
