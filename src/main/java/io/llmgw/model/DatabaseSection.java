package io.llmgw.model;

import io.llmgw.api.v1alpha1.ConditionReason;
import io.llmgw.api.v1alpha1.DatabaseSpec;

/** spec.database and spec.backup: the CloudNativePG cluster, its bootstrap and backups, or an external database. */
final class DatabaseSection extends SpecSection {
    DatabaseSection(Context context) {
        super(context);
    }

    /** A backup needs a schedule CloudNativePG can run and a database the operator manages. */
    void checkBackup() {
        if (spec.backup != null && spec.backup.schedule != null) {
            CronSchedule.problem(spec.backup.schedule).ifPresent(why -> problems.add(Problem.of(ConditionReason.INVALID_SCHEDULE,
                    "spec.backup.schedule %s %s", spec.backup.schedule, why)));
        }
        if (spec.backup != null && !DatabaseSpec.CLOUDNATIVEPG.equals(spec.databaseType())) {
            problems.add(new Problem(ConditionReason.INVALID_SPEC, "spec.backup requires spec.database.type CloudNativePG"));
        }
    }

    void checkExternal() {
        if (DatabaseSpec.EXTERNAL.equals(spec.databaseType())
                && (spec.database.external == null || spec.database.external.urlSecretRef == null)) {
            problems.add(new Problem(ConditionReason.INVALID_SPEC, "spec.database.external.urlSecretRef is required when spec.database.type is External"));
        }
    }

    /** The CEL rules on spec.database.cloudNativePG.bootstrap again (render sees no API server), and what CEL cannot see. */
    void checkBootstrap() {
        var cnpg = spec.database != null ? spec.database.cloudNativePG : null;
        if (cnpg != null && cnpg.pgvectorImage != null && !Boolean.TRUE.equals(cnpg.pgvector)) {
            problems.add(new Problem(ConditionReason.INVALID_SPEC, "spec.database.cloudNativePG.pgvectorImage requires pgvector: true"));
        }
        var bootstrap = cnpg != null ? cnpg.bootstrap : null;
        if (bootstrap == null) {
            return;
        }
        String where = "spec.database.cloudNativePG.bootstrap";
        if (!DatabaseSpec.CLOUDNATIVEPG.equals(spec.databaseType())) {
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

    /** Every proxy worker holds a pool of connections to the CloudNativePG cluster: warn before Postgres runs out. */
    void warnConnectionBudget() {
        if (DatabaseSpec.CLOUDNATIVEPG.equals(spec.databaseType())) {
            int maxReplicas = maxReplicas();
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
