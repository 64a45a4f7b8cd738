soapstone::wsdl!("ui/wsdl/restriction-without-base.xsd");

fn main() {}
