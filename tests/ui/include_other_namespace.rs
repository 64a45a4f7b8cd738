soapstone::wsdl!("ui/wsdl/include-other-namespace.xsd");

fn main() {}
