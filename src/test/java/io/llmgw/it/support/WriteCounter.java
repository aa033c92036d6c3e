package io.llmgw.it.support;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;

/**
 * A fabric8 HTTP interceptor that records every write request (POST, PUT, PATCH, DELETE) a client sends to the
 * API server. Installed on the operator's client only, so the count is the operator's own writes.
 */
public final class WriteCounter implements Interceptor {
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    /** One write: when, the HTTP method and the path with its query. */
    public record Write(long nanoTime, String method, String path) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private final List<Write> writes = new CopyOnWriteArrayList<>();

    @Override
    public void before(BasicBuilder builder, HttpRequest request, Interceptor.RequestTags tags) {
        if (WRITES.contains(request.method())) {
            String query = request.uri().getRawQuery();
            writes.add(new Write(System.nanoTime(), request.method(), request.uri().getRawPath() + (query != null ? "?" + query : "")));
        }
    }

    /** A position in the record, to count from. */
    public long mark() {
        return System.nanoTime();
    }

    public List<Write> since(long mark) {
        return writes.stream().filter(w -> w.nanoTime() >= mark).toList();
    }

    public List<Write> all() {
        return List.copyOf(writes);
    }
}
