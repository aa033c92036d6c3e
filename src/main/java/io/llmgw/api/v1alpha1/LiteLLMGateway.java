package io.llmgw.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One LiteLLM proxy gateway and everything it needs: config, keys, database, cache, network and monitoring. */
@Group(LiteLLMGateway.GROUP)
@Version(LiteLLMGateway.VERSION)
@Kind("LiteLLMGateway")
@Plural("litellmgateways")
@ShortNames("llmgw")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Models", jsonPath = ".status.models", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Database", jsonPath = ".status.database")
@AdditionalPrinterColumn(name = "Cache", jsonPath = ".status.cache")
@AdditionalPrinterColumn(name = "URL", jsonPath = ".status.url")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class LiteLLMGateway extends CustomResource<LiteLLMGatewaySpec, LiteLLMGatewayStatus> implements Namespaced {
    public static final String GROUP = "llmgw.io";
    public static final String VERSION = "v1alpha1";
    public static final String CRD_NAME = "litellmgateways." + GROUP;
}
