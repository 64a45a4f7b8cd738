//! `soapstone`: the runtime that soapstone-generated SOAP bindings link against.
//!
//! It carries the wire layer: XML reading and writing helpers, [`Binary`]-style
//! attachment values, MTOM/XOP and SwA packaging, SOAP 1.1/1.2 envelopes and
//! faults, and limits. See `DESIGN.md` in the repository for the map.
