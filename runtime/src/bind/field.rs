//! One method call per element field of a generated type, whatever its
//! cardinality ([`Cursor`] to read, [`XmlWriter`] to write): generated code
//! stays small (a WSDL with thousands of fields generates and compiles
//! quickly) and the loops live here once.

use super::{
    read_binary, read_simple, write_binary, write_complex, write_simple, Cursor, DeError, Optimize,
    ReadCtx, XmlComplex, XmlNode, XmlSimple, XmlWriter,
};
use crate::Binary;

impl<'d> Cursor<'d> {
    /// The required element `{ns}local`, read by `read`.
    fn one<T>(
        &mut self,
        ns: &str,
        local: &str,
        read: impl FnOnce(XmlNode<'d>) -> Result<T, DeError>,
    ) -> Result<T, DeError> {
        read(self.take(ns, local)?)
    }

    /// The optional element `{ns}local`, read by `read`.
    fn opt<T>(
        &mut self,
        ns: &str,
        local: &str,
        read: impl FnOnce(XmlNode<'d>) -> Result<T, DeError>,
    ) -> Result<Option<T>, DeError> {
        self.next_if(ns, local).map(read).transpose()
    }

    /// Every consecutive element `{ns}local`, each read by `read`.
    fn many<T>(
        &mut self,
        ns: &str,
        local: &str,
        mut read: impl FnMut(XmlNode<'d>) -> Result<T, DeError>,
    ) -> Result<Vec<T>, DeError> {
        let mut all = Vec::new();
        while let Some(n) = self.next_if(ns, local) {
            all.push(read(n)?);
        }
        Ok(all)
    }

    /// Reads the required element `{ns}local` as a simple value.
    pub fn one_simple<T: XmlSimple>(&mut self, ns: &str, local: &str) -> Result<T, DeError> {
        self.one(ns, local, read_simple)
    }

    /// Reads the optional element `{ns}local` as a simple value.
    pub fn opt_simple<T: XmlSimple>(
        &mut self,
        ns: &str,
        local: &str,
    ) -> Result<Option<T>, DeError> {
        self.opt(ns, local, read_simple)
    }

    /// Reads the repeated element `{ns}local` as simple values.
    pub fn many_simple<T: XmlSimple>(&mut self, ns: &str, local: &str) -> Result<Vec<T>, DeError> {
        self.many(ns, local, read_simple)
    }

    /// Reads the required element `{ns}local` as a complex value.
    pub fn one_complex<T: XmlComplex>(
        &mut self,
        ns: &str,
        local: &str,
        ctx: &ReadCtx<'_>,
    ) -> Result<T, DeError> {
        self.one(ns, local, |n| T::read(n, ctx))
    }

    /// Reads the optional element `{ns}local` as a complex value.
    pub fn opt_complex<T: XmlComplex>(
        &mut self,
        ns: &str,
        local: &str,
        ctx: &ReadCtx<'_>,
    ) -> Result<Option<T>, DeError> {
        self.opt(ns, local, |n| T::read(n, ctx))
    }

    /// Reads the repeated element `{ns}local` as complex values.
    pub fn many_complex<T: XmlComplex>(
        &mut self,
        ns: &str,
        local: &str,
        ctx: &ReadCtx<'_>,
    ) -> Result<Vec<T>, DeError> {
        self.many(ns, local, |n| T::read(n, ctx))
    }

    /// Reads the required binary element `{ns}local`.
    pub fn one_binary(
        &mut self,
        ns: &str,
        local: &str,
        ctx: &ReadCtx<'_>,
    ) -> Result<Binary, DeError> {
        self.one(ns, local, |n| read_binary(n, ctx))
    }

    /// Reads the optional binary element `{ns}local`.
    pub fn opt_binary(
        &mut self,
        ns: &str,
        local: &str,
        ctx: &ReadCtx<'_>,
    ) -> Result<Option<Binary>, DeError> {
        self.opt(ns, local, |n| read_binary(n, ctx))
    }

    /// Reads the repeated binary element `{ns}local`.
    pub fn many_binary(
        &mut self,
        ns: &str,
        local: &str,
        ctx: &ReadCtx<'_>,
    ) -> Result<Vec<Binary>, DeError> {
        self.many(ns, local, |n| read_binary(n, ctx))
    }
}

impl XmlWriter<'_> {
    /// Writes a simple value as the element `{ns}local`.
    pub fn simple<T: XmlSimple>(&mut self, ns: &str, local: &str, value: &T) -> crate::Result<()> {
        write_simple(self, ns, local, value)
    }

    /// Writes each value as the element `{ns}local` (an optional field passes
    /// `Option::as_slice`, a repeated one its vector).
    pub fn simples<T: XmlSimple>(
        &mut self,
        ns: &str,
        local: &str,
        values: &[T],
    ) -> crate::Result<()> {
        values
            .iter()
            .try_for_each(|v| write_simple(self, ns, local, v))
    }

    /// Writes each value as the element `{ns}local`, whose value the schema
    /// fixes (see [`write_simple_fixed`](super::write_simple_fixed)).
    pub fn simples_fixed<T: XmlSimple + PartialEq>(
        &mut self,
        ns: &str,
        local: &str,
        values: &[T],
        fixed: impl super::SchemaText,
        decimal: bool,
    ) -> crate::Result<()> {
        values
            .iter()
            .try_for_each(|v| super::write_simple_fixed(self, ns, local, v, fixed, decimal))
    }

    /// Writes a complex value as the element `{ns}local`.
    pub fn complex<T: XmlComplex>(
        &mut self,
        ns: &str,
        local: &str,
        value: &T,
    ) -> crate::Result<()> {
        write_complex(self, ns, local, value)
    }

    /// Writes each complex value as the element `{ns}local`.
    pub fn complexes<T: XmlComplex>(
        &mut self,
        ns: &str,
        local: &str,
        values: &[T],
    ) -> crate::Result<()> {
        values
            .iter()
            .try_for_each(|v| write_complex(self, ns, local, v))
    }

    /// Writes each binary as the element `{ns}local` (see [`write_binary`]).
    pub fn binaries(
        &mut self,
        ns: &str,
        local: &str,
        values: &[Binary],
        expected: Option<&str>,
        optimize: Optimize,
    ) -> crate::Result<()> {
        values
            .iter()
            .try_for_each(|v| write_binary(self, ns, local, v, expected, optimize))
    }
}
