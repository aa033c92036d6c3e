package io.llmgw.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.llmgw.TestGateways;

/** The bootstrap rules the CRD enforces, repeated by the model so that `render` explains them, and what CEL cannot see. */
class BootstrapValidationTest {
    static final String MODEL = "models: [{name: a, model: openai/a, apiKey: {secretKeyRef: {name: openai, key: api-key}}}]\n";
    static final String SALT = "saltKeySecretRef: {name: old-gateway, key: LITELLM_SALT_KEY}\n";
    static final String IMPORT = "import: {host: old-db, database: litellm, user: litellm, passwordSecretRef: {name: old-db, key: password}}";
    static final String BACKUP = """
            backup:
              destinationPath: s3://backups/gw
              s3Credentials: {accessKeyId: {name: s3, key: id}, secretAccessKey: {name: s3, key: secret}}
            """;

    static List<Problem> problems(String spec) {
        return GatewayModel.build(TestGateways.gateway(MODEL + spec), SecretLookup.offline()).problems();
    }

    static String bootstrap(String type, String body) {
        return "database:\n  type: " + type + "\n  cloudNativePG:\n    bootstrap: {" + body + "}\n";
    }

    @Test
    void importWithTheOldSaltKeyIsValid() {
        assertThat(problems(SALT + bootstrap("CloudNativePG", IMPORT))).isEmpty();
    }

    @Test
    void withoutTheOldSaltKeyTheImportedCredentialsCouldNotBeRead() {
        List<Problem> problems = problems(bootstrap("CloudNativePG", IMPORT));
        assertThat(problems).extracting(p -> p.reason().wire()).containsExactly("SaltKeyRequired");
        assertThat(problems.get(0).message()).contains("spec.saltKeySecretRef", "LITELLM_SALT_KEY");
    }

    @Test
    void exactlyOneSourceAndOnlyOnCloudNativePG() {
        assertThat(problems(SALT + bootstrap("CloudNativePG", IMPORT + ", recovery: {source: Self}") + BACKUP)).extracting(Problem::message)
                .containsExactly("spec.database.cloudNativePG.bootstrap: set exactly one of import and recovery");
        assertThat(problems(SALT + bootstrap("CloudNativePG", ""))).extracting(Problem::message)
                .containsExactly("spec.database.cloudNativePG.bootstrap: set exactly one of import and recovery");
        assertThat(problems(SALT + bootstrap("None", IMPORT))).extracting(Problem::message)
                .containsExactly("spec.database.cloudNativePG.bootstrap requires spec.database.type CloudNativePG");
    }

    @Test
    void recoverySourcesNeedTheirObjectStore() {
        assertThat(problems(SALT + bootstrap("CloudNativePG", "recovery: {source: Self}"))).extracting(Problem::message)
                .containsExactly("spec.database.cloudNativePG.bootstrap.recovery from source Self needs spec.backup (the object store to restore from)");
        assertThat(problems(SALT + bootstrap("CloudNativePG", "recovery: {source: ObjectStore, serverName: old-db}"))).extracting(Problem::message)
                .containsExactly("spec.database.cloudNativePG.bootstrap.recovery from source ObjectStore needs destinationPath and s3Credentials");
        assertThat(problems(SALT + bootstrap("CloudNativePG", "recovery: {source: ObjectStore, destinationPath: 's3://old/x', serverName: old-db,"
                + " s3Credentials: {accessKeyId: {name: s3, key: id}, secretAccessKey: {name: s3, key: secret}}}"))).isEmpty();
    }

    @Test
    void aGatewayRestoringFromItsOwnFolderMustWriteNewBackupsElsewhere() {
        List<Problem> same = problems(SALT + BACKUP + bootstrap("CloudNativePG", "recovery: {source: Self}"));
        assertThat(same).extracting(p -> p.reason().wire()).containsExactly("RecoveryArchiveConflict");
        assertThat(same.get(0).message()).contains("s3://backups/gw/gw-db", "spec.backup.serverName");
        // Another folder to write to, or another cluster's folder to read from: both fine.
        assertThat(problems(SALT + BACKUP + "  serverName: gw-db-2\n" + bootstrap("CloudNativePG", "recovery: {source: Self}"))).isEmpty();
        assertThat(problems(SALT + BACKUP + bootstrap("CloudNativePG", "recovery: {source: Self, serverName: old-gw-db}"))).isEmpty();
        // The same folder reached through ObjectStore (a trailing slash does not make it another one).
        assertThat(problems(SALT + BACKUP + bootstrap("CloudNativePG", "recovery: {source: ObjectStore, destinationPath: 's3://backups/gw/',"
                + " s3Credentials: {accessKeyId: {name: s3, key: id}, secretAccessKey: {name: s3, key: secret}}}")))
                .extracting(p -> p.reason().wire()).containsExactly("RecoveryArchiveConflict");
    }

    @Test
    void targetTimeMustBeRfc3339() {
        String spec = SALT + BACKUP + "  serverName: gw-db-2\n";
        assertThat(problems(spec + bootstrap("CloudNativePG", "recovery: {source: Self, targetTime: '2026-05-04T10:00:00+02:00'}"))).isEmpty();
        assertThat(problems(spec + bootstrap("CloudNativePG", "recovery: {source: Self, targetTime: '2026-13-45T10:00:00Z'}")))
                .extracting(Problem::message).singleElement().asString().contains("targetTime \"2026-13-45T10:00:00Z\" is not an RFC 3339 time");
    }

    @Test
    void pgvectorImageOnlyWithPgvector() {
        assertThat(problems("database: {type: CloudNativePG, cloudNativePG: {pgvectorImage: 'ghcr.io/cloudnative-pg/pgvector:0.8.1-18-trixie'}}\n"))
                .extracting(Problem::message).containsExactly("spec.database.cloudNativePG.pgvectorImage requires pgvector: true");
    }

    @Test
    void theImportPasswordSecretMustExistButItsValueIsNeverCopied() {
        var gateway = TestGateways.gateway(MODEL + SALT + bootstrap("CloudNativePG", IMPORT));
        Map<String, io.fabric8.kubernetes.api.model.Secret> secrets = Map.of(
                "openai", TestGateways.secret("openai", Map.of("api-key", "sk-x")),
                "old-gateway", TestGateways.secret("old-gateway", Map.of("LITELLM_SALT_KEY", "sk-old-salt")));
        assertThat(GatewayModel.build(gateway, SecretLookup.of(secrets)).problems()).extracting(Problem::message)
                .containsExactly("Secret ns/old-db does not exist (referenced by the spec, key password)");

        var withPassword = new java.util.HashMap<>(secrets);
        withPassword.put("old-db", TestGateways.secret("old-db", Map.of("password", "old-db-password-value")));
        GatewayModel model = GatewayModel.build(gateway, SecretLookup.of(withPassword)).model();
        assertThat(model).isNotNull();
        assertThat(model.configYaml()).doesNotContain("old-db-password-value");
        assertThat(model.proxyEnv().toString()).doesNotContain("old-db-password-value").doesNotContain("old-db");
    }
}
