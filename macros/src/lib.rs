//! `soapstone-macros`: the `wsdl!` proc-macro, a thin front end over
//! `soapstone-codegen` (all the work is in
//! `soapstone_codegen::macro_support`). Use it through the runtime:
//! `soapstone::wsdl!` with the runtime's `macros` feature.

/// Generates the bindings of a WSDL 1.1 (or XSD) file in place (used for
/// real by `examples/macro` and the compile-fail suite in `tests/ui`):
///
/// ```text
/// soapstone::wsdl!("wsdl/ProcessMessage.wsdl");
/// soapstone::wsdl!(path = "wsdl/svc.wsdl", mtom = "on", catalog = "wsdl/catalog.xml", threshold = 2048);
/// soapstone::wsdl!("wsdl/svc.wsdl", client = true, server = true, strings = "shared");
/// ```
///
/// The items (one struct or enum per schema type, an `elements` module, a
/// module of operation data per binding) expand where the macro stands, so
/// give each WSDL a module of its own. Paths are relative to the crate's
/// `CARGO_MANIFEST_DIR`. Arguments after
/// the path (or `path = "..."`): `catalog`, `import_path` (repeatable),
/// `mtom` (`"on"`, `"off"`, `"policy"`), `threshold` (bytes), `strings`
/// (`"owned"`: `String`; `"shared"`: `soapstone::SharedStr`, slices of the
/// received message),
/// `never_optimize` and `always_optimize` (an element local name,
/// repeatable), `runtime_path` (when the runtime is not `::soapstone`),
/// `client = true` (an HTTP client per binding; runtime feature `client`)
/// and `server = true` (a server trait and router per binding; runtime
/// feature `server`). An argument that is not marked repeatable is an error
/// when given twice.
///
/// Every file the generator read (imports, catalogs, and catalogs chained
/// through `nextCatalog`) is tracked with `include_bytes!`, so editing an
/// imported XSD rebuilds the crate. A panic in the generator (a soapstone
/// bug) is a compile error saying so. A WSDL that cannot be supported is a
/// compile error on the path, reading `file:line:col: error[CODE]: message`
/// with the source line and a hint. Warnings are not shown (a proc-macro
/// cannot emit them on stable Rust): run `soapstone check FILE...` (with the
/// same settings as flags) to see them.
#[proc_macro]
pub fn wsdl(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    soapstone_codegen::macro_support::expand(input.into())
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
