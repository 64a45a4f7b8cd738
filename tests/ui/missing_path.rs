soapstone::wsdl!(mtom = "on");

fn main() {}
