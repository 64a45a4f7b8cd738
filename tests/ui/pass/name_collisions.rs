// Operation and binding names that collide with what the generator adds
// (ui/wsdl/name-collisions.wsdl): the client, server trait, constants and
// aliases all get distinct names, and the generated server calls the trait's
// methods even for an operation named `clone`.
soapstone::wsdl!("ui/wsdl/name-collisions.wsdl", client = true, server = true);

use elements_binding as b;
use soapstone::bind::{BinaryElement, SimpleElement};
use soapstone::http::server::RequestCtx;
use soapstone::{Binary, Fault};

type Text = SimpleElement<String>;

struct Impl;

impl b::Service for Impl {
    async fn clone_op(&self, r: Text, _: RequestCtx) -> Result<Text, Fault> {
        Ok(r)
    }
    async fn new_op(&self, r: BinaryElement, _: RequestCtx) -> Result<BinaryElement, Fault> {
        Ok(r)
    }
    async fn inner_op(&self, r: Text, _: RequestCtx) -> Result<BinaryElement, Fault> {
        Ok(BinaryElement(Binary::from(r.0.into_bytes())))
    }
    async fn get(&self, r: Text, _: RequestCtx) -> Result<Text, Fault> {
        Ok(r)
    }
    async fn get_binaries(&self, r: Text, _: RequestCtx) -> Result<Text, Fault> {
        Ok(r)
    }
    async fn get_item(&self, r: Text, _: RequestCtx) -> Result<Text, Fault> {
        Ok(r)
    }
    async fn get_item_op(&self, r: Text, _: RequestCtx) -> Result<Text, Fault> {
        Ok(r)
    }
    async fn ping(&self, _: Ping, _: RequestCtx) -> Result<(), Fault> {
        Ok(())
    }
}

fn main() {
    let client = b::Client::for_port("ElementsPort").unwrap();
    // `clone` is still the derive's, not the operation's.
    let copy = client.clone();
    assert_eq!(copy.inner().endpoint(), "http://127.0.0.1:9/c");
    let _calls = async move {
        let _: Result<Text, _> = client.clone_op(&SimpleElement("x".into())).await;
        let _: Result<(), _> = client.ping(&Ping { n: 1 }).await;
    };
    assert_eq!(b::GET_BINARIES.len(), 0);
    assert_eq!(b::GET_BINARIES_OP.action, "urn:getBinaries");
    let _: b::GetItemInput = SimpleElement(String::new());
    let _: b::GetItemInputAlias = SimpleElement(String::new());
    assert_eq!(elements::TEXT, ("urn:collide", "text"));
    let _router: axum::Router = b::router(Impl, "/c");
}
