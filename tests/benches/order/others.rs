//! Two other ways to read the benchmark's order, for comparison with the
//! generated bindings: a hand-written streaming reader over quick-xml's
//! `NsReader` (what one writes without a generator, namespaces checked),
//! and quick-xml's own serde deserializer (the usual Rust way, though it
//! ignores namespaces). Both read into owned strings, as the generated
//! bindings do.

use super::order::{Address, LineItem, Order, Party, Sku, Status};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::NsReader;
use soapstone::__private::{Decimal, Nillable};

const NS: &[u8] = b"urn:soapstone:bench:order";
const XSI: &[u8] = b"http://www.w3.org/2001/XMLSchema-instance";

/// A pull reader over the order's events.
struct Pull<'x> {
    reader: NsReader<&'x [u8]>,
    src: &'x str,
}

fn fail(e: impl std::fmt::Display) -> String {
    e.to_string()
}

impl<'x> Pull<'x> {
    /// The next child of the open element (and whether it is empty), or
    /// `None` at its end tag.
    fn child(&mut self) -> Result<Option<(BytesStart<'x>, bool)>, String> {
        loop {
            match self.reader.read_event().map_err(fail)? {
                Event::Start(e) => return Ok(Some((e, false))),
                Event::Empty(e) => return Ok(Some((e, true))),
                Event::End(_) => return Ok(None),
                Event::Text(t) if !t.iter().all(u8::is_ascii_whitespace) => {
                    return Err("text among elements".into())
                }
                Event::Eof => return Err("document ends inside an element".into()),
                _ => {}
            }
        }
    }

    /// True when `e` is `{NS}local`.
    fn is(&self, e: &BytesStart<'_>, local: &[u8]) -> bool {
        let (ns, name) = self.reader.resolve_element(e.name());
        name.as_ref() == local && matches!(ns, ResolveResult::Bound(Namespace(n)) if n == NS)
    }

    /// The next child, which must be `{NS}local`; true when it is empty.
    fn expect(&mut self, local: &str) -> Result<bool, String> {
        match self.child()? {
            Some((e, empty)) if self.is(&e, local.as_bytes()) => Ok(empty),
            _ => Err(format!("expected <{local}>")),
        }
    }

    /// The text of the element just opened, up to its end tag.
    fn text(&mut self, empty: bool) -> Result<String, String> {
        let mut out = String::new();
        if empty {
            return Ok(out);
        }
        loop {
            match self.reader.read_event().map_err(fail)? {
                Event::Text(t) => {
                    let at = t.as_ptr() as usize - self.src.as_ptr() as usize;
                    let text = &self.src[at..at + t.len()];
                    if memchr::memchr2(b'&', b'\r', text.as_bytes()).is_some() {
                        let text = text.replace("\r\n", "\n").replace('\r', "\n");
                        out.push_str(&quick_xml::escape::unescape(&text).map_err(fail)?);
                    } else if out.is_empty() {
                        out = text.to_owned();
                    } else {
                        out.push_str(text);
                    }
                }
                Event::CData(t) => out.push_str(std::str::from_utf8(&t).map_err(fail)?),
                Event::End(_) => return Ok(out),
                Event::Comment(_) | Event::PI(_) => {}
                _ => return Err("an element where text was expected".into()),
            }
        }
    }

    fn simple(&mut self, local: &str) -> Result<String, String> {
        let empty = self.expect(local)?;
        self.text(empty)
    }

    fn end(&mut self) -> Result<(), String> {
        match self.child()? {
            None => Ok(()),
            Some(_) => Err("unexpected element".into()),
        }
    }
}

fn number<T: std::str::FromStr>(text: &str) -> Result<T, String>
where
    T::Err: std::fmt::Display,
{
    text.trim().parse().map_err(fail)
}

fn attributes(e: &BytesStart<'_>) -> Result<Vec<(Vec<u8>, String)>, String> {
    let mut all = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(fail)?;
        if !a.key.as_ref().starts_with(b"xmlns") {
            all.push((
                a.key.as_ref().to_vec(),
                a.unescape_value().map_err(fail)?.into_owned(),
            ));
        }
    }
    Ok(all)
}

