package io.llmgw.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
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
// Wide only: empty for the many gateways without backups, where kubectl would print a blank column.
@AdditionalPrinterColumn(name = "Backup", jsonPath = ".status.conditions[?(@.type==\"BackupHealthy\")].reason", priority = 1)
@AdditionalPrinterColumn(name = "URL", jsonPath = ".status.url")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
// The name becomes the Service name (a DNS-1035 label) and the stem of every derived name: "-cache" (a Service)
// and "-migrate-<8 hex>" (a Job, whose name goes into a label) must still fit in 63 characters.
@ValidationRule(value = "self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')",
        message = "metadata.name must start with a lowercase letter and contain only lowercase letters, digits and '-' (no dots): it is the name of the gateway's Service")
@ValidationRule(value = "size(self.metadata.name) <= 57",
        message = "metadata.name must be at most 57 characters: the cache Service <name>-cache must fit in 63")
@ValidationRule(value = "!has(self.spec) || !has(self.spec.database) || self.spec.database.type == 'None' || size(self.metadata.name) <= 46",
        message = "with a database, metadata.name must be at most 46 characters: the migration Job <name>-migrate-<hash> must fit in 63")
public class LiteLLMGateway extends CustomResource<LiteLLMGatewaySpec, LiteLLMGatewayStatus> implements Namespaced {
    public static final String GROUP = "llmgw.io";
    public static final String VERSION = "v1alpha1";
    public static final String CRD_NAME = "litellmgateways." + GROUP;
}
