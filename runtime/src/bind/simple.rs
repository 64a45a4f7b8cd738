//! [`XmlSimple`] for the XSD built-in datatypes soapstone maps to Rust types,
//! plus the few types std has no match for ([`Decimal`], [`QName`], [`HexBinary`]).

use super::{XmlNode, XmlSimple, XmlWriter};
use crate::xml::trim_xml;

impl XmlSimple for String {
    fn to_text(&self, _: &mut XmlWriter<'_>) -> String {
        self.clone()
    }
    fn write_text(&self, w: &mut XmlWriter<'_>) {
        w.text(self);
    }
    fn from_text(text: &str, _: XmlNode<'_>) -> Result<Self, String> {
        Ok(text.to_string())
    }
}

/// Read as a slice of the message it came from when that was parsed as a
/// shared string (see [`XmlNode::shared_text`]).
impl XmlSimple for crate::SharedStr {
    fn to_text(&self, _: &mut XmlWriter<'_>) -> String {
        self.to_string()
    }
    fn write_text(&self, w: &mut XmlWriter<'_>) {
        w.text(self);
    }
    fn from_text(text: &str, node: XmlNode<'_>) -> Result<Self, String> {
        Ok(node.shared_text(text))
    }
}

impl XmlSimple for bool {
    fn to_text(&self, _: &mut XmlWriter<'_>) -> String {
        if *self { "true" } else { "false" }.to_string()
    }
    fn write_text(&self, w: &mut XmlWriter<'_>) {
        w.text(if *self { "true" } else { "false" });
    }
    fn from_text(text: &str, _: XmlNode<'_>) -> Result<Self, String> {
        match trim_xml(text) {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            other => Err(format!("{other:?} is not an xs:boolean")),
        }
    }
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl XmlSimple for $t {
            fn to_text(&self, _: &mut XmlWriter<'_>) -> String {
                self.to_string()
            }
            fn write_text(&self, w: &mut XmlWriter<'_>) {
                w.text_display(self);
            }
            fn from_text(text: &str, _: XmlNode<'_>) -> Result<Self, String> {
                // One sign at most (the parser takes a `+` itself), and a
                // negative zero is zero (`-0` is a nonNegativeInteger).
                let t = trim_xml(text);
                let t = match t.strip_prefix('-') {
                    Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b == b'0') => digits,
                    _ => t,
                };
                t.parse().map_err(|_| format!("{text:?} is not a {}", stringify!($t)))
            }
        }
    )*};
}
integers!(i8, i16, i32, i64, i128, u8, u16, u32, u64, u128);

macro_rules! floats {
    ($($t:ty),*) => {$(
        impl XmlSimple for $t {
            fn to_text(&self, _: &mut XmlWriter<'_>) -> String {
                if self.is_nan() {
                    "NaN".into()
                } else if self.is_infinite() {
                    if *self > 0.0 { "INF".into() } else { "-INF".into() }
                } else {
                    self.to_string()
                }
            }
            fn write_text(&self, w: &mut XmlWriter<'_>) {
                if self.is_finite() {
                    w.text_display(self);
                } else {
                    let text = self.to_text(w);
                    w.text(&text);
                }
            }
            fn from_text(text: &str, _: XmlNode<'_>) -> Result<Self, String> {
                // XSD's forms only: the parser also takes `inf`,
                // `infinity` and `nan` in any case.
                match trim_xml(text) {
                    "INF" | "+INF" => Ok(<$t>::INFINITY),
                    "-INF" => Ok(<$t>::NEG_INFINITY),
                    "NaN" => Ok(<$t>::NAN),
                    t if t.bytes().all(|b| matches!(b, b'0'..=b'9' | b'+' | b'-' | b'.' | b'e' | b'E')) => {
                        t.parse().map_err(|_| format!("{text:?} is not a {}", stringify!($t)))
                    }
                    _ => Err(format!("{text:?} is not a {}", stringify!($t))),
                }
            }
        }
    )*};
}
floats!(f32, f64);

