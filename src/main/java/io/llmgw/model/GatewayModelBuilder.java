package io.llmgw.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.llmgw.api.v1alpha1.CacheSpec;
import io.llmgw.api.v1alpha1.ConditionReason;
import io.llmgw.api.v1alpha1.CredentialSpec;
import io.llmgw.api.v1alpha1.DatabaseSpec;
import io.llmgw.api.v1alpha1.FreeForm;
import io.llmgw.api.v1alpha1.IngressSpec;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.LiteLLMGatewaySpec;
import io.llmgw.api.v1alpha1.ModelSpec;
import io.llmgw.api.v1alpha1.RouterSettings;
import io.llmgw.api.v1alpha1.SecretKeyRef;

/**
 * Validates a gateway and builds its {@link GatewayModel}. The CRD schema and CEL rules refuse most mistakes at
 * apply time; these checks cover what they cannot see (Secrets, the rendered config, image policy) and repeat
 * the cross-field rules so the offline render refuses the same specs.
 */
final class GatewayModelBuilder {
    /**
     * Keys whose literal values would be secrets in the ConfigMap, matched anywhere in the key (api_key_2,
     * x-api-key, vertex_credentials, private_key, client_secret...). Counts of tokens (max_tokens) and names or
     * types of things (litellm_credential_name, auth_type) are not secrets.
     */
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(api_?key|master_?key|salt_?key|secret|password|passwd|pwd|access_?key|private_?key|credential|token|authorization|bearer|cookie|signature).*");
    private static final Pattern NOT_SECRET_KEY = Pattern.compile("(?i).*(tokens|_name|_names|_type|_id|_ids|_field|_header|_count)$");
    /** scheme://user:password@ in any string value: a URL that carries a password. */
    private static final Pattern URL_WITH_PASSWORD = Pattern.compile("(?i)[a-z][a-z0-9+.-]*://[^/@\\s?#]*:[^/@\\s?#]*@");
    /** $(NAME) in an env value: Kubernetes expands it from the variables defined before, including the operator's. */
    private static final Pattern DEPENDENT_VAR = Pattern.compile("\\$\\(([^)]*)\\)");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** Routing strategies that pick deployments from usage counters the router keeps in its cache. */
    private static final Set<String> SHARED_STATE_STRATEGIES = Set.of("usage-based-routing", "usage-based-routing-v2", "least-busy",
            "latency-based-routing");

    private final LiteLLMGateway gateway;
    private final LiteLLMGatewaySpec spec;
    private final SecretLookup secrets;
    private final RoutePolicy routes;
    private final Names names;
    private final List<Problem> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    GatewayModelBuilder(LiteLLMGateway gateway, SecretLookup secrets, RoutePolicy routes) {
        this.gateway = gateway;
        this.spec = gateway.getSpec();
        this.secrets = secrets;
        this.routes = routes;
        this.names = Names.of(gateway);
    }

    GatewayModel.Result build() {
        if (spec == null || spec.models == null || spec.models.isEmpty()) {
            return new GatewayModel.Result(null, List.of(new Problem(ConditionReason.INVALID_SPEC, "spec.models must list at least one model")), Set.of());
        }
        if (!checkQuantities()) {
            // Everything after this parses them; report the unparsable ones alone.
            return new GatewayModel.Result(null, List.copyOf(problems), Set.of());
        }
        checkCrossFieldRules();
        checkRouteNamespace();
        ImagePolicy.check(spec.image).ifPresent(problems::add);
        checkFreeFormSecrets();

        String externalUrl = externalUrl();
        EnvPlan env = new EnvPlan();
        ProxyEnvironment.wire(spec, names, externalUrl, env);
        var cache = spec.cache;
        boolean managedCache = cache != null && CacheSpec.DRAGONFLY.equals(cache.type);
        ConfigRenderer.Wiring wiring = new ConfigRenderer.Wiring(
                managedCache ? names.cacheHost() : cache != null && cache.redis != null ? cache.redis.host : null,
                managedCache ? Integer.valueOf(Defaults.REDIS_PORT) : cache != null && cache.redis != null ? cache.redis.port : null,
                ProxyEnvironment.cachePassword(spec, names) != null,
                cache != null && cache.redis != null && Boolean.TRUE.equals(cache.redis.tls),
                ProxyEnvironment.databaseUrl(spec, names) != null);
        Map<String, Object> config = new ConfigRenderer(spec, env, wiring).render();
        checkUnreadSettings(config);
        checkUrlPasswords("config", config);
        checkEnvReferences(config, env);
        checkOperatorSecretsStayPrivate(env);
        checkUserEnv(env);
        checkSecrets(env);
        Egress egress = Egress.of(spec, names, secrets);
        warn(egress);
        Set<String> referenced = new java.util.TreeSet<>();
        env.secretRefs().forEach(ref -> referenced.add(ref.name));
        // Indexed too, so creating a missing one resumes the gateway at once.
        Map<String, Set<String>> podSecrets = podSecretReferences();
        referenced.addAll(podSecrets.keySet());
        checkPodSecrets(podSecrets);
        if (!problems.isEmpty()) {
            return new GatewayModel.Result(null, List.copyOf(problems), referenced);
        }
        String yaml = ConfigRenderer.toYaml(config);
        String image = ImagePolicy.reference(spec.image);
        List<String> hashInput = new ArrayList<>(List.of(yaml, image));
        for (EnvVar var : env.vars()) {
            hashInput.add(var.getName() + "=" + (var.getValue() != null ? var.getValue()
                    : var.getValueFrom().getSecretKeyRef().getName() + "/" + var.getValueFrom().getSecretKeyRef().getKey()));
        }
        for (SecretKeyRef ref : env.secretRefs()) {
            hashInput.add(ref.name + "/" + ref.key + "#" + GatewayModel.secretDigest(secrets, ref));
        }
        // Files mounted from Secrets (trusted CAs, file mounts) are read at start: a new value must roll the pods.
        for (String mounted : mountedSecrets()) {
            hashInput.add(mounted + "#" + secrets.find(mounted).map(GatewayModel::secretDigest).orElse("absent"));
        }
        String hash = Hashing.sha256OfParts(hashInput.toArray(String[]::new)).substring(0, 16);
        // Offline (render) nothing is known about Secrets: count the generated keys as there.
        boolean generatedKeysPresent = !secrets.authoritative() || (spec.masterKeySecretRef != null && spec.saltKeySecretRef != null)
                || secrets.find(names.keysSecret()).isPresent();
        GatewayModel model = new GatewayModel(gateway, names, image, yaml, env, hash, externalUrl,
                egress, List.copyOf(warnings), generatedKeysPresent);
        return new GatewayModel.Result(model, List.of(), referenced);
    }