/// Reads the order with a hand-written pull reader.
pub fn hand_read(xml: &[u8]) -> Result<Order, String> {
    let src = simdutf8::basic::from_utf8(xml).map_err(fail)?;
    let mut r = Pull {
        reader: NsReader::from_str(src),
        src,
    };
    let (root, _) = r.child()?.ok_or("no root")?;
    if !r.is(&root, b"order") {
        return Err("not an order".into());
    }
    let (mut id, mut currency) = (None, None);
    for (key, value) in attributes(&root)? {
        match key.as_slice() {
            b"id" => id = Some(value),
            b"currency" => currency = Some(value),
            _ => return Err("unknown attribute".into()),
        }
    }
    let customer = {
        let (e, _) = r.child()?.ok_or("no customer")?;
        if !r.is(&e, b"customer") {
            return Err("expected <customer>".into());
        }
        let id = attributes(&e)?
            .into_iter()
            .find(|(k, _)| k == b"id")
            .ok_or("no id")?;
        let name = r.simple("name")?;
        let email = match r.child()? {
            Some((e, empty)) if r.is(&e, b"email") => {
                let email = r.text(empty)?;
                r.end()?;
                Some(email)
            }
            Some(_) => return Err("expected <email>".into()),
            None => None,
        };
        Party {
            id: number(&id.1)?,
            name,
            email,
        }
    };
    r.expect("shipTo")?;
    let mut street = Vec::new();
    let city = loop {
        let (e, empty) = r.child()?.ok_or("no city")?;
        if r.is(&e, b"street") {
            street.push(r.text(empty)?);
        } else if r.is(&e, b"city") {
            break r.text(empty)?;
        } else {
            return Err("expected <city>".into());
        }
    };
    let ship_to = Address {
        street,
        city,
        postal_code: r.simple("postalCode")?,
        country: r.simple("country")?,
    };
    r.end()?;
    let placed = r.simple("placed")?;
    let mut line_item = Vec::new();
    let total = loop {
        let (e, empty) = r.child()?.ok_or("no total")?;
        if r.is(&e, b"total") {
            break Decimal::new(&r.text(empty)?)?;
        }
        if !r.is(&e, b"lineItem") {
            return Err("expected <lineItem>".into());
        }
        let (mut line, mut status) = (None, None);
        for (key, value) in attributes(&e)? {
            match key.as_slice() {
                b"line" => line = Some(number(&value)?),
                b"status" => {
                    status = Some(match value.as_str() {
                        "open" => Status::Open,
                        "shipped" => Status::Shipped,
                        "cancelled" => Status::Cancelled,
                        _ => return Err("bad status".into()),
                    })
                }
                _ => return Err("unknown attribute".into()),
            }
        }
        let sku = Sku::new(r.simple("sku")?)?;
        let title = r.simple("title")?;
        let description = r.simple("description")?;
        let quantity = number(&r.simple("quantity")?)?;
        let unit_price = Decimal::new(&r.simple("unitPrice")?)?;
        let (mut e, mut empty) = r.child()?.ok_or("no weight")?;
        let mut discount = None;
        if r.is(&e, b"discount") {
            discount = Some(Decimal::new(&r.text(empty)?)?);
            (e, empty) = r.child()?.ok_or("no weight")?;
        }
        if !r.is(&e, b"weight") {
            return Err("expected <weight>".into());
        }
        let weight = number(&r.text(empty)?)?;
        let gift_wrap = match r.simple("giftWrap")?.trim() {
            "true" | "1" => true,
            "false" | "0" => false,
            _ => return Err("bad boolean".into()),
        };
        let mut tag = Vec::new();
        let mut note = None;
        while let Some((e, empty)) = r.child()? {
            if r.is(&e, b"tag") && note.is_none() {
                tag.push(r.text(empty)?);
            } else if r.is(&e, b"note") && note.is_none() {
                let mut nil = false;
                for a in e.attributes() {
                    let a = a.map_err(fail)?;
                    let (ns, local) = r.reader.resolve_attribute(a.key);
                    if local.as_ref() == b"nil"
                        && matches!(ns, ResolveResult::Bound(Namespace(n)) if n == XSI)
                    {
                        nil = matches!(a.value.as_ref(), b"true" | b"1");
                    }
                }
                let text = r.text(empty)?;
                note = Some(if nil {
                    Nillable::Nil
                } else {
                    Nillable::Value(text)
                });
            } else {
                return Err("unexpected element in <lineItem>".into());
            }
        }
        line_item.push(LineItem {
            line: line.ok_or("no line")?,
            status: status.ok_or("no status")?,
            sku,
            title,
            description,
            quantity,
            unit_price,
            discount,
            weight,
            gift_wrap,
            tag,
            note,
        });
    };
    r.end()?;
    Ok(Order {
        id: id.ok_or("no id")?,
        currency,
        customer,
        ship_to,
        placed,
        line_item,
        total,
    })
}

