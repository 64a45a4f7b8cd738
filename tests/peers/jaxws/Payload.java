// soapstone interop peer: the shared test payload, Java side (see tests/peers/payload.py).
// Written for the soapstone project. SPDX-License-Identifier: MIT OR Apache-2.0
package soapstone.peers;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.activation.DataSource;

final class Payload {
    private static final int BLOCK_LEN = 1 << 16;
    private static final byte[] BLOCK = new byte[BLOCK_LEN];

    static {
        for (int i = 0; i < BLOCK_LEN; i++) {
            BLOCK[i] = (byte) ((i * 167 + (i >> 8) * 13) & 0xff);
        }
        byte[] trap = "\r\n--MIMEBoundary_fake\r\n\r\n--\r\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(trap, 0, BLOCK, 0, trap.length);
    }

    private Payload() {
    }

    /** The first {@code size} bytes of the repeated 64 KiB block. */
    static byte[] bytes(int size) {
        byte[] out = new byte[size];
        for (int at = 0; at < size; at += BLOCK_LEN) {
            System.arraycopy(BLOCK, 0, out, at, Math.min(BLOCK_LEN, size - at));
        }
        return out;
    }

    static String hex(long crc) {
        return String.format("%08x", crc & 0xffffffffL);
    }

    static String crc(byte[] data) {
        CRC32 c = new CRC32();
        c.update(data, 0, data.length);
        return hex(c.getValue());
    }

    /** A DataSource over a byte array, typed application/octet-stream. */
    static final class Source implements DataSource {
        private final byte[] data;
        private final String type;

        Source(byte[] data) {
            this(data, "application/octet-stream");
        }

        Source(byte[] data, String type) {
            this.data = data;
            this.type = type;
        }

        @Override public InputStream getInputStream() { return new ByteArrayInputStream(data); }
        @Override public OutputStream getOutputStream() { throw new UnsupportedOperationException("read-only"); }
        @Override public String getContentType() { return type; }
        @Override public String getName() { return "document.bin"; }
    }
}
