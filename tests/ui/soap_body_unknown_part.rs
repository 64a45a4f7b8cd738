soapstone::wsdl!("ui/wsdl/body-parts-unknown.wsdl");

fn main() {}
