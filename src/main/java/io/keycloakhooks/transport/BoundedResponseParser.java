package io.keycloakhooks.transport;

import java.io.IOException;

import org.apache.http.HttpException;
import org.apache.http.HttpResponse;
import org.apache.http.MessageConstraintException;
import org.apache.http.config.ConnectionConfig;
import org.apache.http.config.MessageConstraints;
import org.apache.http.impl.conn.DefaultHttpResponseParser;
import org.apache.http.io.HttpMessageParserFactory;
import org.apache.http.io.HttpTransportMetrics;
import org.apache.http.io.SessionInputBuffer;
import org.apache.http.util.CharArrayBuffer;

/**
 * Reads a response head (status line and headers) within limits (docs/receivers.md#what-every-request-looks-like):
 * HttpCore bounds nothing by default, so a hostile endpoint could make a call buffer megabytes of headers. The
 * connection's {@link MessageConstraints} bound each line (checked as it is read) and the header count; this
 * parser adds the total, which also bounds the lines HttpCore skips before a status line.
 */
final class BoundedResponseParser extends DefaultHttpResponseParser {

    /** The longest status or header line, in bytes. */
    static final int MAX_LINE_BYTES = 8 * 1024;
    static final int MAX_HEADERS = 100;
    /** The whole head, line ends included. */
    static final int MAX_HEAD_BYTES = 64 * 1024;

    /** A response head over the limits; its message never holds response content. */
    static final class TooLargeException extends IOException {
        TooLargeException() {
            super("response headers too large");
        }
    }

    static final HttpMessageParserFactory<HttpResponse> FACTORY = (buffer, constraints) ->
            new BoundedResponseParser(new CountingBuffer(buffer), constraints);

    /** HttpCore refuses a head once its header count reaches the maximum, hence the one more. */
    static final ConnectionConfig CONNECTION_CONFIG = ConnectionConfig.custom()
            .setMessageConstraints(MessageConstraints.custom()
                    .setMaxLineLength(MAX_LINE_BYTES)
                    .setMaxHeaderCount(MAX_HEADERS + 1)
                    .build())
            .build();

    private final CountingBuffer buffer;

    private BoundedResponseParser(CountingBuffer buffer, MessageConstraints constraints) {
        super(buffer, constraints);
        this.buffer = buffer;
    }

    @Override
    public HttpResponse parse() throws IOException, HttpException {
        buffer.headBytes = 0;
        try {
            return super.parse();
        } catch (MessageConstraintException e) {
            throw new TooLargeException();
        }
    }

    /** The connection's input, counting what the parser reads as lines. */
    private static final class CountingBuffer implements SessionInputBuffer {
        private final SessionInputBuffer in;
        long headBytes;

        CountingBuffer(SessionInputBuffer in) {
            this.in = in;
        }

        @Override
        public int readLine(CharArrayBuffer line) throws IOException {
            int length = in.readLine(line);
            count(length);
            return length;
        }

        @Override
        public String readLine() throws IOException {
            String line = in.readLine();
            count(line == null ? -1 : line.length());
            return line;
        }

        private void count(int length) throws MessageConstraintException {
            if (length >= 0) {
                headBytes += length + 2;
                if (headBytes > MAX_HEAD_BYTES) {
                    throw new MessageConstraintException("Maximum head size exceeded");
                }
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public int read(byte[] b) throws IOException {
            return in.read(b);
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public boolean isDataAvailable(int timeout) throws IOException {
            return in.isDataAvailable(timeout);
        }

        @Override
        public HttpTransportMetrics getMetrics() {
            return in.getMetrics();
        }
    }
}
