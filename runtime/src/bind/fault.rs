//! Typed SOAP fault details: an operation's declared faults, read from and
//! written into the `detail` of a [`Fault`].

use super::{ReadCtx, XmlNode, XmlWriter};
use crate::soap::Fault;

/// An operation's typed fault detail: generated per operation as an enum over
/// the detail elements its `wsdl:fault`s declare.
pub trait FaultDetail: Sized + std::fmt::Debug {
    /// Reads the content of a fault's `detail` (SOAP 1.1) or `Detail`
    /// (SOAP 1.2) element, if its first element is one of this operation's
    /// faults.
    fn from_detail(detail: XmlNode<'_>, ctx: &ReadCtx<'_>) -> Option<Self>;

    /// Writes the detail element(s) of this fault.
    fn write_detail(&self, w: &mut XmlWriter<'_>) -> crate::Result<()>;

    /// A fault with `code` and `reason` carrying this detail.
    fn into_fault(self, code: crate::FaultCode, reason: impl Into<String>) -> Fault {
        let mut w = XmlWriter::new();
        let mut fault = Fault::new(code, reason);
        // Writing a typed value inline cannot fail on its own; if a nested
        // value does (e.g. an unreadable spilled binary), say so in the fault.
        match self.write_detail(&mut w).and_then(|()| w.finish()) {
            Ok(xml) => fault.detail = Some(xml),
            Err(e) => fault.reason = format!("{} (detail not written: {e})", fault.reason),
        }
        fault
    }
}

/// No typed faults.
impl FaultDetail for () {
    fn from_detail(_: XmlNode<'_>, _: &ReadCtx<'_>) -> Option<Self> {
        None
    }

    fn write_detail(&self, _: &mut XmlWriter<'_>) -> crate::Result<()> {
        Ok(())
    }
}
