//! The path generated code reaches the runtime crate by
//! ([`Settings::runtime_path`](crate::Settings::runtime_path)).
//!
//! `emit` always writes `::soapstone::...`; when another path is set (the
//! runtime renamed in `Cargo.toml`, or re-exported by an SDK crate), this pass
//! swaps the leading `::soapstone` of every such path for it. Working on tokens,
//! not text, means doc comments and string literals that mention soapstone are
//! left alone, and emit keeps a single spelling of the runtime.

use proc_macro2::{Group, TokenStream, TokenTree};
use quote::ToTokens as _;

/// Parses a runtime path setting such as `::soapstone` or `my_sdk::soapstone`.
///
/// # Errors
/// A message saying why when the text is not a plain Rust path (no generic
/// arguments).
pub fn parse(path: &str) -> Result<TokenStream, String> {
    let parsed: syn::Path = syn::parse_str(path)
        .map_err(|e| format!("runtime path `{path}` is not a Rust path: {e}"))?;
    if parsed.segments.iter().any(|s| !s.arguments.is_none()) {
        return Err(format!(
            "runtime path `{path}` has generic arguments; name a crate or module"
        ));
    }
    Ok(parsed.to_token_stream())
}

/// Replaces the leading `::soapstone` of every path in `tokens` by `path`.
pub fn rewrite(tokens: TokenStream, path: &TokenStream) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out: Vec<TokenTree> = Vec::with_capacity(trees.len());
    let mut i = 0;
    while i < trees.len() {
        if starts_runtime_path(&trees, i) {
            out.extend(path.clone());
            // `::` `soapstone`; the `::` after it stays.
            i += 3;
            continue;
        }
        match &trees[i] {
            TokenTree::Group(g) => {
                let mut inner = Group::new(g.delimiter(), rewrite(g.stream(), path));
                inner.set_span(g.span());
                out.push(inner.into());
            }
            t => out.push(t.clone()),
        }
        i += 1;
    }
    out.into_iter().collect()
}

fn is_punct(t: Option<&TokenTree>, c: char) -> bool {
    matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == c)
}

/// True at `::soapstone::` when it begins a path (`a::soapstone::` is some
/// other item that happens to share the name).
fn starts_runtime_path(trees: &[TokenTree], i: usize) -> bool {
    let is_prefix = is_punct(trees.get(i), ':')
        && is_punct(trees.get(i + 1), ':')
        && matches!(trees.get(i + 2), Some(TokenTree::Ident(id)) if id == "soapstone")
        && is_punct(trees.get(i + 3), ':');
    if !is_prefix {
        return false;
    }
    let Some(prev) = i.checked_sub(1).map(|p| &trees[p]) else {
        return true;
    };
    match prev {
        // `foo::soapstone`, `crate::soapstone`; but `impl ::soapstone`,
        // `as ::soapstone`, `dyn ::soapstone` begin a path.
        TokenTree::Ident(id) => {
            let name = id.to_string();
            let path_segment = matches!(name.as_str(), "self" | "super" | "crate" | "Self")
                || syn::parse_str::<syn::Ident>(&name).is_ok();
            !path_segment
        }
        // `<T as X>::soapstone` continues a qualified path; `-> ::soapstone` does not.
        TokenTree::Punct(p) if p.as_char() == '>' => i >= 2 && is_punct(trees.get(i - 2), '-'),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn run(tokens: TokenStream, path: &str) -> Result<String, String> {
        Ok(rewrite(tokens, &parse(path)?).to_string())
    }

    #[test]
    fn leading_paths_are_rewritten_everywhere() -> Result<(), Box<dyn std::error::Error>> {
        let t = quote! {
            impl ::soapstone::__private::XmlComplex for X {
                fn f(v: &::soapstone::__private::XmlNode) -> ::soapstone::__private::Result<()> {
                    let x: Vec<::soapstone::Binary> = ::std::vec::Vec::new();
                }
            }
        };
        let out = run(t, "::sdk::rt")?;
        assert!(!out.contains("soapstone"), "{out}");
        assert_eq!(out.matches(":: sdk :: rt :: __private").count(), 3, "{out}");
        assert!(out.contains("Vec < :: sdk :: rt :: Binary >"), "{out}");
        Ok(())
    }

    #[test]
    fn other_items_named_soapstone_and_docs_stay() -> Result<(), Box<dyn std::error::Error>> {
        let t = quote! {
            #[doc = " see ::soapstone::Binary"]
            use crate::soapstone::x;
            use super::soapstone::y;
            type A = <T as X>::soapstone::Z;
            const B: &str = "::soapstone::__private";
        };
        let before = t.to_string();
        assert_eq!(run(t, "rt")?, before);
        Ok(())
    }

    #[test]
    fn bad_paths_are_refused() {
        assert!(parse("::soapstone").is_ok());
        assert!(parse("my_sdk::soapstone").is_ok());
        assert!(parse("crate::rt").is_ok());
        assert!(parse("not a path").is_err());
        assert!(parse("").is_err());
        assert!(parse("a::<T>").is_err());
    }
}
