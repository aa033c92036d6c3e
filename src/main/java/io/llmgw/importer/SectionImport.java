package io.llmgw.importer;

import io.llmgw.api.v1alpha1.LiteLLMGatewaySpec;

/** A section's import: the run's session and the parts of it every section reads, the spec it fills in above all. */
abstract class SectionImport {
    final ImportSession session;
    final SecretMapping secrets;
    final LiteLLMGatewaySpec spec;
    /** The Secret the imported os.environ/ references point to. */
    final String secret;

    SectionImport(ImportSession session) {
        this.session = session;
        this.secrets = session.secrets;
        this.spec = session.spec;
        this.secret = session.secret;
    }
}