/// An `xs:decimal` (or `xs:integer` beyond 128 bits) kept in its lexical form,
/// checked on construction and read. Its default is `0`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Decimal(String);

impl Default for Decimal {
    fn default() -> Self {
        Decimal("0".into())
    }
}

impl Decimal {
    /// A decimal from its lexical form: optional sign, digits, optional
    /// fraction.
    pub fn new(text: &str) -> Result<Self, String> {
        match DecimalValue::parse(text) {
            Some(_) => Ok(Decimal(trim_xml(text).to_string())),
            None => Err(format!("{text:?} is not an xs:decimal")),
        }
    }

    /// The lexical form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Total digits and fraction digits (for totalDigits/fractionDigits facets).
    pub fn digits(&self) -> (usize, usize) {
        // Checked on construction, so the form always parses.
        DecimalValue::parse(&self.0).map_or((0, 0), |v| (v.int.len() + v.frac.len(), v.frac.len()))
    }
}

impl XmlSimple for Decimal {
    fn to_text(&self, _: &mut XmlWriter<'_>) -> String {
        self.0.clone()
    }
    fn write_text(&self, w: &mut XmlWriter<'_>) {
        w.text(&self.0);
    }
    fn from_text(text: &str, _: XmlNode<'_>) -> Result<Self, String> {
        Decimal::new(text)
    }
}

/// An `xs:decimal` or `xs:integer` lexical form compared by value, exactly
/// at any number of digits (the bound facets of decimal newtypes: comparing
/// as `f64` would call `12345678901234567890.6` equal to `…0.5`).
///
/// ```
/// use soapstone::bind::DecimalValue;
/// let v = |s| DecimalValue::parse(s).unwrap();
/// assert!(v("12345678901234567890.6") > v("12345678901234567890.5"));
/// assert!(v("-0.50") == v("-.5") && v("-0") == v("0.0"));
/// assert!(v("-2") < v("-1.99") && v("0.05") < v("0.5"));
/// assert!(DecimalValue::parse("1e5").is_none());
/// ```
#[derive(Debug, Clone, Copy)]
pub struct DecimalValue<'a> {
    negative: bool,
    /// Integer digits without leading zeros.
    int: &'a str,
    /// Fraction digits without trailing zeros.
    frac: &'a str,
}

impl<'a> DecimalValue<'a> {
    /// The value of a decimal lexical form (optional sign, digits, optional
    /// fraction); `None` when `text` is not one.
    pub fn parse(text: &'a str) -> Option<Self> {
        let t = trim_xml(text);
        let (negative, body) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
            return None;
        }
        let int = int.trim_start_matches('0');
        let frac = frac.trim_end_matches('0');
        Some(DecimalValue {
            negative: negative && !(int.is_empty() && frac.is_empty()),
            int,
            frac,
        })
    }

    /// Compares absolute values: more integer digits is larger, then digit
    /// by digit (fractions without trailing zeros compare as strings).
    fn magnitude_cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.int
            .len()
            .cmp(&other.int.len())
            .then_with(|| self.int.cmp(other.int))
            .then_with(|| self.frac.cmp(other.frac))
    }
}

impl Ord for DecimalValue<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        use std::cmp::Ordering::{Greater, Less};
        match (self.negative, other.negative) {
            (false, true) => Greater,
            (true, false) => Less,
            (false, false) => self.magnitude_cmp(other),
            (true, true) => other.magnitude_cmp(self),
        }
    }
}

impl PartialOrd for DecimalValue<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for DecimalValue<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for DecimalValue<'_> {}

/// An `xs:integer` (and its unbounded subtypes): any number of digits, kept
/// in lexical form; `as_i64` / `From<i64>` for the common case. Its
/// default is `0`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Integer(String);

impl Default for Integer {
    fn default() -> Self {
        Integer("0".into())
    }
}

