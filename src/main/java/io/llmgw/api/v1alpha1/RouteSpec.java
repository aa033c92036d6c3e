package io.llmgw.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Gateway API HTTPRoute to the gateway's Service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RouteSpec {
    @Required
    @Size(min = 1, max = 16)
    public List<String> hostnames;

    @Required
    @Size(min = 1, max = 8)
    public List<ParentRef> parentRefs;

    @Default("/")
    @Pattern("^/.*")
    public String path = "/";

    @JsonPropertyDescription("Namespace for the HTTPRoute (default: the gateway's). Another namespace gets a ReferenceGrant to the Service.")
    public String namespace;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ParentRef {
        @Required
        public String name;
        public String namespace;
        public String sectionName;
    }
}