    private String externalUrl() {
        if (spec.sso != null && spec.sso.proxyBaseUrl != null) {
            return spec.sso.proxyBaseUrl;
        }
        if (spec.route != null && spec.route.hostnames != null && !spec.route.hostnames.isEmpty()) {
            return "https://" + spec.route.hostnames.get(0);
        }
        if (spec.ingress != null && spec.ingress.hosts != null && !spec.ingress.hosts.isEmpty()) {
            String host = spec.ingress.hosts.get(0);
            // The controller serves a host over TLS only when a tls entry lists it.
            boolean tls = spec.ingress.tls != null && spec.ingress.tls.stream().anyMatch(t -> t.hosts != null && t.hosts.contains(host));
            return (tls ? "https://" : "http://") + host;
        }
        return null;
    }

    private void checkCrossFieldRules() {
        Set<String> models = new HashSet<>();
        checkModelGroups(models);
        Set<String> credentials = new HashSet<>();
        if (spec.credentials != null) {
            for (CredentialSpec c : spec.credentials) {
                if (!credentials.add(c.name)) {
                    problems.add(Problem.of(ConditionReason.DUPLICATE_CREDENTIAL, "credential name %s is used twice", c.name));
                }
            }
        }
        for (ModelSpec m : spec.models) {
            if (m.credential != null && !credentials.contains(m.credential)) {
                problems.add(Problem.of(ConditionReason.UNKNOWN_CREDENTIAL, "model %s uses credential %s, which spec.credentials does not define",
                        m.name, m.credential));
            }
        }
        RouterSettings r = spec.routerSettings;
        if (r != null) {
            for (List<RouterSettings.Fallback> list : java.util.Arrays.asList(r.fallbacks, r.contextWindowFallbacks, r.contentPolicyFallbacks)) {
                if (list == null) {
                    continue;
                }
                for (RouterSettings.Fallback f : list) {
                    List<String> named = new ArrayList<>(f.to);
                    named.add(f.model);
                    for (String name : named) {
                        if (!models.contains(name)) {
                            problems.add(Problem.of(ConditionReason.UNKNOWN_FALLBACK_MODEL, "fallback for %s names model %s, which spec.models does not define",
                                    f.model, name));
                        }
                    }
                }
            }
        }
        if (spec.backup != null && spec.backup.schedule != null) {
            CronSchedule.problem(spec.backup.schedule).ifPresent(why -> problems.add(Problem.of(ConditionReason.INVALID_SCHEDULE,
                    "spec.backup.schedule %s %s", spec.backup.schedule, why)));
        }
        if (spec.backup != null && (spec.database == null || !DatabaseSpec.CLOUDNATIVEPG.equals(spec.database.type))) {
            problems.add(new Problem(ConditionReason.INVALID_SPEC, "spec.backup requires spec.database.type CloudNativePG"));
        }
        if (spec.cache != null && CacheSpec.REDIS.equals(spec.cache.type) && spec.cache.redis == null) {
            problems.add(new Problem(ConditionReason.INVALID_SPEC, "spec.cache.redis is required when spec.cache.type is Redis"));
        }
        checkBootstrap();
        checkDragonflyMemory();
        checkExtraEgress();
        checkIngress();
        if (spec.database != null && DatabaseSpec.EXTERNAL.equals(spec.database.type)
                && (spec.database.external == null || spec.database.external.urlSecretRef == null)) {
            problems.add(new Problem(ConditionReason.INVALID_SPEC, "spec.database.external.urlSecretRef is required when spec.database.type is External"));
        }
    }

    /**
     * Entries sharing a name form a group; each needs an explicit id (the name-derived default would be the same for
     * all of them). Ids, explicit or derived, must be unique: LiteLLM indexes deployments, cooldowns and usage by id.
     */
    private void checkModelGroups(Set<String> names) {
        Map<String, List<ModelSpec>> groups = groups(spec);
        names.addAll(groups.keySet());
        Map<String, List<String>> byId = new LinkedHashMap<>();
        for (var group : groups.entrySet()) {
            List<ModelSpec> members = group.getValue();
            if (members.size() > 1 && members.stream().anyMatch(m -> m.id == null)) {
                problems.add(Problem.of(ConditionReason.MODEL_GROUP_WITHOUT_ID, "model %s is declared %d times (a group of deployments); set a distinct"
                        + " spec.models[].id on each of them", group.getKey(), members.size()));
            }
            for (ModelSpec m : members) {
                byId.computeIfAbsent(m.id != null ? m.id : ConfigRenderer.defaultModelId(m.name), k -> new ArrayList<>()).add(m.name);
            }
        }
        byId.forEach((id, users) -> {
            if (users.size() > 1) {
                problems.add(Problem.of(ConditionReason.DUPLICATE_MODEL_ID, "model id %s is used by %d deployments (%s); ids must be unique",
                        id, users.size(), String.join(", ", users)));
            }
        });
    }

