// soapstone interop peer for SOAP with Attachments through the WSDL MIME
// binding (wsdl-samples/swa/SwaService.wsdl, ClaimIntakePortType): JAX-WS RI
// (Metro 2.3) client and server of submitClaim, whose photo and sketch parts
// (and the response's receiptPdf part) travel as MIME parts beside the
// envelope. Built by tests/peers/setup.sh, run through
// target/peers/bin/jaxws-swa-peer.
//
//   server PORT MAXREQ [TIMEOUT_S]   127.0.0.1:PORT/claims (SOAP 1.1); stops after MAXREQ answered
//                                    requests or TIMEOUT_S seconds (default 300). Answers
//                                    claimId = POLICY:PHOTO_LEN:PHOTO_CRC:SKETCH_LEN:SKETCH_CRC and
//                                    receiptPdf = "%PDF-1.4 receipt for POLICY".
//   call URL PHOTO_SIZE SKETCH_SIZE  sends policy P-7, photo = payload(PHOTO_SIZE), sketch =
//                                    payload(SKETCH_SIZE); stdout: claimId=... pdf=LEN:CRC
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
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.jws.WebService;
import javax.xml.namespace.QName;
import javax.xml.transform.stream.StreamSource;
import javax.xml.ws.BindingProvider;
import javax.xml.ws.Endpoint;
import javax.xml.ws.Holder;
import javax.xml.ws.soap.SOAPBinding;
import soapstone.peers.swa.ClaimIntakePortType;
import soapstone.peers.swa.ClaimIntakeService;
import soapstone.peers.swa.SubmitClaim;
import soapstone.peers.swa.SubmitClaimResponse;

public final class SwaPeer {
    private static final String NS = "http://soapstone.example/swa";

    private SwaPeer() {
    }

    /** The server side: what it received goes back in the claim id. */
    @WebService(endpointInterface = "soapstone.peers.swa.ClaimIntakePortType", targetNamespace = NS,
            serviceName = "ClaimIntakeService", portName = "ClaimIntakePort")
    public static final class ClaimEndpoint implements ClaimIntakePortType {
        @Override
        public void submitClaim(SubmitClaim claim, byte[] photo, byte[] sketch, Holder<SubmitClaimResponse> receipt,
                Holder<byte[]> receiptPdf) {
            SubmitClaimResponse r = new SubmitClaimResponse();
            r.setClaimId(claim.getPolicyNumber() + ":" + describe(photo) + ":" + describe(sketch));
            receipt.value = r;
            receiptPdf.value = ("%PDF-1.4 receipt for " + claim.getPolicyNumber()).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** A part as LENGTH:CRC32. */
    static String describe(byte[] b) {
        return b == null ? "null" : b.length + ":" + Payload.crc(b);
    }

    public static void main(String[] args) throws Exception {
        if (System.getenv("PEERS_VERBOSE") == null) {
            Logger.getLogger("").setLevel(Level.SEVERE); // Metro logs a lot at INFO/WARNING
        }
        try {
            System.exit(run(args));
        } catch (javax.xml.ws.WebServiceException | IOException e) {
            System.err.println("jaxws-swa-peer: " + e);
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) System.err.println("  caused by " + c);
            System.exit(1);
        }
    }

    private static int usage() {
        System.err.println("usage: jaxws-swa-peer server PORT MAXREQ [TIMEOUT_S]\n"
                + "       jaxws-swa-peer call URL PHOTO_SIZE SKETCH_SIZE");
        return 2;
    }

    private static int run(String[] a) throws Exception {
        if (a.length >= 3 && a.length <= 4 && a[0].equals("server")) {
            return server(Integer.parseInt(a[1]), Integer.parseInt(a[2]), a.length == 4 ? Integer.parseInt(a[3]) : 300);
        }
        if (a.length == 4 && a[0].equals("call")) {
            return call(a[1], Integer.parseInt(a[2]), Integer.parseInt(a[3]));
        }
        return usage();
    }

    private static File wsdl() throws IOException {
        String wsdl = System.getProperty("soapstone.peers.swa.wsdl");
        if (wsdl == null) throw new IOException("system property soapstone.peers.swa.wsdl (the WSDL file) is not set");
        return new File(wsdl);
    }

    private static int call(String url, int photoSize, int sketchSize) throws IOException {
        ClaimIntakeService service = new ClaimIntakeService(wsdl().toURI().toURL(), new QName(NS, "ClaimIntakeService"));
        ClaimIntakePortType port = service.getClaimIntakePort();
        Map<String, Object> rc = ((BindingProvider) port).getRequestContext();
        rc.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, url);
        rc.put("com.sun.xml.ws.connect.timeout", 20_000);
        rc.put("com.sun.xml.ws.request.timeout", 120_000);
        SubmitClaim claim = new SubmitClaim();
        claim.setPolicyNumber("P-7");
        claim.setDescription("hail damage");
        Holder<SubmitClaimResponse> receipt = new Holder<>();
        Holder<byte[]> pdf = new Holder<>();
        port.submitClaim(claim, Payload.bytes(photoSize), Payload.bytes(sketchSize), receipt, pdf);
        System.out.println("claimId=" + receipt.value.getClaimId() + " pdf=" + describe(pdf.value));
        return 0;
    }

    private static int server(int portNo, int maxRequests, int timeoutSeconds) throws Exception {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", portNo), 16);
        AtomicInteger answered = new AtomicInteger();
        CountDownLatch enough = new CountDownLatch(1);
        HttpContext ctx = http.createContext("/claims");
        // counts exchanges once Metro has written the whole response
        ctx.getFilters().add(new Filter() {
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
        });
        Endpoint endpoint = Endpoint.create(SOAPBinding.SOAP11HTTP_BINDING, new ClaimEndpoint());
        // The WSDL as the endpoint's primary document: its MIME binding is
        // what tells Metro which parameters travel as attachments.
        StreamSource source = new StreamSource(wsdl());
        source.setSystemId(wsdl().toURI().toString());
        endpoint.setMetadata(List.of(source));
        Map<String, Object> props = new HashMap<>();
        props.put(Endpoint.WSDL_SERVICE, new QName(NS, "ClaimIntakeService"));
        props.put(Endpoint.WSDL_PORT, new QName(NS, "ClaimIntakePort"));
        endpoint.setProperties(props);
        endpoint.publish(ctx);
        http.start();
        System.err.printf("jaxws-swa-peer server: listening on 127.0.0.1:%d/claims, %d requests or %d s%n",
                portNo, maxRequests, timeoutSeconds);
        boolean done = enough.await(timeoutSeconds, TimeUnit.SECONDS);
        System.err.println("jaxws-swa-peer server: " + (done ? "served " + answered.get() + " requests" : "time is up") + ", exiting");
        http.stop(0);
        return 0;
    }
}
