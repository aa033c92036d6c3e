package io.llmgw.operator.dependent;

import java.util.LinkedHashMap;
import java.util.Map;

import io.llmgw.model.GatewayModel;

/**
 * The {@code method} (and, for the plugin, {@code pluginConfiguration}) of a CloudNativePG Backup or
 * ScheduledBackup, as the spec's backup method asks: one place for both kinds, so a scheduled and a pre-upgrade
 * backup always go to the same store.
 */
final class BackupMethod {
    private BackupMethod() {
    }

    static Map<String, Object> of(GatewayModel model) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (model.backupPluginEnabled()) {
            fields.put("method", "plugin");
            fields.put("pluginConfiguration", Map.of("name", ObjectStoreDependent.PLUGIN));
        } else {
            fields.put("method", "barmanObjectStore");
        }
        return fields;
    }
}
