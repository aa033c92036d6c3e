package io.llmgw.it.support;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;

/** JOSDK metrics hook recording which primaries were reconciled, and failures, so tests can prove work was done. */
public final class Reconciliations implements Metrics {
    public record Reconciliation(long nanoTime, String resource, boolean succeeded, String error) {
    }

    private final List<Reconciliation> all = new CopyOnWriteArrayList<>();

    @Override
    public void reconciliationSucceeded(HasMetadata resource, Map<String, Object> metadata) {
        all.add(new Reconciliation(System.nanoTime(), key(resource), true, null));
    }

    @Override
    public void reconciliationFailed(HasMetadata resource, RetryInfo retry, Exception exception, Map<String, Object> metadata) {
        all.add(new Reconciliation(System.nanoTime(), key(resource), false, String.valueOf(exception)));
    }

    /** "namespace/name" of every primary reconciled successfully since the mark. */
    public Set<String> succeededSince(long mark) {
        return all.stream().filter(r -> r.nanoTime() >= mark && r.succeeded()).map(Reconciliation::resource).collect(Collectors.toSet());
    }

    public List<Reconciliation> failedSince(long mark) {
        return all.stream().filter(r -> r.nanoTime() >= mark && !r.succeeded()).toList();
    }

    private static String key(HasMetadata resource) {
        return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    }
}
