//! [`AttachmentStore`]: attachments kept apart from the body, keyed by the
//! message's root document id (as an integration platform's document cache
//! keeps them). Spilled attachments stay on disk; removing an entry (or
//! dropping the store) drops the handles, which deletes spilled files (F3).

use crate::message::{Attachment, Message};
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// A thread-safe map from root document id to that message's attachments.
#[derive(Debug, Default)]
pub struct AttachmentStore {
    map: Mutex<HashMap<String, Vec<Attachment>>>,
}

impl AttachmentStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Moves a message's attachments into the store; returns the root document
    /// id they are kept under (the message keeps its root XML).
    pub fn insert(&self, msg: &mut Message) -> String {
        let id = msg.root_document_id.clone();
        let atts = std::mem::take(&mut msg.attachments);
        self.lock().insert(id.clone(), atts);
        id
    }

    /// Keeps `attachments` under `root_document_id` (replacing what was
    /// there), e.g. clones of a message's attachments while it is handled.
    pub fn insert_attachments(&self, root_document_id: &str, attachments: Vec<Attachment>) {
        self.lock()
            .insert(root_document_id.to_string(), attachments);
    }

    /// The data of the attachments kept for a root document id, ready to send
    /// again (each keeps its content type and Content-ID).
    pub fn binaries(&self, root_document_id: &str) -> Option<Vec<crate::Binary>> {
        self.lock()
            .get(root_document_id)
            .map(|v| v.iter().map(|a| a.data.clone()).collect())
    }

    /// The attachments kept for a root document id (cheap clones).
    pub fn get(&self, root_document_id: &str) -> Option<Vec<Attachment>> {
        self.lock().get(root_document_id).cloned()
    }

    /// Removes and returns the attachments of a root document id.
    pub fn remove(&self, root_document_id: &str) -> Option<Vec<Attachment>> {
        self.lock().remove(root_document_id)
    }

    /// How many messages have attachments in the store.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Vec<Attachment>>> {
        // A panic elsewhere while holding the lock leaves the map consistent
        // (every operation is a single insert/remove), so keep going.
        self.map.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
