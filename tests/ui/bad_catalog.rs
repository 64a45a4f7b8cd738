soapstone::wsdl!(path = "../wsdl-samples/star-process-message/ProcessMessage.wsdl", catalog = "ui/wsdl/not-a-catalog.xml");

fn main() {}
