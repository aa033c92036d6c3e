package io.llmgw.api.v1alpha1;

/**
 * Every reason the operator writes into a LiteLLMGateway condition (and the Warning Event of a transition). The wire
 * string is a contract: users' alerts, {@code kubectl wait} and Flux read it, so a constant's {@link #wire()} never
 * changes; docs/operations.md explains each one.
 */
public enum ConditionReason {
    // The kstatus trio's verdict.
    READY("Ready"),
    PROGRESSING("Progressing"),
    ROLLED_BACK("RolledBack"),
    /** An unexpected error ended the reconcile (JOSDK's error status hook); it is retried. */
    RECONCILE_ERROR("ReconcileError"),

    // What a component condition says when it serves or is not asked for.
    RENDERED("Rendered"),
    NOT_REQUIRED("NotRequired"),
    EXTERNAL("External"),
    APPLIED("Applied"),
    AVAILABLE("Available"),
    ACCEPTED("Accepted"),
    COMPLETED("Completed"),
    CLUSTER_READY("ClusterReady"),
    HEALTHY("Healthy"),

    // A component on its way.
    BOOTSTRAPPING("Bootstrapping"),
    CLUSTER_NOT_READY("ClusterNotReady"),
    WAITING_FOR_DATABASE("WaitingForDatabase"),
    WAITING_FOR_BACKENDS("WaitingForBackends"),
    RUNNING("Running"),
    BACKING_UP_BEFORE_UPGRADE("BackingUpBeforeUpgrade"),
    PENDING("Pending"),
    NOT_ACCEPTED("NotAccepted"),

    // A component that needs the user.
    CRD_MISSING("CRDMissing"),
    MIGRATION_FAILED("MigrationFailed"),
    PRE_UPGRADE_BACKUP_FAILED("PreUpgradeBackupFailed"),
    KEYS_SECRET_MISSING("KeysSecretMissing"),

    // Pod faults, worst first (PodsHealthy, and DeploymentAvailable while they hold up a rollout).
    FAILED_CREATE("FailedCreate"),
    UNSCHEDULABLE("Unschedulable"),
    IMAGE_PULL_BACK_OFF("ImagePullBackOff"),
    CREATE_CONTAINER_CONFIG_ERROR("CreateContainerConfigError"),
    OOM_KILLED("OOMKilled"),
    CRASH_LOOP_BACK_OFF("CrashLoopBackOff"),
    READINESS_FAILING("ReadinessFailing"),

    // Backups (BackupHealthy, reported only).
    WAL_ARCHIVING_FAILING("WalArchivingFailing"),
    BACKUP_FAILED("BackupFailed"),
    BACKUP_TOO_OLD("BackupTooOld"),
    NO_BACKUP("NoBackup"),

    // A refused spec (ConfigValid and Stalled): what the CRD schema cannot see.
    INVALID_SPEC("InvalidSpec"),
    INVALID_IMAGE("InvalidImage"),
    IMAGE_REFUSED("ImageRefused"),
    DUPLICATE_CREDENTIAL("DuplicateCredential"),
    UNKNOWN_CREDENTIAL("UnknownCredential"),
    UNKNOWN_FALLBACK_MODEL("UnknownFallbackModel"),
    INVALID_SCHEDULE("InvalidSchedule"),
    MODEL_GROUP_WITHOUT_ID("ModelGroupWithoutId"),
    DUPLICATE_MODEL_ID("DuplicateModelId"),
    ROUTE_NAMESPACE_NOT_ALLOWED("RouteNamespaceNotAllowed"),
    CACHE_MEMORY_TOO_SMALL("CacheMemoryTooSmall"),
    INVALID_QUANTITY("InvalidQuantity"),
    SALT_KEY_REQUIRED("SaltKeyRequired"),
    RECOVERY_ARCHIVE_CONFLICT("RecoveryArchiveConflict"),
    SECRET_NOT_FOUND("SecretNotFound"),
    SECRET_KEY_NOT_FOUND("SecretKeyNotFound"),
    PLAIN_SECRET_IN_CONFIG("PlainSecretInConfig"),
    FORBIDDEN_ENV_REFERENCE("ForbiddenEnvReference"),
    UNSET_ENV_REFERENCE("UnsetEnvReference"),
    UNRESOLVED_ENV_REFERENCE("UnresolvedEnvReference"),
    ENV_CONFLICT("EnvConflict"),
    INVALID_MASTER_KEY("InvalidMasterKey"),
    PROXY_WIDE_LIMIT_UNSUPPORTED("ProxyWideLimitUnsupported");

    private final String wire;

    ConditionReason(String wire) {
        this.wire = wire;
    }

    /** The reason as written into a condition or Event. */
    public String wire() {
        return wire;
    }

    /** The wire string, so a reason concatenated into a message or a log reads as users see it. */
    @Override
    public String toString() {
        return wire;
    }
}