    /** How messages name an entry: spec.models[NAME], with the id when several entries share NAME. */
    static String modelPath(LiteLLMGatewaySpec spec, ModelSpec m) {
        boolean shared = spec.models.stream().filter(n -> java.util.Objects.equals(n.name, m.name)).count() > 1;
        return "spec.models[" + m.name + (shared && m.id != null ? " id " + m.id : "") + "]";
    }

    /** spec.models by name, in order: a name used once is a group of one. */
    static Map<String, List<ModelSpec>> groups(LiteLLMGatewaySpec spec) {
        Map<String, List<ModelSpec>> groups = new LinkedHashMap<>();
        for (ModelSpec m : spec.models) {
            groups.computeIfAbsent(m.name, k -> new ArrayList<>()).add(m);
        }
        return groups;
    }

    /** The CEL rule and pattern of networkPolicy.extraEgress, repeated for the offline render, plus the octets' range. */
    private void checkExtraEgress() {
        if (spec.networkPolicy == null || spec.networkPolicy.extraEgress == null) {
            return;
        }
        for (int i = 0; i < spec.networkPolicy.extraEgress.size(); i++) {
            var rule = spec.networkPolicy.extraEgress.get(i);
            String where = "spec.networkPolicy.extraEgress[" + i + "]";
            if ((rule.fqdn == null) == (rule.cidr == null)) {
                problems.add(Problem.of(ConditionReason.INVALID_SPEC, "%s: set exactly one of fqdn or cidr", where));
            } else if (rule.fqdn != null && !rule.fqdn.matches(io.llmgw.api.v1alpha1.NetworkPolicySpec.FQDN)) {
                problems.add(Problem.of(ConditionReason.INVALID_SPEC, "%s.fqdn %s is not a lowercase DNS name or *. pattern", where, ImageReference.quote(rule.fqdn)));
            } else if (rule.cidr != null && !validCidr(rule.cidr)) {
                problems.add(Problem.of(ConditionReason.INVALID_SPEC, "%s.cidr %s is not a CIDR", where, ImageReference.quote(rule.cidr)));
            }
            if (rule.ports == null || rule.ports.isEmpty() || rule.ports.stream().anyMatch(p -> p == null || p < 1 || p > 65535)) {
                problems.add(Problem.of(ConditionReason.INVALID_SPEC, "%s.ports must list TCP ports between 1 and 65535", where));
            }
        }
    }

    /** The CEL rules and host pattern of spec.ingress, repeated for the offline render. */
    private void checkIngress() {
        IngressSpec ingress = spec.ingress;
        if (ingress == null) {
            return;
        }
        if (ingress.hosts == null || ingress.hosts.isEmpty()) {
            problems.add(new Problem(ConditionReason.INVALID_SPEC, "spec.ingress.hosts must list at least one host"));
            return;
        }
        Set<String> hosts = new HashSet<>();
        for (String host : ingress.hosts) {
            if (host == null || !host.matches(IngressSpec.HOST)) {
                problems.add(Problem.of(ConditionReason.INVALID_SPEC, "spec.ingress.hosts: %s is not a lowercase DNS name (no wildcard, no IP address)",
                        ImageReference.quote(String.valueOf(host))));
            } else if (!hosts.add(host)) {
                problems.add(Problem.of(ConditionReason.INVALID_SPEC, "spec.ingress.hosts lists %s twice", host));
            }
        }
        if (ingress.tls != null) {
            for (int i = 0; i < ingress.tls.size(); i++) {
                List<String> covered = ingress.tls.get(i).hosts;
                if (covered == null || covered.isEmpty()) {
                    problems.add(Problem.of(ConditionReason.INVALID_SPEC, "spec.ingress.tls[%d].hosts must list at least one host", i));
                    continue;
                }
                for (String host : covered) {
                    if (!hosts.contains(host)) {
                        problems.add(Problem.of(ConditionReason.INVALID_SPEC, "spec.ingress.tls[%d] covers %s, which is not one of spec.ingress.hosts", i,
                                ImageReference.quote(String.valueOf(host))));
                    }
                }
            }
        }
    }