impl Integer {
    /// An integer from its lexical form: optional sign, then digits.
    pub fn new(text: &str) -> Result<Self, String> {
        let t = trim_xml(text);
        let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("{text:?} is not an xs:integer"));
        }
        Ok(Integer(t.to_string()))
    }

    /// The lexical form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Total digits and fraction digits (always 0), for the digit facets.
    pub fn digits(&self) -> (usize, usize) {
        (
            self.0
                .trim_start_matches(['+', '-'])
                .trim_start_matches('0')
                .len(),
            0,
        )
    }

    /// The value, when it fits an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        self.0.trim_start_matches('+').parse().ok()
    }

    /// The sign of the value: -1, 0 or 1 (`-0` and `+000` are 0).
    pub fn signum(&self) -> i8 {
        let digits = self.0.trim_start_matches(['+', '-']);
        if digits.bytes().all(|b| b == b'0') {
            0
        } else if self.0.starts_with('-') {
            -1
        } else {
            1
        }
    }
}

impl From<i64> for Integer {
    fn from(v: i64) -> Self {
        Integer(v.to_string())
    }
}

impl XmlSimple for Integer {
    fn to_text(&self, _: &mut XmlWriter<'_>) -> String {
        self.0.clone()
    }
    fn from_text(text: &str, _: XmlNode<'_>) -> Result<Self, String> {
        Integer::new(text)
    }
}

/// The integer types XML Schema bounds by sign only, each an [`Integer`]
/// checked on construction and on read.
macro_rules! signed_integer {
    ($(#[$doc:meta])* $name:ident, $xsd:literal, $ok:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(Integer);

        impl $name {
            /// The value from its lexical form; an error outside the type's
            /// range.
            pub fn new(text: &str) -> Result<Self, String> {
                Self::try_from(Integer::new(text)?)
            }

            /// The lexical form.
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }

            /// Total digits and fraction digits (always 0), for the digit
            /// facets.
            pub fn digits(&self) -> (usize, usize) {
                self.0.digits()
            }

            /// The value as an [`Integer`].
            pub fn get(&self) -> &Integer {
                &self.0
            }

            /// The value, unwrapped.
            pub fn into_inner(self) -> Integer {
                self.0
            }
        }

        impl TryFrom<Integer> for $name {
            type Error = String;
            fn try_from(value: Integer) -> Result<Self, String> {
                let ok: fn(i8) -> bool = $ok;
                if ok(value.signum()) {
                    Ok($name(value))
                } else {
                    Err(format!("{} is not an {}", value.as_str(), $xsd))
                }
            }
        }

        impl XmlSimple for $name {
            fn to_text(&self, _: &mut XmlWriter<'_>) -> String {
                self.0.as_str().to_string()
            }
            fn from_text(text: &str, _: XmlNode<'_>) -> Result<Self, String> {
                Self::new(text)
            }
        }
    };
}

signed_integer!(
    /// An `xs:positiveInteger`: 1 or more.
    PositiveInteger, "xs:positiveInteger", |s| s > 0
);
signed_integer!(
    /// An `xs:nonNegativeInteger`: 0 or more.
    NonNegativeInteger, "xs:nonNegativeInteger", |s| s >= 0
);
signed_integer!(
    /// An `xs:negativeInteger`: -1 or less.
    NegativeInteger, "xs:negativeInteger", |s| s < 0
);
signed_integer!(
    /// An `xs:nonPositiveInteger`: 0 or less.
    NonPositiveInteger, "xs:nonPositiveInteger", |s| s <= 0
);

/// An `xs:QName` value, by namespace URI.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct QName {
    /// Namespace URI (empty for none).
    pub ns: String,
    /// Local part.
    pub local: String,
}

impl XmlSimple for QName {
    fn to_text(&self, w: &mut XmlWriter<'_>) -> String {
        qname_text(w, &self.ns, &self.local)
    }
    fn from_text(text: &str, node: XmlNode<'_>) -> Result<Self, String> {
        resolve_qname_text(text, node).map(|(ns, local)| QName {
            ns: ns.to_string(),
            local: local.to_string(),
        })
    }
}

