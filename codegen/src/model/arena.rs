//! Arenas with typed ids: ids are handed out before a node is filled in, so
//! forward and cyclic references just work.

use std::marker::PhantomData;

/// A typed index into an [`Arena`].
pub trait Id: Copy {
    /// Wraps a raw index.
    fn from_index(i: usize) -> Self;
    /// The raw index.
    fn index(self) -> usize;
}

macro_rules! ids {
    ($( $(#[$doc:meta])* $name:ident, )*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);
        impl Id for $name {
            fn from_index(i: usize) -> Self { $name(i as u32) }
            fn index(self) -> usize { self.0 as usize }
        }
    )*};
}

ids! {
    /// An element declaration (global or local).
    ElementId,
    /// A type definition (named or anonymous).
    TypeId,
    /// An attribute declaration (global or local).
    AttributeId,
    /// A named model group (`xs:group`).
    GroupId,
    /// A named attribute group.
    AttributeGroupId,
    /// A WSDL message.
    MessageId,
    /// A WSDL portType.
    PortTypeId,
    /// A WSDL binding.
    BindingId,
    /// A WSDL service.
    ServiceId,
}

/// A growable store of `T` addressed by `I`.
#[derive(Debug, Clone)]
pub struct Arena<I, T> {
    items: Vec<T>,
    _id: PhantomData<I>,
}

impl<I: Id, T> Default for Arena<I, T> {
    fn default() -> Self {
        Arena {
            items: Vec::new(),
            _id: PhantomData,
        }
    }
}

impl<I: Id, T> Arena<I, T> {
    /// Adds an item and returns its id.
    pub fn push(&mut self, item: T) -> I {
        self.items.push(item);
        I::from_index(self.items.len() - 1)
    }

    /// The item with this id.
    pub fn get(&self, id: I) -> &T {
        &self.items[id.index()]
    }

    /// The item with this id, mutably.
    pub fn get_mut(&mut self, id: I) -> &mut T {
        &mut self.items[id.index()]
    }

    /// Every item with its id.
    pub fn iter(&self) -> impl Iterator<Item = (I, &T)> {
        self.items
            .iter()
            .enumerate()
            .map(|(i, t)| (I::from_index(i), t))
    }

    /// How many items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl<I: Id, T> std::ops::Index<I> for Arena<I, T> {
    type Output = T;
    fn index(&self, id: I) -> &T {
        self.get(id)
    }
}
