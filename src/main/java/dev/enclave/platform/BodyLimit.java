package dev.enclave.platform;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

/**
 * Request bodies are at most 1 MiB. A body that declares a larger Content-Length is refused by {@link HttpEdge}
 * before it is read; one sent without a length (chunked) is counted here while it is parsed and refused with the
 * same 413 problem once it passes the limit. {@code quarkus.http.limits.max-body-size} is set above this limit, as a
 * backstop that must never be the one to answer (it answers with an empty body).
 */
@Provider
public class BodyLimit implements ReaderInterceptor {

    public static final long MAX_BYTES = 1024 * 1024;
    static final String TOO_LARGE = "the request body is larger than 1 MiB";

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        context.setInputStream(new Counting(context.getInputStream()));
        return context.proceed();
    }

    private static final class Counting extends FilterInputStream {
        private long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(long n) {
            count += n;
            if (count > MAX_BYTES) {
                throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, TOO_LARGE);
            }
        }
    }
}
