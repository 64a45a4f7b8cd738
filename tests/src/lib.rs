//! Shared helpers for soapstone's cross-crate tests.
