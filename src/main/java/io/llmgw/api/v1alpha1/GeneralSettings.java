package io.llmgw.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Min;

/** LiteLLM general_settings (keys, database URL and SSO are wired by the operator). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GeneralSettings {
    @Min(1)
    @JsonPropertyDescription("Connections per worker; replicas x workers x this must stay under Postgres max_connections.")
    public Integer databaseConnectionPoolLimit;
    @Min(1)
    public Integer databaseConnectionTimeout;
    public Boolean allowRequestsOnDbUnavailable;
    public Boolean disableSpendLogs;
    public Boolean disableErrorLogs;
    public Boolean storeModelInDb;
    public Boolean storePromptsInSpendLogs;
    @Min(1)
    public Integer proxyBatchWriteAt;
    @Min(1)
    public Integer proxyBudgetReschedulerMinTime;
    @Min(1)
    public Integer proxyBudgetReschedulerMaxTime;
    public Boolean backgroundHealthChecks;
    @Min(1)
    public Integer healthCheckInterval;
    @JsonPropertyDescription("Header carrying the end-user id, e.g. X-OpenWebUI-User-Email.")
    public String userHeaderName;

    @JsonPropertyDescription("Free-form extra general_settings; typed fields win. Never put secrets here.")
    public FreeForm extra;
}
