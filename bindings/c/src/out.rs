//! The out-parameters of the C functions: one type, one write.

use std::ffi::c_char;
use std::ptr::NonNull;

use crate::{Failure, to_json};

/// A caller's out-parameter, checked non-NULL: every result the C functions give through a
/// pointer is written by [`Out::put`], except the text and bytes copied into a caller's buffer of
/// stated length (`copy_out`, a simulated card's response). The pointer is private to this
/// module, so an `Out` exists only as [`Out::new`] or [`Out::optional`] made it, under their
/// safety contract.
pub(crate) struct Out<T>(NonNull<T>);

impl<T> Out<T> {
    /// The out-parameter `name`, refused when NULL (taken with the other arguments, so a NULL is
    /// refused before any work is done).
    ///
    /// # Safety
    /// `p` is NULL or valid for a write of `T` during the call.
    pub(crate) unsafe fn new(p: *mut T, name: &str) -> Result<Out<T>, Failure> {
        NonNull::new(p).map(Out).ok_or_else(|| Failure::null(name))
    }

    /// An out-parameter the caller may leave NULL (then nothing is written).
    ///
    /// # Safety
    /// As [`Out::new`].
    pub(crate) unsafe fn optional(p: *mut T) -> Option<Out<T>> {
        NonNull::new(p).map(Out)
    }

    /// Writes the result.
    pub(crate) fn put(self, value: T) -> Result<(), Failure> {
        // SAFETY: non-NULL and writable (`new`'s contract).
        unsafe { self.0.as_ptr().write(value) };
        Ok(())
    }
}

impl Out<*mut c_char> {
    /// Writes `value` as JSON text (the caller frees it with onshi_string_free).
    pub(crate) fn json(self, value: &impl serde::Serialize) -> Result<(), Failure> {
        self.put(to_json(value)?)
    }
}
