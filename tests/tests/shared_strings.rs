//! Bindings generated with shared strings (`--strings shared`, the serde
//! benchmark's order: tests/benches/order/generated_shared.rs): text
//! fields are `SharedStr` slices of the buffer the message arrived in,
//! not copies; text that unescaping changed is copied; facets still hold;
//! the values write back the same XML as the `String` bindings.

#![deny(warnings)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[allow(dead_code)]
mod order {
    include!("../benches/order/generated.rs");
}

#[allow(dead_code)]
mod order_shared {
    include!("../benches/order/generated_shared.rs");
}

use bytes::Bytes;
use soapstone::bind::{from_bytes, from_message, from_xml, to_xml};
use soapstone::SharedStr;

const NS: &str = "urn:soapstone:bench:order";

const ORDER: &str = r#"<o:order xmlns:o="urn:soapstone:bench:order" id="A-1" currency="EUR"><o:customer id="7"><o:name>Ada &amp; Co</o:name></o:customer><o:shipTo><o:street>1 Main St</o:street><o:street>Unit 4</o:street><o:city>Oslo</o:city><o:postalCode>0150</o:postalCode><o:country>NO</o:country></o:shipTo><o:placed>2026-12-04T10:00:00Z</o:placed><o:lineItem line="1" status="open"><o:sku>SKU-0001</o:sku><o:title>Lamp</o:title><o:description>A sturdy walnut lamp</o:description><o:quantity>2</o:quantity><o:unitPrice>19.90</o:unitPrice><o:weight>1.5</o:weight><o:giftWrap>false</o:giftWrap><o:tag>home</o:tag><o:tag>light</o:tag><o:note xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/></o:lineItem><o:total>39.80</o:total></o:order>"#;

/// True when `s` points into `buffer`.
fn inside(s: &SharedStr, buffer: &Bytes) -> bool {
    let (p, b) = (s.as_ptr() as usize, buffer.as_ptr() as usize);
    p >= b && p + s.len() <= b + buffer.len()
}

#[test]
fn text_fields_are_slices_of_the_buffer() {
    let buffer = Bytes::from_static(ORDER.as_bytes());
    let o: order_shared::Order = from_bytes(buffer.clone(), NS, "order").unwrap();
    let item = &o.line_item[0];
    assert_eq!(&*item.description, "A sturdy walnut lamp");
    assert_eq!(&*o.id, "A-1");
    assert_eq!(o.ship_to.street.len(), 2);
    for s in [
        &item.description,
        &item.title,
        &o.id,
        &o.ship_to.city,
        &o.ship_to.street[1],
        &item.tag[1],
    ] {
        assert!(inside(s, &buffer), "{s:?} was copied");
    }
    // A reference changed the text: that value is a copy, unescaped.
    assert_eq!(&*o.customer.name, "Ada & Co");
    assert!(!inside(&o.customer.name, &buffer));
    // Facets are checked on the shared value too (Sku: 4 to 32 characters).
    assert_eq!(&**item.sku.get(), "SKU-0001");
    let short = ORDER.replace("SKU-0001", "SK");
    let e = from_bytes::<order_shared::Order>(Bytes::from(short), NS, "order").unwrap_err();
    assert!(e.to_string().contains("minLength 4"), "{e}");
}

#[test]
fn shared_and_owned_bindings_read_and_write_the_same_xml() {
    let shared: order_shared::Order =
        from_bytes(Bytes::from_static(ORDER.as_bytes()), NS, "order").unwrap();
    let owned: order::Order = from_xml(ORDER.as_bytes(), NS, "order").unwrap();
    let written = to_xml(&shared, NS, "order").unwrap();
    assert_eq!(written, to_xml(&owned, NS, "order").unwrap());
    // And what they write reads back to the same value.
    let again: order_shared::Order = from_bytes(Bytes::from(written), NS, "order").unwrap();
    assert_eq!(again, shared);
    // Copied when read from a borrowed slice (no buffer to share).
    let copied: order_shared::Order = from_xml(ORDER.as_bytes(), NS, "order").unwrap();
    assert_eq!(copied, shared);
}

#[test]
fn a_received_message_is_shared_too() {
    let envelope = format!(
        "<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Body>{ORDER}</s:Body></s:Envelope>"
    );
    let message = soapstone::decode(
        "text/xml; charset=utf-8",
        Bytes::from(envelope),
        &soapstone::Limits::default(),
    )
    .unwrap();
    let o: order_shared::Order = from_message(&message, NS, "order").unwrap();
    assert_eq!(&*o.line_item[0].title, "Lamp");
    assert!(inside(&o.line_item[0].title, &message.root_xml));
}

#[test]
fn invalid_utf8_is_an_error_not_a_panic() {
    let mut bad = ORDER.as_bytes().to_vec();
    let at = ORDER.find("Lamp").unwrap();
    bad[at] = 0xff;
    let e = from_bytes::<order_shared::Order>(Bytes::from(bad), NS, "order").unwrap_err();
    assert!(e.to_string().contains("UTF-8"), "{e}");
}
