//! Every file onshi reads is opened here, once and safely: without following a symbolic link,
//! without waiting on a FIFO or a device (`O_NOFOLLOW | O_NONBLOCK`), checked as a regular file on
//! the opened handle (`fstat`, not a lookup by name that a swap could overtake), and read through
//! a size limit. A FIFO, a device or a link put in a file's place at any moment is refused with a
//! message, never waited on.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// Why a file was not read: the message says what the file is and what to give instead.
///
/// # Example
/// ```
/// let e = onshi_oqs::open_input(std::path::Path::new("/dev/null"), 10).unwrap_err();
/// assert!(e.to_string().contains("not a regular file"));
/// ```
#[derive(Debug)]
pub struct FileError {
    message: String,
    not_found: bool,
}

impl FileError {
    fn new(message: impl Into<String>) -> Self {
        FileError {
            message: message.into(),
            not_found: false,
        }
    }

    /// Whether the file is simply not there (yet).
    ///
    /// # Example
    /// ```
    /// let e = onshi_oqs::open_input(std::path::Path::new("/nonexistent/x.xml"), 10).unwrap_err();
    /// assert!(e.is_not_found());
    /// ```
    pub fn is_not_found(&self) -> bool {
        self.not_found
    }
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FileError {}

/// A file opened for reading by [`open_input`]: a regular file, its size when opened, and the
/// limit it is read through.
///
/// # Example
/// ```
/// use std::io::Read;
/// let path = std::env::temp_dir().join(format!("onshi-doc-input-{}", std::process::id()));
/// std::fs::write(&path, "hello")?;
/// let mut file = onshi_oqs::open_input(&path, 1024)?;
/// assert_eq!(file.len(), 5);
/// assert_eq!(file.read_all()?, b"hello");
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct InputFile {
    file: File,
    len: u64,
    limit: u64,
    metadata: std::fs::Metadata,
}

/// Opens `path` for reading the way onshi opens every file (see the module notes): a link, a
/// FIFO, a device or a folder is refused, and so is a file larger than `limit` bytes.
///
/// # Errors
/// [`FileError`] saying what the file is (missing, a link, not a regular file, too large) or
/// what the system said.
///
/// # Example
/// ```
/// let e = onshi_oqs::open_input(std::path::Path::new("/etc"), 1 << 20).unwrap_err();
/// assert!(e.to_string().contains("not a regular file"));
/// ```
pub fn open_input(path: &Path, limit: u64) -> Result<InputFile, FileError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| {
        let link = cfg!(unix) && e.raw_os_error() == Some(ELOOP);
        if link {
            FileError::new(
                "is a symbolic link: not followed (give the file itself, or copy it here)",
            )
        } else {
            FileError {
                not_found: e.kind() == std::io::ErrorKind::NotFound,
                message: format!("cannot be opened: {e}"),
            }
        }
    })?;
    // What was opened, asked of the handle: a FIFO or a device renamed over the file after any
    // earlier look by name is seen here.
    let metadata = file
        .metadata()
        .map_err(|e| FileError::new(format!("cannot be read: {e}")))?;
    if !metadata.is_file() {
        return Err(FileError::new(
            "is not a regular file (a FIFO, a device or a folder): not read",
        ));
    }
    let len = metadata.len();
    if len > limit {
        return Err(FileError::new(format!(
            "is {len} bytes; at most {limit} are read"
        )));
    }
    Ok(InputFile {
        file,
        len,
        limit,
        metadata,
    })
}

#[cfg(unix)]
const ELOOP: i32 = libc::ELOOP;
#[cfg(not(unix))]
const ELOOP: i32 = -1;

