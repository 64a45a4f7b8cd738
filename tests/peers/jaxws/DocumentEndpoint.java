// soapstone interop peer: the JAX-WS RI (Metro) server side of DocumentService.
// Written for the soapstone project. SPDX-License-Identifier: MIT OR Apache-2.0
package soapstone.peers;

import com.sun.xml.ws.api.message.Packet;
import com.sun.xml.ws.api.server.WSWebServiceContext;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.zip.CRC32;
import javax.activation.DataHandler;
import javax.annotation.Resource;
import javax.jws.WebService;
import javax.xml.ws.Holder;
import javax.xml.ws.WebServiceContext;
import javax.xml.ws.WebServiceException;
import org.jvnet.staxex.StreamingDataHandler;
import soapstone.peers.docs.DocumentPortType;

/**
 * One instance per published binding (SOAP 1.1 on /docs, SOAP 1.2 on /docs12).
 *
 * uploadDocument answers "OK-XOP" when the bytes arrived as an MTOM attachment
 * (Metro then hands over a streaming DataHandler backed by the MIME part) and
 * "OK-INLINE" when they were base64 text in the envelope.
 *
 * downloadDocument answers MTOM unless fileName ends in ".inline".  Stock Metro
 * decides by the request instead (MTOM only when the request was multipart or
 * its Accept header lists application/xop+xml); this endpoint overrides that
 * decision on the request packet, from which Metro derives the response's.
 */
@WebService(endpointInterface = "soapstone.peers.docs.DocumentPortType",
        targetNamespace = "urn:example:peers:docs", serviceName = "DocumentService",
        portName = "DocumentPortSoap11")
public class DocumentEndpoint implements DocumentPortType {
    @Resource
    private WebServiceContext context;

    @Override
    public void uploadDocument(String fileName, String mimeCode, DataHandler attachmentData,
                               Holder<String> status, Holder<Long> receivedBytes, Holder<String> crc32) {
        boolean xop = attachmentData instanceof StreamingDataHandler;
            CRC32 crc = new CRC32();
            long count = 0;
            if (attachmentData != null) {
                try (InputStream in = attachmentData.getInputStream()) {
                    byte[] buf = new byte[64 * 1024];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        crc.update(buf, 0, n);
                        count += n;
                    }
                } catch (IOException e) {
                    throw new WebServiceException("reading attachmentData", e);
                }
            }
            status.value = xop ? "OK-XOP" : "OK-INLINE";
            receivedBytes.value = count;
            crc32.value = Payload.hex(crc.getValue());
            System.err.printf("jaxws-peer server: upload %d bytes crc32=%s %s (%s)%n", count, crc32.value,
                    xop ? "xop" : "inline", attachmentData == null ? "null" : attachmentData.getClass().getSimpleName());
    }

    @Override
    public void downloadDocument(Holder<String> fileName, long size, Holder<String> mimeCode,
                                 Holder<DataHandler> attachmentData) {
        boolean inline = fileName.value != null && fileName.value.endsWith(".inline");
            forceMtom(!inline);
            mimeCode.value = "application/octet-stream";
            attachmentData.value = new DataHandler(new Payload.Source(Payload.bytes((int) size)));
            System.err.printf("jaxws-peer server: download %d bytes as %s%n", size, inline ? "inline" : "mtom");
    }

    private void forceMtom(boolean mtom) {
        Packet request = ((WSWebServiceContext) context).getRequestPacket();
        request.setMtomRequest(mtom);
        try {
            Field acceptable = Packet.class.getDeclaredField("mtomAcceptable");
            acceptable.setAccessible(true);
            acceptable.set(request, mtom);
        } catch (ReflectiveOperationException e) {
            throw new WebServiceException("cannot steer Metro's MTOM decision", e);
        }
    }
}
