package io.llmgw.operator;

import org.eclipse.microprofile.config.ConfigProvider;

import io.llmgw.model.RoutePolicy;

/**
 * Reads the operator setting {@value RoutePolicy#PROPERTY} (Quarkus config: application.properties, the
 * environment variable LLMGW_ROUTE_ALLOWED_NAMESPACES, or a system property). Read at every reconcile, so the
 * in-JVM test operator, which runs without Quarkus, sees a system property set by the test.
 */
final class RouteSettings {
    private RouteSettings() {
    }

    static RoutePolicy policy() {
        String value = System.getProperty(RoutePolicy.PROPERTY);
        if (value == null) {
            try {
                value = ConfigProvider.getConfig().getOptionalValue(RoutePolicy.PROPERTY, String.class).orElse(null);
            } catch (RuntimeException | LinkageError noConfig) {
                value = System.getenv("LLMGW_ROUTE_ALLOWED_NAMESPACES");
            }
        }
        return RoutePolicy.parse(value);
    }
}
