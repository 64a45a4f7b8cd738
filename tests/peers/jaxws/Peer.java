// soapstone interop peer: JAX-WS RI (Debian libjaxws-java, Metro 2.3) client and server
// for DocumentService.  Built by tests/peers/setup.sh, run through target/peers/bin/jaxws-peer.
//
//   server PORT MAXREQ [TIMEOUT_S]       127.0.0.1:PORT, /docs = SOAP 1.1, /docs12 = SOAP 1.2 (both MTOM-enabled);
//                                        stops after MAXREQ answered requests or TIMEOUT_S seconds (default 300)
//   upload URL SIZE [inline] [soap12]    stdout: status=S receivedBytes=N crc32=XXXXXXXX
//   download URL SIZE [inline] [soap12]  stdout: got=N crc32=XXXXXXXX
//   payload SIZE                         stdout: SIZE XXXXXXXX
// Exit status: 0 call completed, 1 transport error or SOAP fault (stderr), 2 bad usage.
//
// Written for the soapstone project. SPDX-License-Identifier: MIT OR Apache-2.0
package soapstone.peers;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32;
import javax.activation.DataHandler;
import javax.xml.namespace.QName;
import javax.xml.ws.BindingProvider;
import javax.xml.ws.Endpoint;
import javax.xml.ws.Holder;
import javax.xml.ws.soap.MTOMFeature;
import javax.xml.ws.soap.SOAPBinding;
import org.jvnet.staxex.StreamingDataHandler;
import soapstone.peers.docs.DocumentPortType;
import soapstone.peers.docs.DocumentService;

public final class Peer {
    private static final String NS = "urn:example:peers:docs";

    private Peer() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getenv("PEERS_VERBOSE") == null) {
            Logger.getLogger("").setLevel(Level.SEVERE); // Metro logs a lot at INFO/WARNING
        }
        try {
            System.exit(run(args));
        } catch (javax.xml.ws.WebServiceException | IOException e) {
            System.err.println("jaxws-peer: " + e);
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) System.err.println("  caused by " + c);
            System.exit(1);
        }
    }

    private static int usage() {
        System.err.println("usage: jaxws-peer server PORT MAXREQ [TIMEOUT_S]\n"
                + "       jaxws-peer upload URL SIZE [inline] [soap12]\n"
                + "       jaxws-peer download URL SIZE [inline] [soap12]\n"
                + "       jaxws-peer payload SIZE");
        return 2;
    }

    private static int run(String[] a) throws Exception {
        if (a.length < 2) return usage();
        switch (a[0]) {
            case "server":
                if (a.length < 3 || a.length > 4) return usage();
                return server(Integer.parseInt(a[1]), Integer.parseInt(a[2]), a.length == 4 ? Integer.parseInt(a[3]) : 300);
            case "payload": {
                byte[] p = Payload.bytes(Integer.parseInt(a[1]));
                System.out.println(p.length + " " + Payload.crc(p));
                return 0;
            }
            case "upload":
            case "download":
                break;
            default:
                return usage();
        }
        if (a.length < 3) return usage();
        boolean inline = false, soap12 = false;
        for (int i = 3; i < a.length; i++) {
            if (a[i].equals("inline")) inline = true;
            else if (a[i].equals("soap12")) soap12 = true;
            else return usage();
        }
        int size = Integer.parseInt(a[2]);
        DocumentPortType port = port(a[1], !inline, soap12);
        if (a[0].equals("upload")) {
            Holder<String> status = new Holder<>(), crc = new Holder<>();
            Holder<Long> received = new Holder<>();
            port.uploadDocument("document.bin", "application/octet-stream",
                    new DataHandler(new Payload.Source(Payload.bytes(size))), status, received, crc);
            System.out.println("status=" + status.value + " receivedBytes=" + received.value + " crc32=" + crc.value);
        } else {
            Holder<String> fileName = new Holder<>(inline ? "document.inline" : "document.bin"), mime = new Holder<>();
            Holder<DataHandler> data = new Holder<>();
            port.downloadDocument(fileName, size, mime, data);
            CRC32 crc = new CRC32();
            long n = 0;
            if (data.value != null) {
                try (InputStream in = data.value.getInputStream()) {
                    byte[] buf = new byte[64 * 1024];
                    for (int r; (r = in.read(buf)) > 0; ) {
                        crc.update(buf, 0, r);
                        n += r;
                    }
                }
            }
            System.err.println("jaxws-peer download: data came "
                    + (data.value instanceof StreamingDataHandler ? "as an attachment" : "inline"));
            System.out.println("got=" + n + " crc32=" + Payload.hex(crc.getValue()));
        }
        return 0;
    }

    private static DocumentPortType port(String url, boolean mtom, boolean soap12) throws IOException {
        String wsdl = System.getProperty("soapstone.peers.wsdl");
        if (wsdl == null) throw new IOException("system property soapstone.peers.wsdl (the WSDL file) is not set");
        DocumentService service = new DocumentService(new File(wsdl).toURI().toURL(), new QName(NS, "DocumentService"));
        MTOMFeature feature = new MTOMFeature(mtom);
        DocumentPortType port = soap12 ? service.getDocumentPortSoap12(feature) : service.getDocumentPortSoap11(feature);
        Map<String, Object> rc = ((BindingProvider) port).getRequestContext();
        rc.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, url);
        rc.put("com.sun.xml.ws.connect.timeout", 20_000);
        rc.put("com.sun.xml.ws.request.timeout", 120_000);
        return port;
    }

    private static int server(int portNo, int maxRequests, int timeoutSeconds) throws Exception {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", portNo), 16);
        AtomicInteger answered = new AtomicInteger();
        CountDownLatch enough = new CountDownLatch(1);
        // counts exchanges once Metro has written the whole response
        Filter counter = new Filter() {
            @Override
            public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
                try {
                    chain.doFilter(exchange);
                } finally {
                    if (answered.incrementAndGet() >= maxRequests) enough.countDown();
                }
            }

            @Override
            public String description() {
                return "request counter";
            }
        };
        publish(http, "/docs", SOAPBinding.SOAP11HTTP_BINDING, new DocumentEndpoint(), counter);
        publish(http, "/docs12", SOAPBinding.SOAP12HTTP_BINDING, new DocumentEndpoint(), counter);
        http.start();
        System.err.printf("jaxws-peer server: listening on 127.0.0.1:%d (/docs SOAP 1.1, /docs12 SOAP 1.2), %d requests or %d s%n",
                portNo, maxRequests, timeoutSeconds);
        boolean done = enough.await(timeoutSeconds, TimeUnit.SECONDS);
        System.err.println("jaxws-peer server: " + (done ? "served " + answered.get() + " requests" : "time is up") + ", exiting");
        http.stop(0);
        return 0;
    }

    private static void publish(HttpServer http, String path, String binding, DocumentEndpoint impl, Filter counter) {
        HttpContext ctx = http.createContext(path);
        ctx.getFilters().add(counter);
        Endpoint endpoint = Endpoint.create(binding, impl, new MTOMFeature(true));
        endpoint.publish(ctx);
    }
}
