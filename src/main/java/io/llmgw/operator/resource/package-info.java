/**
 * Kinds from optional CRDs that have no published Java model (CloudNativePG, Cilium): untyped content (spec and
 * status as maps) under a typed class whose annotations give group, version and plural. The type matters: JOSDK
 * builds an informer for a generic resource by asking API discovery for its kind, which fails while the CRD is
 * absent, and it does so even to deregister the informer of an inactive dependent. A typed class needs no
 * discovery, so a cluster without CloudNativePG or Cilium reconciles normally.
 */
package io.llmgw.operator.resource;
