soapstone::wsdl!("ui/wsdl/part-unknown-element.wsdl");

fn main() {}