    static boolean validCidr(String cidr) {
        if (!cidr.matches(io.llmgw.api.v1alpha1.NetworkPolicySpec.CIDR)) {
            return false;
        }
        String address = cidr.substring(0, cidr.indexOf('/'));
        if (address.indexOf(':') >= 0) {
            try {
                // Bracketed, the JDK parses an IPv6 literal and never asks DNS.
                java.net.InetAddress.getByName("[" + address + "]");
                return true;
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        for (String octet : address.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    /** A route in another namespace only where the operator's setting opens that namespace (docs/security.md). */
    private void checkRouteNamespace() {
        if (spec.route == null || spec.route.namespace == null) {
            return;
        }
        String target = spec.route.namespace;
        if (!DNS_LABEL.matcher(target).matches()) {
            problems.add(Problem.of(ConditionReason.INVALID_SPEC, "spec.route.namespace %s is not a namespace name (a DNS label of at most 63 characters)",
                    ImageReference.quote(target)));
        } else if (!routes.allows(names.namespace(), target)) {
            problems.add(Problem.of(ConditionReason.ROUTE_NAMESPACE_NOT_ALLOWED,
                    "spec.route.namespace %s is not open to routes from namespace %s; the cluster admin lists namespaces that accept"
                            + " routes from other namespaces in the operator setting %s (now: %s)",
                    target, names.namespace(), RoutePolicy.PROPERTY,
                    routes.allowedNamespaces().isEmpty() ? "none" : String.join(",", routes.allowedNamespaces())));
        }
    }

    /**
     * Dragonfly exits at start unless it has at least 256 MiB per proactor thread; without --maxmemory it takes
     * 80% of the container's memory limit. Refuse a combination that would crash-loop.
     */
    private void checkDragonflyMemory() {
        if (spec.cache == null || !CacheSpec.DRAGONFLY.equals(spec.cache.type)) {
            return;
        }
        var dragonfly = spec.cache.dragonfly;
        int threads = dragonfly != null && dragonfly.threads != null ? dragonfly.threads : Defaults.DRAGONFLY_THREADS;
        long needed = threads * 256L * 1024 * 1024;
        long available;
        String from;
        if (dragonfly != null && dragonfly.maxMemory != null) {
            available = Quantity.getAmountInBytes(new Quantity(dragonfly.maxMemory)).longValue();
            from = "maxMemory " + dragonfly.maxMemory;
        } else {
            Quantity limit = dragonfly != null && dragonfly.resources != null && dragonfly.resources.getLimits() != null
                    ? dragonfly.resources.getLimits().get("memory")
                    : new Quantity(Defaults.DRAGONFLY_MEMORY_LIMIT);
            if (limit == null) {
                return;
            }
            available = Quantity.getAmountInBytes(limit).longValue() * 8 / 10;
            from = "80% of the memory limit " + limit;
        }
        if (available < needed) {
            problems.add(Problem.of(ConditionReason.CACHE_MEMORY_TOO_SMALL,
                    "Dragonfly needs at least 256Mi per thread: %d threads need %dMi but %s gives %dMi; lower cache.dragonfly.threads or raise its memory",
                    threads, needed >> 20, from, available >> 20));
        }
    }

    /**
     * Resource quantities are free strings in the CRD (the schema of Kubernetes' ResourceRequirements has no
     * pattern): one that does not parse is refused here rather than thrown later, while applying a child.
     */
    private boolean checkQuantities() {
        Map<String, ResourceRequirements> all = new LinkedHashMap<>();
        all.put("spec.resources", spec.resources);
        if (spec.cache != null && spec.cache.dragonfly != null) {
            all.put("spec.cache.dragonfly.resources", spec.cache.dragonfly.resources);
        }
        if (spec.database != null && spec.database.cloudNativePG != null) {
            all.put("spec.database.cloudNativePG.resources", spec.database.cloudNativePG.resources);
        }
        if (spec.presidio != null) {
            all.put("spec.presidio.analyzerResources", spec.presidio.analyzerResources);
            all.put("spec.presidio.anonymizerResources", spec.presidio.anonymizerResources);
        }
        boolean valid = true;
        for (var entry : all.entrySet()) {
            ResourceRequirements r = entry.getValue();
            if (r == null) {
                continue;
            }
            for (var kind : Map.of("requests", r.getRequests() != null ? r.getRequests() : Map.<String, Quantity> of(),
                    "limits", r.getLimits() != null ? r.getLimits() : Map.<String, Quantity> of()).entrySet()) {
                for (var q : new java.util.TreeMap<>(kind.getValue()).entrySet()) {
                    if (!isQuantity(q.getValue())) {
                        problems.add(Problem.of(ConditionReason.INVALID_QUANTITY, "%s.%s.%s: %s is not a non-negative Kubernetes quantity (e.g. 512Mi, 2, 500m)",
                                entry.getKey(), kind.getKey(), q.getKey(), q.getValue()));
                        valid = false;
                    }
                }
            }
        }
        return valid;
    }

    private static boolean isQuantity(Quantity q) {
        try {
            // Negative amounts parse but the API server refuses them in a pod spec (requests and limits alike).
            return q != null && q.getAmount() != null && Quantity.getAmountInBytes(q) != null && Quantity.getAmountInBytes(q).signum() >= 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The CEL rules on spec.database.cloudNativePG.bootstrap again (render sees no API server), and what CEL cannot see. */
    private void checkBootstrap() {
        var cnpg = spec.database != null ? spec.database.cloudNativePG : null;
        if (cnpg != null && cnpg.pgvectorImage != null && !Boolean.TRUE.equals(cnpg.pgvector)) {
            problems.add(new Problem(ConditionReason.INVALID_SPEC, "spec.database.cloudNativePG.pgvectorImage requires pgvector: true"));
        }
        var bootstrap = cnpg != null ? cnpg.bootstrap : null;
        if (bootstrap == null) {
            return;
        }
        String where = "spec.database.cloudNativePG.bootstrap";
        if (!DatabaseSpec.CLOUDNATIVEPG.equals(spec.database.type)) {
            problems.add(Problem.of(ConditionReason.INVALID_SPEC, "%s requires spec.database.type CloudNativePG", where));
        }
        if (spec.saltKeySecretRef == null) {
            problems.add(Problem.of(ConditionReason.SALT_KEY_REQUIRED, "%s requires spec.saltKeySecretRef: the imported or restored database holds values"
                    + " encrypted with the old gateway's LITELLM_SALT_KEY; put that key in a Secret and reference it", where));
        }
        if ((bootstrap.importFrom == null) == (bootstrap.recovery == null)) {
            problems.add(Problem.of(ConditionReason.INVALID_SPEC, "%s: set exactly one of import and recovery", where));
            return;
        }
        var recovery = bootstrap.recovery;
        if (recovery == null) {
            return;
        }
        boolean self = DatabaseSpec.Recovery.SELF.equals(recovery.source);
        if (self && spec.backup == null) {
            problems.add(Problem.of(ConditionReason.INVALID_SPEC, "%s.recovery from source Self needs spec.backup (the object store to restore from)", where));
            return;
        }
        if (!self && (recovery.destinationPath == null || recovery.s3Credentials == null)) {
            problems.add(Problem.of(ConditionReason.INVALID_SPEC, "%s.recovery from source ObjectStore needs destinationPath and s3Credentials", where));
            return;
        }
        if (recovery.targetTime != null) {
            try {
                java.time.OffsetDateTime.parse(recovery.targetTime);
            } catch (java.time.format.DateTimeParseException e) {
                problems.add(Problem.of(ConditionReason.INVALID_SPEC, "%s.recovery.targetTime %s is not an RFC 3339 time (e.g. 2026-05-04T10:00:00Z)",
                        where, ImageReference.quote(recovery.targetTime)));
            }
        }
        // CloudNativePG refuses to archive WAL into a folder that already holds an archive ("Expected empty archive"):
        // a gateway restoring from its own backups must write new ones elsewhere.
        if (spec.backup != null) {
            String readPath = self ? spec.backup.destinationPath : recovery.destinationPath;
            String readServer = recovery.serverName != null ? recovery.serverName : names.database();
            String writeServer = spec.backup.serverName != null ? spec.backup.serverName : names.database();
            if (java.util.Objects.equals(trimSlash(readPath), trimSlash(spec.backup.destinationPath)) && readServer.equals(writeServer)) {
                problems.add(Problem.of(ConditionReason.RECOVERY_ARCHIVE_CONFLICT, "%s.recovery reads the backups in %s/%s, where this gateway's new backups"
                        + " would go; CloudNativePG refuses to archive into a used folder: set spec.backup.serverName to a new name"
                        + " (e.g. %s-2)", where, trimSlash(readPath), readServer, names.database()));
            }
        }
    }

    private static String trimSlash(String path) {
        return path != null && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /**
     * Secrets the pods or the database use outside the operator's env wiring: spec.env valueFrom, spec.envFrom,
     * image pull Secrets and the backup's S3 credentials (non-optional ones only). Name to required keys (an empty
     * set when only the Secret must exist).
     */
    private Map<String, Set<String>> podSecretReferences() {
        Map<String, Set<String>> refs = new java.util.TreeMap<>();
        if (spec.env != null) {
            for (EnvVar v : spec.env) {
                var ref = v.getValueFrom() != null ? v.getValueFrom().getSecretKeyRef() : null;
                if (ref != null && ref.getName() != null && !Boolean.TRUE.equals(ref.getOptional())) {
                    refs.computeIfAbsent(ref.getName(), n -> new java.util.TreeSet<>()).add(ref.getKey());
                }
            }
        }
        if (spec.envFrom != null) {
            for (var source : spec.envFrom) {
                var ref = source.getSecretRef();
                if (ref != null && ref.getName() != null && !Boolean.TRUE.equals(ref.getOptional())) {
                    refs.computeIfAbsent(ref.getName(), n -> new java.util.TreeSet<>());
                }
            }
        }
        if (spec.image != null && spec.image.pullSecrets != null) {
            spec.image.pullSecrets.forEach(name -> refs.computeIfAbsent(name, n -> new java.util.TreeSet<>()));
        }
        if (spec.trustedCA != null && spec.trustedCA.secret != null) {
            refs.computeIfAbsent(spec.trustedCA.secret, n -> new java.util.TreeSet<>()).add(spec.trustedCA.key);
        }
        if (spec.files != null) {
            spec.files.stream().filter(f -> f.secret != null).forEach(f -> refs.computeIfAbsent(f.secret, n -> new java.util.TreeSet<>()));
        }
        if (spec.backup != null && spec.backup.s3Credentials != null) {
            var s3 = spec.backup.s3Credentials;
            for (SecretKeyRef ref : new SecretKeyRef[] { s3.accessKeyId, s3.secretAccessKey, s3.region }) {
                if (ref != null && ref.name != null) {
                    refs.computeIfAbsent(ref.name, n -> new java.util.TreeSet<>()).add(ref.key);
                }
            }
        }
        // What CloudNativePG reads for a bootstrap: checked to exist (a missing one would leave the Cluster stuck
        // bootstrapping), never copied.
        var bootstrap = spec.database != null && spec.database.cloudNativePG != null ? spec.database.cloudNativePG.bootstrap : null;
        if (bootstrap != null && bootstrap.importFrom != null && bootstrap.importFrom.passwordSecretRef != null) {
            var ref = bootstrap.importFrom.passwordSecretRef;
            refs.computeIfAbsent(ref.name, n -> new java.util.TreeSet<>()).add(ref.key);
        }
        if (bootstrap != null && bootstrap.recovery != null && bootstrap.recovery.s3Credentials != null) {
            var s3 = bootstrap.recovery.s3Credentials;
            for (SecretKeyRef ref : new SecretKeyRef[] { s3.accessKeyId, s3.secretAccessKey, s3.region }) {
                if (ref != null && ref.name != null) {
                    refs.computeIfAbsent(ref.name, n -> new java.util.TreeSet<>()).add(ref.key);
                }
            }
        }
        return refs;
    }

    private Set<String> mountedSecrets() {
        Set<String> mounted = new java.util.TreeSet<>();
        if (spec.trustedCA != null && spec.trustedCA.secret != null) {
            mounted.add(spec.trustedCA.secret);
        }
        if (spec.files != null) {
            spec.files.stream().map(f -> f.secret).filter(java.util.Objects::nonNull).forEach(mounted::add);
        }
        return mounted;
    }

    private void checkPodSecrets(Map<String, Set<String>> refs) {
        if (!secrets.authoritative()) {
            return;
        }
        refs.forEach((name, keys) -> {
            var secret = secrets.find(name);
            if (secret.isEmpty()) {
                problems.add(Problem.of(ConditionReason.SECRET_NOT_FOUND, "Secret %s/%s does not exist (referenced by the spec%s)", names.namespace(), name,
                        keys.isEmpty() ? "" : ", key " + String.join(", ", keys)));
                return;
            }
            for (String key : keys) {
                if (key != null && SecretLookup.value(secret.get(), key) == null) {
                    problems.add(Problem.of(ConditionReason.SECRET_KEY_NOT_FOUND, "Secret %s/%s has no key %s", names.namespace(), name, key));
                }
            }
        });
    }

    /** Secrets never go into the ConfigMap: a literal value under a secret-looking key in a free-form section is refused. */
    private void checkFreeFormSecrets() {
        for (ModelSpec m : spec.models) {
            scan(modelPath(spec, m) + ".litellmParams", m.litellmParams);
            scan(modelPath(spec, m) + ".modelInfo", m.modelInfo);
        }
        if (spec.credentials != null) {
            for (CredentialSpec c : spec.credentials) {
                scan("spec.credentials[" + c.name + "].info", c.info);
            }
        }
        if (spec.litellmSettings != null) {
            scan("spec.litellmSettings.extra", spec.litellmSettings.extra);
        }
        if (spec.routerSettings != null) {
            scan("spec.routerSettings.extra", spec.routerSettings.extra);
        }
        if (spec.generalSettings != null) {
            scan("spec.generalSettings.extra", spec.generalSettings.extra);
        }
        if (spec.guardrails != null) {
            for (int i = 0; i < spec.guardrails.size(); i++) {
                scan("spec.guardrails[" + i + "]", spec.guardrails.get(i));
            }
        }
        scan("spec.mcpServers", spec.mcpServers);
        if (spec.prompts != null) {
            for (int i = 0; i < spec.prompts.size(); i++) {
                scan("spec.prompts[" + i + "]", spec.prompts.get(i));
            }
        }
    }

    private void scan(String path, FreeForm section) {
        if (section != null) {
            scanValue(path, section.values());
        }
    }

    private void scanValue(String path, Object value) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                String child = path + "." + key;
                if (e.getValue() instanceof String s && secretKey(key) && !s.isBlank() && !s.startsWith(EnvPlan.ENV_PREFIX)) {
                    problems.add(Problem.of(ConditionReason.PLAIN_SECRET_IN_CONFIG,
                            "%s holds a literal value; secrets never go into the ConfigMap: use os.environ/NAME and set NAME from a Secret in spec.env",
                            child));
                }
                scanValue(child, e.getValue());
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                scanValue(path + "[" + i + "]", list.get(i));
            }
        }
    }

    static boolean secretKey(String key) {
        String normalized = key.replace('-', '_');
        return SECRET_KEY.matcher(normalized).matches() && !NOT_SECRET_KEY.matcher(normalized).matches();
    }

    /** A password inside a URL (postgres://u:pw@h/db) is a literal secret wherever it stands. */
    private void checkUrlPasswords(String path, Object value) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> checkUrlPasswords(path + "." + k, v));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                checkUrlPasswords(path + "[" + i + "]", list.get(i));
            }
        } else if (value instanceof String s && URL_WITH_PASSWORD.matcher(s).find()) {
            problems.add(Problem.of(ConditionReason.PLAIN_SECRET_IN_CONFIG,
                    "%s is a URL with a password; secrets never go into the ConfigMap: use os.environ/NAME and set NAME from a Secret in spec.env",
                    path));
        }
    }