/// The order as quick-xml's serde deserializer reads it (names matched by
/// local name; decimals kept as text).
pub mod serde_order {
    use serde::Deserialize;

    impl Order {
        /// Where this differs from `ours`, the order the generated bindings
        /// read, but for the text quick-xml's serde trims (the leading and
        /// trailing spaces of every text it reads).
        pub fn differences(&self, ours: &super::Order) -> Vec<String> {
            let mut out = Vec::new();
            let mut check = |what: String, same: bool| {
                if !same {
                    out.push(what);
                }
            };
            let t = str::trim;
            check("id".into(), self.id == ours.id);
            check("currency".into(), self.currency == ours.currency);
            let (c, oc) = (&self.customer, &ours.customer);
            check(
                "customer".into(),
                c.id == oc.id
                    && c.name == t(&oc.name)
                    && c.email.as_deref() == oc.email.as_deref().map(t),
            );
            let (a, oa) = (&self.ship_to, &ours.ship_to);
            check(
                "shipTo".into(),
                a.street.iter().eq(oa.street.iter().map(|s| t(s)))
                    && (a.city.as_str(), a.postal_code.as_str(), a.country.as_str())
                        == (t(&oa.city), t(&oa.postal_code), t(&oa.country)),
            );
            check("placed".into(), self.placed == t(&ours.placed));
            check("total".into(), self.total == ours.total.as_str());
            check(
                "lineItem count".into(),
                self.line_item.len() == ours.line_item.len(),
            );
            for (i, (l, o)) in self.line_item.iter().zip(&ours.line_item).enumerate() {
                let status = match l.status {
                    Status::Open => super::Status::Open,
                    Status::Shipped => super::Status::Shipped,
                    Status::Cancelled => super::Status::Cancelled,
                };
                let note = match (&l.note, &o.note) {
                    (None, None) => true,
                    (Some(n), Some(soapstone::__private::Nillable::Value(v))) => n.text == t(v),
                    // A nil note reads as none: serde has no nil.
                    (None, Some(soapstone::__private::Nillable::Nil)) => true,
                    _ => false,
                };
                check(
                    format!("lineItem {i}"),
                    l.line == o.line
                        && status == o.status
                        && l.sku == t(o.sku.get())
                        && l.title == t(&o.title)
                        && l.description == t(&o.description)
                        && l.quantity == o.quantity
                        && l.unit_price == o.unit_price.as_str()
                        && l.discount.as_deref() == o.discount.as_ref().map(|d| d.as_str())
                        && l.weight == o.weight
                        && l.gift_wrap == o.gift_wrap
                        && l.tag.iter().eq(o.tag.iter().map(|s| t(s)))
                        && note,
                );
            }
            out
        }
    }

    /// `Order`.
    #[derive(Deserialize)]
    pub struct Order {
        #[serde(rename = "@id")]
        pub id: String,
        #[serde(rename = "@currency")]
        pub currency: Option<String>,
        pub customer: Party,
        #[serde(rename = "shipTo")]
        pub ship_to: Address,
        pub placed: String,
        #[serde(rename = "lineItem")]
        pub line_item: Vec<LineItem>,
        pub total: String,
    }

    /// `Party`.
    #[derive(Deserialize)]
    pub struct Party {
        #[serde(rename = "@id")]
        pub id: i64,
        pub name: String,
        pub email: Option<String>,
    }

    /// `Address`.
    #[derive(Deserialize)]
    pub struct Address {
        pub street: Vec<String>,
        pub city: String,
        #[serde(rename = "postalCode")]
        pub postal_code: String,
        pub country: String,
    }

    /// `Status`.
    #[derive(Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Status {
        Open,
        Shipped,
        Cancelled,
    }

    /// `LineItem`.
    #[derive(Deserialize)]
    pub struct LineItem {
        #[serde(rename = "@line")]
        pub line: i32,
        #[serde(rename = "@status")]
        pub status: Status,
        pub sku: String,
        pub title: String,
        pub description: String,
        pub quantity: i32,
        #[serde(rename = "unitPrice")]
        pub unit_price: String,
        pub discount: Option<String>,
        pub weight: f64,
        #[serde(rename = "giftWrap")]
        pub gift_wrap: bool,
        #[serde(default)]
        pub tag: Vec<String>,
        pub note: Option<Note>,
    }

    /// `note`, nil or not.
    #[derive(Deserialize)]
    pub struct Note {
        #[serde(rename = "$text", default)]
        pub text: String,
    }
}
