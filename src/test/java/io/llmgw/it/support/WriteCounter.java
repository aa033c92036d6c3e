package io.llmgw.it.support;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;

/**
 * A fabric8 HTTP interceptor that records every write request (POST, PUT, PATCH, DELETE) a client sends to the
 * API server. Installed on the operator's client only, so the count is the operator's own writes. Leader election
 * (lease renewals every retry period, the start-up access review) is kept apart: it is not a write to a gateway's
 * objects and would otherwise make every steady-state measurement non-zero.
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
    private final List<Write> leaderElection = new CopyOnWriteArrayList<>();

    @Override
    public void before(BasicBuilder builder, HttpRequest request, Interceptor.RequestTags tags) {
        if (WRITES.contains(request.method())) {
            String query = request.uri().getRawQuery();
            String path = request.uri().getRawPath();
            Write write = new Write(System.nanoTime(), request.method(), path + (query != null ? "?" + query : ""));
            boolean election = path.startsWith("/apis/coordination.k8s.io/") || path.endsWith("/selfsubjectrulesreviews");
            (election ? leaderElection : writes).add(write);
        }
    }

    /** A position in the record, to count from. */
    public long mark() {
        return System.nanoTime();
    }

    public List<Write> since(long mark) {
        return writes.stream().filter(w -> w.nanoTime() >= mark).toList();
    }

    /** Writes of leader election (lease create/renew, access review) since a mark. */
    public List<Write> leaderElectionSince(long mark) {
        return leaderElection.stream().filter(w -> w.nanoTime() >= mark).toList();
    }

    public List<Write> all() {
        return List.copyOf(writes);
    }
}
