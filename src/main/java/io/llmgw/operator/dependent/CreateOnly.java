package io.llmgw.operator.dependent;

import java.net.HttpURLConnection;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Creates that must not overwrite: tried first, and only when the API server answers 409 Conflict (the name exists,
 * though the informer has not shown it) is the existing object read. No read before a create: it cost a request per
 * new object.
 */
public final class CreateOnly {
    /** A resourceVersion no existing object has: a server-side apply carrying it only creates, as JOSDK's create does. */
    public static final String RESOURCE_VERSION = "1";

    private CreateOnly() {
    }

    /** The object the failed create collided with; the create's own failure when it was no conflict, or that object is gone. */
    public static <R extends HasMetadata> R existingAfter(KubernetesClientException failure, KubernetesClient client, R desired) {
        if (failure.getCode() != HttpURLConnection.HTTP_CONFLICT) {
            throw failure;
        }
        R existing = client.resource(desired).get();
        if (existing == null) {
            throw failure;
        }
        return existing;
    }
}