    /**
     * LiteLLM turns an unset os.environ/ variable into null silently: every reference must be wired. And the
     * config may only name the gateway's own variables (spec.env, the ones generated for its Secret refs): one
     * naming the master key, salt key, database URL or any other variable the operator injects would let someone
     * who may edit the gateway, but not read its Secrets, send that value to a host of their choice.
     */
    private void checkEnvReferences(Map<String, Object> config, EnvPlan env) {
        Set<String> userEnv = new HashSet<>();
        if (spec.env != null) {
            spec.env.forEach(v -> userEnv.add(v.getName()));
        }
        boolean envFrom = spec.envFrom != null && !spec.envFrom.isEmpty();
        Set<String> missing = new LinkedHashSet<>();
        Set<String> forbidden = new LinkedHashSet<>();
        collectReferences("", config, false, missing, forbidden, env, userEnv);
        if (!forbidden.isEmpty()) {
            problems.add(Problem.of(ConditionReason.FORBIDDEN_ENV_REFERENCE,
                    "%s names a variable the operator sets for itself; the config may only reference variables of spec.env or Secret refs of the spec",
                    String.join(", ", forbidden)));
        }
        if (!missing.isEmpty() && !envFrom) {
            problems.add(Problem.of(ConditionReason.UNSET_ENV_REFERENCE,
                    "config references %s but no environment variable of that name is set; add it to spec.env from a Secret",
                    String.join(", ", missing)));
        } else if (!missing.isEmpty()) {
            warnings.add("config references " + String.join(", ", missing) + ", expected from spec.envFrom");
        }
    }

