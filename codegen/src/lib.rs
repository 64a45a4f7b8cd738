//! soapstone-codegen (placeholder).
