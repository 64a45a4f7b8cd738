//! `soapstone-macros`: the `wsdl!` proc-macro, a thin front end over
//! `soapstone-codegen`. The macro itself lands with the front-ends work; this
//! crate exists now so the workspace has its final shape.