    private void collectReferences(String path, Object value, boolean inList, Set<String> missing, Set<String> forbidden, EnvPlan env,
            Set<String> userEnv) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectReferences(path.isEmpty() ? String.valueOf(k) : path + "." + k, v, false, missing, forbidden, env,
                    userEnv));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collectReferences(path + "[" + i + "]", list.get(i), true, missing, forbidden, env, userEnv);
            }
        } else if (value instanceof String s && s.strip().contains(EnvPlan.ENV_PREFIX)) {
            // LiteLLM strips every os.environ/ from the value before the lookup: judge the name it will read.
            String name = s.replace(EnvPlan.ENV_PREFIX, "").strip();
            if (s.equals(EnvPlan.ENV_PREFIX + operatorReferences().get(path))) {
                return;
            }
            if (env.operatorDefined(name) || operatorSecret(env.generatedSecretVariables().get(name))) {
                forbidden.add(path + " (" + ImageReference.quote(name) + ")");
            } else if (!s.startsWith(EnvPlan.ENV_PREFIX)) {
                return;
            } else if (inList) {
                problems.add(Problem.of(ConditionReason.UNRESOLVED_ENV_REFERENCE,
                        "%s stands inside a list, where LiteLLM does not resolve os.environ/ references", s));
            } else if (!env.defines(name) && !userEnv.contains(name)) {
                missing.add(name);
            }
        }
    }

    /** Where the operator itself writes os.environ/ references to its own variables (overwriting the user's). */
    private Map<String, String> operatorReferences() {
        Map<String, String> refs = new java.util.HashMap<>();
        refs.put("general_settings.master_key", ProxyEnvironment.MASTER_KEY);
        if (ProxyEnvironment.databaseUrl(spec, names) != null) {
            refs.put("general_settings.database_url", ProxyEnvironment.DATABASE_URL);
        }
        if (ProxyEnvironment.cachePassword(spec, names) != null) {
            refs.put("litellm_settings.cache_params.password", ProxyEnvironment.REDIS_PASSWORD);
            refs.put("router_settings.redis_password", ProxyEnvironment.REDIS_PASSWORD);
        }
        return refs;
    }

    /** The Secrets the operator creates for the gateway, whole, and the exact keys it injects by fixed name. */
    private boolean operatorSecret(SecretKeyRef ref) {
        if (ref == null) {
            return false;
        }
        if (Set.of(names.keysSecret(), names.cacheSecret(), names.databaseAppSecret()).contains(ref.name)) {
            return true;
        }
        for (SecretKeyRef own : java.util.Arrays.asList(ProxyEnvironment.masterKey(spec, names), ProxyEnvironment.saltKey(spec, names),
                ProxyEnvironment.databaseUrl(spec, names), ProxyEnvironment.cachePassword(spec, names))) {
            if (own != null && own.name != null && own.name.equals(ref.name) && java.util.Objects.equals(own.key, ref.key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * spec.env must not copy an operator secret into a variable of its own: no secretKeyRef to the operator's
     * Secrets or keys, no $(NAME) expansion of an operator variable, no envFrom of an operator Secret.
     */
    private void checkOperatorSecretsStayPrivate(EnvPlan env) {
        Set<String> refused = new LinkedHashSet<>();
        if (spec.env != null) {
            for (EnvVar v : spec.env) {
                var from = v.getValueFrom() != null ? v.getValueFrom().getSecretKeyRef() : null;
                if (from != null && operatorSecret(new SecretKeyRef(from.getName(), from.getKey()))) {
                    refused.add("spec.env " + v.getName() + " reads Secret " + from.getName() + " key " + from.getKey());
                }
                if (v.getValue() != null) {
                    var m = DEPENDENT_VAR.matcher(v.getValue());
                    while (m.find()) {
                        if (env.operatorDefined(m.group(1))) {
                            refused.add("spec.env " + v.getName() + " expands $(" + m.group(1) + ")");
                        }
                    }
                }
            }
        }
        if (spec.envFrom != null) {
            for (var source : spec.envFrom) {
                String name = source.getSecretRef() != null ? source.getSecretRef().getName() : null;
                if (name != null && (operatorSecret(new SecretKeyRef(name, null)) || operatorSecretName(name))) {
                    refused.add("spec.envFrom reads Secret " + name);
                }
            }
        }
        if (!refused.isEmpty()) {
            problems.add(Problem.of(ConditionReason.FORBIDDEN_ENV_REFERENCE,
                    "%s, a secret the operator manages for the gateway itself; give the gateway its own Secrets", String.join("; ", refused)));
        }
    }

    private boolean operatorSecretName(String secret) {
        for (SecretKeyRef own : java.util.Arrays.asList(ProxyEnvironment.masterKey(spec, names), ProxyEnvironment.saltKey(spec, names),
                ProxyEnvironment.databaseUrl(spec, names), ProxyEnvironment.cachePassword(spec, names))) {
            if (own != null && secret.equals(own.name)) {
                return true;
            }
        }
        return false;
    }

    private void checkUserEnv(EnvPlan env) {
        if (spec.env == null) {
            return;
        }
        for (EnvVar v : spec.env) {
            if (env.defines(v.getName())) {
                problems.add(Problem.of(ConditionReason.ENV_CONFLICT, "spec.env sets %s, which the operator wires itself; remove it or use the typed field",
                        v.getName()));
            }
        }
    }

    /** Referenced Secrets must exist (except those the operator or CloudNativePG creates). Values are never echoed. */
    private void checkSecrets(EnvPlan env) {
        if (!secrets.authoritative()) {
            return;
        }
        Set<String> managed = Set.of(names.keysSecret(), names.cacheSecret(), names.databaseAppSecret());
        for (SecretKeyRef ref : env.secretRefs()) {
            if (managed.contains(ref.name)) {
                continue;
            }
            var secret = secrets.find(ref.name);
            if (secret.isEmpty()) {
                problems.add(Problem.of(ConditionReason.SECRET_NOT_FOUND, "Secret %s/%s does not exist (needed for key %s)", names.namespace(), ref.name, ref.key));
            } else if (SecretLookup.value(secret.get(), ref.key) == null) {
                problems.add(Problem.of(ConditionReason.SECRET_KEY_NOT_FOUND, "Secret %s/%s has no key %s", names.namespace(), ref.name, ref.key));
            }
        }
        if (spec.masterKeySecretRef != null) {
            secrets.find(spec.masterKeySecretRef.name).map(s -> SecretLookup.value(s, spec.masterKeySecretRef.key))
                    .filter(v -> !v.startsWith("sk-"))
                    .ifPresent(v -> problems.add(Problem.of(ConditionReason.INVALID_MASTER_KEY,
                            "the master key in Secret %s (key %s) must start with sk-", spec.masterKeySecretRef.name,
                            spec.masterKeySecretRef.key)));
        }
    }

    /**
     * Keys LiteLLM accepts without reading them: a proxy-wide limit that would not exist is refused (running without
     * a cap the user believes in is worse than not running), any other is rendered with a warning.
     */
    private void checkUnreadSettings(Map<String, Object> config) {
        for (UnreadSettings.Entry e : UnreadSettings.in(config)) {
            if (e.refused()) {
                problems.add(new Problem(ConditionReason.PROXY_WIDE_LIMIT_UNSUPPORTED, e.message()));
            } else {
                warnings.add(e.message());
            }
        }
    }


    private void warn(Egress egress) {
        // With egress locked down, a destination the policies do not allow is a silent failure (alerts dropped,
        // traces lost): say which, and how to allow it.
        if (spec.networkPolicy != null && spec.networkPolicy.enabled) {
            egress.unresolved().forEach(w -> warnings.add("egress not derived: " + w));
        }
        boolean ingressNamespacesListed = spec.networkPolicy != null
                && ((spec.networkPolicy.ingressNamespaces != null && !spec.networkPolicy.ingressNamespaces.isEmpty())
                        || (spec.networkPolicy.ingressFrom != null && !spec.networkPolicy.ingressFrom.isEmpty()));
        if (spec.ingress != null && spec.ingress.controllerNamespace == null && spec.networkPolicy != null
                && spec.networkPolicy.enabled && !ingressNamespacesListed) {
            // Secure by default: the operator does not guess where the controller runs, so nothing admits it.
            warnings.add("the NetworkPolicy admits no ingress controller: set spec.ingress.controllerNamespace"
                    + " (or list the controller's namespace in spec.networkPolicy.ingressNamespaces or ingressFrom)");
        }
        var o = spec.observability;
        if (o != null && o.prometheus != null && o.prometheus.enabled && (spec.networkPolicy == null || !spec.networkPolicy.enabled)) {
            // The metrics port has no auth by design: the NetworkPolicy is what keeps it to Prometheus.
            warnings.add("metrics port " + Defaults.METRICS_PORT + " has no authentication and spec.networkPolicy is off:"
                    + " any pod that can reach the proxy pods can read the metrics (model, key alias and team names, spend)");
        }
        if (ImagePolicy.isMovingTag(spec.image)) {
            warnings.add("image tag " + ImagePolicy.tag(spec.image) + " moves; pin a version or a digest");
        }
        boolean licensed = spec.env != null && spec.env.stream().anyMatch(v -> "LITELLM_LICENSE".equals(v.getName()));
        if (spec.sso != null && spec.sso.jwt != null && spec.sso.jwt.enabled && !licensed) {
            warnings.add("sso.jwt: LiteLLM answers JWTs with 403 unless it has an Enterprise license (LITELLM_LICENSE in spec.env)");
        }
        int maxReplicas = maxReplicas();
        if (maxReplicas > 1 && (spec.cache == null || CacheSpec.NONE.equals(spec.cache.type))) {
            warnings.add("more than one replica without a shared cache: rpm/tpm limits are enforced per pod");
            String strategy = spec.routerSettings != null ? spec.routerSettings.routingStrategy : null;
            if (strategy != null && SHARED_STATE_STRATEGIES.contains(strategy)) {
                // The router keeps these counters in its cache: Redis when router_settings.redis_* is set, else per pod.
                warnings.add("routerSettings.routingStrategy " + strategy + " counts usage per pod without a shared cache: each of the up"
                        + " to " + maxReplicas + " replicas balances on its own share; set spec.cache");
            }
        }
        groups(spec).forEach((name, members) -> {
            var accessGroups = members.stream().map(m -> m.accessGroups == null ? Set.of() : Set.copyOf(m.accessGroups)).distinct().count();
            if (accessGroups > 1) {
                // LiteLLM grants access groups by model name: one deployment listing a group opens the whole name.
                warnings.add("the deployments of model " + name + " list different accessGroups; LiteLLM grants them by name, so every"
                        + " deployment of " + name + " is in each group any of them lists");
            }
        });
        if (spec.database != null && DatabaseSpec.CLOUDNATIVEPG.equals(spec.database.type)) {
            int pool = spec.generalSettings != null && spec.generalSettings.databaseConnectionPoolLimit != null
                    ? spec.generalSettings.databaseConnectionPoolLimit
                    : Defaults.DB_POOL_LIMIT;
            int workers = spec.workers != null ? spec.workers : 1;
            int max = maxConnections();
            // A rolling update adds one pod (maxSurge 1); the migration Job holds a couple of connections.
            int needed = (maxReplicas + 1) * workers * pool + 2;
            // Postgres keeps 3 connections for superusers; CNPG's own tooling needs a few more.
            if (needed > max - 10) {
                warnings.add(String.format("connection budget: (%d replicas + 1 during rollouts) x %d workers x pool %d + 2 for migrations"
                        + " = %d connections, Postgres allows %d; lower generalSettings.databaseConnectionPoolLimit or raise max_connections",
                        maxReplicas, workers, pool, needed, max));
            }
        }
    }

    private int maxReplicas() {
        int replicas = spec.replicas != null ? spec.replicas : 1;
        var a = spec.availability;
        if (a != null && a.autoscaling != null && a.autoscaling.enabled && a.autoscaling.maxReplicas != null) {
            replicas = Math.max(replicas, a.autoscaling.maxReplicas);
        }
        return replicas;
    }

    private int maxConnections() {
        var cnpg = spec.database.cloudNativePG;
        if (cnpg != null && cnpg.parameters != null && cnpg.parameters.get("max_connections") != null) {
            try {
                return Integer.parseInt(cnpg.parameters.get("max_connections"));
            } catch (NumberFormatException e) {
                return Defaults.POSTGRES_MAX_CONNECTIONS;
            }
        }
        return Defaults.POSTGRES_MAX_CONNECTIONS;
    }
}