/// The lexical form of the QName `{ns}local`: prefixed, the prefix
/// declared on `w` when none is in scope (`w` must have a tag open), or
/// the local name alone in no namespace.
pub fn qname_text(w: &mut XmlWriter<'_>, ns: &str, local: &str) -> String {
    if ns.is_empty() {
        local.to_string()
    } else {
        format!("{}:{local}", w.prefix_for(ns))
    }
}

/// The namespace and local name the lexical QName `text` stands for at
/// `node`; an error when it is no QName or its prefix is undeclared there.
pub fn resolve_qname_text<'d, 't>(
    text: &'t str,
    node: XmlNode<'d>,
) -> Result<(&'d str, &'t str), String> {
    node.resolve_qname_ref(text)
        .ok_or_else(|| format!("QName {text:?} has an undeclared prefix"))
}

/// An `xs:hexBinary` value: always inline, never optimized (A4).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct HexBinary(pub Vec<u8>);

impl XmlSimple for HexBinary {
    fn to_text(&self, _: &mut XmlWriter<'_>) -> String {
        let mut s = String::with_capacity(self.0.len() * 2);
        for b in &self.0 {
            s.push_str(&format!("{b:02X}"));
        }
        s
    }
    fn from_text(text: &str, _: XmlNode<'_>) -> Result<Self, String> {
        let t = trim_xml(text).as_bytes();
        if !t.len().is_multiple_of(2) {
            return Err("xs:hexBinary has an odd number of digits".into());
        }
        let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
        t.chunks(2)
            .map(|p| match (digit(p[0]), digit(p[1])) {
                (Some(h), Some(l)) => Ok(h * 16 + l),
                _ => Err(format!("{text:?} is not xs:hexBinary")),
            })
            .collect::<Result<Vec<u8>, String>>()
            .map(HexBinary)
    }
}

/// `xs:list`: items separated by XML whitespace. An item that is empty or
/// holds whitespace cannot be written (it would read back as other items):
/// the writer records the error.
impl<T: XmlSimple> XmlSimple for Vec<T> {
    fn to_text(&self, w: &mut XmlWriter<'_>) -> String {
        let items: Vec<String> = self.iter().map(|v| v.to_text(w)).collect();
        if let Some(bad) = items
            .iter()
            .find(|i| i.is_empty() || i.contains(crate::xml::is_xml_space))
        {
            w.fail(format!(
                "list item {bad:?} is empty or holds whitespace, so it would not read back"
            ));
        }
        items.join(" ")
    }
    fn from_text(text: &str, node: XmlNode<'_>) -> Result<Self, String> {
        text.split(crate::xml::is_xml_space)
            .filter(|t| !t.is_empty())
            .map(|t| T::from_text(t, node))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bind::{Document, ReadOptions};

    #[test]
    fn builtins_round_trip() -> Result<(), Box<dyn std::error::Error>> {
        let doc = Document::parse(b"<r xmlns:p='urn:p'/>", &ReadOptions::default())?;
        let n = doc.root();
        let mut w = XmlWriter::new();
        assert!(bool::from_text(" 1 ", n)?);
        assert!(bool::from_text("yes", n).is_err());
        assert_eq!(i32::from_text("+42", n)?, 42);
        assert!(u8::from_text("256", n).is_err());
        assert_eq!(f64::from_text("-INF", n)?, f64::NEG_INFINITY);
        assert_eq!(f32::NAN.to_text(&mut w), "NaN");
        assert_eq!(Decimal::new("-012.340")?.digits(), (4, 2));
        assert!(Decimal::new("1e5").is_err());
        assert_eq!(HexBinary::from_text("0aFF", n)?, HexBinary(vec![10, 255]));
        assert_eq!(HexBinary(vec![10, 255]).to_text(&mut w), "0AFF");
        assert_eq!(Vec::<i32>::from_text(" 1  2\n3 ", n)?, vec![1, 2, 3]);
        assert_eq!(
            QName::from_text("p:x", n)?,
            QName {
                ns: "urn:p".into(),
                local: "x".into()
            }
        );
        assert!(QName::from_text("q:x", n).is_err());
        Ok(())
    }
}
