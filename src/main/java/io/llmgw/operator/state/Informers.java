package io.llmgw.operator.state;

/**
 * Names of the informers that several dependents share (one informer per kind; the other dependents have one
 * each), so the reconciler that declares them and the code that reads their caches name the same one.
 */
public final class Informers {
    /** Secrets the gateways reference and the ones the operator generates. */
    public static final String SECRETS = "secrets";
    public static final String DEPLOYMENTS = "deployments";
    public static final String SERVICES = "services";
    public static final String CONFIG_MAPS = "config-maps";
    /** The proxy pods, read for status only. */
    public static final String PROXY_PODS = "proxy-pods";

    private Informers() {
    }
}
