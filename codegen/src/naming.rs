//! All naming of generated Rust items in one place: heck conversions, keyword
//! escaping, and deterministic collision resolution.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::HashSet;

/// Rust keywords (2021 edition, strict and reserved).
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Names generated code itself uses in every module.
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Vec",
    "String",
    "Box",
    "Result",
    "Binary",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Debug",
    "PartialEq",
];

/// Keeps only characters valid in an identifier, splitting words on the rest.
fn clean(raw: &str) -> String {
    let mut s = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_alphanumeric() || c == '_' {
            s.push(c);
        } else {
            s.push(' ');
        }
    }
    s
}

/// A type or variant name: UpperCamelCase, never empty, never starting with a
/// digit, never a keyword (`Self` becomes `Self_`).
pub fn type_name(raw: &str) -> String {
    let mut n = clean(raw).to_upper_camel_case();
    n.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    if n.is_empty() {
        n = "Value".into();
    }
    if n.starts_with(|c: char| c.is_ascii_digit()) {
        n.insert(0, 'V');
    }
    if KEYWORDS.contains(&n.as_str()) || RESERVED_TYPES.contains(&n.as_str()) {
        n.push('_');
    }
    n
}

/// A field or module name: snake_case, escaped with `r#` where Rust allows
/// it, else suffixed with `_`.
pub fn field_name(raw: &str) -> String {
    let mut n = clean(raw).to_snake_case();
    n.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    if n.is_empty() {
        n = "value".into();
    }
    if n.starts_with(|c: char| c.is_ascii_digit()) {
        n.insert(0, '_');
    }
    if NOT_RAW.contains(&n.as_str()) {
        n.push('_');
    } else if KEYWORDS.contains(&n.as_str()) {
        n.insert_str(0, "r#");
    }
    n
}

/// A SCREAMING_SNAKE constant name.
pub fn const_name(raw: &str) -> String {
    let f = field_name(raw);
    let f = f.trim_start_matches("r#");
    let mut n = f.to_uppercase();
    if n.starts_with(|c: char| c.is_ascii_digit()) || n.starts_with('_') {
        n.insert(0, 'C');
    }
    n
}

/// Hands out unique names within one scope, in the order asked, so the same
/// input always gives the same names.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks a name as used.
    pub fn reserve(&mut self, name: &str) {
        self.taken
            .insert(name.trim_start_matches("r#").to_lowercase());
    }

    /// True when `name` is not taken (case-insensitively).
    pub fn is_free(&self, name: &str) -> bool {
        !self
            .taken
            .contains(&name.trim_start_matches("r#").to_lowercase())
    }

    /// `wanted` if free (compared case-insensitively, so names differing only
    /// in case do not clash in file systems or readers' minds), else the first
    /// free of `wanted` + `alt_suffix`, `wanted2`, `wanted3`, ...
    pub fn unique(&mut self, wanted: &str, alt_suffix: &str) -> String {
        let key = |s: &str| s.trim_start_matches("r#").to_lowercase();
        let mut candidates = vec![wanted.to_string()];
        if !alt_suffix.is_empty() {
            candidates.push(format!("{}{alt_suffix}", wanted.trim_start_matches("r#")));
        }
        for c in candidates {
            if !self.taken.contains(&key(&c)) {
                self.taken.insert(key(&c));
                return c;
            }
        }
        let base = wanted.trim_start_matches("r#").trim_end_matches('_');
        let sep = if base.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        let mut i = 2u64;
        loop {
            let c = format!("{base}{sep}{i}");
            if !self.taken.contains(&key(&c)) {
                self.taken.insert(key(&c));
                return c;
            }
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        assert_eq!(type_name("sendImage"), "SendImage");
        assert_eq!(type_name("a-b"), "AB");
        assert_eq!(type_name("1st"), "V1st");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(type_name("type"), "Type");
        assert_eq!(type_name("option"), "Option_");
        assert_eq!(type_name(""), "Value");
        assert_eq!(type_name("ÄÖ"), "Value");
        assert_eq!(type_name("UPPER"), "Upper");
    }

    #[test]
    fn field_names() {
        assert_eq!(field_name("imageData"), "image_data");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("Self"), "self_");
        assert_eq!(field_name("crate"), "crate_");
        assert_eq!(field_name("match"), "r#match");
        assert_eq!(field_name("a-b"), "a_b");
        assert_eq!(field_name("9lives"), "_9lives");
        assert_eq!(const_name("sendImage"), "SEND_IMAGE");
        assert_eq!(const_name("type"), "TYPE");
    }

    #[test]
    fn collisions_resolve_deterministically_and_case_insensitively() {
        let mut s = Scope::new();
        assert_eq!(s.unique("Item", "Element"), "Item");
        assert_eq!(s.unique("Item", "Element"), "ItemElement");
        assert_eq!(s.unique("Item", "Element"), "Item2");
        assert_eq!(s.unique("ITEM", ""), "ITEM3");
        let mut f = Scope::new();
        assert_eq!(f.unique("a_b", ""), "a_b");
        assert_eq!(f.unique("a_b", ""), "a_b2");
        assert_eq!(f.unique("r#type", ""), "r#type");
        assert_eq!(f.unique("r#type", ""), "type2");
        assert_eq!(f.unique("v1", ""), "v1");
        assert_eq!(f.unique("v1", ""), "v1_2");
    }
}
