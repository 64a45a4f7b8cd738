soapstone::wsdl!("ui/wsdl/does-not-exist.wsdl");

fn main() {}
