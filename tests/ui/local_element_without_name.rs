soapstone::wsdl!("ui/wsdl/local-element-without-name.xsd");

fn main() {}
