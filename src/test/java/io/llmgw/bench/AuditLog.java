package io.llmgw.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The write requests of a kube-apiserver audit log (JSON lines, policy: level Metadata for create, update, patch,
 * delete and deletecollection, nothing else; stage ResponseComplete). Each entry is counted at the time the API
 * server received it. Leader election (Lease writes, and the start-up SelfSubjectRulesReview) is kept apart.
 */
final class AuditLog {
    record Write(long receivedMs, String user, String verb, String resource, String subresource, String namespace, String name,
            int code) {
        boolean leaderElection() {
            return "leases".equals(resource) || "selfsubjectrulesreviews".equals(resource)
                    || "selfsubjectaccessreviews".equals(resource);
        }

        String kind() {
            return verb + " " + resource + (subresource != null ? "/" + subresource : "") + (code >= 300 ? " (" + code + ")" : "");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Write> writes;

    private AuditLog(List<Write> writes) {
        this.writes = writes;
    }

    static AuditLog read(Path file) throws IOException {
        List<Write> writes = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            for (String line; (line = in.readLine()) != null;) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode e = JSON.readTree(line);
                if (!"ResponseComplete".equals(e.path("stage").asText()) && !"Panic".equals(e.path("stage").asText())) {
                    continue;
                }
                JsonNode ref = e.path("objectRef");
                writes.add(new Write(Instant.parse(e.path("requestReceivedTimestamp").asText()).toEpochMilli(),
                        e.path("user").path("username").asText(), e.path("verb").asText(), text(ref, "resource"),
                        text(ref, "subresource"), text(ref, "namespace"), text(ref, "name"), e.path("responseStatus").path("code").asInt()));
            }
        }
        return new AuditLog(writes);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    AuditLog between(long fromMs, long toMs) {
        return new AuditLog(writes.stream().filter(w -> w.receivedMs() >= fromMs && w.receivedMs() < toMs).toList());
    }

    AuditLog where(Predicate<Write> filter) {
        return new AuditLog(writes.stream().filter(filter).toList());
    }

    AuditLog user(String user) {
        return where(w -> w.user().equals(user));
    }

    int count() {
        return writes.size();
    }

    int gatewayWrites() {
        return where(w -> !w.leaderElection()).count();
    }

    int leaderElectionWrites() {
        return where(Write::leaderElection).count();
    }

    /** "user: verb resource[/subresource] (code)" -> count, for the report's breakdown. */
    Map<String, Long> breakdown() {
        return writes.stream().collect(Collectors.groupingBy(w -> w.user() + ": " + w.kind(), TreeMap::new, Collectors.counting()));
    }

    /** Writes per object (namespace/resource/name), most written first. */
    Map<String, Long> perObject() {
        return writes.stream().collect(Collectors.groupingBy(w -> w.resource() + (w.subresource() != null ? "/" + w.subresource() : "")
                + " " + w.namespace() + "/" + w.name(), TreeMap::new, Collectors.counting()));
    }
}