impl InputFile {
    /// The file's size when it was opened.
    ///
    /// # Example
    /// See [`InputFile`].
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the file was empty when it was opened.
    ///
    /// # Example
    /// ```
    /// let path = std::env::temp_dir().join(format!("onshi-doc-empty-{}", std::process::id()));
    /// std::fs::write(&path, "")?;
    /// assert!(onshi_oqs::open_input(&path, 10)?.is_empty());
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The metadata of the handle when it was opened (size, time, inode).
    ///
    /// # Example
    /// ```
    /// let file = onshi_oqs::open_input(std::path::Path::new("Cargo.toml"), 1 << 20)?;
    /// assert!(file.metadata().is_file());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn metadata(&self) -> &std::fs::Metadata {
        &self.metadata
    }

    /// The metadata of the handle now (a file still being written has grown).
    ///
    /// # Errors
    /// What the system said.
    ///
    /// # Example
    /// ```
    /// let file = onshi_oqs::open_input(std::path::Path::new("Cargo.toml"), 1 << 20)?;
    /// assert_eq!(file.metadata_now()?.len(), file.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn metadata_now(&self) -> std::io::Result<std::fs::Metadata> {
        self.file.metadata()
    }

    /// Reads the whole file from its start, at most the limit.
    ///
    /// # Errors
    /// What the system said, or that the file grew past the limit while it was read.
    ///
    /// # Example
    /// See [`InputFile`].
    pub fn read_all(&mut self) -> Result<Vec<u8>, FileError> {
        self.file
            .seek(SeekFrom::Start(0))
            .map_err(|e| FileError::new(format!("cannot be read: {e}")))?;
        let mut bytes = Vec::with_capacity(usize::try_from(self.len).unwrap_or(0));
        (&mut self.file)
            .take(self.limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| FileError::new(format!("cannot be read: {e}")))?;
        if bytes.len() as u64 > self.limit {
            return Err(FileError::new(format!(
                "grew past {} bytes while it was read; at most that is read",
                self.limit
            )));
        }
        Ok(bytes)
    }

    /// Goes back to the start, to read the same file again through the same handle.
    ///
    /// # Errors
    /// What the system said.
    ///
    /// # Example
    /// ```
    /// use std::io::Read;
    /// let mut file = onshi_oqs::open_input(std::path::Path::new("Cargo.toml"), 1 << 20)?;
    /// let mut first = String::new();
    /// file.read_to_string(&mut first)?;
    /// file.rewind()?;
    /// let mut again = String::new();
    /// file.read_to_string(&mut again)?;
    /// assert_eq!(first, again);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rewind(&mut self) -> std::io::Result<()> {
        self.file.seek(SeekFrom::Start(0)).map(|_| ())
    }

    /// Moves to byte `offset`, to read one record of a file read before.
    ///
    /// # Errors
    /// What the system said.
    ///
    /// # Example
    /// ```
    /// use std::io::Read;
    /// let mut file = onshi_oqs::open_input(std::path::Path::new("Cargo.toml"), 1 << 20)?;
    /// file.seek_to(1)?;
    /// let mut rest = String::new();
    /// file.read_to_string(&mut rest)?;
    /// assert!(rest.starts_with("package]"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn seek_to(&mut self, offset: u64) -> std::io::Result<()> {
        self.file.seek(SeekFrom::Start(offset)).map(|_| ())
    }
}

impl InputFile {
    /// Reads into `buf` from byte `offset`, without moving the handle (one call where the system
    /// has one): a record of a file read before, found by its offset. Fewer bytes than `buf`
    /// holds means the file ended.
    ///
    /// # Errors
    /// What the system said.
    ///
    /// # Example
    /// ```
    /// let file = onshi_oqs::open_input(std::path::Path::new("Cargo.toml"), 1 << 20)?;
    /// let mut buf = [0u8; 7];
    /// assert_eq!(file.read_at(&mut buf, 1)?, 7);
    /// assert_eq!(&buf, b"package");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_at(&self, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileExt;
            let mut filled = 0;
            while let Some(rest) = buf.get_mut(filled..).filter(|r| !r.is_empty()) {
                match self.file.read_at(rest, offset + filled as u64) {
                    Ok(0) => break,
                    Ok(n) => filled += n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(filled)
        }
        #[cfg(not(unix))]
        {
            let mut file = &self.file;
            file.seek(SeekFrom::Start(offset))?;
            let mut filled = 0;
            while let Some(rest) = buf.get_mut(filled..).filter(|r| !r.is_empty()) {
                match file.read(rest) {
                    Ok(0) => break,
                    Ok(n) => filled += n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(filled)
        }
    }
}

/// Reading goes through the limit: never more than it is read, whatever the file becomes.
impl Read for InputFile {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.file.read(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(unix)]
    fn a_fifo_is_refused_at_once_never_waited_on() {
        let dir = std::env::temp_dir().join(format!("onshi-fifo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("OQSsiquc01res_1.xml");
        let _ = std::fs::remove_file(&fifo);
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let e = open_input(&fifo, 1024).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    #[cfg(unix)]
    fn a_link_is_not_followed() {
        let dir = std::env::temp_dir().join(format!("onshi-link-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let target = dir.join("target.xml");
        std::fs::write(&target, "x").unwrap();
        let link = dir.join("link.xml");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let e = open_input(&link, 1024).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_over_the_limit_is_refused_before_it_is_read() {
        let e = open_input(Path::new("Cargo.toml"), 3).unwrap_err();
        assert!(e.to_string().contains("at most 3"), "{e}");
    }
}
