package io.llmgw.model;

import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.llmgw.api.v1alpha1.BackupSpec;
import io.llmgw.api.v1alpha1.ConditionReason;
import io.llmgw.api.v1alpha1.SecretKeyRef;

/**
 * The Secrets a gateway reads, through the operator's env wiring or outside it: each must exist with its keys
 * (except those the operator or CloudNativePG creates). Values are never echoed.
 */
final class SecretReferences extends SpecSection {
    SecretReferences(Context context) {
        super(context);
    }

    /** The Secrets the operator (keys, cache password) or CloudNativePG (the app user) creates for the gateway. */
    static Set<String> managed(Names names) {
        return Set.of(names.keysSecret(), names.cacheSecret(), names.databaseAppSecret());
    }

    /** The Secret keys of the operator's env wiring, and a master key that LiteLLM would refuse. */
    void checkEnvSecrets(EnvPlan env) {
        if (!secrets.authoritative()) {
            return;
        }
        Set<String> managed = managed(names);
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
     * Secrets the pods or the database use outside the operator's env wiring: spec.env valueFrom, spec.envFrom,
     * image pull Secrets and the backup's S3 credentials (non-optional ones only). Name to required keys (an empty
     * set when only the Secret must exist).
     */
    Map<String, Set<String>> podSecretReferences() {
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
            addS3Credentials(refs, spec.backup.s3Credentials);
        }
        // What CloudNativePG reads for a bootstrap: checked to exist (a missing one would leave the Cluster stuck
        // bootstrapping), never copied.
        var bootstrap = spec.database != null && spec.database.cloudNativePG != null ? spec.database.cloudNativePG.bootstrap : null;
        if (bootstrap != null && bootstrap.importFrom != null && bootstrap.importFrom.passwordSecretRef != null) {
            var ref = bootstrap.importFrom.passwordSecretRef;
            refs.computeIfAbsent(ref.name, n -> new java.util.TreeSet<>()).add(ref.key);
        }
        if (bootstrap != null && bootstrap.recovery != null && bootstrap.recovery.s3Credentials != null) {
            addS3Credentials(refs, bootstrap.recovery.s3Credentials);
        }
        return refs;
    }

    private static void addS3Credentials(Map<String, Set<String>> refs, BackupSpec.S3Credentials s3) {
        for (SecretKeyRef ref : new SecretKeyRef[] { s3.accessKeyId, s3.secretAccessKey, s3.region }) {
            if (ref != null && ref.name != null) {
                refs.computeIfAbsent(ref.name, n -> new java.util.TreeSet<>()).add(ref.key);
            }
        }
    }

    /** Secrets mounted as files (trusted CAs, file mounts): read at start, so their values go into the rollout hash. */
    Set<String> mountedSecrets() {
        Set<String> mounted = new java.util.TreeSet<>();
        if (spec.trustedCA != null && spec.trustedCA.secret != null) {
            mounted.add(spec.trustedCA.secret);
        }
        if (spec.files != null) {
            spec.files.stream().map(f -> f.secret).filter(java.util.Objects::nonNull).forEach(mounted::add);
        }
        return mounted;
    }

    void checkPodSecrets(Map<String, Set<String>> refs) {
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
}
