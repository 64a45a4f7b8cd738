//! Stages 5 and 6, `emit` and `format`: tokens for every planned item, in
//! plan order, then prettyplease. Generated code names the runtime only
//! through absolute `::soapstone::__private` paths and never unwraps.

use crate::plan::*;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

fn ty(path: &str) -> TokenStream {
    // The same few hundred type paths come back for every field: parse each
    // once per thread.
    thread_local! {
        static TYPES: std::cell::RefCell<std::collections::HashMap<String, TokenStream>> =
            Default::default();
    }
    if let Some(t) = TYPES.with(|c| c.borrow().get(path).cloned()) {
        return t;
    }
    let t = syn::parse_str::<syn::Type>(path)
        .map(|t| quote!(#t))
        .unwrap_or_else(|_| {
            let i = ident(path);
            quote!(#i)
        });
    TYPES.with(|c| c.borrow_mut().insert(path.to_string(), t.clone()));
    t
}

/// A string literal; namespace URIs repeat on every field, so each is
/// escaped once per thread.
fn lit(text: &str) -> proc_macro2::Literal {
    thread_local! {
        static LITERALS: std::cell::RefCell<std::collections::HashMap<String, proc_macro2::Literal>> =
            Default::default();
    }
    if let Some(l) = LITERALS.with(|c| c.borrow().get(text).cloned()) {
        return l;
    }
    let l = proc_macro2::Literal::string(text);
    LITERALS.with(|c| c.borrow_mut().insert(text.to_string(), l.clone()));
    l
}

/// True when the identifier `name` occurs anywhere in `tokens` (to leave
/// out `let _ = x;` for parameters that are used).
fn mentions(tokens: &TokenStream, name: &str) -> bool {
    use proc_macro2::{Spacing, TokenTree};
    let mut tokens = tokens.clone().into_iter().peekable();
    while let Some(t) = tokens.next() {
        match t {
            TokenTree::Ident(i) if i == name => {
                // `name: value` in a struct expression labels a field.
                let label = matches!(
                    tokens.peek(),
                    Some(TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == Spacing::Alone
                );
                if !label {
                    return true;
                }
            }
            TokenTree::Group(g) if mentions(&g.stream(), name) => return true,
            _ => {}
        }
    }
    false
}

/// The local a field is read into before the struct is built: never one
/// of the reader's own names (`node`, `ctx`, `n`, `v`, `before`, `__c`),
/// whatever the field is called.
fn local(field: &str) -> Ident {
    format_ident!("__f_{}", field.trim_start_matches("r#"))
}

/// Which elements (or attributes) a wildcard takes.
enum AnyTake {
    /// Every one.
    All,
    /// Those whose namespace passes a test.
    If(TokenStream),
    /// None (`namespace=""`).
    Nothing,
}

impl AnyTake {
    /// The test as one boolean expression.
    fn test(self) -> TokenStream {
        match self {
            AnyTake::All => quote!(true),
            AnyTake::If(test) => test,
            AnyTake::Nothing => quote!(false),
        }
    }
}

/// [`AnyTake`] of a wildcard allowing `allowed` for an element `n`.
fn any_take(allowed: &AnyNamespaces) -> AnyTake {
    any_take_of(allowed, quote!(n.ns()))
}

/// [`AnyTake`] of a wildcard allowing `allowed`, testing the namespace
/// expression `ns` (a `&str`).
fn any_take_of(allowed: &AnyNamespaces, ns: TokenStream) -> AnyTake {
    match allowed {
        None => AnyTake::All,
        Some((true, list)) if list.is_empty() => AnyTake::All,
        Some((false, list)) if list.is_empty() => AnyTake::Nothing,
        Some((all_but, list)) => {
            let listed = quote!(::std::matches!(#ns, #(#list)|*));
            AnyTake::If(if *all_but { quote!(!#listed) } else { listed })
        }
    }
}

/// `match self { arms }` in a method with a writer `w`; for an enum with no
/// variants (an abstract head or type whose members are all abstract)
/// `match *self {}`, since a reference to an uninhabited type is not
/// matched exhaustively by `{}`, and `w` is left unused.
fn match_self(arms: &[TokenStream]) -> TokenStream {
    if arms.is_empty() {
        quote!(let _ = w; match *self {})
    } else {
        quote!(match self { #(#arms)* })
    }
}

/// `let _ = x;` when `x` is not used in `body`, so it raises no warning.
fn unused_guard(body: &TokenStream, name: &str, by_ref: bool) -> TokenStream {
    if mentions(body, name) {
        return quote!();
    }
    let x = ident(name);
    if by_ref {
        quote!(let _ = &#x;)
    } else {
        quote!(let _ = #x;)
    }
}

fn private() -> TokenStream {
    quote!(::soapstone::__private)
}

fn doc(text: &str) -> TokenStream {
    let lines: Vec<TokenStream> = text
        .lines()
        .map(|l| {
            let l = format!(" {}", l.trim_end());
            quote!(#[doc = #l])
        })
        .collect();
    quote!(#(#lines)*)
}

/// Emits the whole file as tokens.
pub fn emit(plan: &Plan) -> TokenStream {
    let units = units(plan);
    let tokens = units.iter().map(|u| u.emit(plan));
    quote!(#(#tokens)*)
}

/// Formats tokens as a Rust file (prettyplease).
pub fn format(tokens: TokenStream) -> Result<String, String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("generated tokens do not parse: {e}"))?;
    Ok(prettyplease::unparse(&file))
}

/// A top-level piece of the generated file, emitted on its own.
#[derive(Clone, Copy)]
enum Unit<'p> {
    Item(&'p Item),
    FaultDetails,
    Elements,
    Binding(&'p BindingPlan),
}

impl Unit<'_> {
    fn emit(self, plan: &Plan) -> TokenStream {
        match self {
            Unit::Item(it) => item(it),
            Unit::FaultDetails => fault_details(plan),
            Unit::Elements => elements(plan),
            Unit::Binding(b) => binding(b, plan.client, plan.server),
        }
    }
}

/// The file's pieces in order.
fn units(plan: &Plan) -> Vec<Unit<'_>> {
    let mut units: Vec<Unit<'_>> = plan.items.iter().map(Unit::Item).collect();
    units.push(Unit::FaultDetails);
    units.push(Unit::Elements);
    units.extend(plan.bindings.iter().map(Unit::Binding));
    units
}

/// Below this many pieces the file is formatted on one thread.
const PARALLEL_MIN_UNITS: usize = 256;

/// Emits and formats the whole file: large plans are cut into contiguous
/// runs of items, each emitted, parsed and pretty-printed on its own thread
/// (tokens are not `Send`, so each thread makes its own), and the texts
/// joined in order. prettyplease separates top-level items the same way
/// whether they are printed together or apart, so the output is the same
/// as [`format`](fn@format)`(`[`emit`]`(plan))`. `runtime` is the runtime path setting
/// when it is not the default.
pub fn emit_formatted(plan: &Plan, runtime: Option<&str>) -> Result<String, String> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(8);
    emit_formatted_from(plan, runtime, PARALLEL_MIN_UNITS, threads)
}

fn emit_formatted_from(
    plan: &Plan,
    runtime: Option<&str>,
    parallel_min_units: usize,
    threads: usize,
) -> Result<String, String> {
    let units = units(plan);
    let run = |chunk: &[Unit<'_>]| -> Result<String, String> {
        let mut tokens: TokenStream = chunk.iter().map(|u| u.emit(plan)).collect();
        if let Some(path) = runtime {
            let path = crate::runtime_path::parse(path)?;
            tokens = crate::runtime_path::rewrite(tokens, &path);
        }
        format(tokens)
    };
    if threads < 2 || units.len() < parallel_min_units.max(2) {
        return run(&units);
    }
    // More chunks than threads evens out items of different sizes.
    let chunk = units.len().div_ceil(threads * 4);
    let chunks: Vec<&[Unit<'_>]> = units.chunks(chunk).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut out: Vec<Option<Result<String, String>>> = vec![None; chunks.len()];
    let results = std::sync::Mutex::new(&mut out);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(c) = chunks.get(i) else { break };
                let r = run(c);
                if let Ok(mut slots) = results.lock() {
                    slots[i] = Some(r);
                }
            });
        }
    });
    let mut code = String::new();
    for r in out {
        code.push_str(&r.unwrap_or_else(|| Err("a formatting thread failed".into()))?);
    }
    Ok(code)
}

fn item(it: &Item) -> TokenStream {
    match it {
        Item::Struct(s) => structure(s),
        Item::Choice(c) => choice(c),
        Item::Enumeration(e) => enumeration(e),
        Item::Newtype(n) => newtype(n),
        Item::Union(u) => union(u),
        Item::Poly(p) => poly(p),
    }
}

fn poly(d: &PolyDef) -> TokenStream {
    let p = private();
    let name = ident(&d.name);
    let dc = doc(&d.doc);
    let xsi = crate::names::ns::XSI;
    let mut variants = Vec::new();
    let mut write_attrs = Vec::new();
    let mut write_children = Vec::new();
    let mut reads = Vec::new();
    for (i, v) in d.variants.iter().enumerate() {
        let vn = ident(&v.name);
        let t = ident(&v.ty);
        let held = if v.boxed {
            quote!(::std::boxed::Box<#t>)
        } else {
            quote!(#t)
        };
        let vd = format!(" Type `{{{}}}{}`.", v.xsi_type.0, v.xsi_type.1);
        variants.push(quote!(#[doc = #vd] #vn(#held),));
        let (ns, local) = (&v.xsi_type.0, &v.xsi_type.1);
        let inner = if v.boxed { quote!(&**v) } else { quote!(v) };
        if Some(i) == d.base {
            write_attrs.push(quote!(Self::#vn(v) => #p::XmlComplex::write_attributes(#inner, w),));
        } else {
            write_attrs.push(quote!(Self::#vn(v) => { #p::write_xsi_type(w, #ns, #local); #p::XmlComplex::write_attributes(#inner, w) }));
        }
        write_children.push(quote!(Self::#vn(v) => #p::XmlComplex::write_children(#inner, w),));
        let read = if v.boxed {
            quote!(::std::boxed::Box::new(<#t as #p::XmlComplex>::read(node, ctx)?))
        } else {
            quote!(<#t as #p::XmlComplex>::read(node, ctx)?)
        };
        reads.push(quote!(if ns == #ns && local == #local { return ::std::result::Result::Ok(Self::#vn(#read)); }));
    }
    let fallback = match d.base.and_then(|i| d.variants.get(i)) {
        Some(b) => {
            let vn = ident(&b.name);
            let t = ident(&b.ty);
            let read = if b.boxed {
                quote!(::std::boxed::Box::new(<#t as #p::XmlComplex>::read(node, ctx)?))
            } else {
                quote!(<#t as #p::XmlComplex>::read(node, ctx)?)
            };
            quote!(::std::result::Result::Ok(Self::#vn(#read)))
        }
        None => {
            let msg = format!(
                "abstract type needs an xsi:type naming one of {}",
                d.variants
                    .iter()
                    .map(|v| v.xsi_type.1.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            quote!(::std::result::Result::Err(#p::DeError::at(node, #msg)))
        }
    };
    let (write_attrs, write_children) = (match_self(&write_attrs), match_self(&write_children));
    let declared = format!("{{{}}}{}", d.declared.0, d.declared.1);
    // No concrete type can stand for it: every element of it is an error.
    let read_body = if variants.is_empty() {
        let msg = format!("no type derived from abstract {} can stand for it", d.name);
        quote! {
            let _ = ctx;
            ::std::result::Result::Err(#p::DeError::at(node, #msg))
        }
    } else {
        quote! {
            if let ::std::option::Option::Some(t) = node.attribute(#xsi, "type") {
                if let ::std::option::Option::Some((ns, local)) = node.resolve_qname_ref(t) {
                    #(#reads)*
                }
                return ::std::result::Result::Err(#p::unexpected_xsi_type(node, t, #declared));
            }
            #fallback
        }
    };
    quote! {
        #dc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name { #(#variants)* }
        impl #p::XmlComplex for #name {
            fn write_attributes(&self, w: &mut #p::XmlWriter<'_>) -> #p::Result<()> {
                #write_attrs
            }
            fn write_children(&self, w: &mut #p::XmlWriter<'_>) -> #p::Result<()> {
                #write_children
            }
            fn read(node: #p::XmlNode<'_>, ctx: &#p::ReadCtx<'_>) -> ::std::result::Result<Self, #p::DeError> {
                #read_body
            }
        }
    }
}

// ---- types of fields -------------------------------------------------------

fn value_type(v: &ValueTy) -> TokenStream {
    ty(&type_string(v))
}

fn element_type(value: &ValueTy, nillable: bool, boxed: bool) -> TokenStream {
    let p = private();
    let mut t = value_type(value);
    if boxed {
        t = quote!(::std::boxed::Box<#t>);
    }
    if nillable {
        t = quote!(#p::Nillable<#t>);
    }
    t
}

fn field_type(f: &Field) -> TokenStream {
    let p = private();
    let inner = match &f.kind {
        FieldKind::Element {
            value, nillable, ..
        } => element_type(value, *nillable, f.boxed),
        FieldKind::Choice { ty: t, .. } | FieldKind::Group { ty: t, .. } => {
            let t = ident(t);
            if f.boxed {
                quote!(::std::boxed::Box<#t>)
            } else {
                quote!(#t)
            }
        }
        FieldKind::Any(_) => quote!(#p::AnyElement),
    };
    match f.occurs {
        Occurs::One => inner,
        Occurs::Optional => quote!(::std::option::Option<#inner>),
        Occurs::Many => quote!(::std::vec::Vec<#inner>),
    }
}

// ---- read and write of one element value -----------------------------------

/// A default or fixed value as the runtime takes it: its text, or for a
/// type holding QNames, `Scoped(text, scope)`.
impl quote::ToTokens for SchemaValue {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let text = &self.text;
        tokens.extend(match &self.scope {
            Some(scope) => {
                let p = private();
                quote!(#p::Scoped(#text, #scope))
            }
            None => quote!(#text),
        });
    }
}

/// Expression reading one value from node `n`.
fn read_value(
    value: &ValueTy,
    nillable: bool,
    boxed: bool,
    default: Option<&SchemaValue>,
    fixed: bool,
) -> TokenStream {
    let p = private();
    let fixed = fixed_value(value, default, fixed);
    let mut e = match (value, fixed) {
        (ValueTy::Simple(t), Some((d, decimal))) => {
            let t_ = ty(t);
            quote!(#p::read_simple_fixed::<#t_>(n, #d, #decimal)?)
        }
        (ValueTy::Simple(t), None) if default.is_some() => {
            let t = ty(t);
            quote!(#p::read_simple_or::<#t>(n, #default)?)
        }
        (ValueTy::Complex(t), _) => {
            let t = ty(t);
            quote!(<#t as #p::XmlComplex>::read(n, ctx)?)
        }
        (ValueTy::Simple(t), None) => {
            let t = ty(t);
            quote!(#p::read_simple::<#t>(n)?)
        }
        (ValueTy::Binary { .. }, _) => quote!(#p::read_binary(n, ctx)?),
        (ValueTy::AnyType, _) => quote!(#p::read_any(n)),
    };
    if boxed {
        e = quote!(::std::boxed::Box::new(#e));
    }
    if nillable {
        let nil = if fixed.is_some() {
            quote!(#p::nil_of_fixed(n)?)
        } else {
            quote!(n.nil()?)
        };
        e = quote!(if #nil { #p::Nillable::Nil } else { #p::Nillable::Value(#e) });
    }
    e
}

fn optimize(o: FieldOptimize) -> TokenStream {
    let p = private();
    match o {
        FieldOptimize::Default => quote!(#p::Optimize::Default),
        FieldOptimize::Never => quote!(#p::Optimize::Never),
        FieldOptimize::Always => quote!(#p::Optimize::Always),
    }
}

/// The expected content type and optimize setting a binary is written with.
fn binary_args(expected: Option<&str>, o: FieldOptimize) -> TokenStream {
    let exp = match expected {
        Some(e) => quote!(::std::option::Option::Some(#e)),
        None => quote!(::std::option::Option::None),
    };
    let o = optimize(o);
    quote!(#exp, #o)
}

/// The value the schema fixes for an element of a simple type, and whether
/// it compares as a decimal number.
fn fixed_value<'a>(
    value: &ValueTy,
    default: Option<&'a SchemaValue>,
    fixed: bool,
) -> Option<(&'a SchemaValue, bool)> {
    match value {
        ValueTy::Simple(t) if fixed => default.map(|d| (d, crate::plan::is_big_number(t))),
        _ => None,
    }
}

/// Statement writing one value `v` (a reference) as element `ns:local`
/// (checked against `fixed`, the schema's fixed value, when there is one).
fn write_value(
    name: &Name,
    value: &ValueTy,
    nillable: bool,
    boxed: bool,
    fixed: Option<(&SchemaValue, bool)>,
) -> TokenStream {
    let p = private();
    let (ns, local) = (&name.0, &name.1);
    let v = if boxed { quote!(&**v) } else { quote!(v) };
    let w1 = match (value, fixed) {
        (ValueTy::Simple(_), Some((fv, decimal))) => {
            quote!(#p::write_simple_fixed(w, #ns, #local, #v, #fv, #decimal)?;)
        }
        (ValueTy::Complex(_), _) => quote!(#p::write_complex(w, #ns, #local, #v)?;),
        (ValueTy::Simple(_), None) => quote!(#p::write_simple(w, #ns, #local, #v)?;),
        (
            ValueTy::Binary {
                expected,
                optimize: o,
            },
            _,
        ) => {
            let args = binary_args(expected.as_deref(), *o);
            quote!(#p::write_binary(w, #ns, #local, #v, #args)?;)
        }
        (ValueTy::AnyType, _) => quote!(#p::write_any_as(w, #ns, #local, #v)?;),
    };
    if nillable {
        let write_nil = if fixed.is_some() {
            quote!(#p::write_nil_of_fixed)
        } else {
            quote!(#p::write_nil)
        };
        quote! {
            match v {
                #p::Nillable::Nil => #write_nil(w, #ns, #local)?,
                #p::Nillable::Value(v) => { #w1 }
            }
        }
    } else {
        w1
    }
}

fn first_names(kind: &FieldKind) -> Vec<Name> {
    match kind {
        FieldKind::Element { name, .. } => vec![name.clone()],
        FieldKind::Choice { first, .. } | FieldKind::Group { first, .. } => first.clone(),
        FieldKind::Any(_) => Vec::new(),
    }
}

fn names_array(names: &[Name]) -> TokenStream {
    let items = names.iter().map(|(n, l)| quote!((#n, #l)));
    quote!(&[#(#items),*])
}

/// The usual field as one expression reading it from cursor `__c` (its type
/// inferred from the struct it goes into), if it is one: an element of a
/// simple, complex or binary type, not nillable, boxed or defaulted.
fn read_field_expr(f: &Field) -> Option<TokenStream> {
    let FieldKind::Element {
        name: (ns, local),
        value,
        nillable: false,
        default: None,
        ..
    } = &f.kind
    else {
        return None;
    };
    let (kind, ctx) = match value {
        _ if f.boxed => return None,
        ValueTy::Simple(_) => ("simple", quote!()),
        ValueTy::Complex(_) => ("complex", quote!(, ctx)),
        ValueTy::Binary { .. } => ("binary", quote!(, ctx)),
        ValueTy::AnyType => return None,
    };
    let card = match f.occurs {
        Occurs::One => "one",
        Occurs::Optional => "opt",
        Occurs::Many => "many",
    };
    let func = format_ident!("{card}_{kind}");
    let ns = lit(ns);
    let read = quote!(__c.#func(#ns, #local #ctx)?);
    Some(match occurs_args(f) {
        Some(args) => quote!({ let __v = #read; __c.occurs(__v.len(), #args)?; __v }),
        None => read,
    })
}

/// The `min, max, what` arguments of the occurrence check of a repeated
/// field with bounds (`what`: its element's name, or what the field stands
/// for), checked on read (`Cursor::occurs`) and on write
/// (`XmlWriter::occurs`).
fn occurs_args(f: &Field) -> Option<TokenStream> {
    let (min, max) = f.bounds?;
    let max = match max {
        Some(max) => quote!(::std::option::Option::Some(#max)),
        None => quote!(::std::option::Option::None),
    };
    let what = match &f.kind {
        FieldKind::Element { name, .. } => name.1.clone(),
        _ => f.name.clone(),
    };
    Some(quote!(#min, #max, #what))
}

/// Statements reading field `f` from cursor `__c` into its [`local`], and
/// checking a repeated field's occurrence bounds.
fn read_field(f: &Field, follow: &[Name]) -> TokenStream {
    let var = local(&f.name);
    // The usual field, bounds checked in the one expression.
    if let Some(e) = read_field_expr(f) {
        return quote! { let #var = #e; };
    }
    let read = read_field_statements(f, follow);
    match occurs_args(f) {
        Some(args) => quote! { #read __c.occurs(#var.len(), #args)?; },
        None => read,
    }
}

/// [`read_field`] of a field that is not one expression, without the
/// bounds check.
fn read_field_statements(f: &Field, follow: &[Name]) -> TokenStream {
    let p = private();
    let var = local(&f.name);
    match &f.kind {
        FieldKind::Element {
            name: (ns, local),
            value,
            nillable,
            default,
            fixed,
        } => {
            let read = read_value(value, *nillable, f.boxed, default.as_ref(), *fixed);
            match f.occurs {
                Occurs::One => quote! { let #var = { let n = __c.take(#ns, #local)?; #read }; },
                Occurs::Optional => quote! {
                    let #var = match __c.next_if(#ns, #local) { ::std::option::Option::Some(n) => ::std::option::Option::Some(#read), ::std::option::Option::None => ::std::option::Option::None };
                },
                Occurs::Many => quote! {
                    let mut #var = ::std::vec::Vec::new();
                    while let ::std::option::Option::Some(n) = __c.next_if(#ns, #local) { #var.push(#read); }
                },
            }
        }
        FieldKind::Choice { ty: t, .. } | FieldKind::Group { ty: t, .. } => {
            let t = ident(t);
            let one = if f.boxed {
                quote!(::std::boxed::Box::new(#t::__read_content(__c, ctx)?))
            } else {
                quote!(#t::__read_content(__c, ctx)?)
            };
            match f.occurs {
                Occurs::One => quote! { let #var = #one; },
                Occurs::Optional => quote! {
                    let #var = if __c.peek().is_some_and(#t::__starts) { ::std::option::Option::Some(#one) } else { ::std::option::Option::None };
                },
                Occurs::Many => quote! {
                    let mut #var = ::std::vec::Vec::new();
                    while __c.peek().is_some_and(#t::__starts) {
                        let before = __c.position();
                        #var.push(#one);
                        if __c.position() == before { break; }
                    }
                },
            }
        }
        FieldKind::Any(allowed) => {
            // A required wildcard takes the next element whatever follows:
            // leaving it to a later field is only for optional or repeated
            // ones.
            let follow = if f.occurs == Occurs::One {
                names_array(&[])
            } else {
                names_array(follow)
            };
            let allowed = match any_take(allowed) {
                AnyTake::All => Some(quote!()),
                AnyTake::If(test) => Some(quote!(#test &&)),
                AnyTake::Nothing => None,
            };
            let take = match allowed {
                Some(allowed) => quote! {
                    match __c.peek() {
                        ::std::option::Option::Some(n) if #allowed !(#follow as &[(&str, &str)]).iter().any(|(ns, l)| n.is(ns, l)) => { __c.next_any(); ::std::option::Option::Some(#p::read_any(n)) }
                        _ => ::std::option::Option::None,
                    }
                },
                // `namespace=""`: it takes none.
                None => quote!(::std::option::Option::None::<#p::AnyElement>),
            };
            match f.occurs {
                Occurs::One => quote! {
                    let #var = match #take { ::std::option::Option::Some(v) => v, ::std::option::Option::None => return ::std::result::Result::Err(#p::DeError { path: ::std::string::String::from("?"), message: ::std::string::String::from("missing element for xs:any") }) };
                },
                Occurs::Optional => quote! { let #var = #take; },
                Occurs::Many => quote! {
                    let mut #var = ::std::vec::Vec::new();
                    while let ::std::option::Option::Some(v) = #take { #var.push(v); }
                },
            }
        }
    }
}

/// Statements writing field `f` from `self`; a repeated field outside its
/// occurrence bounds is recorded on the writer as an error.
fn write_field(f: &Field) -> TokenStream {
    let write = write_field_only(f);
    match occurs_args(f) {
        Some(args) => {
            let var = ident(&f.name);
            quote! { w.occurs(self.#var.len(), #args); #write }
        }
        None => write,
    }
}

/// [`write_field`] without the bounds check.
fn write_field_only(f: &Field) -> TokenStream {
    let var = ident(&f.name);
    if let FieldKind::Element {
        name: (ns, local),
        value,
        nillable: false,
        default,
        fixed,
    } = &f.kind
    {
        if !f.boxed {
            // The usual field: one writer call; an optional one passes its
            // value as a slice of zero or one.
            let ns = &lit(ns);
            let arg = match f.occurs {
                Occurs::One => quote!(&self.#var),
                Occurs::Optional => quote!(self.#var.as_slice()),
                Occurs::Many => quote!(&self.#var),
            };
            let one = f.occurs == Occurs::One;
            if let Some((fv, decimal)) = fixed_value(value, default.as_ref(), *fixed) {
                let values = if one {
                    quote!(::std::slice::from_ref(#arg))
                } else {
                    arg
                };
                return quote!(w.simples_fixed(#ns, #local, #values, #fv, #decimal)?;);
            }
            match value {
                ValueTy::Simple(_) if one => return quote!(w.simple(#ns, #local, #arg)?;),
                ValueTy::Simple(_) => return quote!(w.simples(#ns, #local, #arg)?;),
                ValueTy::Complex(_) if one => return quote!(w.complex(#ns, #local, #arg)?;),
                ValueTy::Complex(_) => return quote!(w.complexes(#ns, #local, #arg)?;),
                ValueTy::Binary {
                    expected,
                    optimize: o,
                } => {
                    let args = binary_args(expected.as_deref(), *o);
                    if one {
                        let p = private();
                        return quote!(#p::write_binary(w, #ns, #local, #arg, #args)?;);
                    }
                    return quote!(w.binaries(#ns, #local, #arg, #args)?;);
                }
                ValueTy::AnyType => {}
            }
        }
    }
    let one = match &f.kind {
        FieldKind::Element {
            name,
            value,
            nillable,
            default,
            fixed,
        } => write_value(
            name,
            value,
            *nillable,
            f.boxed,
            fixed_value(value, default.as_ref(), *fixed),
        ),
        FieldKind::Choice { .. } | FieldKind::Group { .. } => quote!(v.__write_content(w)?;),
        FieldKind::Any(_) => quote!(v.write(w);),
    };
    match f.occurs {
        Occurs::One => quote! { { let v = &self.#var; #one } },
        Occurs::Optional => quote! { if let ::std::option::Option::Some(v) = &self.#var { #one } },
        Occurs::Many => quote! { for v in &self.#var { #one } },
    }
}

// ---- structs ----------------------------------------------------------------

fn attr_type(a: &AttrField) -> TokenStream {
    let t = ty(&a.ty);
    if a.required {
        t
    } else {
        quote!(::std::option::Option<#t>)
    }
}

fn structure(s: &StructDef) -> TokenStream {
    let p = private();
    let name = ident(&s.name);
    let d = doc(&s.doc);
    let mut decls = Vec::new();
    let mut inits = Vec::new();
    let mut write_attrs = Vec::new();
    for a in &s.attributes {
        let f = ident(&a.name);
        let t = attr_type(a);
        let mut text = a.doc.clone();
        if let Some(dv) = &a.default {
            text.push_str(&format!(" Default: `{}`.", dv.text));
        }
        if let Some(fv) = &a.fixed {
            text.push_str(&format!(" Fixed: `{}`.", fv.text));
        }
        let ad = doc(&text);
        decls.push(quote!(#ad pub #f: #t,));
        let (ns, local) = (&a.xml.0, &a.xml.1);
        // Attributes are read in the struct expression (their types
        // inferred from the fields).
        // An absent attribute has its schema default or fixed value; a
        // present one must have the fixed value.
        let decimal = crate::plan::is_big_number(&a.ty);
        let read = match (&a.fixed, &a.default, a.required) {
            (Some(fv), _, true) => {
                quote!(#p::read_attribute_fixed(node, #ns, #local, #fv, true, #decimal)?)
            }
            (Some(fv), _, false) => {
                quote!(::std::option::Option::Some(#p::read_attribute_fixed(node, #ns, #local, #fv, false, #decimal)?))
            }
            (None, _, true) => quote!(#p::required_attribute(node, #ns, #local)?),
            (None, Some(dv), false) => quote!(#p::read_attribute_or(node, #ns, #local, #dv)?),
            (None, None, false) => quote!(#p::read_attribute(node, #ns, #local)?),
        };
        inits.push(quote!(#f: #read,));
        let write = |v: TokenStream| match &a.fixed {
            Some(fv) => quote!(#p::write_attribute_fixed(w, #ns, #local, #v, #fv, #decimal);),
            None => quote!(#p::write_attribute(w, #ns, #local, #v);),
        };
        if a.required {
            write_attrs.push(write(quote!(&self.#f)));
        } else {
            let write = write(quote!(v));
            write_attrs.push(quote!(if let ::std::option::Option::Some(v) = &self.#f { #write }));
        }
    }
    if let Some((any, allowed)) = &s.any_attribute {
        let f = ident(any);
        decls.push(quote!(#[doc = " Attributes matched by `xs:anyAttribute`."] pub #f: ::std::vec::Vec<#p::AnyAttribute>,));
        let known = s.attributes.iter().map(|a| {
            let (n, l) = (&a.xml.0, &a.xml.1);
            quote!((#n, #l))
        });
        let others = quote!(#p::other_attributes(node, &[#(#known),*]));
        // Only attributes in the namespaces the wildcard allows.
        let read = match any_take_of(allowed, quote!(a.ns.as_str())) {
            AnyTake::All => others,
            AnyTake::Nothing => quote!(::std::vec::Vec::new()),
            AnyTake::If(test) => quote!(#others.into_iter().filter(|a| #test).collect()),
        };
        inits.push(quote!(#f: #read,));
        write_attrs.push(quote!(for a in &self.#f { w.attribute(&a.ns, &a.local, &a.value); }));
    }
    let content_type_field = s
        .attributes
        .iter()
        .find(|a| a.content_type)
        .map(|a| ident(&a.name));
    let (read_body, write_body, is_seq): (TokenStream, TokenStream, bool) = match &s.body {
        Body::Sequence(fields) => {
            let mut reads = Vec::new();
            // When every field is one expression, they are read in the struct
            // expression itself (evaluated in the order written).
            let exprs: Option<Vec<TokenStream>> = fields.iter().map(read_field_expr).collect();
            for (i, f) in fields.iter().enumerate() {
                let ft = field_type(f);
                let fd = doc(&f.doc);
                let fi = ident(&f.name);
                decls.push(quote!(#fd pub #fi: #ft,));
                match &exprs {
                    Some(e) => {
                        let e = &e[i];
                        inits.push(quote!(#fi: #e,));
                    }
                    None => {
                        let follow: Vec<Name> = fields[i + 1..]
                            .iter()
                            .flat_map(|g| first_names(&g.kind))
                            .collect();
                        reads.push(read_field(f, &follow));
                        let var = local(&f.name);
                        inits.push(quote!(#fi: #var,));
                    }
                }
            }
            let writes = fields.iter().map(write_field);
            (quote!(#(#reads)*), quote!(#(#writes)*), true)
        }
        Body::All(fields) => {
            let mut pre = Vec::new();
            let mut arms = Vec::new();
            let mut post = Vec::new();
            for f in fields {
                let ft = field_type(f);
                let fd = doc(&f.doc);
                let fi = ident(&f.name);
                decls.push(quote!(#fd pub #fi: #ft,));
                let var = local(&f.name);
                inits.push(quote!(#fi: #var,));
                let FieldKind::Element {
                    name: (ns, local),
                    value,
                    nillable,
                    default,
                    fixed,
                } = &f.kind
                else {
                    continue;
                };
                let read = read_value(value, *nillable, f.boxed, default.as_ref(), *fixed);
                match f.occurs {
                    Occurs::Many => {
                        pre.push(quote!(let mut #var = ::std::vec::Vec::new();));
                        arms.push(quote!(if n.is(#ns, #local) { __c.next_any(); #var.push(#read); continue; }));
                    }
                    _ => {
                        pre.push(quote!(let mut #var = ::std::option::Option::None;));
                        // Each member of an xs:all occurs at most once.
                        let twice = format!("element {{{ns}}}{local} occurs twice in an xs:all");
                        arms.push(quote!(if n.is(#ns, #local) {
                            if #var.is_some() { return ::std::result::Result::Err(#p::DeError::at(n, #twice)); }
                            __c.next_any(); #var = ::std::option::Option::Some(#read); continue;
                        }));
                        if f.occurs == Occurs::One {
                            let msg = format!("missing element {{{ns}}}{local}");
                            post.push(quote!(let #var = match #var { ::std::option::Option::Some(v) => v, ::std::option::Option::None => return ::std::result::Result::Err(#p::DeError::at(node, #msg)) };));
                        }
                    }
                }
            }
            let writes = fields.iter().map(write_field);
            (
                quote! {
                    #(#pre)*
                    while let ::std::option::Option::Some(n) = __c.peek() {
                        #(#arms)*
                        break;
                    }
                    #(#post)*
                },
                quote!(#(#writes)*),
                true,
            )
        }
        Body::SimpleContent(v) => {
            let vt = value_type(v);
            decls.push(quote!(#[doc = " The element's text content."] pub value: #vt,));
            inits.push(quote!(value,));
            let (read, write) = match v {
                ValueTy::Binary {
                    expected,
                    optimize: o,
                } => {
                    let exp = match expected {
                        Some(e) => quote!(::std::option::Option::Some(#e)),
                        None => quote!(::std::option::Option::None),
                    };
                    let o = optimize(*o);
                    let with_ct = match &content_type_field {
                        Some(ct) => quote! {
                            let mut b = self.value.clone();
                            if let ::std::option::Option::Some(ct) = &self.#ct { b = b.with_content_type(::std::string::String::from(ct.as_str())); }
                            w.binary(&b, #exp, #o)?;
                        },
                        None => quote!(w.binary(&self.value, #exp, #o)?;),
                    };
                    (quote!(let value = #p::read_binary(node, ctx)?;), with_ct)
                }
                _ => (
                    quote!(let value = #p::read_simple::<#vt>(node)?;),
                    quote! { let t = #p::XmlSimple::to_text(&self.value, w); w.text(&t); },
                ),
            };
            (read, write, false)
        }
        Body::Mixed => {
            decls.push(quote!(#[doc = " Text and elements in document order (`mixed=\"true\"`)."] pub content: ::std::vec::Vec<#p::MixedContent>,));
            inits.push(quote!(content,));
            (
                quote!(let content = #p::MixedContent::read_all(node);),
                quote!(#p::MixedContent::write_all(&self.content, w);),
                false,
            )
        }
    };
    let derive = quote!(#[derive(Debug, Clone, PartialEq)]);
    let def = quote! {
        #d
        #derive
        pub struct #name { #(#decls)* }
    };
    if let Some((names, wildcards)) = &s.group {
        // The names the group can start with (as planned: an element that
        // must occur ends the leading run) or an element a wildcard there
        // takes.
        let first = names_array(names);
        let mut tests = vec![quote!((#first as &[(&str, &str)]).iter().any(|(ns, l)| n.is(ns, l)))];
        tests.extend(wildcards.iter().map(|w| any_take(w).test()));
        let guard = unused_guard(&quote!(#read_body #(#inits)*), "ctx", false);
        return quote! {
            #def
            impl #name {
                #[doc(hidden)]
                pub fn __starts(n: #p::XmlNode<'_>) -> bool {
                    #(#tests)||*
                }
                #[doc(hidden)]
                pub fn __read_content(__c: &mut #p::Cursor<'_>, ctx: &#p::ReadCtx<'_>) -> ::std::result::Result<Self, #p::DeError> {
                    #guard
                    #read_body
                    ::std::result::Result::Ok(Self { #(#inits)* })
                }
                #[doc(hidden)]
                pub fn __write_content(&self, w: &mut #p::XmlWriter<'_>) -> #p::Result<()> {
                    #write_body
                    ::std::result::Result::Ok(())
                }
            }
        };
    }
    let cursor = if is_seq {
        quote! { let mut __c = node.cursor(); let __c = &mut __c; }
    } else {
        quote!()
    };
    let finish = if is_seq {
        quote!(__c.finish()?;)
    } else {
        quote!()
    };
    let w_guard = unused_guard(&write_body, "w", true);
    let ctx_guard = unused_guard(&quote!(#read_body #(#inits)*), "ctx", false);
    let xsi_type = match &s.xsd_type {
        Some((ns, local)) => quote!(#p::expect_xsi_type(node, #ns, #local)?;),
        None => quote!(),
    };
    // Without attributes the trait's default (write none) serves.
    let write_attributes = if write_attrs.is_empty() {
        quote!()
    } else {
        quote! {
            fn write_attributes(&self, w: &mut #p::XmlWriter<'_>) -> #p::Result<()> {
                #(#write_attrs)*
                ::std::result::Result::Ok(())
            }
        }
    };
    quote! {
        #def
        impl #p::XmlComplex for #name {
            #write_attributes
            fn write_children(&self, w: &mut #p::XmlWriter<'_>) -> #p::Result<()> {
                #w_guard
                #write_body
                ::std::result::Result::Ok(())
            }
            fn read(node: #p::XmlNode<'_>, ctx: &#p::ReadCtx<'_>) -> ::std::result::Result<Self, #p::DeError> {
                #ctx_guard
                #xsi_type
                #cursor
                #read_body
                let __v = Self { #(#inits)* };
                #finish
                ::std::result::Result::Ok(__v)
            }
        }
    }
}

// ---- choice enums --------------------------------------------------------------

fn choice(c: &ChoiceDef) -> TokenStream {
    let p = private();
    let name = ident(&c.name);
    let d = doc(&c.doc);
    let mut variants = Vec::new();
    let mut starts = Vec::new();
    let mut reads = Vec::new();
    let mut writes = Vec::new();
    for v in &c.variants {
        let vn = ident(&v.name);
        let (inner, vdoc) = match &v.kind {
            FieldKind::Element {
                value,
                nillable,
                name,
                ..
            } => (
                element_type(value, *nillable, v.boxed),
                format!("Element `{}`.", name.1),
            ),
            FieldKind::Choice { ty: t, .. } | FieldKind::Group { ty: t, .. } => {
                let t = ident(t);
                (
                    if v.boxed {
                        quote!(::std::boxed::Box<#t>)
                    } else {
                        quote!(#t)
                    },
                    "A group of elements.".to_string(),
                )
            }
            FieldKind::Any(_) => (
                quote!(#p::AnyElement),
                "An element matched by `xs:any`.".to_string(),
            ),
        };
        let inner = if v.many {
            quote!(::std::vec::Vec<#inner>)
        } else {
            inner
        };
        let vd = doc(&vdoc);
        variants.push(quote!(#vd #vn(#inner),));
        match &v.kind {
            FieldKind::Element {
                name: (ns, local),
                value,
                nillable,
                default,
                fixed,
            } => {
                starts.push(quote!(n.is(#ns, #local)));
                let read = read_value(value, *nillable, v.boxed, default.as_ref(), *fixed);
                if v.many {
                    reads.push(quote! {
                        if __c.peek_is(#ns, #local) {
                            let mut all = ::std::vec::Vec::new();
                            while let ::std::option::Option::Some(n) = __c.next_if(#ns, #local) { all.push(#read); }
                            return ::std::result::Result::Ok(Self::#vn(all));
                        }
                    });
                } else {
                    reads.push(quote! {
                        if let ::std::option::Option::Some(n) = __c.next_if(#ns, #local) {
                            return ::std::result::Result::Ok(Self::#vn(#read));
                        }
                    });
                }
                let w1 = write_value(
                    &(ns.clone(), local.clone()),
                    value,
                    *nillable,
                    v.boxed,
                    fixed_value(value, default.as_ref(), *fixed),
                );
                writes.push(if v.many {
                    quote!(Self::#vn(all) => { for v in all { #w1 } })
                } else {
                    quote!(Self::#vn(v) => { #w1 })
                });
            }
            FieldKind::Choice { ty: t, .. } | FieldKind::Group { ty: t, .. } => {
                let t = ident(t);
                starts.push(quote!(#t::__starts(n)));
                let one = if v.boxed {
                    quote!(::std::boxed::Box::new(#t::__read_content(__c, ctx)?))
                } else {
                    quote!(#t::__read_content(__c, ctx)?)
                };
                if v.many {
                    reads.push(quote! {
                        if __c.peek().is_some_and(#t::__starts) {
                            let mut all = ::std::vec::Vec::new();
                            while __c.peek().is_some_and(#t::__starts) {
                                let before = __c.position();
                                all.push(#one);
                                if __c.position() == before { break; }
                            }
                            return ::std::result::Result::Ok(Self::#vn(all));
                        }
                    });
                    writes.push(
                        quote!(Self::#vn(all) => { for v in all { v.__write_content(w)?; } }),
                    );
                } else {
                    reads.push(quote! {
                        if __c.peek().is_some_and(#t::__starts) {
                            return ::std::result::Result::Ok(Self::#vn(#one));
                        }
                    });
                    writes.push(quote!(Self::#vn(v) => { v.__write_content(w)?; }));
                }
            }
            FieldKind::Any(allowed) => {
                // The next element, when the wildcard takes it.
                let next = match any_take(allowed) {
                    // `namespace=""`: it takes none, so starts nothing.
                    AnyTake::Nothing => quote!(::std::option::Option::None::<#p::XmlNode<'_>>),
                    AnyTake::If(test) => {
                        starts.push(test.clone());
                        quote! {
                            match __c.peek() {
                                ::std::option::Option::Some(n) if #test => __c.next_any(),
                                _ => ::std::option::Option::None,
                            }
                        }
                    }
                    AnyTake::All => {
                        starts.push(quote!(true));
                        quote!(__c.next_any())
                    }
                };
                if v.many {
                    // A repeated wildcard alternative takes every element
                    // left that it allows: nothing after it could be told
                    // apart.
                    reads.push(quote! {
                        if let ::std::option::Option::Some(n) = #next {
                            let mut all = ::std::vec![#p::read_any(n)];
                            while let ::std::option::Option::Some(n) = #next { all.push(#p::read_any(n)); }
                            return ::std::result::Result::Ok(Self::#vn(all));
                        }
                    });
                    writes.push(quote!(Self::#vn(all) => { for v in all { v.write(w); } }));
                } else {
                    reads.push(quote! {
                        if let ::std::option::Option::Some(n) = #next {
                            return ::std::result::Result::Ok(Self::#vn(#p::read_any(n)));
                        }
                    });
                    writes.push(quote!(Self::#vn(v) => { v.write(w); }));
                }
            }
        }
    }
    let msg = format!("no alternative of {} matches", c.name);
    // Without variants the match diverges: nothing may follow it.
    let matched = match_self(&writes);
    let write_content = if writes.is_empty() {
        matched
    } else {
        quote!(#matched ::std::result::Result::Ok(()))
    };
    let starts = if starts.is_empty() {
        vec![quote!(false)]
    } else {
        starts
    };
    quote! {
        #d
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name { #(#variants)* }
        impl #name {
            #[doc(hidden)]
            pub fn __starts(n: #p::XmlNode<'_>) -> bool {
                let _ = n;
                #(#starts)||*
            }
            #[doc(hidden)]
            pub fn __read_content(__c: &mut #p::Cursor<'_>, ctx: &#p::ReadCtx<'_>) -> ::std::result::Result<Self, #p::DeError> {
                let _ = ctx;
                #(#reads)*
                ::std::result::Result::Err(match __c.peek() {
                    ::std::option::Option::Some(n) => #p::DeError::at(n, #msg),
                    ::std::option::Option::None => #p::DeError { path: ::std::string::String::from("?"), message: ::std::string::String::from(#msg) },
                })
            }
            #[doc(hidden)]
            pub fn __write_content(&self, w: &mut #p::XmlWriter<'_>) -> #p::Result<()> {
                #write_content
            }
        }
    }
}

// ---- simple types -------------------------------------------------------------

fn enumeration(e: &EnumDef) -> TokenStream {
    if let Some(names) = &e.names {
        return qname_enumeration(e, names);
    }
    let p = private();
    let name = ident(&e.name);
    let d = doc(&e.doc);
    let variants = e.values.iter().map(|(v, lex)| {
        let vn = ident(v);
        let vd = format!(" `{lex}`");
        quote!(#[doc = #vd] #vn,)
    });
    let values = e.values.iter().map(|(v, lex)| {
        let vn = ident(v);
        quote!((Self::#vn, #lex),)
    });
    let msg = format!("is not a value of {}", e.name);
    // A table rather than two matches: a few tokens per value (EWS has
    // thousands), looked up by discriminant one way and by text the other.
    quote! {
        #d
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name { #(#variants)* }
        impl #name {
            /// Every value, in schema order, with its XML form.
            pub const ALL_VALUES: &'static [(Self, &'static str)] = &[#(#values)*];
            /// The value as written in XML.
            pub fn as_str(&self) -> &'static str {
                Self::ALL_VALUES.get(*self as usize).map_or("", |v| v.1)
            }
        }
        impl #p::XmlSimple for #name {
            fn to_text(&self, _w: &mut #p::XmlWriter<'_>) -> ::std::string::String {
                ::std::string::String::from(self.as_str())
            }
            fn from_text(text: &str, _node: #p::XmlNode<'_>) -> ::std::result::Result<Self, ::std::string::String> {
                let text = #p::trim_xml(text);
                Self::ALL_VALUES.iter().find(|v| v.1 == text).map(|v| v.0).ok_or_else(|| ::std::format!("{:?} {}", text, #msg))
            }
        }
    }
}

/// An enumeration of QNames: its values are (namespace, local name) pairs,
/// written with a prefix the writer declares and read by what an
/// instance's prefix stands for.
fn qname_enumeration(e: &EnumDef, names: &[Name]) -> TokenStream {
    let p = private();
    let name = ident(&e.name);
    let d = doc(&e.doc);
    let variants = e.values.iter().zip(names).map(|((v, lex), (ns, local))| {
        let vn = ident(v);
        let vd = format!(" `{{{ns}}}{local}` (`{lex}` in the schema)");
        quote!(#[doc = #vd] #vn,)
    });
    let values = e.values.iter().zip(names).map(|((v, _), (ns, local))| {
        let vn = ident(v);
        quote!((Self::#vn, #ns, #local),)
    });
    let msg = format!("is not a value of {}", e.name);
    quote! {
        #d
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name { #(#variants)* }
        impl #name {
            /// Every value, in schema order, with its namespace URI and local name.
            pub const ALL_VALUES: &'static [(Self, &'static str, &'static str)] = &[#(#values)*];
            /// The value's namespace URI and local name.
            pub fn qname(&self) -> (&'static str, &'static str) {
                Self::ALL_VALUES.get(*self as usize).map_or(("", ""), |v| (v.1, v.2))
            }
        }
        impl #p::XmlSimple for #name {
            fn to_text(&self, w: &mut #p::XmlWriter<'_>) -> ::std::string::String {
                let (ns, local) = self.qname();
                #p::qname_text(w, ns, local)
            }
            fn from_text(text: &str, node: #p::XmlNode<'_>) -> ::std::result::Result<Self, ::std::string::String> {
                let (ns, local) = #p::resolve_qname_text(text, node)?;
                Self::ALL_VALUES.iter().find(|v| v.1 == ns && v.2 == local).map(|v| v.0).ok_or_else(|| ::std::format!("{{{}}}{} {}", ns, local, #msg))
            }
        }
    }
}

fn newtype(n: &NewtypeDef) -> TokenStream {
    let p = private();
    let name = ident(&n.name);
    let inner = ty(&n.inner);
    let mut text = n.doc.clone();
    for pat in &n.facets.patterns {
        text.push_str(&format!("\n\nPattern `{pat}` (documented, not checked)."));
    }
    let d = doc(&text);
    let f = &n.facets;
    let mut checks = Vec::new();
    let len_expr = if n.list {
        Some(quote!(value.len()))
    } else if n.inner == "::std::string::String" || n.inner == SHARED_STR {
        Some(quote!(value.chars().count()))
    } else if n.inner == "::soapstone::__private::HexBinary" {
        Some(quote!(value.0.len()))
    } else {
        // A restriction of another generated type: that type checks its
        // own facets; these are documented only.
        None
    };
    if let Some(len) = &len_expr {
        let mut length_checks = Vec::new();
        for (facet, op, label) in [
            (&f.length, quote!(!=), "length"),
            (&f.min_length, quote!(<), "minLength"),
            (&f.max_length, quote!(>), "maxLength"),
        ] {
            if let Some(v) = facet.as_ref().and_then(|v| v.trim().parse::<usize>().ok()) {
                let msg = format!("{label} {v}");
                length_checks.push(quote! {
                    if __len #op #v { return ::std::result::Result::Err(::std::format!("length {} breaks {}", __len, #msg)); }
                });
            }
        }
        // The length is measured once (counting characters walks the string).
        if !length_checks.is_empty() {
            checks.push(quote! {
                let __len = #len;
                #(#length_checks)*
            });
        }
    }
    if n.numeric {
        let is_decimal = crate::plan::is_big_number(&n.inner);
        // Decimals compare exactly, at any number of digits.
        let as_num = if is_decimal {
            quote!(#p::DecimalValue::parse(value.as_str()))
        } else {
            quote!(::std::option::Option::Some(value))
        };
        let parse_lit = |lit: &str| {
            if is_decimal {
                quote!(#p::DecimalValue::parse(#lit))
            } else {
                quote!(#lit.parse::<#inner>().ok())
            }
        };
        for (facet, op, label) in [
            (&f.min_inclusive, quote!(<), "minInclusive"),
            (&f.max_inclusive, quote!(>), "maxInclusive"),
            (&f.min_exclusive, quote!(<=), "minExclusive"),
            (&f.max_exclusive, quote!(>=), "maxExclusive"),
        ] {
            if let Some(v) = facet {
                let lit = parse_lit(v.trim());
                let msg = format!("{label} {}", v.trim());
                checks.push(quote! {
                    if let (::std::option::Option::Some(x), ::std::option::Option::Some(bound)) = (#as_num, #lit) {
                        if x #op bound { return ::std::result::Result::Err(::std::format!("value breaks {}", #msg)); }
                    }
                });
            }
        }
        if is_decimal {
            if let Some(v) = f
                .total_digits
                .as_ref()
                .and_then(|v| v.trim().parse::<usize>().ok())
            {
                checks.push(quote!(if value.digits().0 > #v { return ::std::result::Result::Err(::std::format!("more than {} digits", #v)); }));
            }
            if let Some(v) = f
                .fraction_digits
                .as_ref()
                .and_then(|v| v.trim().parse::<usize>().ok())
            {
                checks.push(quote!(if value.digits().1 > #v { return ::std::result::Result::Err(::std::format!("more than {} fraction digits", #v)); }));
            }
        }
    }
    quote! {
        #d
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name(#inner);
        impl #name {
            /// Checks the facets and wraps the value.
            pub fn new(value: #inner) -> ::std::result::Result<Self, ::std::string::String> {
                #(#checks)*
                ::std::result::Result::Ok(Self(value))
            }
            /// The value.
            pub fn get(&self) -> &#inner {
                &self.0
            }
            /// The value, unwrapped.
            pub fn into_inner(self) -> #inner {
                self.0
            }
        }
        impl #p::XmlSimple for #name {
            fn to_text(&self, w: &mut #p::XmlWriter<'_>) -> ::std::string::String {
                #p::XmlSimple::to_text(&self.0, w)
            }
            fn from_text(text: &str, node: #p::XmlNode<'_>) -> ::std::result::Result<Self, ::std::string::String> {
                <#inner as #p::XmlSimple>::from_text(text, node).and_then(Self::new)
            }
        }
    }
}

fn union(u: &UnionDef) -> TokenStream {
    let p = private();
    let name = ident(&u.name);
    let d = doc(&u.doc);
    let variants = u.members.iter().map(|(v, t)| {
        let vn = ident(v);
        let t = ty(t);
        quote!(#[doc = " A member type's value."] #vn(#t),)
    });
    let to: Vec<TokenStream> = u
        .members
        .iter()
        .map(|(v, _)| {
            let vn = ident(v);
            quote!(Self::#vn(v) => #p::XmlSimple::to_text(v, w),)
        })
        .collect();
    let to = match_self(&to);
    let from = u.members.iter().map(|(v, t)| {
        let vn = ident(v);
        let t = ty(t);
        quote!(if let ::std::result::Result::Ok(v) = <#t as #p::XmlSimple>::from_text(text, node) { return ::std::result::Result::Ok(Self::#vn(v)); })
    });
    quote! {
        #d
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name { #(#variants)* }
        impl #p::XmlSimple for #name {
            fn to_text(&self, w: &mut #p::XmlWriter<'_>) -> ::std::string::String {
                #to
            }
            fn from_text(text: &str, node: #p::XmlNode<'_>) -> ::std::result::Result<Self, ::std::string::String> {
                #(#from)*
                ::std::result::Result::Err(::std::format!("{:?} matches no member type", text))
            }
        }
    }
}

// ---- element names and operations ------------------------------------------------

fn elements(plan: &Plan) -> TokenStream {
    if plan.elements.is_empty() {
        return quote!();
    }
    let consts = plan.elements.iter().map(|e| {
        let c = ident(&e.name);
        let (ns, local) = (&e.ns, &e.local);
        let text = match &e.ty {
            Some(t) => format!(
                " Element `{{{ns}}}{local}`, content type `{}`.",
                t.trim_start_matches("::soapstone::__private::")
            ),
            None => format!(" Element `{{{ns}}}{local}`."),
        };
        quote!(#[doc = #text] pub const #c: (&str, &str) = (#ns, #local);)
    });
    quote! {
        /// Names of the global elements: `(namespace, local name)`.
        pub mod elements {
            #(#consts)*
        }
    }
}

/// `FaultDetail` for every operation's fault enum: the detail's content
/// read and written as the enum's alternatives.
fn fault_details(plan: &Plan) -> TokenStream {
    let p = private();
    let mut names: Vec<&str> = plan
        .bindings
        .iter()
        .flat_map(|b| b.operations.iter())
        .filter_map(|o| o.fault.as_deref())
        .collect();
    names.sort_unstable();
    names.dedup();
    let impls = names.iter().map(|n| {
        let t = ident(n);
        quote! {
            impl #p::FaultDetail for #t {
                fn from_detail(detail: #p::XmlNode<'_>, ctx: &#p::ReadCtx<'_>) -> ::std::option::Option<Self> {
                    Self::__read_content(&mut detail.cursor(), ctx).ok()
                }
                fn write_detail(&self, w: &mut #p::XmlWriter<'_>) -> #p::Result<()> {
                    self.__write_content(w)
                }
            }
        }
    });
    quote!(#(#impls)*)
}

/// Rust type of an operation's input, output or fault, seen from the binding module.
fn op_type(x: Option<&str>) -> Option<TokenStream> {
    x.map(|t| ty(&qualify(t)))
}

/// The client struct of a binding: one async method per operation.
fn client(b: &BindingPlan) -> TokenStream {
    let p = private();
    let Some(first) = b.operations.first() else {
        return quote!();
    };
    let first = ident(&first.const_name);
    let methods = b.operations.iter().filter_map(|o| {
        let input = op_type(o.input.as_ref().map(|x| x.1.as_str()))?;
        let fault = op_type(o.fault.as_deref()).unwrap_or(quote!(()));
        if o.input_parts.is_some() || o.output_parts.is_some() {
            return Some(client_method_with_parts(o, input, fault));
        }
        let m = ident(&o.method);
        let c = ident(&o.const_name);
        let d = doc(&format!(
            "Operation `{}`: sends `request`, returns the response body or the error, a typed fault detail included.",
            o.name
        ));
        Some(match op_type(o.output.as_ref().map(|x| x.1.as_str())) {
            Some(output) => quote! {
                #d
                pub async fn #m(&self, request: &#input) -> ::std::result::Result<#output, #p::CallError<#fault>> {
                    self.inner.invoke(&#c, request).await
                }
            },
            None => quote! {
                #d
                pub async fn #m(&self, request: &#input) -> ::std::result::Result<(), #p::CallError<#fault>> {
                    self.inner.invoke_one_way(&#c, request).await
                }
            },
        })
    });
    let for_port = if b.inline_ports.is_empty() {
        quote! {
            /// A client for the address the WSDL gives port `port` (see [`PORTS`]).
            pub fn for_port(port: &str) -> ::std::option::Option<Self> {
                PORTS.iter().find(|(p, a)| *p == port && !a.is_empty()).map(|(_, a)| Self::new(*a))
            }
        }
    } else {
        quote! {
            /// A client for the address the WSDL gives port `port` (see [`PORTS`]),
            /// sending inline when the port's own MTOM policy asks for none (see
            /// [`PORTS_WITHOUT_MTOM`]).
            pub fn for_port(port: &str) -> ::std::option::Option<Self> {
                let (name, address) = PORTS.iter().find(|(p, a)| *p == port && !a.is_empty())?;
                let client = Self::new(*address);
                ::std::option::Option::Some(if PORTS_WITHOUT_MTOM.contains(name) {
                    client.configure(|c| c.encoding(#p::Encoding::Inline))
                } else {
                    client
                })
            }
        }
    };
    let sd = doc(&format!(
        "A client of binding `{}` (runtime feature `client`): SOAP version and MTOM use as the binding says.",
        b.name
    ));
    quote! {
        #sd
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: #p::HttpClient,
        }
        impl Client {
            /// A client sending to `endpoint` with the binding's SOAP version and MTOM setting.
            pub fn new(endpoint: impl ::std::convert::Into<::std::string::String>) -> Self {
                Client { inner: #p::HttpClient::new(endpoint, #first.version()).encoding(#first.encoding()) }
            }
            #for_port
            /// A client over a configured HTTP client (timeouts, headers, limits, MTOM);
            /// its SOAP version is set to the binding's.
            pub fn with_client(inner: #p::HttpClient) -> Self {
                Client { inner: inner.soap_version(#first.version()) }
            }
            /// Changes the HTTP client's settings: `client.configure(|c| c.timeout(t))`.
            pub fn configure(self, f: impl ::std::ops::FnOnce(#p::HttpClient) -> #p::HttpClient) -> Self {
                Client { inner: f(self.inner) }
            }
            /// The HTTP client, e.g. for `invoke_with` (attachments from a store).
            pub fn inner(&self) -> &#p::HttpClient {
                &self.inner
            }
            #(#methods)*
        }
    }
}

/// The struct holding an operation's MIME parts (WSDL MIME binding, SwA):
/// a `Binary` per `mime:content` part, the element's type per `mime:mimeXml`
/// part of an element.
fn parts_struct(o: &OperationPlan, parts: &PartsPlan, direction: &str) -> TokenStream {
    let p = private();
    let t = ident(&parts.type_name);
    let fields = parts.parts.iter().map(|part| {
        let f = ident(&part.field);
        let mut text = format!(" Part `{}`", part.part);
        match &part.xml {
            Some(((ns, local), _)) => {
                text.push_str(&format!(": the XML document of element `{{{ns}}}{local}`"))
            }
            None if !part.allowed.is_empty() => {
                text.push_str(&format!(" ({})", part.allowed.join(" or ")))
            }
            None => {}
        }
        text.push_str(&format!(
            ", its own MIME part, Content-ID `<{}=...>`.",
            part.part
        ));
        if part.optional {
            text.push_str(" One of alternatives: present when it is the one sent.");
        }
        let t = match &part.xml {
            Some((_, t)) => ty(&qualify(t)),
            None if part.optional => quote!(::std::option::Option<#p::Binary>),
            None => quote!(#p::Binary),
        };
        quote!(#[doc = #text] pub #f: #t,)
    });
    let d = doc(&format!(
        "The MIME parts beside the SOAP envelope in the {direction} of `{}` (WSDL MIME binding: SOAP with Attachments).",
        o.name
    ));
    quote! {
        #d
        #[derive(Debug, Clone)]
        pub struct #t { #(#fields)* }
    }
}

/// The input parts a client sends: statements writing each XML part as a
/// document (`__part_{field}`), and the `(part name, media type, &value)`
/// list of every part.
fn client_sent_parts(parts: &[MimePartPlan]) -> (TokenStream, TokenStream) {
    let p = private();
    let mut prep = Vec::new();
    // Each part as `(name, media type, &value)`, and whether it is one of
    // alternatives (sent only when present).
    let mut items = Vec::new();
    for part in parts {
        let (name, media_type, f) = (&part.part, &part.content_type, ident(&part.field));
        let value = match &part.xml {
            Some(((ns, local), _)) => {
                let tmp = format_ident!("__part_{}", part.field.trim_start_matches("r#"));
                prep.push(quote! {
                    let #tmp = #p::xml_part(&parts.#f, #ns, #local).map_err(#p::CallError::Request)?;
                });
                quote!(&#tmp)
            }
            None if part.optional => quote!(v),
            None => quote!(&parts.#f),
        };
        items.push((
            quote!((#name, #media_type, #value)),
            part.optional.then_some(f),
        ));
    }
    if items.iter().all(|(_, optional)| optional.is_none()) {
        let items = items.iter().map(|(item, _)| item);
        return (quote!(#(#prep)*), quote!(&[#(#items),*]));
    }
    // With alternatives, a list built in binding order (the XML parts'
    // documents, made above, outlive it).
    let pushes = items.iter().map(|(item, optional)| match optional {
        Some(f) => quote! {
            if let ::std::option::Option::Some(v) = &parts.#f { __parts.push(#item); }
        },
        None => quote!(__parts.push(#item);),
    });
    prep.push(quote! {
        let mut __parts = ::std::vec::Vec::new();
        #(#pushes)*
    });
    (quote!(#(#prep)*), quote!(&__parts))
}

/// A parts struct filled from a received message: `take` gives the
/// expression (with its `?`) reading one part.
fn read_parts(parts: &PartsPlan, take: impl Fn(&MimePartPlan) -> TokenStream) -> TokenStream {
    let t = ident(&parts.type_name);
    let fields = parts.parts.iter().map(|part| {
        let f = ident(&part.field);
        let read = take(part);
        quote!(#f: #read,)
    });
    quote!(#t { #(#fields)* })
}

/// A client method of an operation whose binding sends MIME parts beside
/// the envelope: the input parts as a second argument, the output parts
/// returned beside the response body.
fn client_method_with_parts(
    o: &OperationPlan,
    input: TokenStream,
    fault: TokenStream,
) -> TokenStream {
    let p = private();
    let (m, c) = (ident(&o.method), ident(&o.const_name));
    let (arg, prep, sent) = match &o.input_parts {
        None => (quote!(), quote!(), quote!(&[])),
        Some(parts) => {
            let (prep, sent) = client_sent_parts(&parts.parts);
            let t = ident(&parts.type_name);
            (quote!(parts: &#t,), prep, sent)
        }
    };
    let d = doc(&format!(
        "Operation `{}`: sends `request`{} as SOAP with Attachments, returns the response body{} or the error, a typed fault detail included.",
        o.name,
        if o.input_parts.is_none() { "" } else { " and its MIME `parts`" },
        if o.output_parts.is_none() { "" } else { " and its MIME parts" },
    ));
    let output = op_type(o.output.as_ref().map(|x| x.1.as_str()));
    match (output, &o.output_parts) {
        (None, _) => quote! {
            #d
            pub async fn #m(&self, request: &#input, #arg) -> ::std::result::Result<(), #p::CallError<#fault>> {
                #prep
                self.inner.invoke_one_way_parts(&#c, request, #sent).await
            }
        },
        (Some(output), None) => quote! {
            #d
            pub async fn #m(&self, request: &#input, #arg) -> ::std::result::Result<#output, #p::CallError<#fault>> {
                #prep
                self.inner.invoke_parts(&#c, request, #sent, &[]).await.map(|(value, _)| value)
            }
        },
        (Some(output), Some(parts)) => {
            let out_t = ident(&parts.type_name);
            let received = read_parts(parts, |part| {
                let name = &part.part;
                match &part.xml {
                    Some(((ns, local), _)) => {
                        quote!(self.inner.response_xml_part(&message, #name, #ns, #local)?)
                    }
                    None if part.optional => {
                        quote!(#p::optional_response_part(&message, #name)?)
                    }
                    None => quote!(#p::response_part(&message, #name)?),
                }
            });
            quote! {
                #d
                pub async fn #m(&self, request: &#input, #arg) -> ::std::result::Result<(#output, #out_t), #p::CallError<#fault>> {
                    #prep
                    let (value, message) = self.inner.invoke_parts(&#c, request, #sent, &[]).await?;
                    ::std::result::Result::Ok((value, #received))
                }
            }
        }
    }
}

/// The server trait of a binding and the functions turning an implementation
/// into an endpoint.
fn server(b: &BindingPlan) -> TokenStream {
    let p = private();
    let mut sigs = Vec::new();
    let mut regs = Vec::new();
    for o in &b.operations {
        let Some(input) = op_type(o.input.as_ref().map(|x| x.1.as_str())) else {
            continue;
        };
        let Some(((ins, inl), _)) = &o.input else {
            continue;
        };
        let m = ident(&o.method);
        let output = op_type(o.output.as_ref().map(|x| x.1.as_str()));
        let d = doc(&format!(
            "Operation `{}`. A fault (e.g. a typed detail's `into_fault`) is answered with HTTP 500 (400 for a SOAP 1.2 Sender fault).",
            o.name
        ));
        let mut out_ty = output.clone().unwrap_or(quote!(()));
        // Parts (SwA): the input's as an argument, the output's returned
        // beside the body and attached to the response.
        let (arg, pass, take) = if let Some(parts) = &o.input_parts {
            let in_t = ident(&parts.type_name);
            let read = read_parts(parts, |part| {
                let name = &part.part;
                match &part.xml {
                    Some(((ns, local), _)) => quote!(ctx.xml_part(#name, #ns, #local)?),
                    None if part.optional => quote!(ctx.optional_part(#name)?),
                    None => quote!(ctx.part(#name)?),
                }
            });
            (
                quote!(parts: #in_t,),
                quote!(parts,),
                quote!(let parts = #read;),
            )
        } else {
            (quote!(), quote!(), quote!())
        };
        let mut answer = quote!(<S as Service>::#m(&imp, request, #pass ctx).await);
        if let (Some(_), Some(parts)) = (&output, &o.output_parts) {
            let out_t = ident(&parts.type_name);
            out_ty = quote!((#out_ty, #out_t));
            let attach = parts.parts.iter().map(|part| {
                let (name, media_type, f) = (&part.part, &part.content_type, ident(&part.field));
                match &part.xml {
                    Some(((ns, local), _)) => {
                        quote!(ctx.attach_xml_part(#name, &parts.#f, #ns, #local)?;)
                    }
                    None if part.optional => quote! {
                        if let ::std::option::Option::Some(v) = parts.#f { ctx.attach_part(#name, #media_type, v); }
                    },
                    None => quote!(ctx.attach_part(#name, #media_type, parts.#f);),
                }
            });
            answer = quote! {
                let (value, parts) = <S as Service>::#m(&imp, request, #pass ctx.clone()).await?;
                #(#attach)*
                ::std::result::Result::Ok(value)
            };
        }
        sigs.push(quote! {
            #d
            fn #m(&self, request: #input, #arg ctx: #p::RequestCtx)
                -> impl ::std::future::Future<Output = ::std::result::Result<#out_ty, #p::Fault>> + ::std::marker::Send;
        });
        let call = quote! {
            {
                let imp = imp.clone();
                move |request: #input, ctx: #p::RequestCtx| {
                    let imp = imp.clone();
                    async move { #take #answer }
                }
            }
        };
        let c = ident(&o.const_name);
        regs.push(match &o.output {
            Some(((ons, onl), _)) => {
                quote!(.operation_with_action(#c.action, (#ins, #inl), (#ons, #onl), #call))
            }
            None => quote!(.one_way_operation_with_action(#c.action, (#ins, #inl), #call)),
        });
        if !o.input_headers.is_empty() {
            regs.push(quote!(.understood_headers(#c.input_headers)));
        }
    }
    if sigs.is_empty() {
        return quote!();
    }
    let threshold = b.operations.first().map_or(0, |o| o.threshold);
    let td = doc(&format!(
        "The operations of binding `{}`, for a server to implement (runtime feature `server`).",
        b.name
    ));
    let mut service_doc =
        vec![" The endpoint serving `implementation`: responses use MTOM when the"];
    if b.operations.iter().any(|o| o.output_parts.is_some()) {
        service_doc.extend([
            " request did (those of operations whose binding puts MIME parts beside",
            " the envelope are SwA); set MTOM, limits, the attachment store or the",
            " WSDL on it, then `.router(path)`.",
        ]);
    } else {
        service_doc.extend([
            " request did; set MTOM, limits, the attachment store or the WSDL on it,",
            " then `.router(path)`.",
        ]);
    }
    quote! {
        #td
        pub trait Service: ::std::marker::Send + ::std::marker::Sync + 'static {
            #(#sigs)*
        }
        #(#[doc = #service_doc])*
        pub fn service<S: Service>(implementation: S) -> #p::HttpService {
            let imp = ::std::sync::Arc::new(implementation);
            #p::HttpService::new()
                .response_mtom(#p::ResponseMtom::Mirror { threshold: #threshold })
                #(#regs)*
        }
        /// An axum router serving `implementation` at `path` with the default endpoint settings.
        pub fn router<S: Service>(implementation: S, path: &str) -> #p::Router {
            service(implementation).router(path)
        }
    }
}

fn binding(b: &BindingPlan, with_client: bool, with_server: bool) -> TokenStream {
    let p = private();
    let m = ident(&b.module);
    let text = format!(" Operations of binding `{}`.", b.name);
    let ops = b.operations.iter().map(|o| {
        let c = ident(&o.const_name);
        let (name, version, action, style, mtom) = (&o.name, o.soap_version, &o.action, o.style, o.mtom);
        let io = |x: &Option<(Name, String)>| match x {
            Some(((ns, l), _)) => quote!(::std::option::Option::Some((#ns, #l))),
            None => quote!(::std::option::Option::None),
        };
        let (input, output) = (io(&o.input), io(&o.output));
        let (use_mtom, threshold) = (o.use_mtom, o.threshold);
        let headers = o.input_headers.iter().map(|(n, l)| quote!((#n, #l)));
        let out_headers = o.output_headers.iter().map(|(n, l)| quote!((#n, #l)));
        let bins = o.binaries.iter().map(|bf| {
            let mut line = bf.body_path.clone().or_else(|| bf.mime_part.as_ref().map(|m| format!("part:{m}"))).unwrap_or_default();
            let ranges: Vec<String> = bf.expected_content_types.iter().map(|r| r.split_whitespace().collect()).filter(|r: &String| !r.is_empty()).collect();
            if !ranges.is_empty() {
                line.push_str(" expected=");
                line.push_str(&ranges.join(","));
            }
            if bf.content_type_attribute {
                line.push_str(" contentType");
            }
            line
        });
        let bc = ident(&o.binaries_const);
        let od = format!(" Operation `{name}`.");
        let bd = format!(" Binary fields of `{name}`: body path, expected content types, `xmime:contentType` attribute.");
        let mut aliases = Vec::new();
        for ((suffix, x), alias) in [("input", &o.input), ("output", &o.output)].into_iter().zip(&o.aliases) {
            if let Some((_, t)) = x {
                let a = ident(alias);
                let t = ty(&qualify(t));
                let ad = format!(" The {suffix} body of `{name}`.");
                aliases.push(quote!(#[doc = #ad] pub type #a = #t;));
            }
        }
        if let Some(f) = &o.fault {
            let alias = &o.aliases[2];
            let t = ty(&qualify(f));
            if alias != f {
                let a = ident(alias);
                aliases.push(quote!(#[doc = " The faults of this operation."] pub type #a = #t;));
            }
        }
        for (parts, direction) in [(&o.input_parts, "request"), (&o.output_parts, "response")] {
            if let Some(parts) = parts {
                aliases.push(parts_struct(o, parts, direction));
            }
        }
        quote! {
            #[doc = #od]
            pub const #c: #p::OperationInfo = #p::OperationInfo {
                name: #name, soap_version: #version, action: #action, style: #style, mtom: #mtom,
                use_mtom: #use_mtom, threshold: #threshold, input_headers: &[#(#headers),*],
                output_headers: &[#(#out_headers),*], input: #input, output: #output,
            };
            #[doc = #bd]
            pub const #bc: #p::BinaryFields = #p::BinaryFields(&[#(#bins),*]);
            #(#aliases)*
        }
    });
    let ports = b.ports.iter().map(|(n, a)| quote!((#n, #a)));
    let ports_doc = format!(
        " The `wsdl:port`s of binding `{}`: port name and `soap:address` location.",
        b.name.local
    );
    let inline_ports = if b.inline_ports.is_empty() {
        quote!()
    } else {
        let names = &b.inline_ports;
        quote! {
            /// Ports of this binding whose own MTOM policy asks for none, though
            /// another port's does (the operation constants take the strongest):
            /// `Client::for_port` sends inline to them.
            pub const PORTS_WITHOUT_MTOM: &[&str] = &[#(#names),*];
        }
    };
    let client = if with_client { client(b) } else { quote!() };
    let server = if with_server { server(b) } else { quote!() };
    quote! {
        #[doc = #text]
        pub mod #m {
            #[doc = #ports_doc]
            pub const PORTS: &[(&str, &str)] = &[#(#ports),*];
            #inline_ports
            #(#ops)*
            #client
            #server
        }
    }
}

/// A type path as seen from a nested module.
fn qualify(t: &str) -> String {
    // A runtime wrapper around a type: qualify the argument.
    if let Some((outer, inner)) = t.strip_suffix('>').and_then(|t| t.split_once('<')) {
        return format!("{outer}<{}>", qualify(inner));
    }
    if t.starts_with("::")
        || matches!(
            t,
            "bool"
                | "i8"
                | "i16"
                | "i32"
                | "i64"
                | "u8"
                | "u16"
                | "u32"
                | "u64"
                | "f32"
                | "f64"
                | EMPTY_BODY_TYPE
        )
    {
        t.to_string()
    } else {
        format!("super::{t}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Formatting in chunks on several threads gives the bytes formatting
    /// the whole file at once gives, runtime path rewrite included.
    #[test]
    fn parallel_formatting_is_byte_identical() -> Result<(), Box<dyn std::error::Error>> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../wsdl-samples");
        for rel in [
            "star-process-message/ProcessMessage.wsdl",
            "mtom-policy/PolicyService.wsdl",
            "features/derivation.xsd",
        ] {
            let mut settings = crate::Settings::new(dir.join(rel));
            settings.client = true;
            settings.server = true;
            let a = crate::analyze(&settings);
            let (plan, _) = crate::plan::plan(&a.model, &a.binaries, &settings);
            let whole = format(emit(&plan))?;
            assert!(whole.contains("pub struct"), "{rel}");
            assert_eq!(emit_formatted_from(&plan, None, 0, 3)?, whole, "{rel}");
            let path = crate::runtime_path::parse("::sdk::rt")?;
            let rewritten = format(crate::runtime_path::rewrite(emit(&plan), &path))?;
            assert!(rewritten.contains("::sdk::rt::__private"));
            assert_eq!(
                emit_formatted_from(&plan, Some("::sdk::rt"), 0, 3)?,
                rewritten,
                "{rel}"
            );
        }
        Ok(())
    }
}
