//! One method call per element field of a generated type, whatever its
//! cardinality ([`Cursor`] to read, [`XmlWriter`] to write): generated code
//! stays small (a WSDL with thousands of fields generates and compiles
//! quickly) and the loops live here once.

use super::{
    read_binary, read_simple, write_binary, write_complex, write_simple, Cursor, DeError, Optimize,
    ReadCtx, XmlComplex, XmlSimple, XmlWriter,
};
use crate::Binary;

impl Cursor<'_> {
    /// Reads the required element `{ns}local` as a simple value.
    pub fn one_simple<T: XmlSimple>(&mut self, ns: &str, local: &str) -> Result<T, DeError> {
        read_simple(self.take(ns, local)?)
    }

    /// Reads the optional element `{ns}local` as a simple value.
    pub fn opt_simple<T: XmlSimple>(
        &mut self,
        ns: &str,
        local: &str,
    ) -> Result<Option<T>, DeError> {
        self.next_if(ns, local).map(read_simple).transpose()
    }

    /// Reads the repeated element `{ns}local` as simple values.
    pub fn many_simple<T: XmlSimple>(&mut self, ns: &str, local: &str) -> Result<Vec<T>, DeError> {
        let mut all = Vec::new();
        while let Some(n) = self.next_if(ns, local) {
            all.push(read_simple(n)?);
        }
        Ok(all)
    }

    /// Reads the required element `{ns}local` as a complex value.
    pub fn one_complex<T: XmlComplex>(
        &mut self,
        ns: &str,
        local: &str,
        ctx: &ReadCtx<'_>,
    ) -> Result<T, DeError> {
        T::read(self.take(ns, local)?, ctx)
    }

    /// Reads the optional element `{ns}local` as a complex value.
    pub fn opt_complex<T: XmlComplex>(
        &mut self,
        ns: &str,
        local: &str,
        ctx: &ReadCtx<'_>,
    ) -> Result<Option<T>, DeError> {
        self.next_if(ns, local).map(|n| T::read(n, ctx)).transpose()
    }

    /// Reads the repeated element `{ns}local` as complex values.
    pub fn many_complex<T: XmlComplex>(
        &mut self,
        ns: &str,
        local: &str,
        ctx: &ReadCtx<'_>,
    ) -> Result<Vec<T>, DeError> {
        let mut all = Vec::new();
        while let Some(n) = self.next_if(ns, local) {
            all.push(T::read(n, ctx)?);
        }
        Ok(all)
    }

    /// Reads the required binary element `{ns}local`.
    pub fn one_binary(
        &mut self,
        ns: &str,
        local: &str,
        ctx: &ReadCtx<'_>,
    ) -> Result<Binary, DeError> {
        read_binary(self.take(ns, local)?, ctx)
    }

    /// Reads the optional binary element `{ns}local`.
    pub fn opt_binary(
        &mut self,
        ns: &str,
        local: &str,
        ctx: &ReadCtx<'_>,
    ) -> Result<Option<Binary>, DeError> {
        self.next_if(ns, local)
            .map(|n| read_binary(n, ctx))
            .transpose()
    }

    /// Reads the repeated binary element `{ns}local`.
    pub fn many_binary(
        &mut self,
        ns: &str,
        local: &str,
        ctx: &ReadCtx<'_>,
    ) -> Result<Vec<Binary>, DeError> {
        let mut all = Vec::new();
        while let Some(n) = self.next_if(ns, local) {
            all.push(read_binary(n, ctx)?);
        }
        Ok(all)
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::bind::{Document, ReadOptions};

    #[test]
    fn cardinalities_read_and_write() {
        let mut w = XmlWriter::new();
        w.start("", "r");
        w.simples("", "a", &[1i32]).unwrap();
        w.simples::<i32>("", "b", &[]).unwrap();
        w.simples("", "c", &[2i32, 3]).unwrap();
        w.simple("", "c", &4i32).unwrap();
        w.binaries("", "d", &[Binary::from(vec![1u8])], None, Optimize::Default)
            .unwrap();
        w.end();
        let xml = w.into_string();
        assert_eq!(xml, "<r><a>1</a><c>2</c><c>3</c><c>4</c><d>AQ==</d></r>");
        let doc = Document::parse(xml.as_bytes(), &ReadOptions::default()).unwrap();
        let ctx = ReadCtx::default();
        let mut c = doc.root().cursor();
        assert_eq!(c.one_simple::<i32>("", "a").unwrap(), 1);
        assert_eq!(c.opt_simple::<i32>("", "b").unwrap(), None);
        assert_eq!(c.many_simple::<i32>("", "c").unwrap(), [2, 3, 4]);
        assert!(c.opt_binary("", "x", &ctx).unwrap().is_none());
        assert_eq!(c.many_binary("", "d", &ctx).unwrap().len(), 1);
        let e = c.one_simple::<i32>("", "e").unwrap_err();
        assert_eq!(e.path, "/r");
    }
}
