soapstone::wsdl!("ui/wsdl/unnamed-global.xsd");

fn main() {}
